/**
 * `platform plan` carries the migrations check: a summary row, the section
 * with each new migration listed separately, and exit 1 when it failed. The
 * synthesis, the policy check and the migrations check are injected here;
 * the real migrations check runs in tests/integration/migrations.
 */
import { expect } from "chai";
import { parseCommandArgs } from "../../../cli/command";
import { makePlanCommand, PlanDeps } from "../../../cli/commands/plan";
import { MigrationEntry, MigrationReport } from "../../../cli/migrations/check";
import { MigrationsOutcome } from "../../../cli/migrations/plan";
import { PROJECT_DIR } from "../../support/mockRun";
import { fixture } from "../cost/support";

const entry = (name: string, over: Partial<MigrationEntry> = {}): MigrationEntry => ({
  name,
  new: false,
  noTransaction: false,
  statements: 1,
  findings: [],
  escapes: [],
  unusedEscapes: [],
  rollback: { restores: true, dataLoss: [] },
  seedErrors: [],
  ...over,
});

const DROP_ESCAPE = {
  rule: "drop-column",
  reason: "etag moved (OPS-12)",
  expires: "2027-01-31",
  line: 1,
};
const TRUNCATE_ESCAPE = { rule: "truncate", reason: "scratch", expires: "2027-01-31", line: 2 };

function report(failed: boolean): MigrationReport {
  const migrations = [
    entry("0001_create_files.sql"),
    entry("0003_add_note.sql", {
      new: true,
      findings: [
        {
          rule: "additive",
          severity: "low",
          line: 1,
          statement: "ALTER TABLE files ADD COLUMN note text",
          message: "adds column files.note",
        },
      ],
      timing: {
        ms: 3,
        seededRows: 100_000,
        seededTables: ["public.files"],
        lock: { mode: "AccessExclusiveLock", relation: "files" },
        slow: false,
      },
    }),
    entry("0004_drop_etag.sql", {
      new: true,
      escapes: failed ? [] : [DROP_ESCAPE, TRUNCATE_ESCAPE],
      unusedEscapes: failed ? [] : [TRUNCATE_ESCAPE],
      findings: [
        {
          rule: "drop-column",
          severity: "critical",
          line: 2,
          statement: "ALTER TABLE files DROP COLUMN etag",
          message: "DROP COLUMN files.etag",
          ...(failed
            ? {}
            : {
                escapedBy: DROP_ESCAPE,
              }),
        },
      ],
    }),
  ];
  const problems = failed
    ? [
        {
          check: "drop-column",
          file: "app/migrations/0004_drop_etag.sql",
          message:
            "app/migrations/0004_drop_etag.sql:2: critical drop-column: DROP COLUMN files.etag",
        },
      ]
    : [];
  return {
    base: "origin/main",
    migrations,
    problems,
    snapshotDiff: [],
    summary: {
      new: 2,
      failing: failed ? 1 : 0,
      escaped: failed ? 0 : 1,
      problems: problems.length,
    },
    failed,
  };
}

async function plan(argv: string[], outcome: MigrationsOutcome | undefined) {
  const seen: (string | undefined)[] = [];
  const deps: PlanDeps = {
    synthesize: async () => fixture("staging"),
    synthesizeAtRef: async () => fixture("staging"),
    check: async () => ({
      status: "ran",
      result: { violations: [], exemptions: [], summary: { mandatory: 0, advisory: 0 } },
    }),
    migrations: async (_cwd, base) => {
      seen.push(base);
      return outcome;
    },
  };
  const cmd = makePlanCommand(deps);
  let out = "";
  const { values, positionals } = parseCommandArgs(cmd, argv);
  const code = await cmd.run(values, positionals, {
    out: (t) => (out += t),
    err: () => undefined,
    cwd: PROJECT_DIR,
  });
  return { code, out, seen };
}

describe("platform plan: the migrations section", () => {
  it("adds a summary row and lists each new migration separately in the PR comment", async () => {
    const r = await plan(["--stack", "staging", "--markdown"], {
      status: "ran",
      report: report(false),
    });
    expect(r.code).to.equal(0);
    expect(r.seen).to.deep.equal([undefined]);
    expect(r.out).to.include(
      "| Migrations | ✅ migrations check passed against origin/main: 3 migrations, 2 new, 1 escaped finding |",
    );
    const headings = r.out.split("\n").filter((l) => /^#{3,4} (Migrations|`)/.test(l));
    expect(headings).to.deep.equal([
      "### Migrations — ✅ pass",
      "#### `0003_add_note.sql` ✅",
      "#### `0004_drop_etag.sql` ✅",
    ]);
    expect(r.out).to.include(
      '| critical | drop-column | 2 | DROP COLUMN files.etag | allowed: "etag moved (OPS-12)" until 2027-01-31 |',
    );
    expect(r.out).to.include(
      "Escapes in force:\n- `drop-column` (line 1): etag moved (OPS-12) — expires 2027-01-31\n- `truncate` (line 2): scratch — expires 2027-01-31 (matches no finding: remove it)\n",
    );
    expect(r.out).to.include(
      "- Time: 3 ms (100,000 rows in public.files); strongest lock AccessExclusiveLock on files\n",
    );
  });

  it("fails the plan when the migrations check failed, and passes --base on", async () => {
    const r = await plan(["--stack", "staging", "--markdown", "--base", "HEAD"], {
      status: "ran",
      report: report(true),
    });
    expect(r.code).to.equal(1);
    expect(r.seen).to.deep.equal(["HEAD"]);
    expect(r.out.split("\n")[0]).to.equal("## Platform plan for `staging` — ❌ needs attention");
    expect(r.out).to.include(
      "- ❌ app/migrations/0004_drop_etag.sql:2: critical drop-column: DROP COLUMN files.etag\n",
    );
    expect(r.out).to.include("#### `0004_drop_etag.sql` ❌ 1 failing\n");
  });

  it("says why when the check could not run, without failing the plan for it", async () => {
    const reason =
      "platform migrations: no PostgreSQL server to run the migrations on (no initdb in /usr/lib/postgresql/*/bin or on PATH): install the Debian package postgresql or set PG_BIN_DIR to a folder holding initdb and postgres";
    const r = await plan(["--stack", "staging"], { status: "unavailable", reason });
    expect(r.code).to.equal(0);
    expect(r.out).to.include(`  migrations:     not run: ${reason}\n`);
  });

  it("leaves the section out when the checkout has no migrations", async () => {
    const r = await plan(["--stack", "staging", "--markdown"], undefined);
    expect(r.out).to.not.include("Migrations");
  });
});
