/**
 * What every pricing rule shares: the rule's signature and context, and the
 * small readers of a resource's inputs and the price table.
 */
import { Resource } from "../core/resource";
import { Assumptions } from "./assumptions";
import { priceOf, PriceTable, Unpriced } from "./priceTable";

export interface Priced {
  readonly monthly: number;
  readonly basis: string;
  /** Parts of the resource's cost the table cannot price (the type is then also listed as unpriced). */
  readonly unpricedParts?: readonly string[];
}

export interface RuleContext {
  readonly table: PriceTable;
  readonly usage: Assumptions;
  /** Every resource of the stack, for rules that read a related resource (task definition, flow log). */
  readonly resources: readonly Resource[];
  /** The kind of the platform component that owns `r` (`WebService`), if any. */
  readonly component: (r: Resource) => string | undefined;
}

export type PriceRule = (r: Resource, ctx: RuleContext) => Priced;

/** `$0.045`, `$1`, `$0.0000166667`: a unit price as the table has it. */
export function usd(n: number): string {
  return `$${Number(n.toPrecision(6))}`;
}

/** `1,000,000`, `0.75`: a quantity. */
export function qty(n: number): string {
  return Number(n.toPrecision(6)).toLocaleString("en-US", { maximumFractionDigits: 4 });
}

export const p = (ctx: RuleContext, key: string, variant?: string) =>
  priceOf(ctx.table, key, variant);

/**
 * A usage-based part of a resource's cost: its figure, or 0 and the reason
 * appended to `unpriced` when the table cannot price it (an unsourced regional
 * price), so the resource's fixed price still counts.
 */
export function part(unpriced: string[], what: string, price: () => number): number {
  try {
    return price();
  } catch (e) {
    if (!(e instanceof Unpriced)) throw e;
    unpriced.push(`${what}: ${e.message}`);
    return 0;
  }
}
export const hours = (ctx: RuleContext) => ctx.table.hoursPerMonth;

export function num(r: Resource, key: string): number | undefined {
  const v = r.props[key];
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function requireNum(r: Resource, key: string): number {
  const v = num(r, key);
  if (v === undefined) throw new Unpriced(`${r.name} has no numeric "${key}"`);
  return v;
}

export function str(r: Resource, key: string): string | undefined {
  const v = r.props[key];
  return typeof v === "string" ? v : undefined;
}

export function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}
