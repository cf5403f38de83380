/**
 * Test doubles for the preview lifecycle: an in-memory PreviewWorkspace that
 * behaves like a backend (stacks, config, outputs, a lock per stack), pull
 * requests, a clock, and a way to run the command as `platform` would.
 */
import * as path from "node:path";
import { Command, Io, parseCommandArgs } from "../../../cli/command";
import { createPreviewCommand, PreviewCommandDeps } from "../../../cli/commands/preview";
import { PullRequestInfo, PullRequestSource } from "../../../cli/preview/github";
import { KeyedLock } from "../../../cli/preview/locks";
import {
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
  config?: PreviewConfig;
  outputs: StackOutputs;
  resources: number;
  lastUpdate?: string;
  updateInProgress?: boolean;
}

type Op = "list" | "outputs" | "up" | "destroy" | "remove";

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
  /** How long up and destroy take (real timers, a few ms). */
  constructor(private readonly latencyMs = 0) {}

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
    return this.stacks.get(stack)?.outputs;
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
      this.stacks.set(stack, { config: request.config, outputs, resources: 95 });
      return outputs;
    });
  }

  async destroy(stack: string, _options: OperationOptions): Promise<void> {
    this.calls.push(`destroy ${stack}`);
    await this.locked(stack, () => {
      this.fail("destroy");
      const s = this.stacks.get(stack);
      if (!s) throw new Error(`error: no stack named '${stack}' found`);
      s.resources = 0;
    });
  }

  async removeStack(stack: string): Promise<void> {
    this.calls.push(`remove ${stack}`);
    this.fail("remove");
    const s = this.stacks.get(stack);
    if (s && s.resources > 0) throw new Error(`error: ${stack} still has resources`);
    this.stacks.delete(stack);
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
  cwd = PROJECT_DIR,
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
