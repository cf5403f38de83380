import { expect } from "chai";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareManifests, dockerPgTools, manifestQuery, run } from "../../../lib/dev/backup";

describe("lib/dev/backup", () => {
  it("runs the tools inside the database container, the password read there from its file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fake-docker-"));
    const docker = join(dir, "docker");
    // A stand-in for docker that prints its argv and standard input as JSON.
    writeFileSync(
      docker,
      `#!/usr/bin/env node\nlet i="";process.stdin.on("data",d=>i+=d).on("end",()=>process.stdout.write(JSON.stringify({argv:process.argv.slice(2),stdin:i})));\n`,
    );
    chmodSync(docker, 0o755);
    try {
      const pg = dockerPgTools({
        container: "platform-dev-db",
        user: "app",
        database: "app",
        passwordFile: "/run/platform/postgres-password",
        docker,
      });
      const out = JSON.parse((await pg("pg_restore", ["--clean"], Buffer.from("DUMP"))).toString());
      expect(out).to.deep.equal({
        argv: [
          "exec",
          "-i",
          "platform-dev-db",
          "sh",
          "-c",
          'PGPASSWORD="$(cat /run/platform/postgres-password)" exec "$0" "$@"',
          "pg_restore",
          "--username",
          "app",
          "--dbname",
          "app",
          "--clean",
        ],
        stdin: "DUMP",
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a container or file name that the shell would interpret", () => {
    expect(() =>
      dockerPgTools({
        container: "db; rm -rf /",
        user: "app",
        database: "app",
        passwordFile: "/f",
      }),
    ).to.throw('dockerPgTools: container must be a plain name or path, got "db; rm -rf /"');
  });

  it("checksums every table's rows in a stable order", () => {
    expect(manifestQuery(["public.files"])).to.equal(
      `SELECT 'public.files', count(*), coalesce(md5(string_agg(r::text, E'\\n' ORDER BY r::text)), '') FROM "public"."files" r`,
    );
  });

  it("names every table whose rows or content differ, or that is missing", () => {
    expect(
      compareManifests(
        {
          "public.a": { rows: 2, md5: "x" },
          "public.b": { rows: 1, md5: "y" },
          "public.c": { rows: 1, md5: "z" },
        },
        {
          "public.a": { rows: 2, md5: "x" },
          "public.b": { rows: 1, md5: "w" },
          "public.d": { rows: 0, md5: "" },
        },
      ),
    ).to.deep.equal([
      "public.b: same row count, different content",
      "public.c: missing after the restore",
      "public.d: not in the backup's source",
    ]);
  });

  describe("run", () => {
    // 8 MiB: more than a pipe buffers, so the write meets a closed pipe once the tool has exited.
    const input = Buffer.alloc(8 * 1024 * 1024, 0x61);

    it("answers with a tool's exit, not an uncaught EPIPE, when the tool exits without reading its input", async () => {
      expect((await run("true", "/bin/true", [], input)).length).to.equal(0);
      let message = "";
      try {
        await run("false", "/bin/false", [], input);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).to.equal("false exited 1: ");
    });

    it("gives a tool without input no pipe on stdin, and the input it is given otherwise", async () => {
      const stdinKind = ["-c", "if [ -p /dev/stdin ]; then echo pipe; else echo none; fi"];
      expect((await run("sh", "/bin/sh", stdinKind)).toString()).to.equal("none\n");
      expect((await run("cat", "/bin/cat", [], Buffer.from("rows\n"))).toString()).to.equal(
        "rows\n",
      );
    });
  });
});
