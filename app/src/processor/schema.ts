import type { CsvRecord } from "./csv";

/** The CSV columns, in order. */
export const CSV_HEADER = ["sku", "name", "quantity", "price"] as const;
/** Largest accepted quantity. */
export const MAX_QUANTITY = 1_000_000;
/** Longest accepted name. */
export const MAX_NAME_LENGTH = 200;
/** Most data rows one file may hold. */
export const MAX_ROWS = 100_000;
/** How many problems a failure reason lists before "and N more". */
export const MAX_LISTED_PROBLEMS = 5;

/** A validated row. `price` keeps exact decimals as a string with two places ("12.50"). */
export interface InventoryRow {
  readonly line: number;
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  readonly price: string;
}

export type ValidationResult =
  | { readonly ok: true; readonly rows: readonly InventoryRow[] }
  | { readonly ok: false; readonly problems: readonly string[] };

const SKU = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const QUANTITY = /^\d{1,7}$/;
const PRICE = /^(\d{1,10})(?:\.(\d{1,2}))?$/;

/** Validates parsed CSV records against the schema `sku,name,quantity,price`; reports every problem with its line. */
export function validateInventory(records: readonly CsvRecord[]): ValidationResult {
  const expectedHeader = CSV_HEADER.join(",");
  const header = records[0];
  if (header === undefined)
    return { ok: false, problems: [`the file is empty (expected the header ${expectedHeader})`] };
  const got = header.fields.map((f) => f.trim().toLowerCase()).join(",");
  if (got !== expectedHeader)
    return {
      ok: false,
      problems: [
        `line ${header.line}: expected the header ${expectedHeader}, got ${header.fields.join(",")}`,
      ],
    };
  const data = records.slice(1);
  if (data.length === 0) return { ok: false, problems: ["the file has a header but no data rows"] };
  if (data.length > MAX_ROWS)
    return {
      ok: false,
      problems: [`the file has ${data.length} data rows, more than the limit of ${MAX_ROWS}`],
    };

  const problems: string[] = [];
  const rows: InventoryRow[] = [];
  const skuLines = new Map<string, number>();
  for (const r of data) {
    const at = `line ${r.line}`;
    if (r.fields.length !== CSV_HEADER.length) {
      problems.push(
        `${at}: expected ${CSV_HEADER.length} fields (${expectedHeader}), got ${r.fields.length}`,
      );
      continue;
    }
    const [skuRaw, nameRaw, quantityRaw, priceRaw] = r.fields.map((f) => f.trim()) as [
      string,
      string,
      string,
      string,
    ];
    const before = problems.length;
    if (!SKU.test(skuRaw))
      problems.push(
        `${at}: sku must be 1-64 letters, digits, ".", "_" or "-" starting with a letter or digit, got ${JSON.stringify(skuRaw)}`,
      );
    else {
      const first = skuLines.get(skuRaw);
      if (first !== undefined)
        problems.push(`${at}: sku ${JSON.stringify(skuRaw)} repeats line ${first}`);
      else skuLines.set(skuRaw, r.line);
    }
    if (nameRaw === "") problems.push(`${at}: name must not be empty`);
    else if (nameRaw.length > MAX_NAME_LENGTH)
      problems.push(
        `${at}: name must be at most ${MAX_NAME_LENGTH} characters, got ${nameRaw.length}`,
      );
    if (!QUANTITY.test(quantityRaw) || Number(quantityRaw) > MAX_QUANTITY) {
      problems.push(
        `${at}: quantity must be a whole number from 0 to ${MAX_QUANTITY}, got ${JSON.stringify(quantityRaw)}`,
      );
    }
    const price = PRICE.exec(priceRaw);
    if (price === null)
      problems.push(
        `${at}: price must be an amount of at least 0 with at most 2 decimals, got ${JSON.stringify(priceRaw)}`,
      );
    if (problems.length === before && price !== null) {
      const whole = String(Number(price[1]));
      rows.push({
        line: r.line,
        sku: skuRaw,
        name: nameRaw,
        quantity: Number(quantityRaw),
        price: `${whole}.${(price[2] ?? "").padEnd(2, "0")}`,
      });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}

/** One line for the `reason` column: the first problems, then how many more there were. */
export function summariseProblems(
  problems: readonly string[],
  limit = MAX_LISTED_PROBLEMS,
): string {
  const listed = problems.slice(0, limit).join("; ");
  const more = problems.length - limit;
  return more > 0 ? `${listed}; and ${more} more problem${more === 1 ? "" : "s"}` : listed;
}
