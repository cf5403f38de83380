/**
 * Runs the real `bin/platform.js` in a child process, as a user would, and
 * checks the CLI's contract for bad input: exit 2, exactly one line on
 * stderr, no stack trace.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { expect } from "chai";

export const PROJECT_DIR = path.resolve(__dirname, "..", "..");
export const BIN = path.join(PROJECT_DIR, "bin", "platform.js");

export interface BinResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface BinOptions {
  /** The user's current directory. @default the project directory */
  readonly cwd?: string;
  /** Extra environment variables (PLATFORM_DEBUG is always removed). */
  readonly env?: Readonly<Record<string, string>>;
  /** Kill the child after this many ms. @default 120000 */
  readonly timeoutMs?: number;
}

export function runBin(args: readonly string[], opts: BinOptions = {}): BinResult {
  const env: Record<string, string | undefined> = { ...process.env, ...opts.env };
  delete env.PLATFORM_DEBUG;
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? PROJECT_DIR,
    env,
    encoding: "utf8",
    timeout: opts.timeoutMs ?? 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit 2, one stderr line equal to (or matching) `expected`, nothing on stdout, no stack frame. */
export function expectUsageError(r: BinResult, expected: string | RegExp): void {
  expect(r.stderr, "stack frames on stderr").not.to.include("    at ");
  const lines = r.stderr.split("\n");
  expect(lines.at(-1), "stderr ends with a newline").to.equal("");
  expect(lines.length - 1, `exactly one stderr line, got:\n${r.stderr}`).to.equal(1);
  if (typeof expected === "string") expect(lines[0]).to.equal(expected);
  else expect(lines[0]).to.match(expected);
  expect(r.code, `exit code (stderr: ${r.stderr})`).to.equal(2);
  expect(r.stdout).to.equal("");
}
