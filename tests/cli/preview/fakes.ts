/**
 * Test doubles for the preview lifecycle: an in-memory PreviewWorkspace that
 * behaves like a backend and a CI checkout (stacks, the config of each
 * stack's last update, the checkout's Pulumi.<stack>.yaml, outputs, a lock
 * per stack), pull requests, a clock, a project directory with the Lambda
 * package built, and a way to run the command as `platform` would.
 *
 * The CLI's own messages are reproduced where the fake refuses, from
 * github.com/pulumi/pulumi (read 2026-11-30):
 * - pkg/workspace/config.go `missingStackConfigurationKeysError`:
 *   "Stack '%v' is missing configuration %v %v" (keys sorted, "'a' and 'b'");
 * - pkg/cmd/pulumi/config/config.go (config refresh) with
 *   pkg/backend/backenderr/backenderr.go: "getting latest configuration: no previous deployment";
 * - pkg/cmd/pulumi/stack/stack_remove.go: "'%s' still has resources; removal rejected. …".
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Command, Io, parseCommandArgs } from "../../../cli/command";
import { createPreviewCommand, PreviewCommandDeps } from "../../../cli/commands/preview";
import { PullRequestInfo, PullRequestSource } from "../../../cli/preview/github";
import { KeyedLock } from "../../../cli/preview/locks";
import {
  NoPreviousDeploymentError,
  OperationOptions,
  PreviewConfig,
  PreviewStackSummary,
  PreviewWorkspace,
  StackBusyError,
  StackOutputs,
  UpRequest,
} from "../../../cli/preview/workspace";

export const PROJECT_DIR = path.resolve(__dirname, "..", "..", "..");

interface FakeStack {
  /** The config the stack's last update ran with (what `pulumi config refresh` restores). */
  config?: PreviewConfig;
  /** Pulumi.<stack>.yaml in this checkout: none in a fresh CI checkout. */
  local?: PreviewConfig;
  outputs: StackOutputs;
  resources: number;
  lastUpdate?: string;
  updateInProgress?: boolean;
}

type Op = "list" | "outputs" | "up" | "refresh" | "config" | "destroy" | "remove" | "cancel";

/** The keys Pulumi.yaml declares without a default: a destroy without them fails. */
const REQUIRED_KEYS = ["platform:costCenter", "platform:owner"];

/** The network output staging exports (index.ts), as a StackReference reads it. */
export const STAGING_NETWORK = {
  vpcId: "vpc-0a1b2c3d4e5f60718",
  region: "eu-west-1",
  environment: "staging",
  publicSubnetIds: ["subnet-0000000000000000a", "subnet-0000000000000000b"],
  privateSubnetIds: ["subnet-0000000000000000c", "subnet-0000000000000000d"],
  isolatedSubnetIds: ["subnet-0000000000000000e", "subnet-0000000000000000f"],
};

export class FakeWorkspace implements PreviewWorkspace {
  readonly stacks = new Map<string, FakeStack>();
  /** Every call, in order: `up pr-5`. */
  readonly calls: string[] = [];
  /** Every up request, in order. */
  readonly upRequests: { stack: string; request: UpRequest }[] = [];
  /** Errors the next calls of an operation throw, in order. */
  readonly failures: Partial<Record<Op, Error[]>> = {};
  /** Stacks with an operation in flight (the backend's lock). */
  private readonly inFlight = new Set<string>();
  /** The most operations that ever ran at once on one stack. */
  maxConcurrent = 0;
  /** How long up and destroy take (real timers, a few ms). Staging is deployed unless told otherwise. */
  constructor(
    private readonly latencyMs = 0,
    opts: { readonly staging?: boolean } = {},
  ) {
    if (opts.staging ?? true) {
      this.stacks.set("staging", { outputs: { network: STAGING_NETWORK }, resources: 120 });
    }
  }

  private fail(op: Op): void {
    const e = this.failures[op]?.shift();
    if (e) throw e;
  }

  private async locked<T>(stack: string, fn: () => T): Promise<T> {
    if (this.inFlight.has(stack)) throw new StackBusyError(stack);
    this.inFlight.add(stack);
    this.maxConcurrent = Math.max(this.maxConcurrent, this.inFlight.size);
    try {
      await new Promise((r) => setTimeout(r, this.latencyMs));
      return fn();
    } finally {
      this.inFlight.delete(stack);
    }
  }

  async listStacks(): Promise<PreviewStackSummary[]> {
    this.calls.push("list");
    this.fail("list");
    return [...this.stacks].map(([name, s]) => ({
      name,
      resourceCount: s.resources,
      ...(s.lastUpdate !== undefined ? { lastUpdate: s.lastUpdate } : {}),
      ...(s.updateInProgress ? { updateInProgress: true } : {}),
    }));
  }

  async outputs(stack: string): Promise<StackOutputs | undefined> {
    this.calls.push(`outputs ${stack}`);
    this.fail("outputs");
    return this.stacks.get(stack.split("/").pop() ?? stack)?.outputs;
  }

  async up(stack: string, request: UpRequest): Promise<StackOutputs> {
    this.calls.push(`up ${stack}`);
    this.upRequests.push({ stack, request });
    return this.locked(stack, () => {
      this.fail("up");
      const plain = request.config.plain;
      const url = `https://${stack}.preview.platform.example.com`;
      const outputs = {
        serviceUrl: url,
        endpoints: { loadBalancer: `platform-${stack}-web.elb.amazonaws.com` },
        preview: {
          pullRequest: Number(stack.slice(3)),
          expiresAt: plain["platform:expiresAt"]?.value,
          instance: plain["platform:previewInstance"]?.value,
          url,
        },
      };
      // The adapter removes the Pulumi.<stack>.yaml that setAllConfig wrote: no local config is left.
      this.stacks.set(stack, { config: request.config, outputs, resources: 95 });
      return outputs;
    });
  }

