/**
 * How every generator under scripts/ ends: it knows each generated file's
 * current and expected text, then writes the stale ones, or with `--check`
 * names each stale one and fails.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The repository's root, which generated paths are shown relative to. */
export const REPO_ROOT = path.join(__dirname, "..");
/** The README: config:docs and cost:docs each write a block of it. */
export const README_PATH = path.join(REPO_ROOT, "README.md");

/** A generated file: where it is, what it holds now ("" when missing) and what it should hold. */
export interface GeneratedFile {
  readonly file: string;
  readonly current: string;
  readonly expected: string;
}

/** The text of `file`, or "" when it does not exist yet. */
export function currentText(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
}

/**
 * Writes each stale file (`wrote <file>` on stdout), or with `check` writes
 * nothing and names each stale one on stderr: `<file> is stale: run npm run
 * <command>`. Returns the exit code: 1 when `check` found a stale file, else 0.
 * Paths are shown relative to `root` (the repository's root).
 */
export function writeOrCheck(
  files: readonly GeneratedFile[],
  options: {
    readonly check: boolean;
    readonly command: string;
    /** What paths are shown relative to. @default REPO_ROOT */
    readonly root?: string;
  },
  io: {
    readonly write: (file: string, text: string) => void;
    readonly out: (line: string) => void;
    readonly err: (line: string) => void;
  } = {
    write: (file, text) => fs.writeFileSync(file, text),
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  },
): number {
  let stale = false;
  for (const { file, current, expected } of files) {
    if (current === expected) continue;
    const shown = path.relative(options.root ?? REPO_ROOT, file);
    if (options.check) {
      io.err(`${shown} is stale: run npm run ${options.command}`);
      stale = true;
    } else {
      io.write(file, expected);
      io.out(`wrote ${shown}`);
    }
  }
  return stale ? 1 : 0;
}
