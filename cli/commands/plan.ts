/**
 * `platform plan --stack S [--base GITREF] [--markdown | --json]`
 */
import { Command, requireFlag, stringFlag } from "../command";
import { costOfDocument } from "../cost";
import { synthesizeAtRef } from "../diff/base";
import { diffDocuments } from "../diff/diff";
import { UsageError } from "../errors";
import { migrationsForPlan, MigrationsOutcome } from "../migrations/plan";
import { checkDocument, CheckOutcome, PlanCheckOptions } from "../plan/check";
import { buildPlan, planFails, renderPlanMarkdown, renderPlanText } from "../plan/report";
import { SynthDocument } from "../core/resource";
import { synthesize } from "../core/synthesize";
import { buildTopology } from "../topology/topology";

export interface PlanDeps {
  readonly synthesize: (stack: string, cwd: string) => Promise<SynthDocument>;
  readonly synthesizeAtRef: (cwd: string, ref: string, stack: string) => Promise<SynthDocument>;
  readonly check: (
    doc: SynthDocument,
    cwd: string,
    opts: PlanCheckOptions,
  ) => Promise<CheckOutcome>;
  /** The migrations check (--base, else the default base); undefined: not part of this plan. */
  readonly migrations?: (cwd: string, base?: string) => Promise<MigrationsOutcome | undefined>;
}

const DEFAULT_DEPS: PlanDeps = {
  synthesize: (stack, cwd) => synthesize(stack, { cwd }),
  synthesizeAtRef: (cwd, ref, stack) => synthesizeAtRef(cwd, ref, stack),
  check: checkDocument,
  migrations: migrationsForPlan,
};

export function makePlanCommand(deps: PlanDeps = DEFAULT_DEPS): Command {
  return {
    name: "plan",
    summary:
      "One report of a stack: synth, policy check, cost, topology, and the diff and cost delta against a base revision.",
    usage: "platform plan --stack S [--base GITREF] [--allow-weakened] [--markdown | --json]",
    help: [
      "Options:",
      "  --stack S        the stack: staging, prod, pr-<N> (or dev)",
      "  --base GITREF    also synthesize S at GITREF (a temporary git worktree) and report the diff and cost delta",
      "  --allow-weakened accept a policy config that disables or downgrades a rule protecting encryption at rest",
      "                   (otherwise each such rule is a mandatory violation); the report says it was given and",
      "                   lists every rule the stack's policy config weakens either way",
      "  --markdown       print the pull-request comment: summary table, violations, changes, top cost lines,",
      "                   and the topology in a ```mermaid block",
      "  --json           print { stack, resources, components, check, cost, topology, base?, migrations? }",
      "                   (migrations: `platform migrations check` against --base, else origin/$GITHUB_BASE_REF",
      "                   on GitHub Actions, else HEAD; reported as not run when there is no PostgreSQL)",
      "",
      "Exit 1 when the policy check has a mandatory violation, the migrations check fails or, with --base, the diff has a critical change;",
      "the report is printed either way. Both revisions are priced with this checkout's price table and assumptions.",
    ].join("\n"),
    options: {
      stack: { type: "string" },
      base: { type: "string" },
      "allow-weakened": { type: "boolean" },
      markdown: { type: "boolean" },
      json: { type: "boolean" },
    },
    async run(values, _positionals, io) {
      const stack = requireFlag(values, "stack", "plan", "a stack name such as staging");
      const base = stringFlag(values, "base", "plan");
      if (values.markdown === true && values.json === true)
        throw new UsageError("platform plan: use --markdown or --json, not both");
      const baseDoc =
        base !== undefined ? await deps.synthesizeAtRef(io.cwd, base, stack) : undefined;
      const doc = await deps.synthesize(stack, io.cwd);
      const check = await deps.check(doc, io.cwd, {
        allowWeakened: values["allow-weakened"] === true,
      });
      const priced = costOfDocument(io.cwd, doc);
      const migrations = await deps.migrations?.(io.cwd, base);
      const plan = buildPlan({
        doc,
        check,
        cost: priced.estimate.report,
        ...(priced.estimate.stackRegion !== undefined
          ? { stackRegion: priced.estimate.stackRegion }
          : {}),
        priceRegion: priced.table.region,
        topology: buildTopology(doc.resources),
        ...(migrations !== undefined ? { migrations } : {}),
        ...(baseDoc !== undefined && base !== undefined
          ? {
              base: {
                ref: base,
                cost: costOfDocument(io.cwd, baseDoc).estimate.report,
                diff: diffDocuments(baseDoc, doc),
              },
            }
          : {}),
      });
      const text =
        values.json === true
          ? JSON.stringify(plan, null, 2) + "\n"
          : values.markdown === true
            ? renderPlanMarkdown(plan)
            : renderPlanText(plan);
      io.out(text);
      return planFails(plan) ? 1 : 0;
    },
  };
}

export const planCommand: Command = makePlanCommand();
