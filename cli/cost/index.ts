/**
 * `platform cost` without the command line: price a stack (synthesized here)
 * or a synthesized document, with the stack's usage assumptions.
 */
import { PROFILES, isEnvironment } from "../../config/profiles";
import { previewNumber } from "../../config/schema";
import { SynthDocument } from "../core/resource";
import { loadStackConfig } from "../synth/stackConfig";
import { synthesize } from "../core/synthesize";
import { loadAssumptions } from "./assumptions";
import { budgetLines } from "./budgets";
import { estimateCost, Estimate, stackRegionOf } from "./estimate";
import { DEFAULT_PRICE_REGION, loadRegionPriceTable, PriceTable } from "./priceTable";

export * from "./assumptions";
export * from "./budgets";
export * from "./estimate";
export * from "./priceTable";
export * from "./rules";

/** The environment of a stack as the program resolves it: its config, else its name. */
export function environmentOf(
  cwd: string,
  stack: string,
  overrides: Record<string, string> = {},
): string {
  const cfg = loadStackConfig(cwd, stack, overrides);
  const declared = cfg.values[`${cfg.project}:environment`];
  if (declared !== undefined) return declared;
  return previewNumber(stack) !== undefined ? "preview" : stack;
}

export interface StackCost {
  readonly estimate: Estimate;
  readonly table: PriceTable;
  /** The synthesized stack; absent when a Docker stack could not be synthesized (its cost is 0 either way). */
  readonly doc?: SynthDocument;
  /** Said on stderr by the command: why the estimate stands without a synthesis. */
  readonly note?: string;
}

/** The project of a synthesized document: the one its URNs name (`urn:pulumi:<stack>::<project>::…`). */
function projectOf(doc: SynthDocument): string {
  const urn = doc.resources.find((r) => r.urn?.startsWith("urn:pulumi:") === true)?.urn;
  return urn?.split("::")[1] ?? "";
}

/**
 * Prices a synthesized document with its region's price table (the region of
 * its AWS provider; a document without one has no AWS resources) and the
 * assumptions of its stack, and lists the budgets that count its costs. An
 * unpriced region is a usage error.
 */
export function costOfDocument(cwd: string, doc: SynthDocument, environment?: string): StackCost {
  const table = loadRegionPriceTable(cwd, stackRegionOf(doc.resources) ?? DEFAULT_PRICE_REGION);
  const env = environment ?? (previewNumber(doc.stack) !== undefined ? "preview" : doc.stack);
  const priced = estimateCost(doc.resources, {
    table,
    assumptions: loadAssumptions(cwd, doc.stack, env),
  });
  const budgets = budgetLines(doc.resources, {
    stack: doc.stack,
    environment: env,
    project: projectOf(doc),
    total: priced.report.total,
  });
  return { estimate: { ...priced, report: { ...priced.report, budgets } }, table, doc };
}

/**
 * Synthesizes and prices a stack. A Docker (dev) stack has no AWS resources:
 * if its synthesis fails, the estimate is 0 with a note instead of an error.
 */
export async function costOfStack(
  cwd: string,
  stack: string,
  overrides: Record<string, string> = {},
): Promise<StackCost> {
  const environment = environmentOf(cwd, stack, overrides);
  const docker = isEnvironment(environment) && PROFILES[environment].target === "docker";
  let doc: SynthDocument;
  try {
    doc = await synthesize(stack, { cwd, overrides });
  } catch (e) {
    if (!docker) throw e;
    const table = loadRegionPriceTable(cwd, DEFAULT_PRICE_REGION);
    const estimate = estimateCost([], {
      table,
      assumptions: loadAssumptions(cwd, stack, environment),
    });
    const why = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    return {
      estimate,
      table,
      note: `stack ${stack} runs in Docker (no AWS resources, cost 0); its synthesis failed: ${why}`,
    };
  }
  return costOfDocument(cwd, doc, environment);
}
