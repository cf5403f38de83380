/**
 * Writes the README's cost table from `platform cost` of the example stacks
 * (each synthesized under the mock runtime and priced with its region's table).
 *
 *   npm run cost:docs           rewrites it
 *   npm run cost:docs:check     exits 1 when it is stale
 */
import * as fs from "node:fs";
import { replaceBlock } from "../config/docs";
import { costOfStack } from "../cli/cost";
import {
  COST_TABLE_BEGIN,
  COST_TABLE_END,
  COST_TABLE_STACKS,
  CostTableRow,
  renderCostTable,
} from "../cli/cost/docs";
import { README_PATH, REPO_ROOT, writeOrCheck } from "./generated";

/** The README as it is and as it should be. */
export async function costDocs(): Promise<[string, string]> {
  const rows: CostTableRow[] = [];
  for (const { stack, label } of COST_TABLE_STACKS) {
    const c = await costOfStack(REPO_ROOT, stack);
    const aws = c.estimate.report.lines.some((l) => l.type.startsWith("aws:"));
    rows.push({ label, ...(aws ? { region: c.table.region } : {}), report: c.estimate.report });
  }
  const readme = fs.readFileSync(README_PATH, "utf8");
  return [readme, replaceBlock(readme, COST_TABLE_BEGIN, COST_TABLE_END, renderCostTable(rows))];
}

if (require.main === module) {
  void costDocs().then(([current, expected]) => {
    process.exitCode = writeOrCheck([{ file: README_PATH, current, expected }], {
      check: process.argv.includes("--check"),
      command: "cost:docs",
    });
  });
}
