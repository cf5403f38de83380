/**
 * The real PreviewWorkspace: Pulumi's Automation API over a LocalWorkspace
 * rooted at the project directory, so it runs this program with the Pulumi
 * CLI, against whatever backend the CLI is logged in to.
 *
 * The adapter logic (guards, config, outputs, errors, leaving no
 * Pulumi.pr-<N>.yaml behind) sits on a small `Automation` interface that
 * tests stub; `createLocalPreviewWorkspace` binds it to the real API, which
 * needs the Pulumi CLI and cannot run where it is not installed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { summarizeError } from "./retry";
import {
  assertPreviewStack,
  NoPreviousDeploymentError,
  OperationOptions,
  PreviewConfig,
  PreviewStackSummary,
  PreviewWorkspace,
  PulumiUnavailableError,
  StackBusyError,
  StackOutputs,
  UpRequest,
} from "./workspace";

type AutomationConfig = Record<string, { value: string; secret?: boolean }>;
type AutomationOutputs = Record<string, { value: unknown; secret: boolean }>;

/** What the adapter uses of one Automation API stack. */
export interface AutomationStack {
  setAllConfig(config: AutomationConfig, path?: boolean): Promise<void>;
  up(opts: {
    policyPacks: string[];
    policyPackConfigs: string[];
    message?: string;
    onOutput?: (out: string) => void;
    color: "never";
  }): Promise<{ outputs: AutomationOutputs }>;
  destroy(opts: { onOutput?: (out: string) => void; color: "never" }): Promise<unknown>;
  /** `pulumi config refresh --force` (Stack.refreshConfig, @pulumi/pulumi 3.276.0). */
  refreshConfig(): Promise<unknown>;
  /** `pulumi cancel` (Stack.cancel). */
  cancel(): Promise<void>;
}

/** What the adapter uses of the Automation API's LocalWorkspace. */
export interface Automation {
  readonly workDir: string;
  listStacks(): Promise<PreviewStackSummary[]>;
  stackOutputs(stack: string): Promise<AutomationOutputs>;
  /** `Stack.createOrSelect` (create) or `Stack.select`. */
  stack(name: string, create: boolean): Promise<AutomationStack>;
  removeStack(stack: string): Promise<void>;
}

function plainOutputs(outputs: AutomationOutputs): StackOutputs {
  return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value]));
}

/** Maps the Automation API's typed errors onto the lifecycle's. */
function mapError(e: unknown, stack: string): unknown {
  if (e instanceof Error && e.name === "ConcurrentUpdateError") return new StackBusyError(stack);
  return e;
}

/** `pulumi config refresh` of a stack that never deployed: "getting latest configuration: no previous deployment". */
function isNoPreviousDeployment(e: unknown): boolean {
  return e instanceof Error && /no previous deployment/.test(e.message);
}

function isNotFound(e: unknown): boolean {
  return (
    e instanceof Error &&
    (e.name === "StackNotFoundError" || /no stack named.*found/.test(e.message))
  );
}

export class LocalPreviewWorkspace implements PreviewWorkspace {
  constructor(private readonly api: Automation) {}

  listStacks(): Promise<PreviewStackSummary[]> {
    return this.api.listStacks();
  }

  async outputs(stack: string): Promise<StackOutputs | undefined> {
    try {
      return plainOutputs(await this.api.stackOutputs(stack));
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw mapError(e, stack);
    }
  }

  /** Pulumi.<stack>.yaml in the project, which setAllConfig and refreshConfig write. */
  private stackFile(stack: string): string {
    return path.join(this.api.workDir, `Pulumi.${stack.split("/").pop()}.yaml`);
  }

  private static async setAll(s: AutomationStack, config: PreviewConfig): Promise<void> {
    await s.setAllConfig({ ...config.plain });
    if (Object.keys(config.paths).length > 0) {
      await s.setAllConfig({ ...config.paths }, true);
    }
  }

