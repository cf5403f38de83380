import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { MigrationFile, orderMigrationFiles, sha256 } from "./checksum";

/** Reads every `*.sql` file in `dir`, checksummed and in order. */
export function readMigrationFiles(dir: string): MigrationFile[] {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".sql"))
    .map((name) => {
      const bytes = readFileSync(join(dir, name));
      return { name, sha256: sha256(bytes), sql: bytes.toString("utf8") };
    });
  return orderMigrationFiles(files);
}

/**
 * Where the migrations are: `MIGRATIONS_DIR`, else `migrations/` beside the running file
 * (the Lambda bundle) or one level up (`dist/` in the image, `src/` in development).
 */
export function findMigrationsDir(env: NodeJS.ProcessEnv, here: string): string {
  const candidates = [
    env.MIGRATIONS_DIR,
    join(here, "migrations"),
    join(here, "..", "migrations"),
    join(here, "..", "..", "migrations"),
  ];
  for (const c of candidates) {
    if (c !== undefined && c !== "" && existsSync(join(c, "0001_create_files.sql"))) return c;
  }
  throw new Error(
    `no migrations folder found (looked in ${candidates.filter((c) => c !== undefined && c !== "").join(", ")}); set MIGRATIONS_DIR`,
  );
}
