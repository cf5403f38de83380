/**
 * The preview lifecycle — up, destroy, cancel — over a PreviewWorkspace
 * (listing and gc: ./inventory.ts).
 * Every operation on one PR runs under that PR's lock (a second call for the
 * same PR waits), retries transient failures with backoff, and touches only
 * stacks named pr-<N>.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "../errors";
import { previewNetworkEnvironmentProblem } from "../../lib/previewNetwork";
import { readProject } from "../synth/stackConfig";
import { buildPreviewConfig } from "./config";
import { KeyedLock } from "./locks";
import { RetryPolicy, summarizeError, withRetry } from "./retry";
import {
  assertPreviewStack,
  BaseStackMissingError,
  BaseStackNotStagingError,
  NoPreviousDeploymentError,
  PreviewStackSummary,
  PreviewWorkspace,
  previewStackName,
  StackBusyError,
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
export interface PreviewExport {
  readonly pullRequest?: number;
  readonly expiresAt?: string;
  readonly instance?: string;
  readonly url?: string;
}

export function previewExport(outputs: StackOutputs | undefined): PreviewExport {
  const p = outputs?.preview;
  return p !== null && typeof p === "object" ? (p as PreviewExport) : {};
}

/** The files `npm run build:lambda -w app` writes that the deployed function needs (app/scripts/build-lambda.mjs). */
export const LAMBDA_PACKAGE_FILES = ["lambda.js", "certs/ca-bundle.pem"] as const;

/**
 * Refuses, in one line, to deploy without the Lambda package: the program
 * archives `fileProcessorCode` as it finds it, and the function reads its RDS
 * CA bundle from certs/ca-bundle.pem inside it.
 */
export function checkLambdaPackage(projectDir: string, fileProcessorCode: string): void {
  const dir = path.resolve(projectDir, fileProcessorCode);
  const missing = LAMBDA_PACKAGE_FILES.filter((f) => !fs.existsSync(path.join(dir, f)));
  if (missing.length === 0) return;
  throw new UsageError(
    `platform preview up: the Lambda package ${fileProcessorCode} has no ${missing.join(" and ")}: build it first with LAMBDA_CA_BUNDLE=<the RDS global CA bundle> npm run build:lambda -w app (see app/README.md)`,
  );
}

/** The environment variable naming the Pulumi organization a CI run qualifies the network stack with. */
export const PULUMI_ORG_ENV = "PLATFORM_PULUMI_ORG";

/**
 * The stack reference a preview's network comes from. `<org>/<project>/<stack>`
 * is used as given; a bare name is qualified with PLATFORM_PULUMI_ORG when it
 * is set. In CI (CI=true or GITHUB_ACTIONS=true) a bare name is refused: the
 * backend would resolve it against the token's default organization, which a
 * CI token (a team or an organization token) need not have.
 */
export function qualifyNetworkStack(
  networkStack: string,
  project: string,
  env: Readonly<Record<string, string | undefined>>,
): string {
  if (networkStack.split("/").length === 3) return networkStack;
  const org = (env[PULUMI_ORG_ENV] ?? "").trim();
  if (/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(org)) return `${org}/${project}/${networkStack}`;
  if (org !== "") {
    throw new UsageError(
      `platform preview up: ${PULUMI_ORG_ENV} must be a Pulumi organization name, got ${JSON.stringify(org)}`,
    );
  }
  if (env.CI === "true" || env.GITHUB_ACTIONS === "true") {
    throw new UsageError(
      `platform preview up: in CI the network stack must be fully qualified (<org>/<project>/<stack>), got ${JSON.stringify(networkStack)}: set ${PULUMI_ORG_ENV} to the Pulumi organization or platform:networkStack to <org>/${project}/${networkStack}`,
    );
  }
  return networkStack;
}

