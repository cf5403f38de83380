/**
 * Physical names: one pure function derives every AWS name from the project,
 * the environment (or preview PR number) and the resource's role.
 *
 * Names are deterministic (the same inputs give the same name, so a re-run
 * never renames), unique per environment and PR, and always within the
 * service's length and character rules. A name that would be too long keeps
 * its readable start and ends in a hash of the full name, so two long names
 * never collide.
 */
import { createHash } from "node:crypto";

import nameRules from "../policy-pack/data/name-limits.json";

/**
 * The AWS name rules this program runs into: each kind's maximum length, read
 * from policy-pack/data/name-limits.json (one source, with each limit's AWS
 * source and the date it was read; the pack's resource-name-valid rule checks
 * the same file's character rules).
 */
export type NameKind = keyof typeof nameRules.limits;

export const NAME_LIMITS: { readonly [K in NameKind]: number } = Object.fromEntries(
  Object.entries(nameRules.limits).map(([kind, rule]) => [kind, rule.maxLength]),
) as { [K in NameKind]: number };

export interface NameContext {
  /** Pulumi project name, e.g. `platform`. */
  readonly project: string;
  /** `dev`, `staging`, `prod` or `preview`. */
  readonly environment: string;
  /** The PR number of a preview. */
  readonly pullRequest?: number;
  /**
   * A preview's incarnation (set once when its stack is created): keeps names
   * that AWS holds on to after deletion (Secrets Manager) fresh when a PR is
   * closed and reopened.
   */
  readonly instance?: string;
}

/** `staging`, `prod`, or `pr42` for the preview of PR 42. */
export function environmentToken(ctx: NameContext): string {
  return ctx.pullRequest !== undefined ? `pr${ctx.pullRequest}` : ctx.environment;
}

export function shortHash(input: string, length = 6): string {
  return createHash("sha256").update(input).digest("hex").slice(0, length);
}

/**
 * A name part as every physical name spells it: lower case, runs of anything
 * but `a-z`, `0-9` and `-` as one `-`, no `-` at either end.
 */
export function sanitize(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Length of the hash that ends a shortened name. */
const HASH_LENGTH = 8;
/** The longest environment token a preview can have: `pr` and 8 digits (PRs up to 99,999,999). */
const MAX_ENV_TOKEN = 10;
/**
 * Prefixes AWS reserves: `internal-` (load balancers), `sthree-` and
 * `amzn-s3-demo-` (S3), `xn--` (S3; impossible after sanitizing).
 */
const RESERVED_PREFIXES = ["internal-", "sthree-", "amzn-s3-demo-", "xn--"];

/** The project part of a name: lowercase, starts with a letter, never a reserved prefix. */
function projectToken(project: string): string {
  let p = sanitize(project);
  if (!/^[a-z]/.test(p) || RESERVED_PREFIXES.some((r) => `${p}-`.startsWith(r)))
    p = p === "" ? "p" : `p-${p}`;
  return p;
}

function cut(s: string, length: number): string {
  return s.slice(0, Math.max(0, length)).replace(/-+$/, "");
}

/**
 * The physical name of a resource playing `role` (e.g. `db`, `uploads`) of
 * kind `kind`: `<project>-<env>-<role>[-<unique>]`. `unique` (e.g. an
 * account id) is appended for globally unique namespaces such as S3.
 *
 * Every name is lowercase letters, digits and single hyphens, starts with a
 * letter, ends with a letter or digit, and fits `NAME_LIMITS[kind]`. A name
 * that would be too long becomes `<project…>-<env>-<role…>[-<unique>]-<hash>`:
 * the environment token (`pr42`) and `unique` stay whole, the project and the
 * role are shortened, and the hash of the full name keeps shortened roles
 * apart. A preview decides whether to shorten for the longest PR number, so
 * every PR of a project uses the same layout and two PRs never share a name.
 */
export function physicalName(
  ctx: NameContext,
  role: string,
  kind: NameKind,
  unique?: string,
): string {
  const limit = NAME_LIMITS[kind];
  const project = projectToken(ctx.project);
  const env = sanitize(environmentToken(ctx));
  const roleToken = sanitize(role);
  const uniqueToken = sanitize(unique ?? "");
  const full = [project, env, roleToken, uniqueToken].filter((p) => p !== "").join("-");
  const worstCase =
    ctx.pullRequest !== undefined
      ? full.length - env.length + Math.max(env.length, MAX_ENV_TOKEN)
      : full.length;
  if (worstCase <= limit) return full;

  const hash = shortHash(full, HASH_LENGTH);
  const tail = uniqueToken === "" ? hash : `${uniqueToken}-${hash}`;
  // The project's share depends only on the kind and `unique`, never on the PR number.
  const projectBudget = Math.floor((limit - MAX_ENV_TOKEN - tail.length - 3) / 2);
  const envPart = env.length <= MAX_ENV_TOKEN ? env : cut(env, MAX_ENV_TOKEN);
  const projectPart = cut(project, projectBudget);
  if (projectBudget < 1 || projectPart === "") {
    // `unique` leaves no room for the readable parts: keep what fits of it and the hash.
    return `${cut(`p-${uniqueToken}`, limit - hash.length - 1)}-${hash}`;
  }
  const roleBudget = limit - projectPart.length - envPart.length - tail.length - 3;
  const rolePart = cut(roleToken, roleBudget);
  return [projectPart, envPart, rolePart, tail].filter((p) => p !== "").join("-");
}

/**
 * Secrets Manager name: `<project>/<env>/<role>` (slashes group secrets in the
 * console and in IAM); a preview with an instance gets
 * `<project>/pr<N>/<instance>/<role>`. Secrets Manager keeps a deleted name
 * for its recovery window (previews use 0 days, but deletion is asynchronous
 * and a secret deleted by hand may wait 7–30 days), so a re-created preview
 * takes a new instance rather than waiting for its old names. The instance is
 * a path segment, never a `-xxxxxx` ending, which Secrets Manager's partial
 * ARNs would confuse with its own random suffix.
 */
export function secretName(ctx: NameContext, role: string): string {
  const instance = ctx.pullRequest !== undefined && ctx.instance ? [ctx.instance] : [];
  return [ctx.project, environmentToken(ctx), ...instance, role].map(sanitize).join("/");
}

/** Log group name: `/<project>/<env>/<role>`. */
export function logGroupName(ctx: NameContext, role: string): string {
  return `/${[ctx.project, environmentToken(ctx), role].map(sanitize).join("/")}`;
}
