/**
 * The seam between the preview lifecycle and Pulumi: what `platform preview`
 * needs from a workspace. `localWorkspace.ts` implements it with the
 * Automation API (and so the Pulumi CLI); tests implement it with a fake.
 */

/** One config value as `pulumi config set` takes it. */
export interface ConfigEntry {
  readonly value: string;
  readonly secret?: boolean;
}

export type ConfigEntries = Readonly<Record<string, ConfigEntry>>;

/** A preview's whole config: plain keys, and structured values as `--path` keys (`key[0]`). */
export interface PreviewConfig {
  readonly plain: ConfigEntries;
  readonly paths: ConfigEntries;
}

export interface PreviewStackSummary {
  /** `pr-<N>` (or `<org>/<project>/pr-<N>`). */
  readonly name: string;
  /** When the stack was last updated (ISO-8601), if ever. */
  readonly lastUpdate?: string;
  readonly updateInProgress?: boolean;
  readonly resourceCount?: number;
}

export interface OperationOptions {
  /** Progress output of the engine, as it comes. */
  readonly onOutput?: (text: string) => void;
}

export interface UpRequest extends OperationOptions {
  readonly config: PreviewConfig;
  /** Policy packs the update runs (`--policy-pack`). */
  readonly policyPacks: readonly string[];
  /** Their config files (`--policy-pack-config`), one per pack. */
  readonly policyPackConfigs: readonly string[];
  /** The update's message in the backend's history. */
  readonly message?: string;
}

/** Stack outputs as plain values (`{ serviceUrl: "https://…", preview: {…} }`). */
export type StackOutputs = Record<string, unknown>;

export interface PreviewWorkspace {
  /** The project's stacks (all of them; callers keep the previews). */
  listStacks(): Promise<PreviewStackSummary[]>;
  /** The stack's outputs, `{}` before its first update, `undefined` when the stack does not exist. */
  outputs(stack: string): Promise<StackOutputs | undefined>;
  /** Creates the stack if needed, sets its config and runs `up`; returns the new outputs. */
  up(stack: string, request: UpRequest): Promise<StackOutputs>;
  /**
   * Sets the stack's local config to the config its last update ran with
   * (`pulumi config refresh --force`, the Automation API's `refreshConfig`).
   * Throws NoPreviousDeploymentError when the stack was never deployed.
   */
  refreshConfig(stack: string): Promise<void>;
  /** Sets the stack's whole local config (plain keys then `--path` keys; secrets on stdin, never argv). */
  setConfig(stack: string, config: PreviewConfig): Promise<void>;
  /** Destroys every resource of the stack, with its local config. */
  destroy(stack: string, options: OperationOptions): Promise<void>;
  /** Removes the (empty) stack and its config. */
  removeStack(stack: string): Promise<void>;
  /** Stops the stack's update in progress and releases its lock (`pulumi cancel`). */
  cancel(stack: string): Promise<void>;
}

const PREVIEW_STACK = /^pr-[1-9][0-9]{0,6}$/;

/** The stack of pull request `pr`. */
export function previewStackName(pr: number): string {
  return `pr-${pr}`;
}

/** Whether `stack` (plain or `<org>/<project>/<stack>`) is a preview stack. */
export function isPreviewStack(stack: string): boolean {
  return PREVIEW_STACK.test(stack.split("/").pop() ?? "");
}

/** The PR number of a preview stack name. */
export function pullRequestOf(stack: string): number {
  return Number((stack.split("/").pop() ?? "").slice(3));
}

/**
 * The guard every mutating call passes: only `pr-<N>` stacks are ever
 * updated, destroyed or removed, so staging's shared network and prod are out
 * of reach whatever a caller passes.
 */
export function assertPreviewStack(stack: string, action: string): void {
  if (!isPreviewStack(stack)) {
    throw new NotAPreviewError(
      `refusing to ${action} stack ${JSON.stringify(stack)}: platform preview only touches stacks named pr-<N>`,
    );
  }
}

/** A call aimed at a stack that is not a preview. */
export class NotAPreviewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotAPreviewError";
  }
}

/** Another update of the same stack holds the backend's lock. */
export class StackBusyError extends Error {
  constructor(readonly stack: string) {
    super(
      `${stack} is being updated by another run; try again when it finishes (or \`pulumi cancel --stack ${stack}\` if that run died)`,
    );
    this.name = "StackBusyError";
  }
}

/**
 * `pulumi config refresh` found no update to take the config from: the CLI's
 * "getting latest configuration: no previous deployment"
 * (pkg/backend/backenderr/backenderr.go `ErrNoPreviousDeployment` in
 * github.com/pulumi/pulumi, read 2026-11-30).
 */
export class NoPreviousDeploymentError extends Error {
  constructor(readonly stack: string) {
    super(`${stack} has no previous deployment to take its config from`);
    this.name = "NoPreviousDeploymentError";
  }
}

/** The stack whose network previews share was never deployed (or exports no network). */
export class BaseStackMissingError extends Error {
  constructor(readonly stack: string) {
    super(
      `the network output of stack ${stack} is missing: deploy ${stack} with this program first (the one-time staging deploy in docs/previews.md); previews reuse its VPC`,
    );
    this.name = "BaseStackMissingError";
  }
}

/** The stack whose network a preview would share is not staging (e.g. prod's). */
export class BaseStackNotStagingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BaseStackNotStagingError";
  }
}

/** The Pulumi CLI the Automation API drives is missing or unusable. */
export class PulumiUnavailableError extends Error {
  constructor(detail: string) {
    super(
      `the Pulumi CLI is not usable here (${detail}): install it (https://www.pulumi.com/docs/install/) and log in to the backend; the Automation API drives it`,
    );
    this.name = "PulumiUnavailableError";
  }
}
