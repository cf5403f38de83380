import { expect } from "chai";
import { PROFILES } from "../../../config/profiles";
import { budgetLines, renderBudgets } from "../../../cli/cost/budgets";
import { PREVIEW_BUDGET_SLOTS } from "../../../lib/budgets";
import { estimateCost, loadAssumptions, loadRegionPriceTable } from "../../../cli/cost";
import { PROJECT_DIR, synth } from "../../support/mockRun";
import { run } from "./support";

/** The margin a profile's budget keeps above the stack's estimate (config/profiles.ts `BudgetProfile`). */
const MARGIN = 1.2;

async function costJson(stack: string) {
  const r = await run(["cost", "--stack", stack, "--json"]);
  expect(r.code, r.err).to.equal(0);
  return JSON.parse(r.out) as {
    total: number;
    budgets: {
      name: string;
      ownedBy: string;
      environment: string;
      monthlyLimit: number;
      estimateShare: number | null;
    }[];
  };
}

describe("platform cost: budgets", function () {
  this.timeout(120_000);

  it("staging --json lists staging's budget amount and the shared preview budget", async () => {
    const report = await costJson("staging");
    expect(report.budgets).to.deep.equal([
      {
        name: "platform-staging-monthly",
        ownedBy: "staging",
        environment: "staging",
        monthlyLimit: 300,
        estimateShare: Math.round((report.total / 300) * 10_000) / 10_000,
      },
      {
        name: "platform-staging-previews-monthly",
        ownedBy: "staging",
        environment: "preview",
        monthlyLimit: 500,
        estimateShare: null,
      },
    ]);
  });

  it("a preview shows the shared budget the staging stack creates", async () => {
    const report = await costJson("pr-7");
    expect(
      report.budgets.map((b) => [b.name, b.ownedBy, b.environment, b.monthlyLimit]),
    ).to.deep.equal([["platform-staging-previews-monthly", "staging", "preview", 500]]);
  });

  it("the readable report shows each budget beside the estimate", async () => {
    const r = await run(["cost", "--stack", "prod"]);
    expect(r.code, r.err).to.equal(0);
    const share = r.out.match(/^Estimated monthly cost of stack prod: \$([\d,.]+) USD$/m);
    expect(share, r.out).to.not.equal(null);
    const total = Number(share![1].replace(/,/g, ""));
    expect(r.out).to.include(
      `Budget platform-prod-monthly (Environment=prod, created by stack prod): $1,300.00 a month; this estimate is ${Math.round((total / 1300) * 100)} % of it`,
    );
  });

  it("every AWS profile's budget stays at least 20 % above its stack's us-east-1 estimate", async () => {
    // us-east-1's table prices every type the program uses; the eu-west-1 one leaves some unpriced.
    const table = loadRegionPriceTable(PROJECT_DIR, "us-east-1");
    const total = async (stack: string, env: string) =>
      estimateCost((await synth(stack)).resources, {
        table,
        assumptions: loadAssumptions(PROJECT_DIR, stack, env),
      }).report;
    const staging = await total("staging", "staging");
    const prod = await total("prod", "prod");
    const preview = await total("pr-7", "preview");
    for (const r of [staging, prod, preview]) expect(r.unpriced).to.deep.equal([]);
    expect(PROFILES.staging.budget.monthlyLimitUsd).to.be.at.least(staging.total * MARGIN);
    expect(PROFILES.prod.budget.monthlyLimitUsd).to.be.at.least(prod.total * MARGIN);
    expect(PROFILES.preview.budget.monthlyLimitUsd).to.be.at.least(
      preview.total * PREVIEW_BUDGET_SLOTS * MARGIN,
    );
  });

  it("reads the limit and the Environment filter from a synthesized Budget; dev has none", () => {
    const lines = budgetLines(
      [
        {
          type: "aws:budgets/budget:Budget",
          name: "b",
          urn: "urn:pulumi:prod::platform::aws:budgets/budget:Budget::b",
          props: {
            name: "platform-prod-monthly",
            limitAmount: "1000.00",
            filterExpression: {
              ands: [
                { tags: { key: "Environment", values: ["prod"] } },
                { tags: { key: "Project", values: ["platform"] } },
              ],
            },
          },
        },
      ],
      { stack: "prod", environment: "prod", project: "platform", total: 250 },
    );
    expect(lines).to.deep.equal([
      {
        name: "platform-prod-monthly",
        ownedBy: "prod",
        environment: "prod",
        monthlyLimit: 1000,
        estimateShare: 0.25,
      },
    ]);
    expect(
      budgetLines([], { stack: "dev", environment: "dev", project: "platform", total: 0 }),
    ).to.deep.equal([]);
    expect(renderBudgets([], (n) => `$${n}`)).to.deep.equal(["Budget: none for this stack"]);
  });
});
