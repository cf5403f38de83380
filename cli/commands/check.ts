/**
 * `platform check (--stack S | --stack all | --resources FILE) [--json] [--policy-config FILE]
 *   [--report compliance [--format markdown|json]]`
 *
 * Runs every policy of policy-pack/ over a stack's synthesized resources, over
 * every stack of the project in one process, or over a file of resources, as
 * the Pulumi analyzer would; exit 1 when a mandatory violation remains.
 */
import { Command, Io, stringFlag, userPath } from "../command";
import { UsageError } from "../errors";
import type { SynthDocument } from "../core/resource";
import type { PolicyCheck, PolicyConfigFlag } from "../check/policyCheck";
import { renderCheck } from "../check/render";
import type { CheckResult } from "../check/runner";
import type { StackOutcome } from "../check/stackCheck";
import { allStacks, ALL_STACKS } from "../synth/stacks";

// The modules that load the Pulumi runtime, the program and the pack are required where they
// are used: `check --stack all` starts its worker threads first, so they load in parallel.
type Synthesize = typeof import("../core/synthesize").synthesize;

export interface CheckDeps {
  /** Synthesizes a stack of the project under the mock runtime. */
  readonly synthesize: (stack: string, opts: { cwd: string }) => Promise<SynthDocument>;
}

const DEFAULT_DEPS: CheckDeps = {
  synthesize: (stack, opts) =>
    (require("../core/synthesize") as { synthesize: Synthesize }).synthesize(stack, opts),
};

/** One stack's part of `check --stack all --json`. */
export interface StackCheckResult extends CheckResult {
  readonly stack: string;
  readonly environment?: string;
  readonly policyConfig?: string;
  readonly resources: number;
}

/**
 * `check --stack all --json`: the single-stack shape over every stack (each
 * violation and exemption names its stack), plus the per-stack results.
 */
export interface AllStacksResult {
  readonly violations: (CheckResult["violations"][number] & { readonly stack: string })[];
  readonly exemptions: (CheckResult["exemptions"][number] & { readonly stack: string })[];
  readonly weakened: (NonNullable<CheckResult["weakened"]>[number] & { readonly stack: string })[];
  readonly allowWeakened: boolean;
  readonly summary: { readonly mandatory: number; readonly advisory: number };
  readonly stacks: StackCheckResult[];
}

function summaryLine(doc: { resources: readonly unknown[] }, c: PolicyCheck): string {
  return renderCheck(c.result, {
    resourceCount: doc.resources.length,
    environment: c.detected,
    configFile: c.configFile,
  });
}

/** `--policy-config FILE` as given (shown in messages) and resolved against the user's directory. */
function policyConfigOf(io: Io, flag: string | undefined): PolicyConfigFlag | undefined {
  return flag === undefined ? undefined : { shown: flag, file: userPath(io, flag) };
}

async function checkAll(
  values: Record<string, unknown>,
  config: PolicyConfigFlag | undefined,
  io: Io,
  deps: CheckDeps,
): Promise<number> {
  const { checkStacks } = require("../check/stackPool") as typeof import("../check/stackPool");
  const stacks = allStacks(io.cwd);
  const opts = { cwd: io.cwd, config, allowWeakened: values["allow-weakened"] === true };
  // Worker threads run the project's own program: a stubbed synthesize (the tests) stays on this thread.
  const outcomes: StackOutcome[] =
    deps === DEFAULT_DEPS
      ? await checkStacks(stacks, opts, deps.synthesize)
      : await checkStacks(stacks, opts, deps.synthesize, 1);
  const results: StackCheckResult[] = [];
  const text: string[] = [];
  for (const o of outcomes) {
    results.push({
      stack: o.stack,
      ...(o.detected !== undefined ? { environment: o.detected } : {}),
      ...(o.configFile !== undefined ? { policyConfig: o.configFile } : {}),
      resources: o.resources,
      ...o.result,
    });
    text.push(
      `== stack ${o.stack}`,
      renderCheck(o.result, {
        resourceCount: o.resources,
        environment: o.detected,
        configFile: o.configFile,
      }),
    );
  }
  const mandatory = results.reduce((n, r) => n + r.summary.mandatory, 0);
  const advisory = results.reduce((n, r) => n + r.summary.advisory, 0);
  if (values.json === true) {
    const all: AllStacksResult = {
      violations: results.flatMap((r) => r.violations.map((v) => ({ ...v, stack: r.stack }))),
      exemptions: results.flatMap((r) => r.exemptions.map((e) => ({ ...e, stack: r.stack }))),
      weakened: results.flatMap((r) => (r.weakened ?? []).map((w) => ({ ...w, stack: r.stack }))),
      allowWeakened: values["allow-weakened"] === true,
      summary: { mandatory, advisory },
      stacks: results,
    };
    io.out(JSON.stringify(all, null, 2) + "\n");
  } else {
    const failed = results.filter((r) => r.summary.mandatory > 0).map((r) => r.stack);
    text.push(
      `== ${results.length} stacks (${results.map((r) => r.stack).join(", ")}): ` +
        (failed.length > 0 ? `check FAILED in ${failed.join(", ")}` : "check passed") +
        `: ${mandatory} mandatory, ${advisory} advisory violations in all`,
    );
    io.out(text.join("\n") + "\n");
  }
  return mandatory > 0 ? 1 : 0;
}

