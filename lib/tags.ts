/**
 * The facts every resource carries: AWS tags through the provider's
 * `defaultTags`, Docker labels with the same values.
 */
export interface TagFacts {
  readonly environment: string;
  readonly project: string;
  readonly owner: string;
  readonly costCenter: string;
  readonly stack: string;
  readonly pullRequest?: number;
  /** ISO-8601 expiry of a preview. */
  readonly expiresAt?: string;
}

/**
 * A preview's ExpiresAt: `ttlHours` after `now`, ISO-8601 UTC to the second
 * (`2030-01-31T12:00:00Z`), so it sorts and compares as text.
 */
export function expiresAtFrom(now: Date, ttlHours: number): string {
  return new Date(now.getTime() + ttlHours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export const REQUIRED_TAGS = ["Environment", "Project", "Owner", "CostCenter"] as const;

export function awsTags(f: TagFacts): Record<string, string> {
  const tags: Record<string, string> = {
    Environment: f.environment,
    Project: f.project,
    Owner: f.owner,
    CostCenter: f.costCenter,
    ManagedBy: "pulumi",
    Stack: f.stack,
  };
  if (f.pullRequest !== undefined) tags.PullRequest = String(f.pullRequest);
  if (f.expiresAt !== undefined) tags.ExpiresAt = f.expiresAt;
  return tags;
}

export const LABEL_KEYS = {
  environment: "platform.environment",
  project: "platform.project",
  owner: "platform.owner",
  costCenter: "platform.cost-center",
} as const;

export function dockerLabels(f: TagFacts): Record<string, string> {
  return {
    [LABEL_KEYS.environment]: f.environment,
    [LABEL_KEYS.project]: f.project,
    [LABEL_KEYS.owner]: f.owner,
    [LABEL_KEYS.costCenter]: f.costCenter,
    "platform.stack": f.stack,
  };
}
