/**
 * `platform migrations check [--base GITREF] [--json | --markdown] [--rows N] [--warn-ms MS]`
 * `platform migrations snapshot`
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Command, ParsedValues, stringFlag } from "../command";
import { UsageError } from "../errors";
import { checkMigrations, MigrationReport } from "../migrations/check";
import { isNoTransaction } from "../migrations/classify";
import { applyMigration, NoPostgresError, Server, startServer } from "../migrations/database";
import {
  readRevision,
  readWorkingTree,
  repoRoot,
  resolveRef,
  SNAPSHOT_FILE,
} from "../migrations/files";
import { renderMarkdown, renderText, verdictLine } from "../migrations/report";
import { dumpSchema } from "../migrations/schema";

export interface MigrationsDeps {
  /** Today as YYYY-MM-DD (UTC), for escape expiry. */
  readonly today: () => string;
  readonly server: () => Promise<Server>;
  readonly env: NodeJS.ProcessEnv;
}

const DEFAULT_DEPS: MigrationsDeps = {
  today: () => new Date().toISOString().slice(0, 10),
  server: startServer,
  env: process.env,
};

export const DEFAULT_ROWS = 100_000;
export const MAX_ROWS = 900_000;
export const DEFAULT_WARN_MS = 2_000;

/**
 * The base revision: --base, else the pull request's base branch on GitHub
 * Actions (`origin/$GITHUB_BASE_REF`), else HEAD (the working tree against the last commit).
 */
export function defaultBase(env: NodeJS.ProcessEnv): string {
  const b = env.GITHUB_BASE_REF;
  return b !== undefined && b !== "" ? `origin/${b}` : "HEAD";
}

function intFlag(values: ParsedValues, name: string, def: number, max: number): number {
  const v = stringFlag(values, name, "migrations");
  if (v === undefined) return def;
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max)
    throw new UsageError(
      `platform migrations: --${name} ${JSON.stringify(v)}: expected a whole number from 1 to ${max}`,
    );
  return Number(v);
}

export interface RunOptions {
  readonly cwd: string;
  readonly base?: string;
  readonly rows?: number;
  readonly warnMs?: number;
}

/** Runs the check for a checkout; NoPostgresError and bad refs become UsageErrors. */
export async function runMigrationsCheck(
  o: RunOptions,
  deps: MigrationsDeps = DEFAULT_DEPS,
): Promise<MigrationReport> {
  const root = repoRoot(o.cwd);
  const ref = o.base ?? defaultBase(deps.env);
  let sha: string;
  try {
    sha = resolveRef(root, ref);
  } catch (e) {
    // On GitHub Actions the base branch is only there when the checkout fetched it.
    if (o.base === undefined && ref !== "HEAD" && e instanceof UsageError)
      throw new UsageError(
        `${e.message} (the default base on GitHub Actions: check out with fetch-depth: 0, or pass --base)`,
      );
    throw e;
  }
  const head = readWorkingTree(root);
  try {
    return await checkMigrations({
      base: { ref, tree: readRevision(root, sha) },
      head,
      rows: o.rows ?? DEFAULT_ROWS,
      warnMs: o.warnMs ?? DEFAULT_WARN_MS,
      today: deps.today(),
      server: deps.server,
    });
  } catch (e) {
    if (e instanceof NoPostgresError) throw new UsageError(e.message);
    throw e;
  }
}

