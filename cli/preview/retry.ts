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
 * 429/5xx answers from AWS, the Pulumi backend or GitHub. A policy violation,
 * a bad config or a busy stack is not transient.
 *
 * Status codes count only in the shapes that carry one, never as a bare
 * number (a stack named pr-503 prints 503 on every line):
 * - the AWS SDK for Go v2, which the AWS provider uses:
 *   `https response error StatusCode: 503, RequestID: …`
 *   (github.com/aws/aws-sdk-go-v2, aws/transport/http/response_error.go, read 2026-11-30);
 * - the Pulumi Cloud client: `[503] …` (github.com/pulumi/pulumi,
 *   sdk/go/common/apitype/errors.go `ErrorResponse.Error`, read 2026-11-30);
 * - an HTTP status line or reason: `503 Service Unavailable`, `429 Too Many Requests`,
 *   `status code 502`, `HTTP 504`.
 */
const STATUS = "(?:429|50[0234])";
const TRANSIENT = [
  /Throttl/i,
  /Rate exceeded/i,
  /RequestLimitExceeded/,
  /TooManyRequests/i,
  /SlowDown/,
  new RegExp(`StatusCode: ${STATUS}\\b`),
  new RegExp(`(?:^|[\\s:(])\\[${STATUS}\\] `),
  new RegExp(
    `\\b${STATUS} (?:Too Many Requests|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)\\b`,
    "i",
  ),
  new RegExp(`\\b(?:status(?: code)?|HTTP(?:/[0-9.]+)?)[:= ]+${STATUS}\\b`, "i"),
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

/** The parts of an Automation API error (`CommandResult.toString()` in @pulumi/pulumi/automation/cmd.js). */
const COMMAND_RESULT = /^code: -?\d+\n stdout: /;

/**
 * The lines of a failure that say what went wrong. An Automation API error
 * carries the CLI's whole output, progress lines and stack names included:
 * only its `error:` lines (and the `* ` items of a multi-error) count. Any
 * other error is its message.
 */
export function errorLines(message: string): string[] {
  if (!COMMAND_RESULT.test(message)) return message.split("\n");
  return message
    .split("\n")
    .map((l) => l.trim().replace(/^(stdout|stderr|err\?):\s*/, ""))
    .filter((l) => /(^|\s)error: /.test(l) || /^\* /.test(l));
}

export function isTransient(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (
    [
      "StackBusyError",
      "NotAPreviewError",
      "PulumiUnavailableError",
      "UsageError",
      "ConfigError",
      "BaseStackMissingError",
      "BaseStackNotStagingError",
    ].includes(e.name)
  ) {
    return false;
  }
  if (policyViolation(e.message) !== undefined) return false;
  const lines = errorLines(e.message);
  return lines.some((line) => TRANSIENT.some((re) => re.test(line)));
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
 * The first mandatory policy violation in the CLI's output, as its progress
 * display prints it under `Policies:` (pkg/backend/display/progress.go
 * `printPolicies`, pkg/backend/display/diff.go `renderDiffPolicyViolationEvent`
 * in github.com/pulumi/pulumi, read 2026-11-30):
 *
 *     ❌ platform-policies@v0.1.0 (local: policy-pack)
 *         - [mandatory] [severity: high]  required-tags  (aws:s3:Bucket: platform-uploads)
 *           The bucket has no CostCenter tag.
 *
 * Returned as `required-tags (aws:s3:Bucket: platform-uploads): The bucket has no CostCenter tag.`
 * (the message is its first line). The diff display's one-line form
 * (`    <pack>@v<version> [mandatory]  <policy>  (<type>: <name>)<message>`) is read too.
 */
export function policyViolation(message: string): string | undefined {
  const lines = message.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m =
      /^\s*(?:(?:stdout|stderr):\s*)?(?:- |\S+@v\S* )\[mandatory\](?: \[severity: [a-z]+\])? {2}(\S+)(?: {2}\(([^)]*)\))?(.*)$/.exec(
        lines[i],
      );
    if (!m) continue;
    const [, policy, resource, rest] = m;
    const inline = rest.trim();
    const next = (lines[i + 1] ?? "").trim();
    const detail = inline !== "" ? inline : /^- \[|^$/.test(next) ? "" : next;
    return `${policy}${resource !== undefined ? ` (${resource})` : ""}${detail !== "" ? `: ${detail}` : ""}`;
  }
  return undefined;
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
  const policy = policyViolation(message);
  if (policy !== undefined) return `policy violation: ${clip(policy)}`;
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
