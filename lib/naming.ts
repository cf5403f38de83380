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

/** The AWS name rules this program runs into. */
export const NAME_LIMITS = {
  alb: 32,
  targetGroup: 32,
  cacheReplicationGroup: 40,
  cacheParameterGroup: 255,
  rdsInstance: 63,
  rdsParameterGroup: 255,
  dbSubnetGroup: 255,
  s3Bucket: 63,
  iamRole: 64,
  lambda: 64,
  ecsCluster: 255,
  ecsService: 255,
  logGroup: 512,
  snsTopic: 256,
  sqsQueue: 80,
  secret: 512,
  kmsAlias: 256,
  securityGroup: 255,
  alarm: 255,
  dashboard: 255,
  backupVault: 50,
  backupPlan: 50,
  tag: 256,
} as const;

export type NameKind = keyof typeof NAME_LIMITS;

export interface NameContext {
  /** Pulumi project name, e.g. `platform`. */
  readonly project: string;
  /** `dev`, `staging`, `prod` or `preview`. */
  readonly environment: string;
  /** The PR number of a preview. */
  readonly pullRequest?: number;
}

/** `staging`, `prod`, or `pr42` for the preview of PR 42. */
export function environmentToken(ctx: NameContext): string {
  return ctx.pullRequest !== undefined ? `pr${ctx.pullRequest}` : ctx.environment;
}

export function shortHash(input: string, length = 6): string {
  return createHash("sha256").update(input).digest("hex").slice(0, length);
}

function sanitize(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * The physical name of a resource playing `role` (e.g. `db`, `uploads`) of
 * kind `kind`. `unique` (e.g. an account id) is appended for globally unique
 * namespaces such as S3.
 */
export function physicalName(ctx: NameContext, role: string, kind: NameKind, unique?: string): string {
  const limit = NAME_LIMITS[kind];
  const parts = [ctx.project, environmentToken(ctx), role, unique ?? ""].map(sanitize).filter((p) => p !== "");
  let name = parts.join("-");
  if (!/^[a-z]/.test(name)) name = `p-${name}`;
  if (name.length <= limit) return name;
  const hash = shortHash(name, 8);
  const head = name.slice(0, limit - hash.length - 1).replace(/-+$/, "");
  return `${head}-${hash}`;
}

/** Secrets Manager name: `<project>/<env>/<role>` (slashes group secrets in the console and in IAM). */
export function secretName(ctx: NameContext, role: string): string {
  return [ctx.project, environmentToken(ctx), role].map(sanitize).join("/");
}

/** Log group name: `/<project>/<env>/<role>`. */
export function logGroupName(ctx: NameContext, role: string): string {
  return `/${[ctx.project, environmentToken(ctx), role].map(sanitize).join("/")}`;
}
