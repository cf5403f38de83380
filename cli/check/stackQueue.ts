/**
 * The queue the threads of ./stackPool.ts share: the stacks, and one counter
 * in shared memory that each thread advances atomically to take the next
 * stack, so no thread waits for another to hand it work.
 */
import type { StackCheckOptions } from "./stackCheck";

/** What every thread of the pool is given. */
export interface PoolData {
  readonly stacks: readonly string[];
  readonly opts: StackCheckOptions;
  /** One Int32: the index of the next stack to take. */
  readonly counter: SharedArrayBuffer;
}

/** An error as it crosses to the main thread, which raises it again by name. */
export interface WorkerError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

export function poolData(stacks: readonly string[], opts: StackCheckOptions): PoolData {
  return { stacks: [...stacks], opts, counter: new SharedArrayBuffer(4) };
}

/** The index of the next stack nobody took yet, or undefined when all are taken. */
export function takeNext(data: PoolData): number | undefined {
  const i = Atomics.add(new Int32Array(data.counter), 0, 1);
  return i < data.stacks.length ? i : undefined;
}
