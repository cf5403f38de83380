/** `node dist/migrate.js`: applies pending migrations and exits (0 when up to date). */
import {
  applyMigrations,
  databasePool,
  exitOnStartupFailure,
  loadConfigOrReport,
  loggerFor,
} from "./runtime";

async function main(): Promise<void> {
  const config = await loadConfigOrReport(process.env, "migrate", "migrate");
  const log = loggerFor(config, "migrate");
  const pool = databasePool(config, log, 1);
  try {
    await applyMigrations(pool, log, process.env, __dirname);
  } finally {
    await pool.end();
  }
}

main().catch(exitOnStartupFailure("migrate", "migrate"));
