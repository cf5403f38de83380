/**
 * Usage assumptions (traffic, data, logs) of the estimate: one documented
 * file, `pricing/assumptions.json`, deep-merged with the environment's file
 * (`pricing/assumptions.<environment>.json`, e.g. `assumptions.preview.json`
 * for every `pr-<N>`) and then the stack's (`pricing/assumptions.<stack>.json`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "../errors";
import { Unpriced } from "./priceTable";

export type Assumptions = Readonly<Record<string, unknown>>;

export interface LoadedAssumptions {
  readonly values: Assumptions;
  /** The files merged, in order, relative to the project. */
  readonly files: string[];
}

export const ASSUMPTIONS_DIR = "pricing";

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Deep merge: objects merge key by key, anything else in `over` replaces. */
export function deepMerge(base: Assumptions, over: Assumptions): Assumptions {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isObject(v) && isObject(out[k]) ? deepMerge(out[k] as Assumptions, v) : v;
  }
  return out;
}

function readJson(cwd: string, rel: string): Assumptions {
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(path.join(cwd, rel), "utf8"));
  } catch (e) {
    throw new UsageError(`assumptions file ${rel}: ${(e as Error).message.split("\n")[0]}`);
  }
  if (!isObject(doc)) throw new UsageError(`assumptions file ${rel}: expected a JSON object`);
  return doc;
}

/** The assumptions of a stack of `environment`: base, then environment, then stack. */
export function loadAssumptions(
  cwd: string,
  stack: string,
  environment: string,
): LoadedAssumptions {
  const base = path.join(ASSUMPTIONS_DIR, "assumptions.json");
  const files = [base];
  let values = readJson(cwd, base);
  for (const name of [...new Set([environment, stack])]) {
    const rel = path.join(ASSUMPTIONS_DIR, `assumptions.${name}.json`);
    if (fs.existsSync(path.join(cwd, rel))) {
      values = deepMerge(values, readJson(cwd, rel));
      files.push(rel);
    }
  }
  return { values, files: files.map((f) => f.split(path.sep).join("/")) };
}

/** A number at `dotted.path`; Unpriced when the assumptions lack it. */
export function usage(a: Assumptions, dotted: string): number {
  let v: unknown = a;
  for (const part of dotted.split(".")) v = isObject(v) ? v[part] : undefined;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
    throw new Unpriced(`the usage assumption "${dotted}" is missing or not a non-negative number`);
  }
  return v;
}

/** `dotted.path` is a map by component kind: the component's figure, else `default`. */
export function usageByComponent(
  a: Assumptions,
  dotted: string,
  component: string | undefined,
): { value: number; key: string } {
  let v: unknown = a;
  for (const part of dotted.split(".")) v = isObject(v) ? v[part] : undefined;
  if (!isObject(v)) throw new Unpriced(`the usage assumption "${dotted}" is missing`);
  const key = component !== undefined && typeof v[component] === "number" ? component : "default";
  return { value: usage(a, `${dotted}.${key}`), key };
}
