/**
 * Bounded retries with exponential backoff for the preview lifecycle, and the
 * one line a failure is reported with.
 */

export interface RetryPolicy {
  /** Tries in all, the first included. */
  readonly attempts: number;
  /** Wait before the second try; each later wait doubles. */
  readonly baseDelayMs: number;
  /** Longest single wait. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 15_000, maxDelayMs: 120_000 };

/**
 * Failures worth another try: throttling, timeouts, dropped connections and
 * 5xx answers from AWS, the Pulumi backend or GitHub. A policy violation, a
 * bad config or a busy stack is not transient.
 */
const TRANSIENT = [
  /Throttl/i,
  /Rate exceeded/i,
  /RequestLimitExceeded/,
  /TooManyRequests/i,
  /\b429\b/,
  /\b50[0234]\b(?! *ms)/,
  /ServiceUnavailable/,
  /InternalFailure|InternalError/,
  /RequestTimeout/,
  /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|EPIPE/,
  /socket hang up/i,
  /connection reset by peer/i,
  /i\/o timeout/i,
  /TLS handshake timeout/i,
  /unexpected EOF/i,
];

export function isTransient(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (
    [
      "StackBusyError",
      "NotAPreviewError",
      "PulumiUnavailableError",
      "UsageError",
      "ConfigError",
    ].includes(e.name)
  ) {
    return false;
  }
  return TRANSIENT.some((re) => re.test(e.message));
}

export interface RetryHooks {
  readonly sleep: (ms: number) => Promise<void>;
  /** Told before each wait: the try that failed, the wait, the failure. */
  readonly onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
  readonly isTransient?: (e: unknown) => boolean;
}

/** Runs `fn`, again after a transient failure, at most `policy.attempts` times in all. */
export async function withRetry<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy,
  hooks: RetryHooks,
): Promise<T> {
  const transient = hooks.isTransient ?? isTransient;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt >= policy.attempts || !transient(e)) throw e;
      const delay = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
      hooks.onRetry?.(attempt, delay, e);
      await hooks.sleep(delay);
    }
  }
}

/**
 * One line for a failure. Automation API errors carry the whole CLI output
 * (`code: 255\n stdout: …\n stderr: …`): the first mandatory policy violation
 * or the first specific `error:` line says what went wrong; the rest goes to
 * the log.
 */
export function summarizeError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const lines = message.split("\n").map((l) => l.trim().replace(/^(stdout|stderr|err\?):\s*/, ""));
  const policy = lines.find((l) => /^\[mandatory\]/.test(l));
  if (policy) return `policy violation: ${clip(policy.replace(/^\[mandatory\]\s*/, ""))}`;
  const generic = /^error: (update failed|preview failed|destroy failed|an error occurred)\.?$/i;
  const specific = lines.find((l) => /^error: /.test(l) && !generic.test(l));
  if (specific) return clip(specific.replace(/^error: /, ""));
  const bullet = lines.find((l) => /^\* /.test(l));
  if (bullet) return clip(bullet.slice(2));
  const first = lines.find((l) => l !== "" && !/^code: /.test(l)) ?? message;
  return clip(first);
}

function clip(s: string, max = 300): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
