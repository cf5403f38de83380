import { createHash } from "node:crypto";

/** Migration file names: four digits, an underscore, lowercase words, `.sql` (`0001_create_files.sql`). */
export const MIGRATION_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;

/**
 * A migration whose first line is `-- migration: no-transaction` is applied outside a
 * transaction (for `CREATE INDEX CONCURRENTLY`, which PostgreSQL refuses inside one). It must
 * hold exactly one statement; `platform migrations check` enforces that.
 */
export const NO_TRANSACTION_HEADER = /^--\s*migration:\s*no-transaction\s*$/;

/** True when the migration's first line is the no-transaction header. */
export function isNoTransaction(sql: string): boolean {
  return NO_TRANSACTION_HEADER.test((sql.split("\n", 1)[0] ?? "").trim());
}

/** A migration file on disk. */
export interface MigrationFile {
  readonly name: string;
  readonly sha256: string;
  readonly sql: string;
}

/** A row of the tracking table. */
export interface AppliedMigration {
  readonly name: string;
  readonly sha256: string;
}

/** A migration problem that must stop start-up; the message names the file. */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}

/** Hex SHA-256 of a file's exact bytes. */
export function sha256(content: string | Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}

/** Checks names (pattern, unique numbers) and returns the files sorted by name. */
export function orderMigrationFiles(files: readonly MigrationFile[]): MigrationFile[] {
  const seen = new Map<string, string>();
  for (const f of files) {
    const m = MIGRATION_NAME.exec(f.name);
    if (m === null)
      throw new MigrationError(
        `migration file ${f.name}: expected a name like 0001_create_files.sql (four digits, _, a-z0-9_, .sql)`,
      );
    const number = m[1] as string;
    const other = seen.get(number);
    if (other !== undefined)
      throw new MigrationError(`migration files ${other} and ${f.name} share the number ${number}`);
    seen.set(number, f.name);
  }
  return [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Compares the files with what the tracking table says was applied and returns the files still to
 * apply, in order. Throws when an applied migration was edited (checksum differs), deleted, or when
 * a new file sorts before the last applied one.
 */
export function planMigrations(
  files: readonly MigrationFile[],
  applied: readonly AppliedMigration[],
): MigrationFile[] {
  const ordered = orderMigrationFiles(files);
  const byName = new Map(ordered.map((f) => [f.name, f]));
  for (const a of applied) {
    const f = byName.get(a.name);
    if (f === undefined) {
      throw new MigrationError(
        `migration ${a.name} is recorded as applied but its file is missing: restore it (applied migrations are never deleted)`,
      );
    }
    if (f.sha256 !== a.sha256) {
      throw new MigrationError(
        `migration ${a.name} was edited after it was applied (applied sha256 ${a.sha256}, file sha256 ${f.sha256}): revert the edit and add a new migration instead`,
      );
    }
  }
  const appliedNames = new Set(applied.map((a) => a.name));
  const lastApplied = [...appliedNames].sort().at(-1);
  const pending = ordered.filter((f) => !appliedNames.has(f.name));
  for (const p of pending) {
    if (lastApplied !== undefined && p.name < lastApplied) {
      throw new MigrationError(
        `migration ${p.name} sorts before the already applied ${lastApplied}: renumber it after ${lastApplied}`,
      );
    }
  }
  return pending;
}

/** The committed manifest `migrations/checksums.json`: file name → sha256. */
export type ChecksumManifest = Readonly<Record<string, string>>;

/**
 * Problems between the manifest and the files: a listed file whose content changed or that is
 * missing, and a file that is not listed. An empty list means they agree.
 */
export function checkManifest(
  manifest: ChecksumManifest,
  files: readonly MigrationFile[],
): string[] {
  const problems: string[] = [];
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const [name, expected] of Object.entries(manifest).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const f = byName.get(name);
    if (f === undefined)
      problems.push(`${name} is listed in checksums.json but the file is missing`);
    else if (f.sha256 !== expected) {
      problems.push(
        `${name} changed (checksums.json has ${expected}, the file has ${f.sha256}): migrations are immutable, add a new one`,
      );
    }
  }
  for (const f of orderMigrationFiles(files)) {
    if (!(f.name in manifest))
      problems.push(
        `${f.name} is not listed in checksums.json: run npm run migrations:manifest -w app`,
      );
  }
  return problems;
}

/** The manifest with every new file added; refuses (throws) when a listed file changed or is missing. */
export function updateManifest(
  manifest: ChecksumManifest,
  files: readonly MigrationFile[],
): Record<string, string> {
  const changed = checkManifest(manifest, files).filter((p) => !p.includes("is not listed"));
  if (changed.length > 0) throw new MigrationError(changed.join("\n"));
  const next: Record<string, string> = {};
  for (const f of orderMigrationFiles(files)) next[f.name] = f.sha256;
  return next;
}
