/**
 * Reading Pulumi's raw inputs the way the analyzer hands them to policies.
 *
 * The engine wraps `props` (and a provider's props) in `unknownCheckingProxy`:
 * reading a value that is unknown during preview throws `UnknownValueError`,
 * which the SDK reports as an advisory "can't run policy during preview". The
 * helpers here never swallow that error, except `tryRead`, which returns it so
 * a stack policy can finish checking the other resources before re-throwing.
 */
import { UnknownValueError, unknownCheckingProxy } from "@pulumi/policy";

/**
 * How a secret value appears in the offline resource shape (`platform synth`,
 * `--resources` files). Under the Pulumi engine a policy never sees it: the
 * SDK unwraps secrets and hands policies the real value
 * (@pulumi/policy 1.21.0 deserialize.js, `secretsPreservingProxy`; read
 * 2026-11-30 in node_modules/@pulumi/policy).
 */
export const SECRET_PLACEHOLDER = "[secret]";

/** Pulumi's sentinel for an unknown string (@pulumi/policy proxy.js `unknownStringValue`). */
const UNKNOWN_STRING_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * Thrown when a rule must look inside a value that arrived as "[secret]".
 * It extends the SDK's UnknownValueError, so every path that already turns
 * an unknown value into an advisory (the SDK's server, `tryRead`, `Pending`,
 * `platform check`) does the same here: never a mandatory violation.
 * `platform check` reports it as "cannot be checked offline".
 */
export class SecretValueError extends UnknownValueError {
  // @pulumi/policy's proxy.d.ts declares nothing, so Error's fields are restated here.
  declare name: string;
  declare message: string;
  constructor(where: string) {
    // The SDK builds its message from an unknown sentinel; ours replaces it.
    super(UNKNOWN_STRING_SENTINEL, []);
    this.name = "SecretValueError";
    this.message = `${where} is a secret ("[secret]" in the offline resource shape), so its content cannot be inspected; under the Pulumi engine the policy sees the real value`;
  }
}

/** Throws SecretValueError when `value` is the offline secret placeholder. */
export function inspectable<V>(value: V, where = "a value this rule inspects"): V {
  if (value === SECRET_PLACEHOLDER) throw new SecretValueError(where);
  return value;
}

/**
 * Whether `test` holds for some item. An item whose test throws
 * UnknownValueError (a secret offline, a value unknown in preview) leaves the
 * answer open only when no other item settles it: then its error is
 * re-thrown; otherwise the answer is `false`.
 */
export function someKnown<T>(items: readonly T[], test: (item: T) => boolean): boolean {
  let open: Error | undefined;
  for (const item of items) {
    const read = tryRead(() => test(item));
    if (read.known && read.value) return true;
    if (!read.known) open ??= read.error;
  }
  if (open !== undefined) throw open;
  return false;
}

/** Whether `e` is the SDK's "this value is unknown during preview" error. */
export function isUnknownValueError(e: unknown): e is Error {
  return e instanceof UnknownValueError;
}

export type Read<T> =
  { readonly known: true; readonly value: T } | { readonly known: false; readonly error: Error };

/** Runs `read`; an unknown value comes back as `{ known: false }` instead of throwing. */
export function tryRead<T>(read: () => T): Read<T> {
  try {
    return { known: true, value: read() };
  } catch (e) {
    if (isUnknownValueError(e)) return { known: false, error: e };
    throw e;
  }
}

/**
 * A non-empty string. The secret placeholder "[secret]" counts: a secret
 * value IS set, and whether a value is set never needs its content.
 */
