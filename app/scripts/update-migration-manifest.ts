/**
 * Adds new migration files to migrations/checksums.json. Refuses to change the checksum of a
 * listed file: applied migrations are immutable (add a new migration instead).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { updateManifest } from "../src/migrations/checksum";
import { readMigrationFiles } from "../src/migrations/files";

const dir = join(__dirname, "..", "migrations");
const path = join(dir, "checksums.json");
const current = JSON.parse(readFileSync(path, "utf8")) as Record<string, string>;
try {
  const next = updateManifest(current, readMigrationFiles(dir));
  writeFileSync(path, `${JSON.stringify(next, null, 2)}\n`);
  const added = Object.keys(next).filter((k) => !(k in current));
  process.stdout.write(
    added.length === 0 ? "checksums.json is up to date\n" : `added ${added.join(", ")}\n`,
  );
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
}