  async up(stack: string, request: UpRequest): Promise<StackOutputs> {
    assertPreviewStack(stack, "update");
    // setAllConfig writes Pulumi.<stack>.yaml into the project: leave none behind
    // (a preview has no committed stack file; every `up` sets its whole config).
    const file = this.stackFile(stack);
    const hadFile = fs.existsSync(file);
    try {
      const s = await this.api.stack(stack, true);
      await LocalPreviewWorkspace.setAll(s, request.config);
      const result = await s.up({
        policyPacks: [...request.policyPacks],
        policyPackConfigs: [...request.policyPackConfigs],
        message: request.message,
        onOutput: request.onOutput,
        color: "never",
      });
      return plainOutputs(result.outputs);
    } catch (e) {
      throw mapError(e, stack);
    } finally {
      if (!hadFile) fs.rmSync(file, { force: true });
    }
  }

  // The config written by refreshConfig/setConfig stays in Pulumi.<stack>.yaml
  // for the destroy that follows; `pulumi stack rm` (removeStack) deletes it.
  async refreshConfig(stack: string): Promise<void> {
    assertPreviewStack(stack, "refresh the config of");
    try {
      await (await this.api.stack(stack, false)).refreshConfig();
    } catch (e) {
      if (isNoPreviousDeployment(e)) throw new NoPreviousDeploymentError(stack);
      throw mapError(e, stack);
    }
  }

  async setConfig(stack: string, config: PreviewConfig): Promise<void> {
    assertPreviewStack(stack, "configure");
    try {
      await LocalPreviewWorkspace.setAll(await this.api.stack(stack, false), config);
    } catch (e) {
      throw mapError(e, stack);
    }
  }

  async destroy(stack: string, options: OperationOptions): Promise<void> {
    assertPreviewStack(stack, "destroy");
    try {
      const s = await this.api.stack(stack, false);
      await s.destroy({ onOutput: options.onOutput, color: "never" });
    } catch (e) {
      throw mapError(e, stack);
    }
  }

  async cancel(stack: string): Promise<void> {
    assertPreviewStack(stack, "cancel the update of");
    try {
      await (await this.api.stack(stack, false)).cancel();
    } catch (e) {
      throw mapError(e, stack);
    }
  }

  async removeStack(stack: string): Promise<void> {
    assertPreviewStack(stack, "remove");
    try {
      await this.api.removeStack(stack);
    } catch (e) {
      throw mapError(e, stack);
    }
  }
}

/**
 * The Automation API bound to `projectDir`. Fails with PulumiUnavailableError
 * when the Pulumi CLI cannot be run (as on the machines this project is built
 * on, where it is not installed).
 */
export async function createLocalPreviewWorkspace(projectDir: string): Promise<PreviewWorkspace> {
  // Loaded here so that the rest of `platform` never pays for the Automation API.
  const auto: typeof import("@pulumi/pulumi/automation") = require("@pulumi/pulumi/automation");
  let pulumiCommand;
  try {
    pulumiCommand = await auto.PulumiCommand.get();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new PulumiUnavailableError(
      /ENOENT/.test(message) ? "pulumi is not on PATH" : summarizeError(e),
    );
  }
  const ws = await auto.LocalWorkspace.create({ workDir: projectDir, pulumiCommand });
  return new LocalPreviewWorkspace({
    workDir: projectDir,
    listStacks: async () =>
      (await ws.listStacks()).map((s) => ({
        name: s.name,
        ...(s.lastUpdate !== undefined ? { lastUpdate: s.lastUpdate } : {}),
        ...(s.updateInProgress !== undefined ? { updateInProgress: s.updateInProgress } : {}),
        ...(s.resourceCount !== undefined ? { resourceCount: s.resourceCount } : {}),
      })),
    stackOutputs: (stack) => ws.stackOutputs(stack),
    stack: (name, create) =>
      create ? auto.Stack.createOrSelect(name, ws) : auto.Stack.select(name, ws),
    removeStack: (stack) => ws.removeStack(stack),
  });
}