export function makeCheckCommand(deps: CheckDeps = DEFAULT_DEPS): Command {
  return {
    name: "check",
    summary:
      "Run the CrossGuard policy pack over a stack's resources (or a file of resources) offline.",
    usage:
      "platform check (--stack S | --resources FILE) [--json] [--policy-config FILE] [--allow-weakened] [--report compliance [--format markdown|json]]",
    help: [
      "Options:",
      "  --stack S              synthesize stack S (dev, staging, prod, pr-<N>) under the mock runtime and check it",
      `  --stack ${ALL_STACKS}             check every stack in one process: each Pulumi.<stack>.yaml of the project,`,
      "                         plus the preview pr-7 when the project has no pr-<N> stack file",
      "  --resources FILE       check FILE instead: an array of resources ({ type, name, props, … }) or a `platform synth --json` document",
      "  --policy-config FILE   policy config as for `pulumi preview --policy-pack-config`",
      "                         (default: policy-pack/config/<environment>.json, the environment taken from the",
      "                         AWS provider's defaultTags Environment, the Docker labels, or the stack name)",
      "  --allow-weakened       accept a policy config that disables or downgrades a rule protecting encryption",
      "                         at rest (otherwise each such rule fails the check); the output says it was given.",
      "                         Every weakened rule is listed; an unknown policy name, a wildcard exemption or one",
      "                         expiring more than maxExemptionDays (default 365) ahead is refused (exit 2)",
      "  --json                 print { violations, exemptions, weakened, allowWeakened, summary }; with --stack all each violation and",
      "                         exemption (and weakened rule) also names its stack, and stacks: [{ stack, environment,",
      "                         policyConfig, resources, violations, exemptions, weakened, allowWeakened, summary }]",
      "                         gives each stack's own result",
      "  --report compliance    print the check per framework control (CIS AWS Foundations v3.0.0, AWS FSBP,",
      "                         SOC 2 common criteria): covering rules, pass/fail on this stack, exemptions in",
      "                         force with their reasons, and the controls no rule covers; not with --stack all",
      "  --format F             with --report: markdown (default) or json",
      "",
      "Exit codes: 0 no mandatory violation, 1 mandatory violations, 2 bad usage or input.",
      'Values unknown during preview ("[unknown]") are reported as advisory "cannot be checked during preview".',
    ].join("\n"),
    positionals: true,
    options: {
      stack: { type: "string" },
      resources: { type: "string" },
      "policy-config": { type: "string" },
      "allow-weakened": { type: "boolean" },
      json: { type: "boolean" },
      report: { type: "string" },
      format: { type: "string" },
    },
    async run(values, positionals, io) {
      if (positionals.length > 0) {
        throw new UsageError(
          `platform check: unexpected argument ${JSON.stringify(positionals[0])}; use --stack S or --resources FILE`,
        );
      }
      const stack = stringFlag(values, "stack", "check");
      const resourcesFile = stringFlag(values, "resources", "check");
      const configFlag = stringFlag(values, "policy-config", "check");
      if (stack !== undefined && resourcesFile !== undefined) {
        throw new UsageError("platform check: use either --stack or --resources, not both");
      }
      if (stack === undefined && resourcesFile === undefined) {
        throw new UsageError(
          "platform check: --stack S or --resources FILE is required (a stack name such as staging, or a JSON file of resources)",
        );
      }
      const report = stringFlag(values, "report", "check");
      const format = stringFlag(values, "format", "check");
      if (report !== undefined && report !== "compliance") {
        throw new UsageError(
          `platform check: unknown report ${JSON.stringify(report)}; the one report is --report compliance`,
        );
      }
      if (format !== undefined && report === undefined) {
        throw new UsageError("platform check: --format goes with --report compliance");
      }
      if (format !== undefined && format !== "markdown" && format !== "json") {
        throw new UsageError(
          `platform check: unknown format ${JSON.stringify(format)}; expected markdown or json`,
        );
      }
      if (stack === ALL_STACKS) {
        if (report !== undefined) {
          throw new UsageError(
            `platform check: --report compliance covers one stack; use --stack S, not --stack ${ALL_STACKS}`,
          );
        }
        return checkAll(values, policyConfigOf(io, configFlag), io, deps);
      }

      const doc =
        stack !== undefined
          ? await deps.synthesize(stack, { cwd: io.cwd })
          : (require("../check/load") as typeof import("../check/load")).loadResources(
              userPath(io, resourcesFile!),
            );
      const { policyCheck } =
        require("../check/policyCheck") as typeof import("../check/policyCheck");
      const c = await policyCheck(doc.resources, {
        cwd: io.cwd,
        stackName: doc.stack,
        config: policyConfigOf(io, configFlag),
        allowWeakened: values["allow-weakened"] === true,
      });
      if (report !== undefined) {
        const { complianceReport, renderComplianceMarkdown } =
          require("../check/compliance") as typeof import("../check/compliance");
        const { reconcilePolicyConfig } =
          require("../check/config") as typeof import("../check/config");
        const { allPolicies } =
          require("../../policy-pack/policies") as typeof import("../../policy-pack/policies");
        const levels = reconcilePolicyConfig(allPolicies, c.config);
        const compliance = complianceReport(c.result, allPolicies, {
          stack: doc.stack,
          environment: c.detected,
          policyConfig: c.configFile,
          disabled: (rule) => levels.get(rule)?.enforcementLevel === "disabled",
        });
        io.out(
          (format === "json" || values.json === true
            ? JSON.stringify(compliance, null, 2)
            : renderComplianceMarkdown(compliance)) + "\n",
        );
      } else {
        io.out(
          (values.json === true ? JSON.stringify(c.result, null, 2) : summaryLine(doc, c)) + "\n",
        );
      }
      return c.result.summary.mandatory > 0 ? 1 : 0;
    },
  };
}

export const checkCommand: Command = makeCheckCommand();