export function isSet(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

/**
 * A non-empty string, trimmed; undefined otherwise. Callers compare or look
 * up the text, so the secret placeholder throws SecretValueError naming
 * `where` (to only ask whether a value is set, use `isSet`).
 */
export function trimmed(value: unknown, where?: string): string | undefined {
  inspectable(value, where);
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/**
 * A finite number, also from its string form (the engine hands some numbers
 * as strings). The secret placeholder throws SecretValueError naming `where`.
 */
export function numeric(value: unknown, where?: string): number | undefined {
  inspectable(value, where);
  const n =
    typeof value === "number"
      ? value
      : typeof value === "string" && value.trim() !== ""
        ? Number(value)
        : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/**
 * `true`, also as the string "true" (the engine hands some inputs — provider
 * inputs, policy documents — as JSON strings). The secret placeholder throws
 * SecretValueError naming `where`: it is neither true nor false.
 */
export function isTrue(value: unknown, where?: string): boolean {
  inspectable(value, where);
  return value === true || value === "true";
}

/**
 * Whether `value` is one of the strings `allowed` (an enum-like input: a
 * protocol, an algorithm, a policy name). The secret placeholder throws
 * SecretValueError naming `where`, even when "[secret]" is among `allowed`.
 */
export function isOneOf(value: unknown, allowed: readonly string[], where?: string): boolean {
  inspectable(value, where);
  return typeof value === "string" && allowed.includes(value);
}

/** The array, or `[]` for anything else. The secret placeholder throws SecretValueError naming `where`. */
export function asArray(value: unknown, where?: string): unknown[] {
  inspectable(value, where);
  return Array.isArray(value) ? value : [];
}

/** The object (not an array), or undefined. The secret placeholder throws SecretValueError naming `where`. */
export function asRecord(value: unknown, where?: string): Record<string, unknown> | undefined {
  inspectable(value, where);
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * Parses a value that may be a JSON string or already an object/array (ECS
 * container definitions, IAM policy documents, a provider's defaultTags).
 * The result is wrapped like the engine's props, so an unknown sentinel
 * inside still throws. Returns `undefined` when the string is not JSON. The
 * secret placeholder throws SecretValueError naming `where`.
 */
export function parseJson(value: unknown, where?: string): unknown {
  inspectable(value, where);
  if (typeof value === "string") {
    try {
      return unknownCheckingProxy(JSON.parse(value));
    } catch (e) {
      if (isUnknownValueError(e)) throw e;
      return undefined;
    }
  }
  return value;
}

/**
 * AWS-managed keys (`alias/aws/s3`, `arn:…:alias/aws/rds`) are not
 * customer-managed: their policy and rotation are out of the team's hands.
 * The secret placeholder throws SecretValueError naming `where`.
 */
export function isAwsManagedKey(keyId: string, where?: string): boolean {
  inspectable(keyId, where);
  return /(^|:)alias\/aws\//.test(keyId);
}

/**
 * Checks a KMS key reference: set, and not an AWS-managed alias. Returns the
 * problem or `undefined`. The secret placeholder throws SecretValueError
 * naming `prop`.
 */
export function customerManagedKeyProblem(prop: string, value: unknown): string | undefined {
  inspectable(value, prop);
  if (!isSet(value)) return `${prop} is not set`;
  if (isAwsManagedKey(value)) return `${prop} is the AWS-managed key ${value}`;
  return undefined;
}

/**
 * Short, single-line rendering of a value for messages. It renders, never
 * judges: the secret placeholder comes out as-is, `"[secret]"`. That leaks
 * nothing — offline, every secret is already replaced by the placeholder
 * (`platform synth` redacts, and `--resources` files read the engine's secret
 * wire form as "[secret]"), so the text shown is the redaction itself. A rule
 * meets it here only after the judging helpers above have let it through,
 * i.e. where the finding does not depend on the content (e.g. a fixed name
 * with no property dependency). Under the Pulumi engine policies see secrets
 * in clear, so a rule must not `show` an input that may hold a secret's value
 * (no-plaintext-secrets names the variable, never its value).
 */
export function show(value: unknown): string {
  if (value === undefined) return "not set";
  if (typeof value === "string") return JSON.stringify(value);
  try {
    return JSON.stringify(value);
  } catch (e) {
    if (isUnknownValueError(e)) throw e;
    return String(value);
  }
}
