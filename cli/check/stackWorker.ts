/**
 * A worker thread of ./stackPool.ts: loads the Pulumi runtime, the program's
 * dependencies and the pack once, then takes stacks from the pool's shared
 * queue until none is left, answering { index, outcome } or { index, error }
 * for each.
 */
import { parentPort, workerData } from "node:worker_threads";
import { synthesize } from "../core/synthesize";
import { checkStack } from "./stackCheck";
import { PoolData, takeNext, WorkerError } from "./stackQueue";

async function work(port: NonNullable<typeof parentPort>, data: PoolData): Promise<void> {
  for (let i = takeNext(data); i !== undefined; i = takeNext(data)) {
    try {
      const outcome = await checkStack(data.stacks[i], data.opts, synthesize);
      port.postMessage({ index: i, outcome });
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      const error: WorkerError = { name: err.name, message: err.message, stack: err.stack };
      port.postMessage({ index: i, error });
    }
  }
  port.close();
}

if (parentPort !== null) void work(parentPort, workerData as PoolData);
