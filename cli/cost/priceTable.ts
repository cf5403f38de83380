/**
 * The versioned price table (`pricing/aws-<region>.json`): one entry per
 * priced unit, each with its source page and the date it was asserted, and
 * an explicit list of the resource types that cost nothing by nature.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "../errors";

export interface PriceEntry {
  /** A single price in `currency`. */
  readonly usd?: number;
  /** Prices by variant: instance class, node type, architecture, storage type. */
  readonly usdBy?: Readonly<Record<string, number>>;
  readonly unit: string;
  readonly source: string;
  readonly date: string;
}

export interface NoChargeEntry {
  /** A resource type token, or a prefix ending in `*` (`aws:iam/*`). */
  readonly type: string;
  readonly why: string;
}

export interface PriceTable {
  readonly name: string;
  readonly version: string;
  readonly date: string;
  readonly region: string;
  readonly currency: string;
  readonly provenance?: string;
  readonly hoursPerMonth: number;
  readonly prices: Readonly<Record<string, PriceEntry>>;
  readonly noCharge: readonly NoChargeEntry[];
}

/** A price (or a usage figure) the estimate needs but does not have. */
export class Unpriced extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Unpriced";
  }
}

export const DEFAULT_PRICE_TABLE = path.join("pricing", "aws-us-east-1.json");

/** `aws-us-east-1 2026.11.1 (2026-11-22)`: what `priceTable` says in a report. */
export function tableLabel(t: Pick<PriceTable, "name" | "version" | "date">): string {
  return `${t.name} ${t.version} (${t.date})`;
}

export function loadPriceTable(cwd: string, file = DEFAULT_PRICE_TABLE): PriceTable {
  const full = path.resolve(cwd, file);
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(full, "utf8"));
  } catch (e) {
    throw new UsageError(`price table ${file}: ${(e as Error).message.split("\n")[0]}`);
  }
  return validatePriceTable(doc, file);
}

/** Checks the shape of a parsed table; a bad entry names itself. */
export function validatePriceTable(doc: unknown, file: string): PriceTable {
  const t = doc as Partial<PriceTable> | null;
  const bad = (what: string) => new UsageError(`price table ${file}: ${what}`);
  if (t === null || typeof t !== "object") throw bad("expected a JSON object");
  for (const key of ["name", "version", "date", "region", "currency"] as const) {
    if (typeof t[key] !== "string" || t[key] === "")
      throw bad(`"${key}" must be a non-empty string`);
  }
  if (typeof t.hoursPerMonth !== "number" || t.hoursPerMonth <= 0)
    throw bad(`"hoursPerMonth" must be a positive number`);
  if (t.prices === null || typeof t.prices !== "object") throw bad(`"prices" must be an object`);
  for (const [key, e] of Object.entries(t.prices)) {
    const ok =
      e !== null &&
      typeof e === "object" &&
      (typeof e.usd === "number" ||
        (e.usdBy !== null &&
          typeof e.usdBy === "object" &&
          Object.values(e.usdBy).every((v) => typeof v === "number"))) &&
      typeof e.source === "string" &&
      /^https:\/\//.test(e.source) &&
      typeof e.date === "string" &&
      /^\d{4}-\d{2}-\d{2}$/.test(e.date);
    if (!ok)
      throw bad(`price "${key}" needs usd (or usdBy), an https source and a YYYY-MM-DD date`);
  }
  if (
    !Array.isArray(t.noCharge) ||
    !t.noCharge.every((n) => typeof n?.type === "string" && typeof n?.why === "string")
  ) {
    throw bad(`"noCharge" must be a list of { type, why }`);
  }
  return t as PriceTable;
}

/** The price of `key` (and `variant` for a `usdBy` entry); Unpriced when the table lacks it. */
export function priceOf(table: PriceTable, key: string, variant?: string): number {
  const e = table.prices[key];
  if (e === undefined) throw new Unpriced(`the price table has no "${key}"`);
  if (variant === undefined) {
    if (typeof e.usd !== "number") throw new Unpriced(`"${key}" is priced by variant; none given`);
    return e.usd;
  }
  const v = e.usdBy?.[variant];
  if (typeof v !== "number") throw new Unpriced(`the price table has no "${key}" for ${variant}`);
  return v;
}

/** Why a type costs nothing, when the table lists it as free by nature. */
export function noChargeReason(table: PriceTable, type: string): string | undefined {
  for (const n of table.noCharge) {
    if (n.type.endsWith("*") ? type.startsWith(n.type.slice(0, -1)) : type === n.type) return n.why;
  }
  return undefined;
}
