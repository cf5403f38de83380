/**
 * The janitor's decisions, pure: which previews `platform preview gc`
 * destroys and why.
 */
import type { PullRequestInfo } from "./github";

/** The label that keeps a preview alive past its ExpiresAt. */
export const KEEP_LABEL = "preview:keep";

export interface GcCandidate {
  readonly stack: string;
  readonly pullRequest: number;
  /** The preview's ExpiresAt, when known. */
  readonly expiresAt?: string;
  readonly updateInProgress?: boolean;
  /** The PR's facts, or why they could not be had. */
  readonly pr: PullRequestInfo | { readonly error: string };
}

export interface GcDecision {
  readonly stack: string;
  readonly pullRequest: number;
  readonly action: "destroy" | "keep";
  readonly reason: string;
  readonly expiresAt?: string;
  /** Set when the stack had an update in progress (a workflow hands such stacks to `gc --pr N`). */
  readonly updateInProgress?: boolean;
}

/**
 * In order: a PR that cannot be looked up is kept (its label is unknown);
 * `preview:keep` keeps; a closed PR is destroyed; an ExpiresAt in the past
 * destroys; anything else is kept. A stack being updated is left alone.
 */
export function decide(c: GcCandidate, now: Date): GcDecision {
  const d = (action: GcDecision["action"], reason: string): GcDecision => ({
    stack: c.stack,
    pullRequest: c.pullRequest,
    action,
    reason,
    ...(c.expiresAt !== undefined ? { expiresAt: c.expiresAt } : {}),
    ...(c.updateInProgress ? { updateInProgress: true } : {}),
  });
  if (c.updateInProgress) return d("keep", "an update is in progress");
  if ("error" in c.pr)
    return d("keep", `pull request #${c.pullRequest} could not be looked up: ${c.pr.error}`);
  if (c.pr.labels.includes(KEEP_LABEL)) return d("keep", `labelled ${KEEP_LABEL}`);
  if (c.pr.state === "closed") return d("destroy", `pull request #${c.pullRequest} is closed`);
  if (c.expiresAt === undefined) return d("keep", "no ExpiresAt is known");
  const t = Date.parse(c.expiresAt);
  if (Number.isNaN(t)) return d("keep", `ExpiresAt ${JSON.stringify(c.expiresAt)} is not a time`);
  if (t <= now.getTime()) return d("destroy", `expired at ${c.expiresAt}`);
  return d("keep", `expires at ${c.expiresAt}`);
}
