import type { Pool } from "pg";
import type { Logger } from "../log";
import { AppliedMigration, isNoTransaction, MigrationFile, planMigrations } from "./checksum";

/** Any fixed 64-bit number: every replica and the Lambda take this advisory lock before migrating. */
export const MIGRATION_LOCK_ID = 7_401_920_001;

const TRACKING_TABLE = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  name       text        PRIMARY KEY,
  sha256     text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/**
 * Applies the pending migrations in order, each in its own transaction together with its
 * tracking row (a `-- migration: no-transaction` one outside, its row written after it), under a session advisory lock so concurrent starts never race. Throws a
 * MigrationError naming the file when an applied migration was edited. Returns what it applied.
 */
export async function migrate(
  pool: Pool,
  files: readonly MigrationFile[],
  log: Logger,
): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
    try {
      await client.query(TRACKING_TABLE);
      const { rows } = await client.query<AppliedMigration>(
        "SELECT name, sha256 FROM schema_migrations ORDER BY name",
      );
      const pending = planMigrations(files, rows);
      for (const m of pending) {
        const started = Date.now();
        if (isNoTransaction(m.sql)) {
          // One statement (e.g. CREATE INDEX CONCURRENTLY) that PostgreSQL refuses in a transaction.
          try {
            await client.query(m.sql);
          } catch (err) {
            throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
          }
          await client.query("INSERT INTO schema_migrations (name, sha256) VALUES ($1, $2)", [
            m.name,
            m.sha256,
          ]);
          applied.push(m.name);
          log.info("migration applied", {
            migration: m.name,
            sha256: m.sha256,
            durationMs: Date.now() - started,
            transaction: false,
          });
          continue;
        }
        await client.query("BEGIN");
        try {
          await client.query(m.sql);
          await client.query("INSERT INTO schema_migrations (name, sha256) VALUES ($1, $2)", [
            m.name,
            m.sha256,
          ]);
          await client.query("COMMIT");
        } catch (err) {
          await client.query("ROLLBACK");
          throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
        }
        applied.push(m.name);
        log.info("migration applied", {
          migration: m.name,
          sha256: m.sha256,
          durationMs: Date.now() - started,
        });
      }
      log.info("migrations up to date", { applied: applied.length, total: files.length });
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]);
    }
  } finally {
    client.release();
  }
  return applied;
}