/** Applies every migration of the working tree to a throw-away PostgreSQL and writes app/schema.sql. */
export async function writeSnapshot(
  cwd: string,
  deps: MigrationsDeps = DEFAULT_DEPS,
): Promise<string> {
  const root = repoRoot(cwd);
  const head = readWorkingTree(root);
  let server: Server;
  try {
    server = await deps.server();
  } catch (e) {
    if (e instanceof NoPostgresError) throw new UsageError(e.message);
    throw e;
  }
  try {
    const db = await server.database("snapshot");
    for (const [name, sql] of [...head.ups].sort(([a], [b]) => (a < b ? -1 : 1))) {
      try {
        await applyMigration(db, sql, isNoTransaction(sql));
      } catch (e) {
        throw new UsageError(
          `platform migrations snapshot: app/migrations/${name} fails on PostgreSQL: ${(e as Error).message.split("\n")[0]}`,
        );
      }
    }
    const text = await dumpSchema(db);
    writeFileSync(join(root, SNAPSHOT_FILE), text);
    return text;
  } finally {
    await server.stop();
  }
}

export function makeMigrationsCommand(deps: MigrationsDeps = DEFAULT_DEPS): Command {
  return {
    name: "migrations",
    summary:
      "Check the SQL migrations in app/migrations: immutability, schema snapshot, severity, escapes, rollback, time and locks.",
    usage: [
      "platform migrations check [--base GITREF] [--json | --markdown] [--rows N] [--warn-ms MS]",
      "       platform migrations snapshot",
    ].join("\n"),
    help: [
      "Sub-commands:",
      "  check            run every check (needs PostgreSQL's server binaries: Debian package postgresql)",
      "  snapshot         apply every migration to a throw-away PostgreSQL and write app/schema.sql",
      "",
      "Options of check:",
      "  --base GITREF    the revision whose migrations are immutable (default: origin/$GITHUB_BASE_REF",
      "                   on GitHub Actions pull requests, else HEAD)",
      `  --rows N         rows seeded into each table a new migration touches (default ${DEFAULT_ROWS}, at most ${MAX_ROWS})`,
      `  --warn-ms MS     warn when a new migration takes longer (default ${DEFAULT_WARN_MS})`,
      "  --markdown       print the pull-request section (each new migration listed separately)",
      "  --json           print the report as JSON",
      "",
      "Exit 1 when a check fails (the first reason is the last line on stderr); 2 on bad usage, a",
      "base that is not a commit, or no PostgreSQL. The rules are listed in docs/migrations.md.",
    ].join("\n"),
    positionals: true,
    options: {
      base: { type: "string" },
      json: { type: "boolean" },
      markdown: { type: "boolean" },
      rows: { type: "string" },
      "warn-ms": { type: "string" },
    },
    async run(values, positionals, io) {
      const [sub, ...extra] = positionals;
      if (extra.length > 0)
        throw new UsageError(
          `platform migrations: unexpected argument ${JSON.stringify(extra[0])}`,
        );
      if (sub === "snapshot") {
        const text = await writeSnapshot(io.cwd, deps);
        const tables = text.split("\n").filter((l) => l.startsWith("CREATE TABLE ")).length;
        io.out(`wrote ${SNAPSHOT_FILE} (${tables} table${tables === 1 ? "" : "s"})\n`);
        return 0;
      }
      if (sub !== "check")
        throw new UsageError(
          `platform migrations: ${sub === undefined ? "missing sub-command" : `unknown sub-command ${JSON.stringify(sub)}`}: expected check or snapshot`,
        );
      if (values.json === true && values.markdown === true)
        throw new UsageError("platform migrations: use --markdown or --json, not both");
      const base = stringFlag(values, "base", "migrations");
      const report = await runMigrationsCheck(
        {
          cwd: io.cwd,
          ...(base !== undefined ? { base } : {}),
          rows: intFlag(values, "rows", DEFAULT_ROWS, MAX_ROWS),
          warnMs: intFlag(values, "warn-ms", DEFAULT_WARN_MS, 3_600_000),
        },
        deps,
      );
      io.out(
        values.json === true
          ? `${JSON.stringify(report, null, 2)}\n`
          : values.markdown === true
            ? renderMarkdown(report)
            : renderText(report),
      );
      if (report.failed) io.err(`${verdictLine(report)}\n`);
      return report.failed ? 1 : 0;
    },
  };
}

export const migrationsCommand: Command = makeMigrationsCommand();
