/**
 * `platform migrations check`: immutability and numbering against a base
 * revision, statement severity with escapes, and on a real throw-away
 * PostgreSQL the schema snapshot, the up → down → up cycle of every migration
 * and the time and lock of each new one on seeded tables.
 */
import type { Client } from "pg";
import { classifyMigration, Finding, isNoTransaction, SqlParseError } from "./classify";
import { applyMigration, AppliedRun, Server } from "./database";
import { dataCounts, seedTables, SeedResult, tablesInFkOrder, withParents } from "./seed";
import { Escape, readEscapes } from "./escapes";
import { MigrationTree } from "./files";
import { checkFiles, newMigrations, Problem } from "./immutability";
import { FAILING } from "./rules";
import { diffSchemas, dumpSchema, parseSnapshot } from "./schema";

export const SNAPSHOT_COMMAND = "npx platform migrations snapshot";

export interface CheckOptions {
  readonly base: { readonly ref: string; readonly tree: MigrationTree };
  readonly head: MigrationTree;
  /** Rows seeded into each table a new migration touches. @default 100000 */
  readonly rows: number;
  /** A new migration slower than this is warned about. @default 2000 */
  readonly warnMs: number;
  /** YYYY-MM-DD (UTC): escapes expiring before it are failures. */
  readonly today: string;
  /** Starts the throw-away PostgreSQL. */
  readonly server: () => Promise<Server>;
}

export interface StatementFinding extends Finding {
  /** The escape that allows it, when one does. */
  readonly escapedBy?: Escape;
}

export interface MigrationEntry {
  readonly name: string;
  /** Added since the base revision. */
  readonly new: boolean;
  readonly noTransaction: boolean;
  readonly statements: number;
  readonly findings: readonly StatementFinding[];
  readonly escapes: readonly Escape[];
  readonly unusedEscapes: readonly Escape[];
  readonly timing?: {
    readonly ms: number;
    readonly seededRows: number;
    readonly seededTables: readonly string[];
    readonly lock?: AppliedRun["lock"];
    readonly slow: boolean;
  };
  readonly rollback?: {
    readonly restores: boolean;
    /** What running the down file deletes (tables and columns holding seeded data). */
    readonly dataLoss: readonly string[];
  };
  readonly seedErrors: readonly string[];
}

export interface MigrationReport {
  readonly base: string;
  readonly migrations: readonly MigrationEntry[];
  readonly problems: readonly Problem[];
  /** Readable schema difference when the snapshot is out of date. */
  readonly snapshotDiff: readonly string[];
  readonly summary: {
    readonly new: number;
    readonly failing: number;
    readonly escaped: number;
    readonly problems: number;
  };
  readonly failed: boolean;
}

const upPath = (n: string) => `app/migrations/${n}`;
const downPath = (n: string) => `app/migrations/down/${n}`;

/** The failing findings no escape allows. */
export function unescapedFailures(e: MigrationEntry): StatementFinding[] {
  return e.findings.filter((f) => FAILING.has(f.severity) && f.escapedBy === undefined);
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
}

