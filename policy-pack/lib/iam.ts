/**
 * Reading IAM policy documents (identity and resource policies) as the
 * engine hands them to policies: a JSON string, or an object. Statement,
 * Action, Resource and Principal may each be a single value or an array
 * (IAM JSON policy element reference,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html,
 * read 2026-11-30).
 */
import { asArray, asRecord, parseJson } from "./values";

export interface Statement {
  readonly effect: string;
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly principal: unknown;
  readonly condition: Record<string, unknown>;
  readonly sid?: string;
}

function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return asArray(value).filter((v): v is string => typeof v === "string");
}

/** The statements of a policy document, or undefined when it is not one (not JSON, no Statement). */
export function statements(document: unknown, where = "policy"): Statement[] | undefined {
  const doc = asRecord(parseJson(document, where), where);
  if (!doc) return undefined;
  const raw = doc.Statement;
  const list = Array.isArray(raw) ? raw : raw !== undefined ? [raw] : [];
  return list.map((s) => {
    const r = asRecord(s) ?? {};
    return {
      effect: String(r.Effect ?? ""),
      actions: strings(r.Action),
      notActions: strings(r.NotAction),
      resources: strings(r.Resource),
      principal: r.Principal,
      condition: asRecord(r.Condition) ?? {},
      ...(typeof r.Sid === "string" ? { sid: r.Sid } : {}),
    };
  });
}

/** Whether a Principal element lets in anyone: "*", {"AWS": "*"} (or "*" among the AWS principals). */
export function isEveryone(principal: unknown): boolean {
  if (principal === "*") return true;
  const p = asRecord(principal);
  return p !== undefined && strings(p.AWS).includes("*");
}

/**
 * Condition keys that narrow "anyone" to a known caller, account, network or
 * organization (AWS global condition context keys,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html,
 * read 2026-11-30). aws:SecureTransport is not one: it narrows the channel, not the caller.
 */
export const NARROWING_CONDITION_KEYS = [
  "aws:sourcearn",
  "aws:sourceaccount",
  "aws:sourceowner",
  "aws:sourceorgid",
  "aws:sourceorgpaths",
  "aws:principalarn",
  "aws:principalaccount",
  "aws:principalorgid",
  "aws:principalorgpaths",
  "aws:sourcevpc",
  "aws:sourcevpce",
  "aws:sourceip",
  "aws:userid",
  "aws:username",
  "kms:calleraccount",
  "kms:viaservice",
];

/** Whether a statement's Condition narrows who may use it (any operator on a narrowing key). */
export function hasNarrowingCondition(condition: Record<string, unknown>): boolean {
  for (const operator of Object.values(condition)) {
    const keys = Object.keys(asRecord(operator) ?? {}).map((k) => k.toLowerCase());
    if (keys.some((k) => NARROWING_CONDITION_KEYS.includes(k))) return true;
  }
  return false;
}

/** Statements that allow anyone without a narrowing condition. */
export function publicAllows(list: readonly Statement[]): Statement[] {
  return list.filter(
    (s) => s.effect === "Allow" && isEveryone(s.principal) && !hasNarrowingCondition(s.condition),
  );
}

/**
 * Whether an action only reads: named (or wildcarded) Get*, List*, Describe*
 * or one of the read-style verbs below. Everything else — writes, deletes,
 * policy and permission changes, wildcards, NotAction — counts as critical.
 */
export function isReadOnlyAction(action: string): boolean {
  const [, name] = action.split(":");
  if (name === undefined) return false;
  return /^(Get|List|Describe|Head|BatchGet|BatchCheck|Query|Scan|Receive|Select)/.test(name);
}

/** Whether an action is all actions ("*") or all of one service ("s3:*"). */
export function isServiceWildcard(action: string): boolean {
  return action === "*" || /^[a-z0-9-]+:\*$/i.test(action);
}
