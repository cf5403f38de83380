/**
 * A throw-away PostgreSQL for the check: the same server the integration
 * tests start (test-support/, Debian's binaries under /usr/lib/postgresql/<major>/bin
 * or PG_BIN_DIR, on a free 127.0.0.1 port, deleted afterwards), plus what the
 * check does with it: apply a migration as the app's runner would, record its
 * time and the strongest lock it held (seeding its tables: ./seed.ts).
 */
import { Client } from "pg";
import { MissingBinaryError } from "../../test-support/binaries";
import { startPostgres } from "../../test-support/postgres";

/** No PostgreSQL server binaries on this machine: the command exits 2 with this line. */
export class NoPostgresError extends Error {
  constructor(detail: string) {
    super(
      `platform migrations: no PostgreSQL server to run the migrations on (${detail}): install the Debian package postgresql or set PG_BIN_DIR to a folder holding initdb and postgres`,
    );
    this.name = "NoPostgresError";
  }
}

export interface Server {
  /** A new empty database and a client connected to it. */
  database(name: string): Promise<Client>;
  /** Another client connected to the database `name` made by database(). */
  connect(name: string): Promise<Client>;
  stop(): Promise<void>;
}

/** Starts the throw-away server; a NoPostgresError when there is none to start. */
export async function startServer(): Promise<Server> {
  let pg;
  try {
    pg = await startPostgres({ settings: { max_connections: "20" } });
  } catch (e) {
    if (e instanceof MissingBinaryError)
      throw new NoPostgresError("no initdb in /usr/lib/postgresql/*/bin or on PATH");
    throw new NoPostgresError((e as Error).message.split("\n")[0] ?? "it did not start");
  }
  const clients: Client[] = [];
  const connect = async (database: string): Promise<Client> => {
    const c = new Client({
      host: pg.host,
      port: pg.port,
      user: pg.superuser,
      password: pg.superuserPassword,
      database,
    });
    await c.connect();
    clients.push(c);
    return c;
  };
  return {
    async database(name) {
      pg.psql(`CREATE DATABASE "${name}"`);
      return connect(name);
    },
    connect,
    async stop() {
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
      await pg.stop();
    },
  };
}

/** Lock modes from weakest to strongest (PostgreSQL docs, "Table-Level Locks", read 2026-11-30). */
export const LOCK_MODES = [
  "AccessShareLock",
  "RowShareLock",
  "RowExclusiveLock",
  "ShareUpdateExclusiveLock",
  "ShareLock",
  "ShareRowExclusiveLock",
  "ExclusiveLock",
  "AccessExclusiveLock",
] as const;

export interface AppliedRun {
  readonly ms: number;
  /** The strongest lock held on a relation that existed before the migration, if any. */
  readonly lock?: { readonly mode: string; readonly relation: string };
}

interface LockRow {
  mode: string;
  relation: string;
  oid: number;
}

function strongest(
  rows: readonly LockRow[],
  before: ReadonlySet<number>,
): AppliedRun["lock"] | undefined {
  let best: LockRow | undefined;
  for (const r of rows) {
    if (!before.has(Number(r.oid))) continue;
    const rank = LOCK_MODES.indexOf(r.mode as (typeof LOCK_MODES)[number]);
    if (best === undefined || rank > LOCK_MODES.indexOf(best.mode as (typeof LOCK_MODES)[number]))
      best = r;
  }
  return best === undefined ? undefined : { mode: best.mode, relation: best.relation };
}

const LOCKS = `SELECT l.mode, l.relation::regclass::text AS relation, l.relation::int8 AS oid
  FROM pg_locks l WHERE l.pid = $1 AND l.locktype = 'relation' AND l.granted`;

/**
 * Applies one migration's SQL as the app's runner does: inside a transaction,
 * or as it is for a `-- migration: no-transaction` migration. Inside a
 * transaction the locks are read from pg_locks before COMMIT (all are still
 * held); without one a second connection samples pg_locks while it runs.
 */
export async function applyMigration(
  c: Client,
  sql: string,
  noTransaction: boolean,
  observer?: Client,
): Promise<AppliedRun> {
  const before = new Set(
    (
      await c.query<{ oid: string }>(
        "SELECT oid::int8 AS oid FROM pg_class WHERE relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)",
      )
    ).rows.map((r) => Number(r.oid)),
  );
  const pid = (await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid;
  if (!noTransaction) {
    await c.query("BEGIN");
    try {
      const t0 = performance.now();
      await c.query(sql);
      const ms = performance.now() - t0;
      const locks = (await c.query<LockRow>(LOCKS, [pid])).rows;
      await c.query("COMMIT");
      const lock = strongest(locks, before);
      return { ms, ...(lock !== undefined ? { lock } : {}) };
    } catch (e) {
      await c.query("ROLLBACK").catch(() => undefined);
      throw e;
    }
  }
  const seen: LockRow[] = [];
  let done = false;
  const sample = async (): Promise<void> => {
    while (!done && observer !== undefined) {
      seen.push(...(await observer.query<LockRow>(LOCKS, [pid])).rows);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const t0 = performance.now();
  const sampling = sample();
  try {
    await c.query(sql);
  } finally {
    done = true;
    await sampling;
  }
  const ms = performance.now() - t0;
  const lock = strongest(seen, before);
  return { ms, ...(lock !== undefined ? { lock } : {}) };
}
