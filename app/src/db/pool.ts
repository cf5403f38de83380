import { Client, Pool, PoolClient, PoolConfig } from "pg";
import type { CaBundle, DatabaseConfig } from "../config";
import { trustedCas } from "../tls";
import { DatabasePassword, isAuthFailure } from "./credentials";
import { DatabaseTarget, QueryFn, traceQueries } from "./tracing";

export interface PoolOptions {
  /** @default 10 */
  readonly max?: number;
  readonly applicationName?: string;
}

/**
 * The pg pool settings for the contract's database: TLS always on, the certificate chain
 * verified against Node's roots plus CA_BUNDLE_FILE, and the host name checked (verify-full).
 */
export function poolConfig(
  db: DatabaseConfig,
  caBundle: CaBundle | undefined,
  options: PoolOptions = {},
): PoolConfig {
  return {
    host: db.host,
    port: db.port,
    database: db.database,
    user: db.user,
    password: db.password,
    ssl: { rejectUnauthorized: true, ca: trustedCas(caBundle) },
    application_name: db.applicationName ?? options.applicationName ?? "platform-app",
    max: options.max ?? 10,
    connectionTimeoutMillis: db.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    statement_timeout: 30_000,
    query_timeout: 35_000,
  };
}

/** How often a refused login is retried with a re-read password, and the pause before each retry. */
export const AUTH_RETRY_DELAYS_MS: readonly number[] = [0, 250, 1000];

/**
 * Opens a connection with `open`; when PostgreSQL refuses the password (28P01), re-reads it
 * and tries again (AUTH_RETRY_DELAYS_MS), so a rotation between two connections costs the
 * caller a short wait, never an error.
 */
export async function withPasswordRetry<T>(
  password: DatabasePassword,
  open: () => Promise<T>,
  onRefused: (err: Error) => void = () => undefined,
  delays: readonly number[] = AUTH_RETRY_DELAYS_MS,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await open();
    } catch (err) {
      const delay = delays[attempt];
      if (!isAuthFailure(err) || delay === undefined) throw err;
      onRefused(err as Error);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      await password.refresh();
    }
  }
}

/** A pool of connections that survives a rotation of the database password. */
export interface RotatingPool extends Pool {
  /** Opens a fresh connection (never a pooled one) and runs SELECT 1: /readyz's database check. */
  checkLogin(): Promise<void>;
}

/**
 * A pool whose idle-client errors are reported instead of crashing the process. With
 * `password`, every new connection takes the current password, and a refused login re-reads
 * it and retries (connections already open stay open: PostgreSQL checks the password only at
 * login).
 */
export function createPool(
  config: PoolConfig,
  onError: (err: Error) => void,
  password?: DatabasePassword,
): RotatingPool {
  const settings: PoolConfig =
    password === undefined ? config : { ...config, password: () => password.current() };
  const pool = new Pool(settings) as RotatingPool;
  pool.on("error", onError);
  const target: DatabaseTarget = {
    host: config.host,
    port: config.port,
    database: config.database,
  };
  // Every pooled connection (pool.query and transactions alike) traces its statements.
  pool.on("connect", (client) => traceQueries(client as unknown as { query: QueryFn }, target));
  const onRefused = (err: Error) =>
    onError(new Error(`database login refused, re-reading the password: ${err.message}`));
  if (password !== undefined) {
    const connectOnce = pool.connect.bind(pool) as () => Promise<PoolClient>;
    const connect = (
      callback?: (
        err: Error | undefined,
        client?: PoolClient,
        done?: (release?: unknown) => void,
      ) => void,
    ): Promise<PoolClient> | undefined => {
      const connected = withPasswordRetry(password, connectOnce, onRefused);
      if (callback === undefined) return connected;
      // pool.query() calls this.connect with a callback.
      connected.then(
        (client) => callback(undefined, client, (release) => client.release(release as Error)),
        (err: Error) => callback(err, undefined, () => undefined),
      );
      return undefined;
    };
    pool.connect = connect as Pool["connect"];
  }
  pool.checkLogin = async () => {
    const client = await withPasswordRetry(
      password ??
        new DatabasePassword(String(config.password ?? ""), async () =>
          String(config.password ?? ""),
        ),
      async () => {
        const c = new Client(settings);
        traceQueries(c as unknown as { query: QueryFn }, target);
        try {
          await c.connect();
          return c;
        } catch (err) {
          await c.end().catch(() => undefined);
          throw err;
        }
      },
      onRefused,
      // Within /readyz's timeout: one re-read, no pause.
      [0],
    );
    try {
      await client.query("SELECT 1");
    } finally {
      await client.end();
    }
  };
  return pool;
}
