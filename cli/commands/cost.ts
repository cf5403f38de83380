/**
 * `platform cost (--stack S | --resources FILE) [--config key=value]… [--json]`
 */
import { Command, stringFlag } from "../command";
import { costOfDocument, costOfStack, renderCost } from "../cost";
import { UsageError } from "../errors";
import { readSynthDocument } from "../core/document";
import { parseOverrides, readProject } from "../synth/stackConfig";

export const costCommand: Command = {
  name: "cost",
  summary:
    "Estimate the monthly cost of a stack, per resource and in total (on-demand prices of the stack's region).",
  usage: "platform cost (--stack S | --resources FILE) [--config key=value]… [--json]",
  help: [
    "Options:",
    "  --stack S            the stack: dev, staging, prod, or pr-<N>",
    "  --resources FILE     price a `platform synth --json` document instead of synthesizing",
    "  --config key=value   override one config key for the synthesis (repeatable)",
    "  --json               print { currency, total, lines: [{ resource, type, monthly, basis }], unpriced, assumptions, priceTable,",
    "                       budgets: [{ name, ownedBy, environment, monthlyLimit, estimateShare }] }",
    "",
    "Prices come from pricing/aws-<region>.json for the region of the stack's AWS provider (on-demand; each",
    "price with its source and date, not fetched: refresh before relying on them; a price that could not be",
    "sourced is marked so and its resources are listed as unpriced). A region without a table is refused",
    "(exit 2). Usage (traffic, GB stored, log volume) comes from",
    "pricing/assumptions.json, deep-merged with pricing/assumptions.<environment>.json and",
    'pricing/assumptions.<stack>.json. Free types are listed with basis "no charge"; types the table cannot',
    "price are listed under unpriced and left out of the total. A Docker (dev) stack costs 0. The monthly AWS",
    "Budgets that count the stack's costs are shown beside the estimate.",
  ].join("\n"),
  options: {
    stack: { type: "string" },
    resources: { type: "string" },
    config: { type: "string", multiple: true },
    json: { type: "boolean" },
  },
  async run(values, _positionals, io) {
    const stack = stringFlag(values, "stack", "cost");
    const file = stringFlag(values, "resources", "cost");
    if ((stack === undefined) === (file === undefined)) {
      throw new UsageError("platform cost: give exactly one of --stack S or --resources FILE");
    }
    let result;
    if (file !== undefined) {
      result = costOfDocument(
        io.cwd,
        readSynthDocument(io.workdir ?? process.cwd(), file, "--resources"),
      );
    } else {
      const project = readProject(io.cwd).name;
      const overrides = parseOverrides(project, (values.config as string[] | undefined) ?? []);
      result = await costOfStack(io.cwd, stack as string, overrides);
    }
    if (result.note !== undefined) io.err(`platform cost: ${result.note}\n`);
    const label = stack ?? result.doc?.stack ?? file ?? "";
    io.out(
      (values.json === true
        ? JSON.stringify(result.estimate.report, null, 2)
        : renderCost(label, result.estimate, result.table)) + "\n",
    );
    return 0;
  },
};
