/**
 * `platform preview (up|destroy|list|gc) …`: the preview-environment
 * lifecycle through the Automation API. Needs the Pulumi CLI, a backend login
 * and AWS credentials at run time; unit-tested with a fake workspace.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import { Command, Io, ParsedValues, stringFlag } from "../command";
import { UsageError } from "../errors";
import { readProject } from "../synth/stackConfig";
import { GcDecision } from "../preview/gc";
import { githubPullRequests, PullRequestSource } from "../preview/github";
import { collectGarbage, listPreviews } from "../preview/inventory";
import { LifecycleDeps, previewCancel, previewDestroy, previewUp } from "../preview/lifecycle";
import { createLocalPreviewWorkspace } from "../preview/localWorkspace";
import { KeyedLock } from "../preview/locks";
import { DEFAULT_RETRY, summarizeError } from "../preview/retry";
import { PreviewWorkspace } from "../preview/workspace";

/**
 * The lifecycle's clock, ids, environment, retry policy and locks (`locks`:
 * shared by every call in this process, one operation per PR at a time), and
 * how to reach the workspace and the pull requests.
 */
export interface PreviewCommandDeps extends Pick<
  LifecycleDeps,
  "now" | "sleep" | "newInstance" | "env" | "retry" | "locks"
> {
  /** The workspace (the real one needs the Pulumi CLI). */
  readonly workspace: (projectDir: string) => Promise<PreviewWorkspace>;
  /** Pull request facts for `gc`. */
  readonly pullRequests: (env: Readonly<Record<string, string | undefined>>) => PullRequestSource;
}

const SUBCOMMANDS = ["up", "destroy", "cancel", "list", "gc"] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];
const PR_NUMBER = /^[1-9][0-9]{0,6}$/;

/** A fresh preview instance: 6 lowercase letters or digits. */
export function randomInstance(): string {
  return randomBytes(8).readBigUInt64BE().toString(36).slice(-6).padStart(6, "0");
}

export function defaultPreviewDeps(): PreviewCommandDeps {
  return {
    workspace: createLocalPreviewWorkspace,
    pullRequests: (env) => githubPullRequests(env),
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    newInstance: randomInstance,
    env: process.env,
    retry: DEFAULT_RETRY,
    locks: new KeyedLock(),
  };
}

function prFlag(values: ParsedValues, sub: Subcommand): number {
  const raw = stringFlag(values, "pr", `preview ${sub}`);
  if (raw === undefined) {
    throw new UsageError(
      `platform preview ${sub}: --pr is required (the pull request number, e.g. --pr 42)`,
    );
  }
  if (!PR_NUMBER.test(raw.trim())) {
    throw new UsageError(
      `platform preview ${sub}: --pr must be a pull request number from 1 to 9999999, got ${JSON.stringify(raw)}`,
    );
  }
  return Number(raw.trim());
}

/** Appends `name=value` lines for the next workflow steps when GitHub Actions provides GITHUB_OUTPUT. */
function writeStepOutputs(env: PreviewCommandDeps["env"], outputs: Record<string, string>): void {
  const file = env.GITHUB_OUTPUT;
  if (!file) return;
  fs.appendFileSync(
    file,
    Object.entries(outputs)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(""),
  );
}

function renderDecision(d: GcDecision, dryRun: boolean): string {
  const action = d.action === "destroy" ? (dryRun ? "would destroy" : "destroy") : "keep";
  return `${d.stack.padEnd(12)} ${action.padEnd(13)} ${d.reason}`;
}

