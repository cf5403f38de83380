/**
 * Which monthly AWS Budgets a stack owns, and their names: pure, shared by
 * the program (components/aws/budgets.ts) and `platform cost`.
 *
 * staging and prod own their own budget; the staging stack also owns the one
 * budget every `pr-*` stack shares (previews come and go, a budget per PR
 * would be created and deleted with each); previews and dev own none. The
 * amounts come from the environment profiles (config/profiles.ts `budget`).
 */
import { NameContext, physicalName } from "./naming";

/** How many previews at once the shared preview budget is sized for (tests/cli/cost/budgets.spec.ts). */
export const PREVIEW_BUDGET_SLOTS = 5;

/** The stack that creates the budget all previews share. */
export const PREVIEW_BUDGET_OWNER = "staging";

/** One budget: whose costs (the Environment tag value) and how much. */
export interface BudgetSpec {
  /** Resource id part: the environment, or `previews`. */
  readonly id: string;
  /** The `Environment` tag value the budget filters on. */
  readonly environmentTag: string;
  readonly monthlyLimitUsd: number;
}

/** The budgets a stack of `environment` owns; a 0 amount creates none. */
export function budgetsOwnedBy(
  environment: string,
  limits: { readonly own: number; readonly previews: number },
): BudgetSpec[] {
  const specs: BudgetSpec[] = [];
  if (environment === "prod" || environment === "staging") {
    specs.push({ id: environment, environmentTag: environment, monthlyLimitUsd: limits.own });
  }
  if (environment === PREVIEW_BUDGET_OWNER) {
    specs.push({ id: "previews", environmentTag: "preview", monthlyLimitUsd: limits.previews });
  }
  return specs.filter((s) => s.monthlyLimitUsd > 0);
}

/** `<project>-<env>-monthly`, or `<project>-staging-previews-monthly` for the shared one. */
export function budgetName(naming: NameContext, spec: BudgetSpec): string {
  return physicalName(naming, spec.id === "previews" ? "previews-monthly" : "monthly", "budget");
}
