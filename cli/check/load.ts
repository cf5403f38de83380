/**
 * Reading `platform check` inputs: a resources file (an array of Resource or
 * a `platform synth --json` document) and a policy config file. Every
 * problem becomes a UsageError that names the file, the entry and what was
 * expected.
 */
import * as fs from "node:fs";
import { UsageError } from "../errors";
import { JsonInputError, parseJsonBounded } from "../json";
import { Resource } from "../resource";

function readJson(file: string, flag: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      `platform check: ${flag} ${file}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory, expected a JSON file" : (e as Error).message}`,
    );
  }
  try {
    return parseJsonBounded(text);
  } catch (e) {
    if (!(e instanceof JsonInputError)) throw e;
    throw new UsageError(`platform check: ${flag} ${file}: ${e.message}`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function describeEntry(i: number, e: unknown): string {
  if (!isObject(e)) return `resources[${i}]`;
  const bits = [
    typeof e.type === "string" ? `type ${JSON.stringify(e.type)}` : "",
    typeof e.name === "string" ? `name ${JSON.stringify(e.name)}` : "",
  ].filter(Boolean);
  return `resources[${i}]${bits.length ? ` (${bits.join(", ")})` : ""}`;
}

/** What is wrong with one entry, or undefined. Only type, name and props are required. */
function entryProblem(e: unknown): string | undefined {
  if (!isObject(e)) return "must be an object with type, name and props";
  if (typeof e.type !== "string" || e.type.trim() === "")
    return '"type" must be a non-empty string such as "aws:s3/bucket:Bucket"';
  if (typeof e.name !== "string" || e.name.trim() === "")
    return '"name" must be a non-empty string';
  if (!isObject(e.props)) return '"props" must be an object of the resource\'s inputs';
  for (const key of ["urn", "parent"]) {
    if (e[key] !== undefined && typeof e[key] !== "string") return `"${key}" must be a string`;
  }
  if (e.provider !== undefined) {
    const p = e.provider;
    if (
      !isObject(p) ||
      typeof p.type !== "string" ||
      typeof p.name !== "string" ||
      !isObject(p.props)
    ) {
      return '"provider" must be an object with type, name and props';
    }
  }
  if (e.opts !== undefined) {
    if (!isObject(e.opts)) return '"opts" must be an object';
    const deps = e.opts.dependsOn;
    if (deps !== undefined && (!Array.isArray(deps) || deps.some((d) => typeof d !== "string")))
      return '"opts.dependsOn" must be an array of URNs';
  }
  return undefined;
}

/** Reads FILE: an array of Resource, or a `{ stack, resources }` synth document. */
export function loadResources(file: string): { stack?: string; resources: Resource[] } {
  const doc = readJson(file, "--resources");
  let stack: string | undefined;
  let entries: unknown;
  if (Array.isArray(doc)) {
    entries = doc;
  } else if (isObject(doc) && Array.isArray(doc.resources)) {
    entries = doc.resources;
    if (doc.stack !== undefined && typeof doc.stack !== "string") {
      throw new UsageError(`platform check: --resources ${file}: "stack" must be a string`);
    }
    stack = doc.stack as string | undefined;
  } else {
    throw new UsageError(
      `platform check: --resources ${file}: expected an array of resources or a { "stack", "resources": [...] } document`,
    );
  }
  const list = entries as unknown[];
  list.forEach((e, i) => {
    const problem = entryProblem(e);
    if (problem)
      throw new UsageError(
        `platform check: --resources ${file}: ${describeEntry(i, e)}: ${problem}`,
      );
  });
  return { stack, resources: list as Resource[] };
}

/** Reads a policy config document (`{ "<policy>": { … } }`). */
export function loadPolicyConfig(file: string, flag = "--policy-config"): object {
  const doc = readJson(file, flag);
  if (!isObject(doc)) {
    throw new UsageError(
      `platform check: ${flag} ${file}: expected a JSON object mapping policy names to an enforcement level or a config object`,
    );
  }
  return doc;
}
