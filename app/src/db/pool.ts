import { Pool, PoolConfig } from "pg";
import type { CaBundle, DatabaseConfig } from "../config";
import { trustedCas } from "../tls";

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

/** A pool whose idle-client errors are reported instead of crashing the process. */
export function createPool(config: PoolConfig, onError: (err: Error) => void): Pool {
  const pool = new Pool(config);
  pool.on("error", onError);
  return pool;
}
