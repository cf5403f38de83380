/**
 * The AWS Budgets beside a cost estimate: the budgets the synthesized stack
 * creates (aws:budgets/budget:Budget, amount `limitAmount`, whose costs the
 * `Environment` tag filter says), and for a preview the one budget every
 * `pr-*` stack shares, which the staging stack creates (lib/budgets.ts).
 */
import { PROFILES } from "../../config/profiles";
import { budgetName, budgetsOwnedBy, PREVIEW_BUDGET_OWNER } from "../../lib/budgets";
import { Resource } from "../core/resource";
import { T } from "../../policy-pack/lib/types";

export const BUDGET_TYPE = T.budget;

/** One budget in `platform cost --json` (`budgets`). */
export interface BudgetLine {
  /** The budget's name in AWS. */
  readonly name: string;
  /** The stack that creates it. */
  readonly ownedBy: string;
  /** The `Environment` tag value whose costs it counts. */
  readonly environment: string;
  /** Monthly limit, in the report's currency. */
  readonly monthlyLimit: number;
  /** This stack's estimate ÷ the limit, when the budget counts this stack's costs; else null. */
  readonly estimateShare: number | null;
}

function tagFilter(r: Resource, key: string): string | undefined {
  const expr = r.props.filterExpression as {
    ands?: { tags?: { key?: string; values?: string[] } }[];
  };
  const tags = (expr?.ands ?? []).map((a) => a.tags).find((t) => t?.key === key);
  return tags?.values?.[0];
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * The budgets of `resources` (a stack's synthesized resources), plus the
 * shared preview budget when `environment` is preview.
 */
export function budgetLines(
  resources: readonly Resource[],
  ctx: {
    readonly stack: string;
    readonly environment: string;
    readonly project: string;
    readonly total: number;
  },
): BudgetLine[] {
  const share = (environment: string, limit: number) =>
    environment === ctx.environment && limit > 0 ? round4(ctx.total / limit) : null;
  const lines: BudgetLine[] = resources
    .filter((r) => r.type === BUDGET_TYPE)
    .map((r) => {
      const environment = tagFilter(r, "Environment") ?? "";
      const monthlyLimit = Number(r.props.limitAmount);
      return {
        name: String(r.props.name ?? r.name),
        ownedBy: ctx.stack,
        environment,
        monthlyLimit,
        estimateShare: share(environment, monthlyLimit),
      };
    });
  if (ctx.environment === "preview" && !lines.some((l) => l.environment === "preview")) {
    const shared = budgetsOwnedBy(PREVIEW_BUDGET_OWNER, {
      own: 0,
      previews: PROFILES.preview.budget.monthlyLimitUsd,
    });
    for (const spec of shared) {
      lines.push({
        name: budgetName({ project: ctx.project, environment: PREVIEW_BUDGET_OWNER }, spec),
        ownedBy: PREVIEW_BUDGET_OWNER,
        environment: spec.environmentTag,
        monthlyLimit: spec.monthlyLimitUsd,
        estimateShare: share(spec.environmentTag, spec.monthlyLimitUsd),
      });
    }
  }
  return lines;
}

/** The readable lines: each budget, whose costs it counts, and the estimate's share of it. */
export function renderBudgets(
  lines: readonly BudgetLine[],
  money: (n: number) => string,
): string[] {
  if (lines.length === 0) return ["Budget: none for this stack"];
  return lines.map((l) => {
    const whose =
      l.environment === "preview"
        ? `all pr-* stacks, created by stack ${l.ownedBy}`
        : `Environment=${l.environment}, created by stack ${l.ownedBy}`;
    const share =
      l.estimateShare === null
        ? ""
        : `; this estimate is ${Math.round(l.estimateShare * 100)} % of it`;
    return `Budget ${l.name} (${whose}): ${money(l.monthlyLimit)} a month${share}`;
  });
}
