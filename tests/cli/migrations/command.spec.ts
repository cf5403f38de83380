/**
 * `platform migrations` usage and the parts that need no PostgreSQL: bad
 * input exits 2 with one line, no server exits 2 with one line, and the
 * file checks run before any server is started.
 */
import { expect } from "chai";
import { parseCommandArgs } from "../../../cli/command";
import { defaultBase, makeMigrationsCommand } from "../../../cli/commands/migrations";
import { NoPostgresError } from "../../../cli/migrations/database";
import { fixtureRepo, platform, REPO } from "./support";

describe("platform migrations (usage)", () => {
  it("exits 2 with one line for a missing or unknown sub-command, a bad flag value and both formats", async () => {
    const cases: [string[], string][] = [
      [["migrations"], "platform migrations: missing sub-command: expected check or snapshot\n"],
      [
        ["migrations", "lint"],
        'platform migrations: unknown sub-command "lint": expected check or snapshot\n',
      ],
      [
        ["migrations", "check", "--rows", "lots"],
        'platform migrations: --rows "lots": expected a whole number from 1 to 900000\n',
      ],
      [
        ["migrations", "check", "--rows", "1000000"],
        'platform migrations: --rows "1000000": expected a whole number from 1 to 900000\n',
      ],
      [
        ["migrations", "check", "--json", "--markdown"],
        "platform migrations: use --markdown or --json, not both\n",
      ],
      [["migrations", "check", "--colour"], "platform migrations: Unknown option '--colour'\n"],
    ];
    for (const [argv, err] of cases) {
      const r = await platform(argv, REPO);
      expect([r.code, r.err, r.out], argv.join(" ")).to.deep.equal([2, err, ""]);
    }
  });

  it("exits 2 naming a base that is not a commit", async () => {
    const r = await platform(["migrations", "check", "--base", "no-such-branch"], REPO);
    expect(r.code).to.equal(2);
    expect(r.err).to.equal(
      `platform migrations: --base no-such-branch is not a commit of the git repository at ${REPO}\n`,
    );
  });

  it("says how to get the default base on GitHub Actions when the checkout lacks it", async () => {
    const cmd = makeMigrationsCommand({
      today: () => "2026-11-30",
      env: { GITHUB_BASE_REF: "no-such-base" },
      server: async () => {
        throw new Error("not expected");
      },
    });
    const { values, positionals } = parseCommandArgs(cmd, ["check"]);
    let err: unknown;
    try {
      await cmd.run(values, positionals, { out: () => undefined, err: () => undefined, cwd: REPO });
    } catch (e) {
      err = e;
    }
    expect((err as Error).message).to.equal(
      `platform migrations: --base origin/no-such-base is not a commit of the git repository at ${REPO} (the default base on GitHub Actions: check out with fetch-depth: 0, or pass --base)`,
    );
  });

  it("takes the pull request's base branch on GitHub Actions, else HEAD", () => {
    expect(defaultBase({ GITHUB_BASE_REF: "main" })).to.equal("origin/main");
    expect(defaultBase({ GITHUB_BASE_REF: "" })).to.equal("HEAD");
    expect(defaultBase({})).to.equal("HEAD");
  });

  it("exits 2 with one line when there is no PostgreSQL to run the migrations on", async () => {
    const cmd = makeMigrationsCommand({
      today: () => "2026-11-30",
      env: {},
      server: async () => {
        throw new NoPostgresError("no initdb in /usr/lib/postgresql/*/bin or on PATH");
      },
    });
    const repo = fixtureRepo();
    try {
      const { values, positionals } = parseCommandArgs(cmd, ["check"]);
      let err: unknown;
      try {
        await cmd.run(values, positionals, {
          out: () => undefined,
          err: () => undefined,
          cwd: repo.dir,
        });
      } catch (e) {
        err = e;
      }
      expect((err as Error).name).to.equal("UsageError");
      expect((err as Error).message).to.equal(
        "platform migrations: no PostgreSQL server to run the migrations on (no initdb in /usr/lib/postgresql/*/bin or on PATH): install the Debian package postgresql or set PG_BIN_DIR to a folder holding initdb and postgres",
      );
    } finally {
      repo.remove();
    }
  });

  it("fails an edited base migration by name without starting PostgreSQL (numbering problems stop there)", async () => {
    let started = 0;
    const cmd = makeMigrationsCommand({
      today: () => "2026-11-30",
      env: {},
      server: async () => {
        started++;
        throw new Error("not expected");
      },
    });
    const repo = fixtureRepo();
    try {
      repo.write("app/migrations/0001_create_files.sql", "CREATE TABLE files (id int);\n");
      repo.write("app/migrations/0004_gap.sql", "SELECT 1;\n");
      repo.write("app/migrations/down/0004_gap.sql", "SELECT 1;\n");
      const { values, positionals } = parseCommandArgs(cmd, ["check", "--base", "HEAD", "--json"]);
      let out = "";
      let err = "";
      const code = await cmd.run(values, positionals, {
        out: (t) => (out += t),
        err: (t) => (err += t),
        cwd: repo.dir,
      });
      expect(code).to.equal(1);
      expect(started).to.equal(0);
      expect(err).to.equal(
        "migrations check failed: app/migrations/0001_create_files.sql was edited: migrations on the base branch are immutable (revert it and add a new migration) (and 1 more)\n",
      );
      const report = JSON.parse(out) as { problems: { check: string; file: string }[] };
      expect(report.problems.map((p) => [p.check, p.file])).to.deep.equal([
        ["immutable", "app/migrations/0001_create_files.sql"],
        ["numbering", "app/migrations/0004_gap.sql"],
      ]);
    } finally {
      repo.remove();
    }
  });
});
