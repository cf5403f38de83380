/**
 * The event of the preview database function (`lambda.previewDatabaseHandler`): what the
 * program's `aws.lambda.Invocation` sends (components/aws/sharedDatabase.ts builds it with
 * `previewDatabaseInput`), and how the function reads it back. Pure: no I/O.
 *
 * With `lifecycleScope: "CRUD"` the provider invokes the function on create, update and
 * delete, and adds the lifecycle under `terraformKey` (here `lifecycle`, default `tf`):
 *
 *     { ...input, "lifecycle": { "action": "create" | "update" | "delete",
 *                                "prev_input": <the previous input object, or null> } }
 *
 * On create `prev_input` is null; on update it is the input before the change; on delete the
 * input is the last one applied and `prev_input` is that same object. Sources, read 2026-11-30:
 * terraform-provider-aws `internal/service/lambda/invocation.go` (`buildInput`: the key from
 * `terraform_key`, `action`, `prev_input` from `d.GetChange("input")`) and `consts.go`
 * (`invocationActionCreate = "create"`, `…Update = "update"`, `…Delete = "delete"`),
 * https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/lambda/invocation.go;
 * its docs https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_invocation
 * (the three example payloads); and @pulumi/aws 7.48.0 `lambda/invocation.d.ts` (the same
 * provider, `terraformKey` overriding the `tf` key).
 */
import { SECRET_ARN } from "../config/resolve";
import { MAX_PULL_REQUEST, PreviewDatabase, previewDatabase } from "./database";

/** The key the CRUD lifecycle information arrives under (the Invocation's `terraformKey`). */
export const LIFECYCLE_KEY = "lifecycle";

/** What the provider is doing to the Invocation resource. */
export type LifecycleAction = "create" | "update" | "delete";
const ACTIONS: readonly LifecycleAction[] = ["create", "update", "delete"];

/** The input the program gives the Invocation (JSON): names only, never the password. */
export interface PreviewDatabaseInput {
  readonly pullRequest: number;
  /** `pr_<N>`. */
  readonly database: string;
  /** `pr_<N>_app`. */
  readonly role: string;
  /** The preview role's secret (JSON with username and password). */
  readonly passwordSecretArn: string;
}

/** A checked event: what to do, to which preview's database and role. */
export interface PreviewDatabaseRequest {
  readonly action: LifecycleAction;
  readonly pullRequest: number;
  readonly preview: PreviewDatabase;
  readonly passwordSecretArn: string;
}

/** An event the function refuses before it touches anything. */
export class PreviewDatabaseEventError extends Error {
  constructor(message: string) {
    super(`preview database event: ${message}`);
    this.name = "PreviewDatabaseEventError";
  }
}

/** The Invocation's input for pull request `pullRequest` (the names derived as the function expects). */
export function previewDatabaseInput(
  pullRequest: number,
  passwordSecretArn: string,
): PreviewDatabaseInput {
  const p = previewDatabase(pullRequest);
  return { pullRequest, database: p.database, role: p.role, passwordSecretArn };
}

function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v);
  if (typeof v === "object") return "an object";
  return `${typeof v} ${String(v)}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The input's fields, each checked; `where` names the object in messages (`input`, `prev_input`). */
function checkInput(o: Record<string, unknown>, where: string): PreviewDatabaseInput {
  const pr = o.pullRequest;
  if (typeof pr !== "number" || !Number.isInteger(pr) || pr < 1 || pr > MAX_PULL_REQUEST) {
    throw new PreviewDatabaseEventError(
      `${where}.pullRequest: expected an integer from 1 to ${MAX_PULL_REQUEST}, got ${describe(pr)}`,
    );
  }
  const expected = previewDatabase(pr);
  for (const key of ["database", "role"] as const) {
    if (o[key] !== expected[key]) {
      throw new PreviewDatabaseEventError(
        `${where}.${key}: expected ${JSON.stringify(expected[key])} for pull request ${pr}, got ${describe(o[key])}`,
      );
    }
  }
  const arn = o.passwordSecretArn;
  if (typeof arn !== "string" || !SECRET_ARN.test(arn)) {
    throw new PreviewDatabaseEventError(
      `${where}.passwordSecretArn: expected a Secrets Manager secret ARN, got ${describe(arn)}`,
    );
  }
  return {
    pullRequest: pr,
    database: expected.database,
    role: expected.role,
    passwordSecretArn: arn,
  };
}

/**
 * Checks the function's event and returns what to do. Throws a PreviewDatabaseEventError naming
 * the first thing wrong (the key and what was expected) — never anything half-read.
 */
export function parsePreviewDatabaseEvent(event: unknown): PreviewDatabaseRequest {
  if (!isObject(event)) {
    throw new PreviewDatabaseEventError(
      `expected a JSON object (the aws.lambda.Invocation input), got ${describe(event)}`,
    );
  }
  const lifecycle = event[LIFECYCLE_KEY];
  if (!isObject(lifecycle)) {
    throw new PreviewDatabaseEventError(
      `${LIFECYCLE_KEY}: expected the CRUD lifecycle object (aws.lambda.Invocation with lifecycleScope "CRUD" and terraformKey "${LIFECYCLE_KEY}"), got ${describe(lifecycle)}`,
    );
  }
  const action = lifecycle.action;
  if (typeof action !== "string" || !ACTIONS.includes(action as LifecycleAction)) {
    throw new PreviewDatabaseEventError(
      `${LIFECYCLE_KEY}.action: expected "create", "update" or "delete", got ${describe(action)}`,
    );
  }
  const input = checkInput(event, "input");
  const prev = lifecycle.prev_input;
  if (prev !== null && prev !== undefined) {
    if (!isObject(prev)) {
      throw new PreviewDatabaseEventError(
        `${LIFECYCLE_KEY}.prev_input: expected the previous input object or null, got ${describe(prev)}`,
      );
    }
    // The names follow the pull request number, which a preview stack never changes; a change
    // would orphan the old database (dropping it here could hit another stack's), so it is refused.
    const before = checkInput(prev, `${LIFECYCLE_KEY}.prev_input`);
    if (before.pullRequest !== input.pullRequest) {
      throw new PreviewDatabaseEventError(
        `the pull request changed from ${before.pullRequest} to ${input.pullRequest}: a preview's database cannot move to another pull request; destroy the preview and deploy it again`,
      );
    }
  }
  return {
    action: action as LifecycleAction,
    pullRequest: input.pullRequest,
    preview: { database: input.database, role: input.role },
    passwordSecretArn: input.passwordSecretArn,
  };
}
