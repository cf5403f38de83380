/**
 * Synthesizes a stack as it was at a git revision: a temporary `git worktree`
 * of the revision, this checkout's node_modules linked into it, and that
 * revision's own `node bin/platform.js synth --stack S --json` run in it as a
 * child process. The worktree is removed afterwards, also when synth fails.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UsageError } from "../errors";
import { SynthDocument } from "../core/resource";
import { toSynthDocument } from "../core/document";

export interface BaseOptions {
  /** Kill the child synth after this long. @default 300000 */
  readonly timeoutMs?: number;
}

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function exec(
  cmd: string,
  args: string[],
  cwd: string,
  extra: { env?: NodeJS.ProcessEnv; timeout?: number } = {},
): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      {
        cwd,
        maxBuffer: 512 * 1024 * 1024,
        env: extra.env ?? process.env,
        timeout: extra.timeout ?? 0,
      },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === "number"
            ? ((err as { code: number }).code as number)
            : 1
          : 0;
        resolve({
          code,
          stdout: String(stdout),
          stderr: String(stderr) || (err && !String(stderr) ? err.message : ""),
        });
      },
    );
  });
}

const firstLine = (s: string) =>
  s
    .trim()
    .split("\n")
    .find((l) => l.trim() !== "" && !/^npm warn/i.test(l)) ?? "";

async function git(args: string[], cwd: string): Promise<string> {
  const r = await exec("git", args, cwd);
  if (r.code !== 0)
    throw new UsageError(`git ${args[0]}: ${firstLine(r.stderr) || `exit ${r.code}`}`);
  return r.stdout.trim();
}

/** Synthesizes `stack` at `ref` of the repository that holds `cwd`. */
export async function synthesizeAtRef(
  cwd: string,
  ref: string,
  stack: string,
  opts: BaseOptions = {},
): Promise<SynthDocument> {
  const root = await git(["rev-parse", "--show-toplevel"], cwd).catch(() => {
    throw new UsageError(`--base ${ref}: ${cwd} is not inside a git repository`);
  });
  const commit = await git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], cwd).catch(
    () => {
      throw new UsageError(
        `--base ${ref}: not a commit in this repository (expected a branch, tag or commit)`,
      );
    },
  );
  const projectRel = path.relative(fs.realpathSync(root), fs.realpathSync(cwd));
  const holder = fs.mkdtempSync(path.join(os.tmpdir(), "platform-base-"));
  const tree = path.join(holder, "tree");
  let added = false;
  try {
    await git(["worktree", "add", "--detach", "--quiet", tree, commit], cwd);
    added = true;
    const project = path.join(tree, projectRel);
    const bin = path.join(project, "bin", "platform.js");
    if (!fs.existsSync(bin))
      throw new UsageError(
        `--base ${ref}: that revision has no bin/platform.js to synthesize with`,
      );
    const modules = path.join(cwd, "node_modules");
    if (fs.existsSync(modules) && !fs.existsSync(path.join(project, "node_modules"))) {
      fs.symlinkSync(modules, path.join(project, "node_modules"), "dir");
    }
    const env = { ...process.env, PLATFORM_PROJECT_DIR: project };
    const r = await exec(process.execPath, [bin, "synth", "--stack", stack, "--json"], project, {
      env,
      timeout: opts.timeoutMs ?? 300_000,
    });
    if (r.code !== 0) {
      throw new UsageError(
        `--base ${ref}: synth --stack ${stack} failed in that revision: ${firstLine(r.stderr) || `exit ${r.code}`}`,
      );
    }
    let doc: unknown;
    try {
      doc = JSON.parse(r.stdout);
    } catch {
      throw new UsageError(
        `--base ${ref}: synth --stack ${stack} in that revision did not print JSON`,
      );
    }
    return toSynthDocument(doc, `--base ${ref}`, stack);
  } finally {
    if (added) await exec("git", ["worktree", "remove", "--force", tree], cwd);
    fs.rmSync(holder, { recursive: true, force: true });
    await exec("git", ["worktree", "prune"], cwd);
  }
}
