/**
 * Every preview of the project: the list (`platform preview list`) and the
 * garbage collection of previews whose PR is closed or whose ExpiresAt has
 * passed (`platform preview gc`), over the same workspace, locks and retries
 * as the lifecycle.
 */
import { decide, GcDecision } from "./gc";
import type { PullRequestSource } from "./github";
import { destroyStack, LifecycleDeps, previewExport, retrying } from "./lifecycle";
import { summarizeError } from "./retry";
import { isPreviewStack, PreviewStackSummary, pullRequestOf } from "./workspace";

export interface PreviewInfo {
  readonly stack: string;
  readonly pullRequest: number;
  readonly url?: string;
  readonly expiresAt?: string;
  readonly lastUpdate?: string;
  readonly resourceCount?: number;
  readonly updateInProgress?: boolean;
}

/** Every preview stack of the project, by PR number, with its URL and ExpiresAt. */
export async function listPreviews(deps: LifecycleDeps): Promise<PreviewInfo[]> {
  const stacks: PreviewStackSummary[] = await retrying(deps, "listing stacks", () =>
    deps.workspace.listStacks(),
  );
  const previews = stacks.filter((s) => isPreviewStack(s.name));
  const infos: PreviewInfo[] = [];
  for (const s of previews) {
    const p = previewExport(
      await retrying(deps, `reading ${s.name}`, () => deps.workspace.outputs(s.name)),
    );
    infos.push({
      stack: s.name,
      pullRequest: pullRequestOf(s.name),
      ...(p.url !== undefined ? { url: p.url } : {}),
      ...(p.expiresAt !== undefined ? { expiresAt: p.expiresAt } : {}),
      ...(s.lastUpdate !== undefined ? { lastUpdate: s.lastUpdate } : {}),
      ...(s.resourceCount !== undefined ? { resourceCount: s.resourceCount } : {}),
      ...(s.updateInProgress ? { updateInProgress: true } : {}),
    });
  }
  return infos.sort((a, b) => a.pullRequest - b.pullRequest);
}

export interface GcReport {
  readonly dryRun: boolean;
  readonly decisions: GcDecision[];
  /** Previews that should have gone but did not, and PRs that could not be looked up. */
  readonly failures: { readonly stack: string; readonly error: string }[];
}

/**
 * Destroys previews whose PR is closed or whose ExpiresAt has passed, keeps
 * those labelled preview:keep. A preview never deployed far enough to export
 * its ExpiresAt expires `defaultTtlHours` after its last update.
 *
 * A stack with an update in progress is kept, except with `only` (one PR):
 * the workflows run that under the PR's own concurrency group, after any run
 * of the PR has ended, so an update still in progress was left by a run that
 * died or was cancelled: gc cancels it (`pulumi cancel`) and goes on.
 */
export async function collectGarbage(
  deps: LifecycleDeps,
  opts: {
    readonly pullRequests: PullRequestSource;
    readonly dryRun: boolean;
    readonly defaultTtlHours: number;
    /** Only this PR's preview, stuck updates cancelled. */
    readonly only?: number;
  },
): Promise<GcReport> {
  const now = deps.now();
  const decisions: GcDecision[] = [];
  const failures: { stack: string; error: string }[] = [];
  const previews = (await listPreviews(deps)).filter(
    (p) => opts.only === undefined || p.pullRequest === opts.only,
  );
  for (const p of previews) {
    let updateInProgress = p.updateInProgress === true;
    if (updateInProgress && opts.only !== undefined && !opts.dryRun) {
      deps.log(
        `${p.stack}: an update is still in progress after every run of the PR ended: cancelling it`,
      );
      try {
        await retrying(deps, `pulumi cancel of ${p.stack}`, () => deps.workspace.cancel(p.stack));
        updateInProgress = false;
      } catch (e) {
        failures.push({ stack: p.stack, error: summarizeError(e) });
      }
    }
    let pr;
    try {
      pr = await retrying(deps, `looking up pull request #${p.pullRequest}`, () =>
        opts.pullRequests.get(p.pullRequest),
      );
    } catch (e) {
      pr = { error: summarizeError(e) };
      failures.push({ stack: p.stack, error: pr.error });
    }
    const lastUpdate = p.lastUpdate !== undefined ? Date.parse(p.lastUpdate) : NaN;
    const expiresAt =
      p.expiresAt ??
      (Number.isNaN(lastUpdate)
        ? undefined
        : new Date(lastUpdate + opts.defaultTtlHours * 3_600_000)
            .toISOString()
            .replace(/\.\d{3}Z$/, "Z"));
    decisions.push(
      decide(
        {
          stack: p.stack,
          pullRequest: p.pullRequest,
          pr,
          ...(expiresAt !== undefined ? { expiresAt } : {}),
          ...(updateInProgress ? { updateInProgress: true } : {}),
        },
        now,
      ),
    );
  }
  if (!opts.dryRun) {
    for (const d of decisions.filter((x) => x.action === "destroy")) {
      try {
        await destroyStack(d.stack, deps);
      } catch (e) {
        failures.push({ stack: d.stack, error: summarizeError(e) });
      }
    }
  }
  return { dryRun: opts.dryRun, decisions, failures };
}
