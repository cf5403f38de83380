/**
 * `platform migrations check` on real PostgreSQL (test-support/: Debian's
 * server binaries on a free 127.0.0.1 port). Each fixture is a throw-away git
 * repository holding this repository's migrations, down files and snapshot,
 * committed as the base; the case is written on top and checked against HEAD.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import type { Client } from "pg";
import { parseCommandArgs } from "../../../cli/command";
import {
  makeMigrationsCommand,
  MigrationsDeps,
  writeSnapshot,
} from "../../../cli/commands/migrations";
import { MigrationReport } from "../../../cli/migrations/check";
import { VOLATILE_FUNCTIONS } from "../../../cli/migrations/classify";
import { Server, startServer } from "../../../cli/migrations/database";
import { fixtureRepo, Ran, REPO } from "../../cli/migrations/support";

const TODAY = "2026-11-30";

describe("platform migrations check (real PostgreSQL)", function () {
  this.timeout(180_000);
  let server: Server;
  let n = 0;
  before(async () => {
    server = await startServer();
  });
  after(async () => server?.stop());

  /** The shared server, with fresh databases per run and its connections closed after it. */
  const deps: MigrationsDeps = {
    today: () => TODAY,
    env: {},
    server: async () => {
      const k = ++n;
      const mine: Client[] = [];
      return {
        async database(name) {
          const c = await server.database(`${name}_${k}`);
          mine.push(c);
          return c;
        },
        async connect(name) {
          const c = await server.connect(`${name}_${k}`);
          mine.push(c);
          return c;
        },
        async stop() {
          await Promise.all(mine.map((c) => c.end()));
        },
      };
    },
  };

  async function check(dir: string, ...extra: string[]): Promise<Ran> {
    const cmd = makeMigrationsCommand(deps);
    // 2,000 seeded rows keep the fixtures quick, unless the case asks for more.
    const rows = extra.includes("--rows") ? [] : ["--rows", "2000"];
    const { values, positionals } = parseCommandArgs(cmd, [
      "check",
      "--base",
      "HEAD",
      ...rows,
      ...extra,
    ]);
    let out = "";
    let err = "";
    const code = await cmd.run(values, positionals, {
      out: (t) => (out += t),
      err: (t) => (err += t),
      cwd: dir,
    });
    return { code, out, err };
  }

  async function withRepo(
    files: Record<string, string>,
    snapshot: boolean,
    body: (dir: string) => Promise<void>,
  ) {
    const repo = fixtureRepo();
    try {
      for (const [p, text] of Object.entries(files)) repo.write(p, text);
      if (snapshot) await writeSnapshot(repo.dir, deps);
      await body(repo.dir);
    } finally {
      repo.remove();
    }
  }

  const ADD_NOTE = {
    "app/migrations/0003_add_note.sql":
      "SET lock_timeout = '5s';\nALTER TABLE files ADD COLUMN note text;\n",
    "app/migrations/down/0003_add_note.sql": "ALTER TABLE files DROP COLUMN note;\n",
  };
  const DROP_ETAG = (escape: string) => ({
    "app/migrations/0003_drop_etag.sql": `${escape}SET lock_timeout = '5s';\nALTER TABLE files DROP COLUMN etag;\n`,
    "app/migrations/down/0003_drop_etag.sql":
      "SET lock_timeout = '5s';\nALTER TABLE files ADD COLUMN etag text NOT NULL DEFAULT '';\n",
  });

  it("passes on this repository through the real CLI (npx platform migrations check --base HEAD~0)", async () => {
    const r = await new Promise<{ code: number; out: string; err: string }>((resolve) =>
      execFile(
        process.execPath,
        [join(REPO, "bin", "platform.js"), "migrations", "check", "--base", "HEAD~0"],
        { cwd: REPO },
        (e, out, err) => resolve({ code: e === null ? 0 : Number(e.code), out, err }),
      ),
    );
    expect(r.err).to.equal("");
    expect(r.code).to.equal(0);
    expect(r.out.split("\n")).to.include.members([
      "migrations check passed against HEAD~0: 2 migrations, 0 new, 0 escaped findings",
      "  rollback: down restores the schema; the down loses data: drops table public.files (100 rows)",
    ]);
  });

  it("fails an edited old migration, naming the file", async () => {
    await withRepo(
      {
        "app/migrations/0001_create_files.sql": `${"-- one more comment\n"}${readUp("0001_create_files.sql")}`,
      },
      false,
      async (dir) => {
        const r = await check(dir);
        expect([r.code, r.err]).to.deep.equal([
          1,
          "migrations check failed: app/migrations/0001_create_files.sql was edited: migrations on the base branch are immutable (revert it and add a new migration)\n",
        ]);
      },
    );
  });

  it("fails a DROP COLUMN without an escape, and passes it with a valid one listed in the report", async () => {
    await withRepo(DROP_ETAG(""), true, async (dir) => {
      const r = await check(dir);
      expect([r.code, r.err]).to.deep.equal([
        1,
        "migrations check failed: app/migrations/0003_drop_etag.sql:2: critical drop-column: DROP COLUMN files.etag\n",
      ]);
    });
    await withRepo(
      DROP_ETAG(
        '-- migration-check: allow drop-column reason="etag moved to file_versions (OPS-12)" expires=2027-01-31\n',
      ),
      true,
      async (dir) => {
        const r = await check(dir, "--markdown");
        expect([r.code, r.err]).to.deep.equal([0, ""]);
        expect(r.out).to.include(
          '| critical | drop-column | 3 | DROP COLUMN files.etag | allowed: "etag moved to file_versions (OPS-12)" until 2027-01-31 |',
        );
        expect(r.out).to.include(
          "Escapes in force:\n- `drop-column` (line 1): etag moved to file_versions (OPS-12) — expires 2027-01-31\n",
        );
      },
    );
  });

  it("fails an escape past its expiry", async () => {
    await withRepo(
      DROP_ETAG('-- migration-check: allow drop-column reason="etag moved" expires=2026-11-01\n'),
      true,
      async (dir) => {
        const r = await check(dir);
        expect([r.code, r.err]).to.deep.equal([
          1,
          "migrations check failed: app/migrations/0003_drop_etag.sql:1: escape for drop-column expired on 2026-11-01 (and 1 more)\n",
        ]);
      },
    );
  });

  it("fails a migration without its snapshot update with the table and column diff, and passes with it", async () => {
    await withRepo(ADD_NOTE, false, async (dir) => {
      const r = await check(dir);
      expect([r.code, r.err]).to.deep.equal([
        1,
        "migrations check failed: schema snapshot out of date: run npx platform migrations snapshot and commit app/schema.sql (1 difference)\n",
      ]);
      expect(r.out).to.include(
        "Schema difference (app/schema.sql → what the migrations produce):\n  + column public.files.note text\n",
      );
    });
    await withRepo(ADD_NOTE, true, async (dir) => {
      const r = await check(dir, "--json");
      expect([r.code, r.err]).to.deep.equal([0, ""]);
      const report = JSON.parse(r.out) as MigrationReport;
      const m = report.migrations.find((x) => x.name === "0003_add_note.sql");
      expect(m?.rollback).to.deep.equal({
        restores: true,
        dataLoss: ["drops column public.files.note (100 values)"],
      });
      expect(m?.timing?.lock).to.deep.equal({ mode: "AccessExclusiveLock", relation: "files" });
      expect(m?.timing?.seededTables).to.deep.equal(["public.files"]);
      expect(m?.timing?.seededRows).to.equal(2000);
    });
  });

  it("fails a snapshot edited without a migration: migration required", async () => {
    const repo = fixtureRepo();
    try {
      const snapshot = readRepo("app/schema.sql").replace(
        "    notified_at timestamp with time zone\n",
        "    notified_at timestamp with time zone,\n    note text\n",
      );
      repo.write("app/schema.sql", snapshot);
      const r = await check(repo.dir);
      expect([r.code, r.err]).to.deep.equal([
        1,
        "migrations check failed: migration required: app/schema.sql was changed but no migration was added (1 difference from what the migrations produce)\n",
      ]);
      expect(r.out).to.include("  - column public.files.note text\n");
    } finally {
      repo.remove();
    }
  });

  it("fails a down that does not restore the schema", async () => {
    await withRepo(
      { ...ADD_NOTE, "app/migrations/down/0003_add_note.sql": "SELECT 1;\n" },
      true,
      async (dir) => {
        const r = await check(dir);
        expect([r.code, r.err]).to.deep.equal([
          1,
          "migrations check failed: app/migrations/down/0003_add_note.sql does not restore the schema from before 0003_add_note.sql: + column public.files.note text\n",
        ]);
      },
    );
  });

  it("fails CREATE INDEX without CONCURRENTLY on an existing table and passes it done concurrently", async () => {
    await withRepo(
      {
        "app/migrations/0003_index_status.sql":
          "SET lock_timeout = '5s';\nCREATE INDEX files_status_idx ON files (status);\n",
        "app/migrations/down/0003_index_status.sql": "DROP INDEX files_status_idx;\n",
      },
      true,
      async (dir) => {
        const r = await check(dir, "--json");
        expect([r.code, r.err]).to.deep.equal([
          1,
          "migrations check failed: app/migrations/0003_index_status.sql:2: high create-index-blocking: CREATE INDEX files_status_idx on the existing table files without CONCURRENTLY blocks writes while it builds\n",
        ]);
        const report = JSON.parse(r.out) as MigrationReport;
        expect(report.migrations[2]?.timing?.lock).to.deep.equal({
          mode: "ShareLock",
          relation: "files",
        });
      },
    );
    await withRepo(
      {
        "app/migrations/0003_index_status.sql":
          "-- migration: no-transaction\nCREATE INDEX CONCURRENTLY files_status_idx ON files (status);\n",
        "app/migrations/down/0003_index_status.sql":
          "-- migration: no-transaction\nDROP INDEX CONCURRENTLY files_status_idx;\n",
      },
      true,
      async (dir) => {
        const r = await check(dir, "--json", "--rows", "50000", "--warn-ms", "1");
        expect([r.code, r.err]).to.deep.equal([0, ""]);
        const report = JSON.parse(r.out) as MigrationReport;
        expect(report.migrations[2]?.noTransaction).to.equal(true);
        expect(report.migrations[2]?.timing?.lock).to.deep.equal({
          mode: "ShareUpdateExclusiveLock",
          relation: "files",
        });
        // Building an index on 50,000 rows takes longer than the 1 ms threshold: a warning, not a failure.
        expect(report.migrations[2]?.timing?.slow).to.equal(true);
      },
    );
  });

  it("lists several new migrations separately in the markdown", async () => {
    await withRepo(
      {
        ...ADD_NOTE,
        "app/migrations/0004_index_note.sql":
          "-- migration: no-transaction\nCREATE INDEX CONCURRENTLY files_note_idx ON files (note);\n",
        "app/migrations/down/0004_index_note.sql":
          "-- migration: no-transaction\nDROP INDEX CONCURRENTLY files_note_idx;\n",
      },
      true,
      async (dir) => {
        const r = await check(dir, "--markdown");
        expect([r.code, r.err]).to.deep.equal([0, ""]);
        const headings = r.out.split("\n").filter((l) => l.startsWith("#"));
        expect(headings).to.deep.equal([
          "### Migrations — ✅ pass",
          "#### `0003_add_note.sql` ✅",
          "#### `0004_index_note.sql` ✅ (no-transaction)",
        ]);
        expect(r.out).to.include(
          "Checked against `HEAD`: 4 migrations, 2 new, 0 escaped findings.",
        );
        expect(r.out).to.match(
          /- Time: \d+ ms \(2,000 rows in public\.files\); strongest lock AccessExclusiveLock on files\n/,
        );
      },
    );
  });

  it("stays well under 30 s with the default 100,000 seeded rows, its own server included", async () => {
    const repo = fixtureRepo();
    try {
      for (const [p, t] of Object.entries(ADD_NOTE)) repo.write(p, t);
      await writeSnapshot(repo.dir, deps);
      const cmd = makeMigrationsCommand({ today: () => TODAY, env: {}, server: startServer });
      const { values, positionals } = parseCommandArgs(cmd, ["check", "--base", "HEAD", "--json"]);
      let out = "";
      const t0 = Date.now();
      const code = await cmd.run(values, positionals, {
        out: (t) => (out += t),
        err: () => undefined,
        cwd: repo.dir,
      });
      const seconds = (Date.now() - t0) / 1000;
      expect(code).to.equal(0);
      const m = (JSON.parse(out) as MigrationReport).migrations[2];
      expect(m?.timing?.seededRows).to.equal(100_000);
      expect(m?.seedErrors).to.deep.equal([]);
      expect(seconds, `took ${seconds} s`).to.be.below(30);
    } finally {
      repo.remove();
    }
  });

  it("names only functions PostgreSQL marks volatile (pg_proc.provolatile = 'v'), and now() is not", async () => {
    const probe = await deps.server();
    try {
      const c = await probe.database("volatility");
      await c.query('CREATE EXTENSION IF NOT EXISTS "uuid-ossp"');
      const rows = (
        await c.query<{ proname: string; v: string }>(
          "SELECT DISTINCT proname, provolatile AS v FROM pg_proc WHERE proname = ANY ($1) ORDER BY 1",
          [[...VOLATILE_FUNCTIONS, "now"]],
        )
      ).rows;
      expect(rows.map((r) => `${r.proname}:${r.v}`)).to.deep.equal(
        [...VOLATILE_FUNCTIONS.map((f) => `${f}:v`), "now:s"].sort(),
      );
    } finally {
      await probe.stop();
    }
  });
});

function readRepo(path: string): string {
  return readFileSync(join(REPO, path), "utf8");
}

function readUp(name: string): string {
  return readRepo(`app/migrations/${name}`);
}