export async function checkMigrations(o: CheckOptions): Promise<MigrationReport> {
  const { head } = o;
  const problems: Problem[] = checkFiles(o.base.tree, head);
  const added = new Set(newMigrations(o.base.tree, head));
  const names = [...head.ups.keys()].sort();
  const entries = new Map<string, Omit<MigrationEntry, "timing" | "rollback" | "seedErrors">>();

  for (const name of names) {
    const sql = head.ups.get(name) as string;
    const isNew = added.has(name);
    let findings: StatementFinding[] = [];
    let statements = 0;
    let escapes: Escape[] = [];
    let unused: Escape[] = [];
    const noTransaction = isNoTransaction(sql);
    if (isNew) {
      try {
        const c = await classifyMigration(sql);
        statements = c.statements;
        const esc = readEscapes(sql, o.today);
        escapes = esc.escapes;
        for (const p of esc.problems)
          problems.push({
            check: "escape",
            file: upPath(name),
            message: `${upPath(name)}:${p.line}: ${p.message}`,
          });
        findings = c.findings.map((f) => {
          const by = escapes.find((x) => x.rule === f.rule);
          return by !== undefined ? { ...f, escapedBy: by } : f;
        });
        unused = escapes.filter((x) => !c.findings.some((f) => f.rule === x.rule));
        for (const f of findings)
          if (FAILING.has(f.severity) && f.escapedBy === undefined)
            problems.push({
              check: f.rule,
              file: upPath(name),
              message: `${upPath(name)}:${f.line}: ${f.severity} ${f.rule}: ${f.message}`,
            });
      } catch (e) {
        if (!(e instanceof SqlParseError)) throw e;
        problems.push({
          check: "sql",
          file: upPath(name),
          message: `${upPath(name)} does not parse: ${e.message}`,
        });
      }
      const down = head.downs.get(name);
      if (down !== undefined) {
        try {
          await classifyMigration(down);
        } catch (e) {
          if (!(e instanceof SqlParseError)) throw e;
          problems.push({
            check: "sql",
            file: downPath(name),
            message: `${downPath(name)} does not parse: ${e.message}`,
          });
        }
      }
    }
    entries.set(name, {
      name,
      new: isNew,
      noTransaction,
      statements,
      findings,
      escapes,
      unusedEscapes: unused,
    });
  }

  const live = await runOnPostgres(o, names, added, problems);
  const migrations: MigrationEntry[] = names.map((n) => ({
    ...(entries.get(n) as MigrationEntry),
    ...(live.timing.has(n) ? { timing: live.timing.get(n) } : {}),
    ...(live.rollback.has(n) ? { rollback: live.rollback.get(n) } : {}),
    seedErrors: live.seedErrors.get(n) ?? [],
  }));
  const failing = migrations.reduce((s, m) => s + unescapedFailures(m).length, 0);
  const escaped = migrations.reduce((s, m) => s + m.findings.filter((f) => f.escapedBy).length, 0);
  return {
    base: o.base.ref,
    migrations,
    problems,
    snapshotDiff: live.snapshotDiff,
    summary: { new: added.size, failing, escaped, problems: problems.length },
    failed: problems.length > 0,
  };
}

interface Live {
  timing: Map<string, NonNullable<MigrationEntry["timing"]>>;
  rollback: Map<string, NonNullable<MigrationEntry["rollback"]>>;
  seedErrors: Map<string, string[]>;
  snapshotDiff: string[];
}

/**
 * What differs between two schemas for the rollback test. Column order is left out: a down
 * that re-adds a dropped column can only append it, which PostgreSQL cannot undo.
 */
export function rollbackDiff(expected: string, actual: string): string[] {
  if (expected === actual) return [];
  return diffSchemas(parseSnapshot(expected), parseSnapshot(actual)).filter(
    (d) => !/^~ table \S+: column order /.test(d),
  );
}

/** Rows seeded into every table around each migration for the rollback test. */
export const REPRESENTATIVE_ROWS = 100;

async function runOnPostgres(
  o: CheckOptions,
  names: readonly string[],
  added: ReadonlySet<string>,
  problems: Problem[],
): Promise<Live> {
  const live: Live = {
    timing: new Map(),
    rollback: new Map(),
    seedErrors: new Map(),
    snapshotDiff: [],
  };
  // Nothing sensible to apply when the files themselves are out of order.
  if (problems.some((p) => p.check === "numbering" || p.check === "sql")) return live;
  const server = await o.server();
  try {
    await snapshotCheck(o, names, added, problems, live, await server.database("snapshot"));
    const db = await server.database("cycle");
    const observer = await server.connect("cycle");
    for (const [i, name] of names.entries()) {
      // Three seeding rounds per migration, each with its own range of values.
      const ok = await cycle(o, name, added.has(name), db, observer, 3 * i + 1, problems, live);
      if (!ok) break;
    }
  } finally {
    await server.stop();
  }
  return live;
}

async function snapshotCheck(
  o: CheckOptions,
  names: readonly string[],
  added: ReadonlySet<string>,
  problems: Problem[],
  live: Live,
  db: Client,
): Promise<void> {
  for (const name of names) {
    const sql = o.head.ups.get(name) as string;
    try {
      await applyMigration(db, sql, isNoTransaction(sql));
    } catch (e) {
      problems.push({
        check: "sql",
        file: upPath(name),
        message: `${upPath(name)} fails on PostgreSQL: ${firstLine(e)}`,
      });
      return;
    }
  }
  const actual = await dumpSchema(db);
  const committed = o.head.snapshot;
  if (committed === actual) return;
  live.snapshotDiff = diffSchemas(parseSnapshot(committed ?? ""), parseSnapshot(actual));
  const changedOnBranch = committed !== o.base.tree.snapshot;
  const message =
    committed === undefined
      ? `app/schema.sql is missing: run ${SNAPSHOT_COMMAND} and commit it`
      : added.size > 0
        ? `schema snapshot out of date: run ${SNAPSHOT_COMMAND} and commit app/schema.sql (${live.snapshotDiff.length} difference${live.snapshotDiff.length === 1 ? "" : "s"})`
        : changedOnBranch
          ? `migration required: app/schema.sql was changed but no migration was added (${live.snapshotDiff.length} difference${live.snapshotDiff.length === 1 ? "" : "s"} from what the migrations produce)`
          : `app/schema.sql does not match what the migrations produce: run ${SNAPSHOT_COMMAND}`;
  problems.push({ check: "snapshot", file: "app/schema.sql", message });
}

