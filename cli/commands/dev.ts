/**
 * `platform dev backup --file F` and `platform dev restore --file F`: dump
 * and restore the dev stack's database through `docker exec` into its
 * container (needs Docker and the dev stack up; no Pulumi CLI). The backup
 * writes F (pg_dump's custom format) and F.manifest.json (each table's row
 * count and checksum); the restore replaces the database with F and exits 1
 * unless the restored tables match the manifest.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parse } from "yaml";
import { Command, Io, ParsedValues, stringFlag, userPath } from "../command";
import { UsageError } from "../errors";
import {
  compareManifests,
  dockerPgTools,
  dump,
  Manifest,
  PgTools,
  readManifest,
  restore,
} from "../../lib/dev/backup";
import { DEV_DATABASE_NAME, DEV_DATABASE_USER } from "../../lib/dev/postgres";
import { dockerName } from "../../lib/dev/services";

/** Where the dev database container keeps the workload user's password (components/docker/database.ts). */
export const DEV_DATABASE_PASSWORD_FILE = "/run/platform/postgres-password";

/** The dev stack's database tools for the project in `cwd` (its name from Pulumi.yaml). */
export function devDatabaseTools(cwd: string): PgTools {
  const project = (parse(readFileSync(`${cwd}/Pulumi.yaml`, "utf8")) as { name: string }).name;
  return dockerPgTools({
    container: dockerName({ project, environment: "dev" }, "db"),
    user: DEV_DATABASE_USER,
    database: DEV_DATABASE_NAME,
    passwordFile: DEV_DATABASE_PASSWORD_FILE,
  });
}

function summary(m: Manifest): string {
  const tables = Object.keys(m);
  const rows = tables.reduce((n, t) => n + m[t].rows, 0);
  return `${tables.length} tables, ${rows} rows`;
}

export const devCommand: Command = {
  name: "dev",
  summary: "Back up or restore the dev stack's database (needs Docker and the dev stack up).",
  usage: "platform dev (backup | restore) --file F",
  help: [
    "Sub-commands:",
    "  backup    pg_dump the dev database to F, and its manifest (row counts, checksums) to F.manifest.json",
    "  restore   restore F over the dev database, then verify it against F.manifest.json (exit 1 on a mismatch)",
    "Options:",
    "  --file F  the backup file (relative to the current directory)",
  ].join("\n"),
  options: { file: { type: "string" } },
  positionals: true,
  run: (values, positionals, io) => runDev(values, positionals, io, () => devDatabaseTools(io.cwd)),
};

/** `platform dev …` with the database tools to use (the dev container's, or a test server's). */
export async function runDev(
  values: ParsedValues,
  positionals: string[],
  io: Io,
  tools: () => PgTools,
): Promise<number> {
  {
    const [sub, ...extra] = positionals;
    if ((sub !== "backup" && sub !== "restore") || extra.length > 0) {
      throw new UsageError(
        `platform dev: expected backup or restore, got ${JSON.stringify(positionals.join(" "))}; usage: ${devCommand.usage}`,
      );
    }
    const file = stringFlag(values, "file", "dev");
    if (file === undefined) {
      throw new UsageError(`platform dev ${sub}: --file is required (the backup file)`);
    }
    const path = userPath(io, file);
    const pg = tools();
    if (sub === "backup") {
      const manifest = await readManifest(pg);
      const backup = await dump(pg);
      writeFileSync(path, backup, { mode: 0o600 });
      writeFileSync(`${path}.manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
      io.out(`backed up ${summary(manifest)} to ${file} (${backup.length} bytes)\n`);
      return 0;
    }
    let backup: Buffer;
    let expected: Manifest;
    try {
      backup = readFileSync(path);
      expected = JSON.parse(readFileSync(`${path}.manifest.json`, "utf8")) as Manifest;
    } catch (e) {
      throw new UsageError(
        `platform dev restore: cannot read ${file} and ${file}.manifest.json: ${(e as Error).message.split("\n")[0]}`,
      );
    }
    const started = Date.now();
    await restore(pg, backup);
    const problems = compareManifests(expected, await readManifest(pg));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (problems.length > 0) {
      io.out(
        `restore of ${file} does not match its manifest:\n${problems.map((p) => `  ${p}`).join("\n")}\n`,
      );
      return 1;
    }
    io.out(
      `restored ${summary(expected)} from ${file} in ${seconds} s; every table matches its manifest\n`,
    );
    return 0;
  }
}
