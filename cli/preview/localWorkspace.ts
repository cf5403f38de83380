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
import { spawn } from "node:child_process";
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
  /** Plain values only: `pulumi config set-all` takes every value on its command line. */
  setAllConfig(config: AutomationConfig, path?: boolean): Promise<void>;
  /** One secret value, given to the CLI on stdin (`setSecretConfig` below), never on argv. */
  setSecretConfig(key: string, value: string, path: boolean): Promise<void>;
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

  /**
   * Plain values through `config set-all` (on argv, as the Automation API
   * does); each secret through `config set --secret` with its value on stdin,
   * so no secret is ever on a command line that `ps` shows.
   */
  private static async setAll(s: AutomationStack, config: PreviewConfig): Promise<void> {
    for (const [entries, usePath] of [
      [config.plain, false],
      [config.paths, true],
    ] as const) {
      const plain = Object.entries(entries).filter(([, e]) => e.secret !== true);
      if (plain.length > 0) {
        await s.setAllConfig(
          Object.fromEntries(plain.map(([k, e]) => [k, { value: e.value }])),
          usePath || undefined,
        );
      }
      for (const [key, e] of Object.entries(entries)) {
        if (e.secret === true) await s.setSecretConfig(key, e.value, usePath);
      }
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

/** What `setSecretConfig` needs of the Automation API's PulumiCommand. */
export interface PulumiCli {
  /** `pulumi`, or an absolute path to it. */
  readonly command: string;
}

/**
 * `pulumi config set KEY --stack S --secret [--path] --non-interactive` with
 * the value on stdin. The Automation API (@pulumi/pulumi 3.276.0
 * LocalWorkspace.setConfig/setAllConfig, automation/localWorkspace.js) puts
 * every value, secrets included, on the CLI's argv. The CLI's `config set`
 * reads the value from stdin when none is given and stdin is not a terminal —
 * checked before its non-interactive refusal — and removes one trailing
 * newline (pkg/cmd/pulumi/config/config.go `configSetCmd.Run` and
 * sdk/go/common/util/cmdutil/console.go `RemoveTrailingNewline` in
 * github.com/pulumi/pulumi at 1b5949891b3cefcb9974752b24a5ecef0acc86c8,
 * 2026-08-21; the same in pkg/cmd/pulumi/config/config_set.go at
 * b42d45245ef04200ccb8b979160558e90ec4a69b, 2024-12-18; read 2026-11-30).
 * So the value goes with one newline added, and the CLI runs as
 * PulumiCommand.run runs it: in the project, with PULUMI_AUTOMATION_API=true
 * and the CLI's own folder first on PATH when it is an absolute path.
 */
export function setSecretConfig(
  cli: PulumiCli,
  workDir: string,
  stack: string,
  key: string,
  value: string,
  usePath: boolean,
): Promise<void> {
  const args = ["config", "set", key, "--stack", stack, "--secret"];
  if (usePath) args.push("--path");
  args.push("--non-interactive");
  const env: NodeJS.ProcessEnv = { ...process.env, PULUMI_AUTOMATION_API: "true" };
  if (path.isAbsolute(cli.command)) {
    env.PATH = `${path.dirname(cli.command)}${path.delimiter}${process.env.PATH ?? ""}`;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(cli.command, args, {
      cwd: workDir,
      env,
      stdio: ["pipe", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve();
      else {
        const detail = stderr.trim().split("\n")[0] ?? "";
        reject(new Error(`pulumi config set ${key} --secret exited with ${code}: ${detail}`));
      }
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(`${value}\n`);
  });
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
    stack: async (name, create) => {
      const s = create
        ? await auto.Stack.createOrSelect(name, ws)
        : await auto.Stack.select(name, ws);
      return Object.assign(s, {
        setSecretConfig: (key: string, value: string, usePath: boolean) =>
          setSecretConfig(ws.pulumiCommand, projectDir, name, key, value, usePath),
      });
    },
    removeStack: (stack) => ws.removeStack(stack),
  });
}
