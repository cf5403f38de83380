/** One dependency check for /readyz. It receives a signal that aborts when the timeout passes. */
export interface ReadinessCheck {
  readonly name: string;
  readonly check: (signal: AbortSignal) => Promise<void>;
}

export interface CheckResult {
  readonly ok: boolean;
  readonly durationMs: number;
  readonly error?: string;
}

export interface ReadinessReport {
  readonly status: "ready" | "not ready";
  readonly checks: Readonly<Record<string, CheckResult>>;
  /** Names of the failed checks, in check order. */
  readonly failed: readonly string[];
}

/** Runs every check concurrently, each bounded by `timeoutMs`, and reports which failed. */
export async function runReadiness(
  checks: readonly ReadinessCheck[],
  timeoutMs: number,
): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async (c): Promise<[string, CheckResult]> => {
      const started = Date.now();
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      let timedOut = false;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          timedOut = true;
          reject(new Error(`timed out after ${timeoutMs} ms`));
          controller.abort();
        }, timeoutMs);
      });
      try {
        await Promise.race([c.check(controller.signal), timeout]);
        // A check that settles only because it was aborted still missed its deadline.
        if (timedOut) throw new Error(`timed out after ${timeoutMs} ms`);
        return [c.name, { ok: true, durationMs: Date.now() - started }];
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        return [
          c.name,
          {
            ok: false,
            durationMs: Date.now() - started,
            error: message === "" ? (err as Error).name : message,
          },
        ];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const failed = results.filter(([, r]) => !r.ok).map(([n]) => n);
  return {
    status: failed.length === 0 ? "ready" : "not ready",
    checks: Object.fromEntries(results),
    failed,
  };
}
