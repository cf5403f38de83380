/**
 * `npm run bench:ratio`: the CLI's process times against the targets.
 *
 * - bare load: a Node process that loads the Pulumi runtime, sets Pulumi's
 *   mocks and loads `@pulumi/aws` and `@pulumi/docker` (what any offline run
 *   of the program pays before it does anything);
 * - `platform check --stack S` for each stack, as a process (the compiled
 *   CLI, bin/platform.js): its ratio to the bare load (target: ≤ 2×);
 * - `platform check --stack all`: every stack in one process (target: < 3 s).
 *
 * Each figure is the median of `--runs N` (default 3) wall-clock runs. A
 * benchmark, not a test: it prints the figures and whether each meets its
 * target, and fails on nothing. Say the machine's load with the figures
 * (it prints the load average).
 *
 * The CLI turns on Node's compile cache (bin/platform.js), as it does for
 * every user: each command runs once untimed first, so the timings are the
 * warm case (every run after the first since the last build). The bare load
 * is the baseline — plain `node`, no compile cache — and is also
 * printed with the compile cache, for comparison only.
 */
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";

const PROJECT_DIR = path.resolve(__dirname, "..");
const STACKS = ["dev", "staging", "prod", "pr-7"];
const RATIO_TARGET = 2;
const ALL_TARGET_MS = 3000;

const runsArg = process.argv.indexOf("--runs");
const RUNS = Math.max(1, Number(runsArg >= 0 ? process.argv[runsArg + 1] : 3));

const BARE = [
  'const pulumi = require("@pulumi/pulumi");',
  "pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: (a) => a.inputs },",
  '  "platform", "bench", false);',
  'require("@pulumi/aws");',
  'require("@pulumi/docker");',
].join("\n");

/** Median wall-clock milliseconds of `node args…` in the project; fails on a non-zero exit other than 1. */
function median(args: string[], env: NodeJS.ProcessEnv = process.env, runs = RUNS): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: PROJECT_DIR, encoding: "utf8", env });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 0 && r.status !== 1) {
      throw new Error(
        `node ${args.join(" ")} exited ${r.status}: ${(r.stderr ?? "").split("\n")[0]}`,
      );
    }
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** One untimed run, so the compile cache holds what the timed runs load. */
function warm(args: string[]): void {
  median(args, process.env, 1);
}

function main(): void {
  const cli = path.join(PROJECT_DIR, "bin", "platform.js");
  warm([cli, "--help"]); // builds dist/ if a source changed, outside the timings
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
  console.log(
    `${os.cpus().length} cores, load average ${load}, Node ${process.version}, median of ${RUNS}`,
  );
  // The baseline: plain node, as the issue defines it (no compile cache, whatever the environment says).
  const plain: NodeJS.ProcessEnv = { ...process.env, NODE_DISABLE_COMPILE_CACHE: "1" };
  delete plain.NODE_COMPILE_CACHE;
  const bare = median(["-e", BARE], plain);
  console.log(
    `bare load (Pulumi runtime + mocks + @pulumi/aws + @pulumi/docker): ${Math.round(bare)} ms`,
  );
  const cachedBare = ['require("node:module").enableCompileCache();', BARE].join("\n");
  warm(["-e", cachedBare]);
  console.log(
    `  (for comparison only: the same with Node's compile cache, warm: ${Math.round(median(["-e", cachedBare]))} ms)`,
  );
  for (const stack of STACKS) {
    warm([cli, "check", "--stack", stack]);
    const ms = median([cli, "check", "--stack", stack]);
    const ratio = ms / bare;
    console.log(
      `check --stack ${stack}: ${Math.round(ms)} ms = ${ratio.toFixed(2)}× bare (target ≤ ${RATIO_TARGET}×: ${ratio <= RATIO_TARGET ? "met" : "NOT met"})`,
    );
  }
  warm([cli, "check", "--stack", "all"]);
  const all = median([cli, "check", "--stack", "all"]);
  console.log(
    `check --stack all: ${(all / 1000).toFixed(2)} s (target < ${ALL_TARGET_MS / 1000} s: ${all < ALL_TARGET_MS ? "met" : "NOT met"})`,
  );
}

main();
