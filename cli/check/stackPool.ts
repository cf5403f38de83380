/**
 * `platform check --stack all` on several threads of one process: the main
 * thread and up to (cores − 1) worker threads (./stackWorker.ts) each take the
 * next stack from one shared queue (./stackQueue.ts) until none is left. Each
 * thread runs the program under its own Pulumi mock runtime (the runtime is
 * global to a thread) and the same pack with the same configs, so a stack's
 * result is what a run on one thread gives; the results come back in the
 * order of the stacks. On one core, or for one stack, the main thread does it all.
 */
import * as os from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { ConfigError } from "../../config/errors";
import { UsageError } from "../errors";
import type { SynthDocument } from "../core/resource";
import { checkStack, StackCheckOptions, StackOutcome } from "./stackCheck";
import { PoolData, poolData, takeNext, WorkerError } from "./stackQueue";

/** Threads beyond this bring nothing: a project has a handful of stacks. */
const MAX_THREADS = 4;

/**
 * How many threads check `stacks`: `PLATFORM_CHECK_THREADS` when set to a
 * number (1 runs everything on the main thread), else one per idle core (the
 * cores less the one-minute load average, at least one: on a busy machine a
 * second thread only adds the cost of loading everything twice); never more
 * than one per stack.
 */
export function threadCount(
  stacks: number,
  env: NodeJS.ProcessEnv = process.env,
  cores = os.availableParallelism(),
  load = os.loadavg()[0],
): number {
  const given = env.PLATFORM_CHECK_THREADS;
  const wanted =
    given !== undefined && /^[1-9][0-9]?$/.test(given)
      ? Number(given)
      : Math.min(cores - Math.floor(load), MAX_THREADS);
  return Math.max(1, Math.min(wanted, stacks));
}

/** A worker on the compiled file beside this one, or on the TypeScript source under tsx (the tests). */
function startWorker(data: PoolData): Worker {
  if (path.extname(__filename) === ".js") {
    return new Worker(path.join(__dirname, "stackWorker.js"), { workerData: data });
  }
  const entry = path.join(__dirname, "stackWorker.ts");
  const code = `require("tsx/cjs"); require(${JSON.stringify(entry)});`;
  return new Worker(code, { eval: true, workerData: data });
}

/** The error a worker reported, raised again as the class the CLI maps to an exit code. */
function raised(e: WorkerError): Error {
  const err =
    e.name === "UsageError"
      ? new UsageError(e.message)
      : e.name === "ConfigError"
        ? new ConfigError(e.message)
        : new Error(e.message);
  if (e.stack !== undefined) err.stack = e.stack;
  return err;
}

type Settled = { readonly outcome: StackOutcome } | { readonly error: Error };

type Synthesize = (stack: string, opts: { cwd: string }) => Promise<SynthDocument>;

async function settle(stack: string, opts: StackCheckOptions, synth: Synthesize): Promise<Settled> {
  try {
    return { outcome: await checkStack(stack, opts, synth) };
  } catch (e) {
    return { error: e instanceof Error ? e : new Error(String(e)) };
  }
}

/**
 * Checks every stack of `stacks` and returns their outcomes in that order.
 * The first stack (in that order) that failed raises its error, as a run
 * that checked them one after the other would.
 */
export async function checkStacks(
  stacks: readonly string[],
  opts: StackCheckOptions,
  synthesize: Synthesize,
  threads = threadCount(stacks.length),
  data: PoolData = poolData(stacks, opts),
): Promise<StackOutcome[]> {
  const settled = new Map<number, Settled>();
  const workers = Array.from({ length: threads - 1 }, () => {
    const worker = startWorker(data);
    worker.on("message", (m: { index: number; outcome?: StackOutcome; error?: WorkerError }) => {
      settled.set(
        m.index,
        m.error !== undefined ? { error: raised(m.error) } : { outcome: m.outcome! },
      );
    });
    // A worker that fails to start or dies leaves its stack unsettled: the main thread redoes it below.
    worker.on("error", () => undefined);
    return new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  });
  for (let i = takeNext(data); i !== undefined; i = takeNext(data)) {
    settled.set(i, await settle(stacks[i], opts, synthesize));
  }
  await Promise.all(workers);
  for (let i = 0; i < stacks.length; i++) {
    if (!settled.has(i)) settled.set(i, await settle(stacks[i], opts, synthesize));
  }
  return stacks.map((_, i) => {
    const s = settled.get(i)!;
    if ("error" in s) throw s.error;
    return s.outcome;
  });
}
