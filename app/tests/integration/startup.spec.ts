import { expect } from "chai";
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDevCa } from "../../../test-support";
import { APP_DIR, runApp, Stack, startStack } from "./stack";

describe("integration: start-up checks (config, TLS verification, migrations)", function () {
  this.timeout(120_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack();
  });

  after(async () => {
    await stack?.stop();
  });

  it("migrate applies the migrations and is idempotent", async () => {
    const first = await runApp("migrate.ts", stack.env);
    expect(first.code, first.output).to.equal(0);
    const applied = first.output.split("\n").filter((l) => l.includes('"migration applied"'));
    expect(applied.map((l) => (JSON.parse(l) as { migration: string }).migration)).to.deep.equal([
      "0001_create_files.sql",
      "0002_create_file_rows.sql",
    ]);
    const second = await runApp("migrate.ts", stack.env);
    expect(second.code).to.equal(0);
    expect(second.output).not.to.include('"migration applied"');
    expect(second.output).to.include(
      '"msg":"migrations up to date","service":"migrate","environment":"dev","component":"migrations","applied":0,"total":2',
    );
  });

  it("refuses to start when an applied migration was edited, naming the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "platform-migrations-"));
    try {
      cpSync(join(APP_DIR, "migrations"), dir, { recursive: true });
      appendFileSync(join(dir, "0001_create_files.sql"), "\n-- an innocent-looking edit\n");
      const run = await runApp("migrate.ts", { ...stack.env, MIGRATIONS_DIR: dir });
      expect(run.code).to.equal(1);
      expect(run.output).to.match(
        /migration 0001_create_files\.sql was edited after it was applied \(applied sha256 [0-9a-f]{64}, file sha256 [0-9a-f]{64}\): revert the edit and add a new migration instead/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("applies a new migration added later", async () => {
    const dir = mkdtempSync(join(tmpdir(), "platform-migrations-"));
    try {
      cpSync(join(APP_DIR, "migrations"), dir, { recursive: true });
      writeFileSync(join(dir, "0003_add_note.sql"), "ALTER TABLE files ADD COLUMN note text;\n");
      const run = await runApp("migrate.ts", { ...stack.env, MIGRATIONS_DIR: dir });
      expect(run.code, run.output).to.equal(0);
      expect(run.output).to.include('"migration":"0003_add_note.sql"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("applies a -- migration: no-transaction migration outside a transaction (CREATE INDEX CONCURRENTLY)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "platform-migrations-"));
    try {
      cpSync(join(APP_DIR, "migrations"), dir, { recursive: true });
      // 0003 is applied by the test above; the runner requires every applied file to be present.
      writeFileSync(join(dir, "0003_add_note.sql"), "ALTER TABLE files ADD COLUMN note text;\n");
      writeFileSync(
        join(dir, "0004_index_note.sql"),
        "-- migration: no-transaction\nCREATE INDEX CONCURRENTLY files_note_idx ON files (note);\n",
      );
      const run = await runApp("migrate.ts", { ...stack.env, MIGRATIONS_DIR: dir });
      // PostgreSQL refuses CREATE INDEX CONCURRENTLY inside a transaction block.
      expect(run.code, run.output).to.equal(0);
      const line = run.output
        .split("\n")
        .find((l) => l.includes('"migration":"0004_index_note.sql"'));
      expect(line, run.output).to.include('"transaction":false');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exits 1 with one line per configuration problem, never printing a secret", async () => {
    const run = await runApp("main.ts", {
      ...stack.env,
      REDIS_URL_FILE: "",
      REDIS_URL: "redis://:plaintext-token@127.0.0.1:6379",
      ENVIRONMENT: "production",
    });
    expect(run.code).to.equal(1);
    const problems = run.output
      .split("\n")
      .filter((l) => l.includes("invalid configuration"))
      .map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(problems).to.deep.equal([
      'invalid configuration: ENVIRONMENT="production": expected one of dev, staging, prod, preview',
      'invalid configuration: REDIS_URL="redis://:***@127.0.0.1:6379": expected the scheme rediss:// (Redis over TLS), got redis://',
    ]);
    expect(run.output).not.to.include("plaintext-token");
  });

  it("refuses a database whose certificate is not signed by the trusted CA", async () => {
    const other = createDevCa({ commonName: "some other CA" });
    try {
      const run = await runApp("migrate.ts", { ...stack.env, CA_BUNDLE_FILE: other.certFile });
      expect(run.code).to.equal(1);
      expect(run.output).to.include("self-signed certificate in certificate chain");
    } finally {
      rmSync(other.dir, { recursive: true, force: true });
    }
  });
});