export function createPreviewCommand(deps: PreviewCommandDeps): Command {
  const lifecycle = async (io: Io): Promise<LifecycleDeps> => ({
    workspace: await deps.workspace(io.cwd),
    projectDir: io.cwd,
    now: deps.now,
    sleep: deps.sleep,
    newInstance: deps.newInstance,
    env: deps.env,
    retry: deps.retry,
    locks: deps.locks,
    log: (line) => io.err(`${line}\n`),
    progress: (text) => io.err(text),
  });

  /** Runs one subcommand; a failure of the operation (not of usage) is one line and exit 1. */
  const operation = async (sub: Subcommand, io: Io, fn: () => Promise<number>): Promise<number> => {
    try {
      return await fn();
    } catch (e) {
      if (
        e instanceof Error &&
        ["UsageError", "ConfigError", "NotAPreviewError"].includes(e.name)
      ) {
        throw e;
      }
      io.err(`platform preview ${sub}: ${summarizeError(e)}\n`);
      return 1;
    }
  };

  return {
    name: "preview",
    summary: "Create, update, list and clean up per-PR preview environments (Automation API).",
    usage: [
      "platform preview up --pr N",
      "       platform preview destroy --pr N",
      "       platform preview cancel --pr N",
      "       platform preview list [--json]",
      "       platform preview gc [--pr N] [--dry-run] [--json]",
    ].join("\n"),
    help: [
      "Subcommands:",
      "  up --pr N        create or update the preview pr-N on staging's network, with the policy pack",
      "                   (policy-pack, policy-pack/config/preview.json); ExpiresAt moves to now +",
      "                   platform:previewTtlHours. Prints the URL on stdout (and url= to $GITHUB_OUTPUT).",
      "  destroy --pr N   destroy pr-N with the config of its last deployment, then remove its stack",
      "                   (a stack with no resources is removed straight away; nothing to do if none)",
      "  cancel --pr N    cancel the update in progress on pr-N (pulumi cancel); nothing to do if none",
      "  list             every preview with its URL and ExpiresAt",
      "  gc               destroy previews whose pull request is closed or whose ExpiresAt has passed;",
      "                   keeps those labelled preview:keep (GITHUB_REPOSITORY, GITHUB_TOKEN). With --pr N",
      "                   only pr-N, and an update still in progress on it is cancelled first (run it",
      "                   in the PR's concurrency group, after the PR's own runs)",
      "",
      "Options:",
      "  --pr N       the pull request number",
      "  --dry-run    gc: say what would be destroyed, destroy nothing",
      "  --json       list, gc: print JSON",
      "",
      "up needs the Lambda package (LAMBDA_CA_BUNDLE=… npm run build:lambda -w app) and a deployed",
      "network stack; in CI (CI=true) the network stack is <PLATFORM_PULUMI_ORG>/<project>/<stack>.",
      "Needs the Pulumi CLI logged in to the backend and AWS credentials. Secrets of the base",
      "stack come from PLATFORM_SECRET_<KEY> variables. Transient failures are retried with",
      "backoff; only stacks named pr-<N> are ever touched. Exit 1 when an operation fails.",
    ].join("\n"),
    positionals: true,
    options: {
      pr: { type: "string" },
      "dry-run": { type: "boolean" },
      json: { type: "boolean" },
    },
    async run(values, positionals, io) {
      const [subRaw, ...extra] = positionals;
      if (!SUBCOMMANDS.includes(subRaw as Subcommand)) {
        throw new UsageError(
          `platform preview: expected a subcommand, one of ${SUBCOMMANDS.join(", ")}, got ${JSON.stringify(subRaw ?? "")}`,
        );
      }
      const sub = subRaw as Subcommand;
      if (extra.length > 0) {
        throw new UsageError(
          `platform preview ${sub}: unexpected argument ${JSON.stringify(extra[0])}`,
        );
      }
      const usesPr = sub === "up" || sub === "destroy" || sub === "cancel";
      if (!usesPr && sub !== "gc" && values.pr !== undefined) {
        throw new UsageError(
          `platform preview ${sub}: --pr is only for up, destroy, cancel and gc`,
        );
      }
      if (sub !== "gc" && values["dry-run"] !== undefined) {
        throw new UsageError(`platform preview ${sub}: --dry-run is only for gc`);
      }
      if (usesPr && values.json !== undefined) {
        throw new UsageError(`platform preview ${sub}: --json is only for list and gc`);
      }

      switch (sub) {
        case "up": {
          const pr = prFlag(values, sub);
          return operation(sub, io, async () => {
            const result = await previewUp(pr, await lifecycle(io));
            io.err(
              `${result.stack} is ${result.created ? "created" : "updated"}: ${result.url} (expires ${result.expiresAt})\n`,
            );
            writeStepOutputs(deps.env, {
              url: result.url,
              stack: result.stack,
              "expires-at": result.expiresAt,
            });
            io.out(`${result.url}\n`);
            return 0;
          });
        }
        case "destroy": {
          const pr = prFlag(values, sub);
          return operation(sub, io, async () => {
            const result = await previewDestroy(pr, await lifecycle(io));
            io.out(
              result.existed
                ? `${result.stack} is destroyed and its stack removed\n`
                : `${result.stack} does not exist: nothing to destroy\n`,
            );
            return 0;
          });
        }
        case "cancel": {
          const pr = prFlag(values, sub);
          return operation(sub, io, async () => {
            const result = await previewCancel(pr, await lifecycle(io));
            io.out(
              result.cancelled
                ? `${result.stack}: the update in progress is cancelled\n`
                : `${result.stack}: no update in progress: nothing to cancel\n`,
            );
            return 0;
          });
        }
        case "list":
          return operation(sub, io, async () => {
            const previews = await listPreviews(await lifecycle(io));
            if (values.json === true) {
              io.out(`${JSON.stringify(previews, null, 2)}\n`);
            } else if (previews.length === 0) {
              io.out("no previews\n");
            } else {
              const rows = previews.map(
                (p) => `${p.stack.padEnd(12)} ${(p.expiresAt ?? "-").padEnd(21)} ${p.url ?? "-"}`,
              );
              io.out(
                `${["STACK".padEnd(12), "EXPIRES".padEnd(21), "URL"].join(" ")}\n${rows.join("\n")}\n`,
              );
            }
            return 0;
          });
        case "gc": {
          const dryRun = values["dry-run"] === true;
          const only = values.pr !== undefined ? prFlag(values, sub) : undefined;
          const source = deps.pullRequests(deps.env);
          const project = readProject(io.cwd);
          const ttl = Number(
            project.declarations[`${project.name}:previewTtlHours`]?.default ?? 72,
          );
          return operation(sub, io, async () => {
            const report = await collectGarbage(await lifecycle(io), {
              pullRequests: source,
              dryRun,
              defaultTtlHours: ttl,
              ...(only !== undefined ? { only } : {}),
            });
            if (values.json === true) {
              io.out(`${JSON.stringify(report, null, 2)}\n`);
            } else {
              const lines = report.decisions.map((d) => renderDecision(d, dryRun));
              io.out(`${lines.length > 0 ? lines.join("\n") : "no previews"}\n`);
            }
            for (const f of report.failures)
              io.err(`platform preview gc: ${f.stack}: ${f.error}\n`);
            return report.failures.length > 0 ? 1 : 0;
          });
        }
      }
    },
  };
}

export const previewCommand: Command = createPreviewCommand(defaultPreviewDeps());
