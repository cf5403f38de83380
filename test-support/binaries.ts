import { existsSync, readdirSync } from "node:fs";
import { delimiter, join } from "node:path";

/** Thrown when a server binary the integration tests need is not installed. Never caught to skip a test. */
export class MissingBinaryError extends Error {
  constructor(binary: string, debianPackage: string) {
    super(
      `${binary} not found: install the Debian package "${debianPackage}" ` +
        `(apt-get install -y ${debianPackage}, or run test-support/install-servers.sh)`,
    );
    this.name = "MissingBinaryError";
  }
}

/** Returns the absolute path of `binary` on PATH (or in `extraDirs`), or undefined. */
export function which(binary: string, extraDirs: readonly string[] = []): string | undefined {
  const dirs = [
    ...(process.env.PATH ?? "").split(delimiter),
    "/usr/sbin",
    "/usr/local/sbin",
    "/sbin",
    ...extraDirs,
  ];
  for (const dir of dirs) {
    if (dir === "") continue;
    const candidate = join(dir, binary);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Like `which`, but throws a MissingBinaryError naming the Debian package to install. */
export function requireBinary(
  binary: string,
  debianPackage: string,
  extraDirs: readonly string[] = [],
): string {
  const found = which(binary, extraDirs);
  if (found === undefined) throw new MissingBinaryError(binary, debianPackage);
  return found;
}

/**
 * The directory holding PostgreSQL's server binaries (initdb, postgres, pg_ctl).
 * Debian keeps them under /usr/lib/postgresql/<major>/bin; the highest major wins.
 * `PG_BIN_DIR` overrides the search.
 */
export function postgresBinDir(root = "/usr/lib/postgresql"): string {
  const override = process.env.PG_BIN_DIR;
  if (override !== undefined && override !== "") {
    if (!existsSync(join(override, "postgres"))) {
      throw new Error(`PG_BIN_DIR="${override}" has no postgres binary`);
    }
    return override;
  }
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((d) => /^\d+$/.test(d) && existsSync(join(root, d, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (majors.length === 0) {
    const onPath = which("initdb");
    if (onPath !== undefined) return onPath.slice(0, -"/initdb".length);
    throw new MissingBinaryError("initdb (PostgreSQL server)", "postgresql");
  }
  return join(root, majors[0]!, "bin");
}
