/**
 * Serializes work per key (one preview = one key) inside this process: a
 * second `up` or `destroy` of the same PR waits for the first. Across
 * processes the backend's stack lock and the workflows' per-PR concurrency
 * group do the same (a busy stack is reported, not retried).
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `fn` after every earlier `run` with the same key has settled; `onWait` is told when it must wait. */
  run<T>(key: string, fn: () => Promise<T>, onWait?: () => void): Promise<T> {
    const queued = this.tails.get(key);
    if (queued !== undefined) onWait?.();
    const previous = queued ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }

  /** Whether work for `key` is running or queued. */
  busy(key: string): boolean {
    return this.tails.has(key);
  }
}
