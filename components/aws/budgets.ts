/**
 * Cost guardrails (AWS): one monthly AWS Budget per environment, filtered by
 * the `Environment` and `Project` cost-allocation tags every resource carries
 * (the provider's default tags, lib/tags.ts), notifying the alarm topic at
 * 80 % of actual spend and at 100 % of forecast spend.
 *
 * Which stack owns which budget (lib/budgets.ts): staging and prod their own;
 * the staging stack also the one every `pr-*` stack shares (filter
 * `Environment = preview`); a preview stack none. The amounts come from the
 * environment profile (config/profiles.ts `budget`).
 *
 * Sources (read 2026-11-30):
 * - Inputs: @pulumi/aws 7.48.0 `budgets.Budget` (node_modules/@pulumi/aws/budgets/budget.d.ts):
 *   `filterExpression` conflicts with `costFilters` and requires `metrics`; its
 *   own example filters `tags: { key: "Environment", values: [...] }` inside `ands`.
 * - CreateBudget takes either FilterExpression + Metrics or CostFilters +
 *   CostTypes, and recommends FilterExpression + Metrics:
 *   https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_CreateBudget.html.
 *   (CostFilters' `TagKeyValue` takes values like `user:Environment$prod`, but
 *   its values are alternatives; two tags that must both match need `And`:
 *   https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_Expression.html.)
 * - TagValues (Key, Values, MatchOptions EQUALS | … | CASE_SENSITIVE):
 *   https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_TagValues.html.
 * - Notifications (ACTUAL/FORECASTED, GREATER_THAN, PERCENTAGE) and SNS
 *   subscribers: https://docs.aws.amazon.com/cli/latest/reference/budgets/create-budget.html.
 * - A tag filters costs only after it is activated as a cost-allocation tag
 *   in the payer account (docs/aws-setup.md):
 *   https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/activating-tags.html.
 */
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import { BudgetSpec, budgetName } from "../../lib/budgets";
import { NameContext } from "../../lib/naming";

export interface BudgetsArgs {
  /** Naming context (project, environment, PR). */
  readonly naming: NameContext;
  /** The `Project` tag value the budgets filter on. */
  readonly project: string;
  /** What to create (lib/budgets.ts `budgetsOwnedBy`). */
  readonly budgets: readonly BudgetSpec[];
  /** Where notifications go; its policy lets budgets.amazonaws.com publish (observability.ts). */
  readonly alarmTopicArn: pulumi.Input<string>;
}

/** The notifications: 80 % of actual spend, 100 % of forecast spend, both to the topic. */
export function budgetNotifications<T>(topicArn: T) {
  return [
    { notificationType: "ACTUAL", threshold: 80 },
    { notificationType: "FORECASTED", threshold: 100 },
  ].map((n) => ({
    ...n,
    comparisonOperator: "GREATER_THAN",
    thresholdType: "PERCENTAGE",
    subscriberSnsTopicArns: [topicArn],
  }));
}

/** Creates the budgets as children of `parent` (the Observability component). */
export function createBudgets(
  name: string,
  args: BudgetsArgs,
  parent: pulumi.Resource,
): aws.budgets.Budget[] {
  return args.budgets.map(
    (spec) =>
      new aws.budgets.Budget(
        `${name}-budget-${spec.id}`,
        {
          name: budgetName(args.naming, spec),
          budgetType: "COST",
          timeUnit: "MONTHLY",
          limitAmount: spec.monthlyLimitUsd.toFixed(2),
          limitUnit: "USD",
          metrics: "UnblendedCost",
          filterExpression: {
            ands: [
              {
                tags: {
                  key: "Environment",
                  values: [spec.environmentTag],
                  matchOptions: ["EQUALS"],
                },
              },
              { tags: { key: "Project", values: [args.project], matchOptions: ["EQUALS"] } },
            ],
          },
          notifications: budgetNotifications(args.alarmTopicArn),
        },
        { parent },
      ),
  );
}