/** Runs `fn` with the deps' retry policy, logging each retry. */
export function retrying<T>(deps: LifecycleDeps, what: string, fn: () => Promise<T>): Promise<T> {
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
      // Everything local first (config, Lambda package, names): a refusal touches nothing.
      const draft = buildPreviewConfig(deps.projectDir, stack, {
        now: deps.now(),
        instance: "draft",
        env: deps.env,
      });
      checkLambdaPackage(deps.projectDir, draft.fileProcessorCode);
      const project = readProject(deps.projectDir).name;
      const networkStack = qualifyNetworkStack(draft.networkStack, project, deps.env);

      const previous = await retrying(deps, `reading ${stack}`, () =>
        deps.workspace.outputs(stack),
      );
      const instance = previewExport(previous).instance ?? deps.newInstance();
      const built = buildPreviewConfig(deps.projectDir, stack, {
        now: deps.now(),
        instance,
        env: deps.env,
      });
      const config = {
        ...built.config,
        plain: {
          ...built.config.plain,
          [`${project}:networkStack`]: { value: networkStack },
        },
      };
      const base = await retrying(deps, `reading ${networkStack}`, () =>
        deps.workspace.outputs(networkStack),
      );
      if (base?.network === undefined || base.network === null) {
        throw new BaseStackMissingError(networkStack);
      }
      const environmentProblem = previewNetworkEnvironmentProblem(
        (base.network as { environment?: unknown }).environment,
        networkStack,
      );
      if (environmentProblem !== undefined) throw new BaseStackNotStagingError(environmentProblem);
      deps.log(
        `${previous === undefined ? "creating" : "updating"} ${stack} on ${networkStack}'s network (expires ${built.expiresAt})`,
      );
      const outputs = await retrying(deps, `pulumi up of ${stack}`, () =>
        deps.workspace.up(stack, {
          config,
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

/** The backend's summary of `stack`, matched by its last name segment (stack ls may qualify names). */
async function summaryOf(
  deps: LifecycleDeps,
  stack: string,
): Promise<PreviewStackSummary | undefined> {
  const stacks = await retrying(deps, "listing stacks", () => deps.workspace.listStacks());
  return stacks.find((s) => s.name === stack || s.name.split("/").pop() === stack);
}

/**
 * Destroys `stack` with the config of its last deployment, then removes it.
 * A CI checkout has no Pulumi.pr-<N>.yaml (none is ever committed), and
 * `pulumi destroy` with an empty stack config fails on the keys Pulumi.yaml
 * requires ("Stack 'pr-N' is missing configuration values …"): so the config
 * is refreshed from the last update first, or, for a stack that never
 * finished one, set again as `up` sets it. A stack with no resources is
 * removed straight away.
 */
export function destroyStack(stack: string, deps: LifecycleDeps): Promise<DestroyOutcome> {
  assertPreviewStack(stack, "destroy");
  return deps.locks.run(
    stack,
    async () => {
      const outputs = await retrying(deps, `reading ${stack}`, () => deps.workspace.outputs(stack));
      if (outputs === undefined) return { stack, existed: false };
      const summary = await summaryOf(deps, stack);
      if (summary?.updateInProgress) throw new StackBusyError(stack);
      if (summary?.resourceCount !== 0) {
        deps.log(`destroying ${stack} with the config of its last deployment`);
        try {
          await retrying(deps, `refreshing the config of ${stack}`, () =>
            deps.workspace.refreshConfig(stack),
          );
        } catch (e) {
          if (!(e instanceof NoPreviousDeploymentError)) throw e;
          deps.log(`${stack} has no finished deployment: setting its preview config again`);
          const built = buildPreviewConfig(deps.projectDir, stack, {
            now: deps.now(),
            instance: previewExport(outputs).instance ?? deps.newInstance(),
            env: deps.env,
          });
          await retrying(deps, `configuring ${stack}`, () =>
            deps.workspace.setConfig(stack, built.config),
          );
        }
        await retrying(deps, `pulumi destroy of ${stack}`, () =>
          deps.workspace.destroy(stack, { onOutput: deps.progress }),
        );
      } else {
        deps.log(`${stack} holds no resources: removing it`);
      }
      await retrying(deps, `removing ${stack}`, () => deps.workspace.removeStack(stack));
      return { stack, existed: true };
    },
    () => waiting(deps, stack),
  );
}

export interface CancelOutcome {
  readonly stack: string;
  /** Whether an update was in progress (and so was cancelled). */
  readonly cancelled: boolean;
}

/**
 * Cancels the update in progress on the preview of `pr` (`pulumi cancel`),
 * as a workflow does when its job is cancelled or times out mid-update, so
 * the stack is not left locked. Nothing to do when no update is running.
 */
export async function previewCancel(pr: number, deps: LifecycleDeps): Promise<CancelOutcome> {
  const stack = previewStackName(pr);
  assertPreviewStack(stack, "cancel the update of");
  const summary = await summaryOf(deps, stack);
  if (!summary?.updateInProgress) return { stack, cancelled: false };
  deps.log(`cancelling the update in progress on ${stack}`);
  await retrying(deps, `pulumi cancel of ${stack}`, () => deps.workspace.cancel(stack));
  return { stack, cancelled: true };
}
