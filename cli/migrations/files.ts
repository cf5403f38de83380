/**
 * The migration files of a checkout and of a git revision. Up migrations are
 * `app/migrations/NNNN_name.sql`; each has its down file under
 * `app/migrations/down/` with the same name (the app's runner reads only the
 * top folder, so down files are never applied as ups).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../errors";

export const MIGRATIONS_DIR = "app/migrations";
export const DOWN_DIR = "app/migrations/down";
export const SNAPSHOT_FILE = "app/schema.sql";

/** One revision's migration files: name → content, for the ups and the downs. */
export interface MigrationTree {
  readonly ups: ReadonlyMap<string, string>;
  readonly downs: ReadonlyMap<string, string>;
  /** app/schema.sql, when the revision has one. */
  readonly snapshot?: string;
}

function readSqlDir(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (name.endsWith(".sql") && statSync(p).isFile()) out.set(name, readFileSync(p, "utf8"));
  }
  return out;
}

/** The migrations in the working tree under `root`. */
export function readWorkingTree(root: string): MigrationTree {
  const dir = join(root, MIGRATIONS_DIR);
  if (!existsSync(dir))
    throw new UsageError(
      `platform migrations: ${dir} does not exist (expected the SQL migrations)`,
    );
  const snapshot = join(root, SNAPSHOT_FILE);
  return {
    ups: readSqlDir(dir),
    downs: readSqlDir(join(root, DOWN_DIR)),
    ...(existsSync(snapshot) ? { snapshot: readFileSync(snapshot, "utf8") } : {}),
  };
}

function git(root: string, args: string[]): string {
  try {
    return execFileSync("git", args, {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    }).toString("utf8");
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim().split("\n")[0] ?? "";
    throw new UsageError(`git ${args[0]}: ${stderr || (e as Error).message}`);
  }
}

/** Resolves `ref` to a commit, or throws a UsageError naming it. */
export function resolveRef(root: string, ref: string): string {
  try {
    return execFileSync("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    })
      .toString()
      .trim();
  } catch {
    throw new UsageError(
      `platform migrations: --base ${ref} is not a commit of the git repository at ${root}`,
    );
  }
}

/** The migrations at commit `sha` (from resolveRef). */
export function readRevision(root: string, sha: string): MigrationTree {
  const listed = git(root, ["ls-tree", "-r", "--name-only", sha, "--", `${MIGRATIONS_DIR}/`])
    .split("\n")
    .filter((p) => p !== "");
  const ups = new Map<string, string>();
  const downs = new Map<string, string>();
  for (const p of listed) {
    const show = (): string => git(root, ["show", `${sha}:${p}`]);
    const m = /^app\/migrations\/(down\/)?([^/]+\.sql)$/.exec(p);
    if (m === null) continue;
    (m[1] !== undefined ? downs : ups).set(m[2] as string, show());
  }
  const hasSnapshot =
    git(root, ["ls-tree", "--name-only", sha, "--", SNAPSHOT_FILE]).trim() === SNAPSHOT_FILE;
  return {
    ups: new Map([...ups].sort(([a], [b]) => (a < b ? -1 : 1))),
    downs,
    ...(hasSnapshot ? { snapshot: git(root, ["show", `${sha}:${SNAPSHOT_FILE}`]) } : {}),
  };
}

/** The top folder of the git repository holding `cwd`. */
export function repoRoot(cwd: string): string {
  try {
    return execFileSync("git", ["rev-parse", "--show-toplevel"], {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
    })
      .toString()
      .trim();
  } catch {
    throw new UsageError(`platform migrations: ${cwd} is not inside a git repository`);
  }
}
