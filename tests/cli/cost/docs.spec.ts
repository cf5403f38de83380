import { expect } from "chai";
import { COST_TABLE_BEGIN, COST_TABLE_END, renderCostTable } from "../../../cli/cost/docs";
import { CostReport } from "../../../cli/cost/estimate";
import { costDocs } from "../../../scripts/cost-docs";

const report = (total: number, unpriced: string[]): CostReport => ({
  currency: "USD",
  total,
  lines: [],
  unpriced,
  assumptions: {},
  priceTable: "t",
  budgets: [],
});

describe("the README's cost table", () => {
  it("renders one row per stack: region, total, per day and the unpriced types", () => {
    expect(
      renderCostTable([
        { label: "`dev`", report: report(0, []) },
        {
          label: "a preview",
          region: "eu-west-1",
          report: report(1234.5, ["aws:elasticache/replicationGroup:ReplicationGroup"]),
        },
      ]),
    ).to.equal(
      [
        COST_TABLE_BEGIN,
        "",
        "| stack | prices of | priced total / month | per day (× 24/730) | unpriced types (not in the total) |",
        "|---|---|---|---|---|",
        "| `dev` | — (no AWS resources) | $0.00 | $0.00 | none |",
        "| a preview | eu-west-1 | $1,234.50 | $40.59 | `elasticache/replicationGroup` |",
        "",
        COST_TABLE_END,
      ].join("\n"),
    );
  });

  it("is up to date with platform cost of the example stacks (npm run cost:docs)", async function () {
    this.timeout(180_000);
    const [current, expected] = await costDocs();
    expect(current === expected, "README.md's cost table is stale: run npm run cost:docs").to.equal(
      true,
    );
  });
});
