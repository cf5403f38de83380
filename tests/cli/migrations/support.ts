/**
 * Throw-away git repositories holding a copy of this repository's migrations,
 * down files and schema snapshot, for the migrations check's fixtures.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Io } from "../../../cli/command";
import { main } from "../../../cli/main";

export const REPO = join(__dirname, "..", "..", "..");

export function git(dir: string, ...args: string[]): string {
  return execFileSync(
    "git",
    [
      "-c",
      "user.name=test",
      "-c",
      "user.email=test@example.com",
      "-c",
      "commit.gpgsign=false",
      ...args,
    ],
    { cwd: dir, stdio: ["ignore", "pipe", "pipe"] },
  ).toString();
}

/** A git repository with app/migrations (ups and downs) and app/schema.sql, committed. */
export function fixtureRepo(): {
  dir: string;
  write: (path: string, text: string) => void;
  remove: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), "platform-migrations-fixture-"));
  mkdirSync(join(dir, "app"));
  cpSync(join(REPO, "app", "migrations"), join(dir, "app", "migrations"), { recursive: true });
  cpSync(join(REPO, "app", "schema.sql"), join(dir, "app", "schema.sql"));
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "base");
  return {
    dir,
    write(path, text) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Ran {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `platform <argv>` in-process in `cwd`. */
export async function platform(argv: string[], cwd: string): Promise<Ran> {
  let out = "";
  let err = "";
  const io: Io = { out: (t) => (out += t), err: (t) => (err += t), cwd };
  const code = await main(argv, io);
  return { code, out, err };
}
