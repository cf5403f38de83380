/**
 * The preview lifecycle — up, destroy, list, gc — over a PreviewWorkspace.
 * Every operation on one PR runs under that PR's lock (a second call for the
 * same PR waits), retries transient failures with backoff, and touches only
 * stacks named pr-<N>.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "../errors";
import { buildPreviewConfig } from "./config";
import { decide, GcDecision } from "./gc";
import type { PullRequestSource } from "./github";
import { KeyedLock } from "./locks";
import { RetryPolicy, summarizeError, withRetry } from "./retry";
import {
  assertPreviewStack,
  isPreviewStack,
  PreviewStackSummary,
  PreviewWorkspace,
  previewStackName,
  pullRequestOf,
  StackOutputs,
} from "./workspace";

/** The policy pack every preview update runs, and its preview config (relative to the project). */
export const POLICY_PACK = "policy-pack";
export const POLICY_PACK_CONFIG = "policy-pack/config/preview.json";

export interface LifecycleDeps {
  readonly workspace: PreviewWorkspace;
  /** The project directory (Pulumi.yaml, the base stack's file, policy-pack/). */
  readonly projectDir: string;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  /** A fresh preview instance id (4–16 lowercase letters or digits). */
  readonly newInstance: () => string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly retry: RetryPolicy;
  readonly locks: KeyedLock;
  /** One progress line (to stderr). */
  readonly log: (line: string) => void;
  /** The engine's own output, as it comes (to stderr). */
  readonly progress?: (text: string) => void;
}

export interface UpOutcome {
  readonly stack: string;
  readonly url: string;
  readonly expiresAt: string;
  readonly instance: string;
  /** Whether this call created the stack. */
  readonly created: boolean;
}

/** The `preview` output the program exports on a pr-<N> stack (see index.ts). */
interface PreviewExport {
  readonly pullRequest?: number;
  readonly expiresAt?: string;
  readonly instance?: string;
  readonly url?: string;
}

function previewExport(outputs: StackOutputs | undefined): PreviewExport {
  const p = outputs?.preview;
  return p !== null && typeof p === "object" ? (p as PreviewExport) : {};
}

function retrying<T>(deps: LifecycleDeps, what: string, fn: () => Promise<T>): Promise<T> {
  return withRetry(fn, deps.retry, {
    sleep: deps.sleep,
    onRetry: (attempt, delay, e) =>
      deps.log(
        `${what} failed (try ${attempt} of ${deps.retry.attempts}): ${summarizeError(e)}; retrying in ${Math.round(delay / 1000)}s`,
      ),
  });
}

/**
 * Creates or updates the preview of `pr`: sets its whole config (ExpiresAt
 * moves to now + previewTtlHours), runs `up` with the policy pack, and
 * returns its URL. Running it again converges to the same preview.
 */
export function previewUp(pr: number, deps: LifecycleDeps): Promise<UpOutcome> {
  const stack = previewStackName(pr);
  assertPreviewStack(stack, "update");
  return deps.locks.run(
    stack,
    async () => {
      for (const f of [POLICY_PACK, POLICY_PACK_CONFIG]) {
        if (!fs.existsSync(path.join(deps.projectDir, f))) {
          throw new UsageError(
            `platform preview up: ${f} does not exist in ${deps.projectDir}; previews always run the policy pack`,
          );
        }
      }
      const previous = await retrying(deps, `reading ${stack}`, () =>
        deps.workspace.outputs(stack),
      );
      const instance = previewExport(previous).instance ?? deps.newInstance();
      const built = buildPreviewConfig(deps.projectDir, stack, {
        now: deps.now(),
        instance,
        env: deps.env,
      });
      deps.log(
        `${previous === undefined ? "creating" : "updating"} ${stack} on ${built.baseStack}'s network (expires ${built.expiresAt})`,
      );
      const outputs = await retrying(deps, `pulumi up of ${stack}`, () =>
        deps.workspace.up(stack, {
          config: built.config,
          policyPacks: [POLICY_PACK],
          policyPackConfigs: [POLICY_PACK_CONFIG],
          message: `platform preview up --pr ${pr}`,
          onOutput: deps.progress,
        }),
      );
      const url = typeof outputs.serviceUrl === "string" ? outputs.serviceUrl : "";
      if (url === "") throw new Error(`${stack} was updated but exports no serviceUrl`);
      return { stack, url, expiresAt: built.expiresAt, instance, created: previous === undefined };
    },
    () => waiting(deps, stack),
  );
}

function waiting(deps: LifecycleDeps, stack: string): void {
  deps.log(`${stack}: waiting for the operation already running on it`);
}

export interface DestroyOutcome {
  readonly stack: string;
  /** False when there was no such stack (nothing to do). */
  readonly existed: boolean;
}

/** Destroys the preview of `pr` and removes its stack. A missing stack is not an error. */
export function previewDestroy(pr: number, deps: LifecycleDeps): Promise<DestroyOutcome> {
  return destroyStack(previewStackName(pr), deps);
}

function destroyStack(stack: string, deps: LifecycleDeps): Promise<DestroyOutcome> {
  assertPreviewStack(stack, "destroy");
  return deps.locks.run(
    stack,
    async () => {
      const outputs = await retrying(deps, `reading ${stack}`, () => deps.workspace.outputs(stack));
      if (outputs === undefined) return { stack, existed: false };
      deps.log(`destroying ${stack}`);
      await retrying(deps, `pulumi destroy of ${stack}`, () =>
        deps.workspace.destroy(stack, { onOutput: deps.progress }),
      );
      await retrying(deps, `removing ${stack}`, () => deps.workspace.removeStack(stack));
      return { stack, existed: true };
    },
    () => waiting(deps, stack),
  );
}

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
 */
export async function collectGarbage(
  deps: LifecycleDeps,
  opts: {
    readonly pullRequests: PullRequestSource;
    readonly dryRun: boolean;
    readonly defaultTtlHours: number;
  },
): Promise<GcReport> {
  const now = deps.now();
  const decisions: GcDecision[] = [];
  const failures: { stack: string; error: string }[] = [];
  for (const p of await listPreviews(deps)) {
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
          ...(p.updateInProgress ? { updateInProgress: true } : {}),
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