  async refreshConfig(stack: string): Promise<void> {
    this.calls.push(`refreshConfig ${stack}`);
    this.fail("refresh");
    const s = this.stacks.get(stack);
    if (!s)
      throw new Error(
        `code: 255\n stdout: \n stderr: error: no stack named '${stack}' found\n err?: \n`,
      );
    if (s.config === undefined) throw new NoPreviousDeploymentError(stack);
    s.local = s.config;
  }

  async setConfig(stack: string, config: PreviewConfig): Promise<void> {
    this.calls.push(`setConfig ${stack}`);
    this.fail("config");
    const s = this.stacks.get(stack);
    if (!s)
      throw new Error(
        `code: 255\n stdout: \n stderr: error: no stack named '${stack}' found\n err?: \n`,
      );
    s.local = config;
  }

  async destroy(stack: string, _options: OperationOptions): Promise<void> {
    this.calls.push(`destroy ${stack}`);
    await this.locked(stack, () => {
      this.fail("destroy");
      const s = this.stacks.get(stack);
      if (!s) throw new Error(`error: no stack named '${stack}' found`);
      const missing = REQUIRED_KEYS.filter((k) => s.local?.plain[k] === undefined).map(
        (k) => `'${k.split(":")[1]}'`,
      );
      if (missing.length > 0) {
        const keys =
          missing.length === 1
            ? missing[0]
            : `${missing.slice(0, -1).join(", ")} and ${missing.at(-1)}`;
        throw new Error(
          `code: 255\n stdout: \n stderr: error: Stack '${stack}' is missing configuration value${missing.length > 1 ? "s" : ""} ${keys}\n err?: \n`,
        );
      }
      s.resources = 0;
    });
  }

  async removeStack(stack: string): Promise<void> {
    this.calls.push(`remove ${stack}`);
    this.fail("remove");
    const s = this.stacks.get(stack);
    if (s && s.resources > 0) {
      throw new Error(
        `code: 255\n stdout: \n stderr: error: '${stack}' still has resources; removal rejected. Possible actions:\n err?: \n`,
      );
    }
    this.stacks.delete(stack);
  }

  async cancel(stack: string): Promise<void> {
    this.calls.push(`cancel ${stack}`);
    this.fail("cancel");
    const s = this.stacks.get(stack);
    if (s) s.updateInProgress = false;
  }

  /** Adds a stack as an earlier `up` would have left it. */
  seed(
    stack: string,
    preview: { expiresAt?: string; instance?: string } = {},
    extra: Partial<FakeStack> = {},
  ) {
    this.stacks.set(stack, {
      outputs: {
        serviceUrl: `https://${stack}.example.com`,
        preview: { ...preview, url: `https://${stack}.example.com` },
      },
      resources: 95,
      ...extra,
    });
  }
}

export class FakePullRequests implements PullRequestSource {
  readonly asked: number[] = [];
  constructor(private readonly prs: Record<number, PullRequestInfo | Error>) {}
  async get(pr: number): Promise<PullRequestInfo> {
    this.asked.push(pr);
    const info = this.prs[pr];
    if (info === undefined) throw new Error(`no fake for PR #${pr}`);
    if (info instanceof Error) throw info;
    return info;
  }
}

export const NOW = new Date("2030-06-01T12:00:00Z");

/**
 * A copy of the project as a workflow has it after `npm run build:lambda -w app`:
 * Pulumi.yaml, the staging stack file, the policy pack's preview config and
 * the Lambda package (app/dist/lambda/lambda.js and certs/ca-bundle.pem).
 */
export function previewProject(opts: { readonly lambda?: readonly string[] } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-project-"));
  for (const f of ["Pulumi.yaml", "Pulumi.staging.yaml", "policy-pack/config/preview.json"]) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(path.join(PROJECT_DIR, f), path.join(dir, f));
  }
  for (const f of opts.lambda ?? ["lambda.js", "certs/ca-bundle.pem"]) {
    const file = path.join(dir, "app", "dist", "lambda", f);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, "");
  }
  return dir;
}

export function fakeDeps(
  workspace: PreviewWorkspace,
  over: Partial<PreviewCommandDeps> = {},
): PreviewCommandDeps & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    workspace: async () => workspace,
    pullRequests: () => new FakePullRequests({}),
    now: () => NOW,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    newInstance: () => "abc123",
    env: {},
    retry: { attempts: 3, baseDelayMs: 15_000, maxDelayMs: 120_000 },
    locks: new KeyedLock(),
    sleeps,
    ...over,
  };
}

export interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `platform preview …argv` with `deps`, mapping errors to exit codes as cli/main.ts does. */
export async function runPreview(
  argv: string[],
  deps: PreviewCommandDeps,
  cwd = previewProject(),
): Promise<Run> {
  let out = "";
  let err = "";
  const io: Io = { out: (t) => (out += t), err: (t) => (err += t), cwd };
  const command: Command = createPreviewCommand(deps);
  try {
    const { values, positionals } = parseCommandArgs(command, argv);
    const code = await command.run(values, positionals, io);
    return { code, out, err };
  } catch (e) {
    const name = (e as Error).name;
    if (name === "UsageError" || name === "ConfigError") {
      return { code: 2, out, err: err + `${(e as Error).message.split("\n")[0]}\n` };
    }
    throw e;
  }
}