/**
 * Up, down, up again for one migration on seeded tables; for a new migration the
 * tables it touches get `rows` rows first and its time and lock are recorded.
 * Returns false when the database is no longer in a state to go on.
 */
async function cycle(
  o: CheckOptions,
  name: string,
  isNew: boolean,
  db: Client,
  observer: Client,
  round: number,
  problems: Problem[],
  live: Live,
): Promise<boolean> {
  const up = o.head.ups.get(name) as string;
  const down = o.head.downs.get(name);
  const noTx = isNoTransaction(up);
  const seedErrors: string[] = [];
  const note = (rs: SeedResult[]) => {
    for (const r of rs)
      if (r.error !== undefined) seedErrors.push(`could not seed ${r.table}: ${r.error}`);
  };

  const before = await dumpSchema(db);
  note(await seedTables(db, await tablesInFkOrder(db), REPRESENTATIVE_ROWS, round));
  let seeded: string[] = [];
  if (isNew) {
    const c = await classifyMigration(up);
    seeded = await withParents(db, c.touchedTables);
    note(await seedTables(db, seeded, o.rows, round + 1));
  }
  let run: AppliedRun;
  try {
    run = await applyMigration(db, up, noTx, observer);
  } catch (e) {
    problems.push({
      check: "sql",
      file: upPath(name),
      message: `${upPath(name)} fails on PostgreSQL with seeded rows: ${firstLine(e)}`,
    });
    live.seedErrors.set(name, seedErrors);
    return false;
  }
  if (isNew)
    live.timing.set(name, {
      ms: Math.round(run.ms),
      seededRows: seeded.length > 0 ? o.rows : 0,
      seededTables: seeded,
      ...(run.lock !== undefined ? { lock: run.lock } : {}),
      slow: run.ms > o.warnMs,
    });
  const after = await dumpSchema(db);
  live.seedErrors.set(name, seedErrors);
  if (down === undefined) return true; // reported as down-missing

  // Rows in what the migration created too, so that a down dropping them shows the loss.
  note(await seedTables(db, await tablesInFkOrder(db), REPRESENTATIVE_ROWS, round + 2));
  const counts = await dataCounts(db);
  try {
    await applyMigration(db, down, isNoTransaction(down), observer);
  } catch (e) {
    problems.push({
      check: "rollback",
      file: downPath(name),
      message: `${downPath(name)} fails on PostgreSQL: ${firstLine(e)}`,
    });
    return false;
  }
  const reverted = await dumpSchema(db);
  const diff = rollbackDiff(before, reverted);
  const restores = diff.length === 0;
  if (!restores) {
    problems.push({
      check: "rollback",
      file: downPath(name),
      message: `${downPath(name)} does not restore the schema from before ${name}: ${diff.join("; ")}`,
    });
  }
  const afterDown = await dataCounts(db);
  const dataLoss: string[] = [];
  for (const [table, cols] of counts) {
    const now = afterDown.get(table);
    const rows = cols.get("*rows") ?? 0;
    if (now === undefined) {
      if (rows > 0) dataLoss.push(`drops table ${table} (${rows} rows)`);
      continue;
    }
    for (const [col, n] of cols)
      if (col !== "*rows" && !now.has(col) && n > 0)
        dataLoss.push(`drops column ${table}.${col} (${n} values)`);
    const left = now.get("*rows") ?? 0;
    if (left < rows) dataLoss.push(`deletes ${rows - left} of ${rows} rows of ${table}`);
  }
  live.rollback.set(name, { restores, dataLoss });
  // Applying the up again on a schema the down did not restore only repeats the failure.
  if (!restores) return false;

  try {
    await applyMigration(db, up, noTx, observer);
  } catch (e) {
    problems.push({
      check: "rollback",
      file: upPath(name),
      message: `${upPath(name)} fails when applied again after its down: ${firstLine(e)}`,
    });
    return false;
  }
  const again = rollbackDiff(after, await dumpSchema(db));
  if (again.length > 0) {
    problems.push({
      check: "rollback",
      file: upPath(name),
      message: `${upPath(name)} applied again after its down gives a different schema: ${again.join("; ")}`,
    });
  }
  return true;
}
