/**
 * The versioned price tables, one per priced region (`pricing/aws-<region>.json`):
 * one entry per priced unit, each with its source and the date it was read (or
 * `unsourced` with the reason, when no figure could be sourced), and an
 * explicit list of the resource types that cost nothing by nature. A stack is
 * priced with its own region's table; a region without one is refused.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "../errors";

export interface PriceEntry {
  /** A single price in `currency`. */
  readonly usd?: number;
  /** Prices by variant: instance class, node type, architecture, storage type. */
  readonly usdBy?: Readonly<Record<string, number>>;
  /** Instead of a price: why this region's figure could not be sourced (the resource is then unpriced). */
  readonly unsourced?: string;
  readonly unit: string;
  /** The primary source (price page or AWS Price List offer file). */
  readonly source: string;
  /** Where the figure was actually read, when not on `source` itself. */
  readonly via?: string;
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

export const PRICING_DIR = "pricing";
/** The region whose table prices a stack that names none (Docker stacks: nothing to price). */
export const DEFAULT_PRICE_REGION = "us-east-1";
export const DEFAULT_PRICE_TABLE = path.join(PRICING_DIR, `aws-${DEFAULT_PRICE_REGION}.json`);

/** `pricing/aws-<region>.json`. */
export function priceTableFile(region: string): string {
  return path.join(PRICING_DIR, `aws-${region}.json`);
}

/** The regions with a price table in `cwd`, sorted. */
export function pricedRegions(cwd: string): string[] {
  let files: string[];
  try {
    files = fs.readdirSync(path.join(cwd, PRICING_DIR));
  } catch {
    return [];
  }
  return files
    .map((f) => /^aws-([a-z0-9-]+)\.json$/.exec(f)?.[1])
    .filter((r): r is string => r !== undefined)
    .sort();
}

/**
 * The table of `region`; a region without one is a usage error naming the
 * priced regions, never a silent fall back to another region's prices.
 */
export function loadRegionPriceTable(cwd: string, region: string): PriceTable {
  const file = priceTableFile(region);
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region) || !fs.existsSync(path.resolve(cwd, file))) {
    throw new UsageError(
      `unpriced region ${JSON.stringify(region)}: platform cost has prices for ${pricedRegions(cwd).join(", ") || "no region"} (add ${file.split(path.sep).join("/")} to price it)`,
    );
  }
  const table = loadPriceTable(cwd, file);
  if (table.region !== region) {
    throw new UsageError(`price table ${file}: "region" is ${table.region}, expected ${region}`);
  }
  return table;
}

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
        (typeof e.unsourced === "string" && e.unsourced !== "" && e.usdBy === undefined) ||
        (e.usdBy !== null &&
          typeof e.usdBy === "object" &&
          Object.values(e.usdBy).every((v) => typeof v === "number"))) &&
      typeof e.source === "string" &&
      /^https:\/\//.test(e.source) &&
      typeof e.date === "string" &&
      /^\d{4}-\d{2}-\d{2}$/.test(e.date);
    if (!ok)
      throw bad(
        `price "${key}" needs usd (or usdBy, or unsourced with the reason), an https source and a YYYY-MM-DD date`,
      );
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
  if (e.unsourced !== undefined && typeof e.usd !== "number" && e.usdBy === undefined) {
    throw new Unpriced(
      `"${key}" has no sourced ${table.region} price (the table says why: ${table.name})`,
    );
  }
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
