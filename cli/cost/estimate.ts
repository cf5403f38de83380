/**
 * The cost estimate of a synthesized stack: every resource priced by its
 * type's rule, listed as free by the price table's `noCharge` list, or
 * reported as unpriced — never a silent zero.
 */
import { BudgetLine, renderBudgets } from "./budgets";
import { Resource } from "../core/resource";
import { isComponent, componentKind } from "../topology/topology";
import { LoadedAssumptions } from "./assumptions";
import { noChargeReason, PriceTable, tableLabel, Unpriced } from "./priceTable";
import { RULES, PriceRule, RuleContext } from "./rules";

export interface CostLine {
  readonly resource: string;
  readonly type: string;
  /** USD a month, rounded to cents. */
  readonly monthly: number;
  readonly basis: string;
}

/** What `platform cost --json` prints (docs/cli.md). */
export interface CostReport {
  readonly currency: "USD";
  readonly total: number;
  readonly lines: CostLine[];
  readonly unpriced: string[];
  readonly assumptions: Record<string, unknown>;
  readonly priceTable: string;
  /** The AWS Budgets that count this stack's costs (cli/cost/budgets.ts); empty until priced for a stack. */
  readonly budgets: BudgetLine[];
}

export interface UnpricedDetail {
  readonly resource: string;
  readonly type: string;
  readonly reason: string;
}

export interface Estimate {
  readonly report: CostReport;
  /** Why each unpriced resource (or part of one) could not be priced. */
  readonly details: UnpricedDetail[];
  /** The region the stack deploys to, when its AWS provider says. */
  readonly stackRegion?: string;
}

export interface EstimateOptions {
  readonly table: PriceTable;
  readonly assumptions: LoadedAssumptions;
  /** Rules by type; the default is every rule of rules.ts. */
  readonly rules?: Readonly<Record<string, PriceRule>>;
}

export const round2 = (n: number): number => Math.round((n + Number.EPSILON) * 100) / 100;

/** The region of the stack's AWS provider (the first one found). */
export function stackRegionOf(resources: readonly Resource[]): string | undefined {
  for (const r of resources) {
    if (r.type.startsWith("aws:") && typeof r.provider?.props?.region === "string")
      return r.provider.props.region;
  }
  return undefined;
}

/** The kind of the outermost platform component a resource belongs to. */
export function componentOwner(
  resources: readonly Resource[],
): (r: Resource) => string | undefined {
  const byUrn = new Map(resources.filter((r) => r.urn).map((r) => [r.urn as string, r]));
  return (r: Resource) => {
    let found: string | undefined;
    for (
      let cur = r.parent ? byUrn.get(r.parent) : undefined;
      cur;
      cur = cur.parent ? byUrn.get(cur.parent) : undefined
    ) {
      if (isComponent(cur)) found = componentKind(cur.type);
    }
    return found;
  };
}

export function estimateCost(resources: readonly Resource[], opts: EstimateOptions): Estimate {
  const rules = opts.rules ?? RULES;
  const ctx: RuleContext = {
    table: opts.table,
    usage: opts.assumptions.values,
    resources,
    component: componentOwner(resources),
  };
  const lines: CostLine[] = [];
  const unpriced = new Set<string>();
  const details: UnpricedDetail[] = [];

  for (const r of resources) {
    const rule = rules[r.type];
    if (rule !== undefined) {
      try {
        const priced = rule(r, ctx);
        lines.push({
          resource: r.name,
          type: r.type,
          monthly: round2(priced.monthly),
          basis: priced.basis,
        });
        for (const part of priced.unpricedParts ?? []) {
          unpriced.add(r.type);
          details.push({ resource: r.name, type: r.type, reason: `not priced: ${part}` });
        }
      } catch (e) {
        if (!(e instanceof Unpriced)) throw e;
        unpriced.add(r.type);
        details.push({ resource: r.name, type: r.type, reason: e.message });
      }
      continue;
    }
    if (noChargeReason(opts.table, r.type) !== undefined) {
      lines.push({ resource: r.name, type: r.type, monthly: 0, basis: "no charge" });
      continue;
    }
    unpriced.add(r.type);
    details.push({
      resource: r.name,
      type: r.type,
      reason: "no price rule for this type and not listed as free",
    });
  }

  lines.sort(
    (a, b) =>
      b.monthly - a.monthly || a.type.localeCompare(b.type) || a.resource.localeCompare(b.resource),
  );
  const total = round2(lines.reduce((sum, l) => sum + l.monthly, 0));
  const stackRegion = stackRegionOf(resources);
  const values = Object.fromEntries(
    Object.entries(opts.assumptions.values).filter(([k]) => !k.startsWith("$")),
  );
  return {
    report: {
      currency: "USD",
      total,
      lines,
      unpriced: [...unpriced].sort(),
      assumptions: {
        files: opts.assumptions.files,
        // costOfDocument always picks the stack's own table; a caller that passes another says so.
        priceRegion:
          stackRegion !== undefined && stackRegion !== opts.table.region
            ? `${opts.table.region} prices stand in for ${stackRegion}, where the stack deploys; regional prices differ`
            : opts.table.region,
        ...values,
      },
      priceTable: tableLabel(opts.table),
      budgets: [],
    },
    details,
    ...(stackRegion !== undefined ? { stackRegion } : {}),
  };
}

/** The readable report: total, region note, priced lines, free lines in one row, unpriced with reasons. */
export function renderCost(stack: string, e: Estimate, table: PriceTable): string {
  const r = e.report;
  const money = (n: number) =>
    `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  const priced = r.lines.filter((l) => l.basis !== "no charge");
  const free = r.lines.filter((l) => l.basis === "no charge");
  const width = Math.max(8, ...priced.map((l) => money(l.monthly).length));
  const nameWidth = Math.max(8, ...priced.map((l) => l.resource.length));
  const out = [
    `Estimated monthly cost of stack ${stack}: ${money(r.total)} ${r.currency}`,
    `Prices: ${table.region} on-demand, table ${r.priceTable}, ${table.provenance ?? "see the table"}.`,
    `Usage assumptions: ${(r.assumptions.files as string[]).join(", ")}`,
    ...renderBudgets(r.budgets, money),
    "",
    ...priced.map(
      (l) =>
        `${money(l.monthly).padStart(width)}  ${l.resource.padEnd(nameWidth)}  ${l.type}\n${" ".repeat(width + 2)}${l.basis}`,
    ),
  ];
  if (free.length > 0) {
    const types = new Set(free.map((l) => l.type));
    out.push(
      `${money(0).padStart(width)}  ${free.length} resources of ${types.size} types at no charge (IAM, network plumbing, configuration, components)`,
    );
  }
  out.push("");
  if (r.unpriced.length === 0) {
    out.push("Unpriced: none");
  } else {
    out.push(`Unpriced (${r.unpriced.length} types, not in the total):`);
    for (const d of e.details) out.push(`  ${d.type}  ${d.resource}: ${d.reason}`);
  }
  return out.join("\n");
}
