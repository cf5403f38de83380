import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { createBudgets } from "../../../components/aws/budgets";
import { budgetsOwnedBy } from "../../../lib/budgets";
import { build, ofType, props, STAGING } from "../../support/mockRun";

const TOPIC = "arn:aws:sns:eu-west-1:123456789012:platform-staging-alarms";

function budgetsOfStaging() {
  const parent = new aws.sns.Topic("parent", {});
  createBudgets(
    "platform-observability",
    {
      naming: STAGING,
      project: "platform",
      alarmTopicArn: TOPIC,
      budgets: budgetsOwnedBy("staging", { own: 250, previews: 500 }),
    },
    parent,
  );
}

describe("components/aws/budgets", () => {
  it("creates staging's monthly cost budget filtered by its Environment and Project tags", async () => {
    const rs = ofType(await build(budgetsOfStaging, "staging"), "aws:budgets/budget:Budget");
    expect(rs.map((r) => r.name)).to.deep.equal([
      "platform-observability-budget-staging",
      "platform-observability-budget-previews",
    ]);
    const staging = props(rs[0]);
    expect(staging).to.deep.include({
      name: "platform-staging-monthly",
      budgetType: "COST",
      timeUnit: "MONTHLY",
      limitAmount: "250.00",
      limitUnit: "USD",
      metrics: "UnblendedCost",
    });
    expect(staging.costFilters).to.equal(undefined);
    expect(staging.filterExpression).to.deep.equal({
      ands: [
        { tags: { key: "Environment", values: ["staging"], matchOptions: ["EQUALS"] } },
        { tags: { key: "Project", values: ["platform"], matchOptions: ["EQUALS"] } },
      ],
    });
  });

  it("notifies the alarm topic at 80 % of actual and 100 % of forecast spend", async () => {
    const rs = ofType(await build(budgetsOfStaging, "staging"), "aws:budgets/budget:Budget");
    for (const r of rs) {
      expect(props(r).notifications).to.deep.equal([
        {
          notificationType: "ACTUAL",
          threshold: 80,
          comparisonOperator: "GREATER_THAN",
          thresholdType: "PERCENTAGE",
          subscriberSnsTopicArns: [TOPIC],
        },
        {
          notificationType: "FORECASTED",
          threshold: 100,
          comparisonOperator: "GREATER_THAN",
          thresholdType: "PERCENTAGE",
          subscriberSnsTopicArns: [TOPIC],
        },
      ]);
    }
  });

  it("gives the shared preview budget the Environment=preview filter and its own amount", async () => {
    const rs = ofType(await build(budgetsOfStaging, "staging"), "aws:budgets/budget:Budget");
    const previews = props(rs[1]);
    expect(previews.name).to.equal("platform-staging-previews-monthly");
    expect(previews.limitAmount).to.equal("500.00");
    expect(previews.filterExpression.ands[0]).to.deep.equal({
      tags: { key: "Environment", values: ["preview"], matchOptions: ["EQUALS"] },
    });
  });
});
