/**
 * Reading a desired-state graph from a file, for every command that accepts
 * one (`check --resources`, `cost --resources`, `diagram --resources`,
 * `diff --from/--to`, `diff --base`): a `platform synth --json` document
 * (`{ stack, resources }`) or a bare array of Resource. Only `type`, `name`
 * and `props` are required of an entry (docs/cli.md, "Resource shape"). Every
 * problem is one UsageError line that starts with the flag and the file and
 * names the entry and what was expected.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "../errors";
import { JsonInputError, parseJsonBounded } from "../json";
import { plainValue } from "./convert";
import { Resource, SynthDocument } from "./resource";
import { T } from "../../policy-pack/lib/types";

/**
 * How the two problems that commands have always worded differently read:
 * `check` names the errno and the accepted shapes, the other commands say
 * "cannot read the file" and name the synth document first.
 */
export type Wording = "check" | "document";

const SHAPE: Readonly<Record<Wording, string>> = {
  check: 'expected an array of resources or a { "stack", "resources": [...] } document',
  document: "expected a `platform synth --json` document or an array of resources",
};

function unreadable(e: unknown, wording: Wording): string {
  if (wording === "document") return "cannot read the file";
  const code = (e as NodeJS.ErrnoException).code;
  return code === "ENOENT"
    ? "no such file"
    : code === "EISDIR"
      ? "is a directory, expected a JSON file"
      : (e as Error).message.split("\n")[0];
}

/**
 * Reads and parses a JSON file, refusing one nested too deep to walk (../json.ts);
 * `label` (flag and file) starts every error line.
 */
export function readJsonFile(file: string, label: string, wording: Wording = "check"): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`${label}: ${unreadable(e, wording)}`);
  }
  try {
    return parseJsonBounded(text);
  } catch (e) {
    if (!(e instanceof JsonInputError)) throw e;
    throw new UsageError(`${label}: ${e.message}`);
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
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
    return `"type" must be a non-empty string such as "${T.bucket}"`;
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

/**
 * A resource with its inputs in plain form: a value still in the engine's
 * wire form (a secret, an output, a resource reference) becomes what synth
 * writes ("[secret]" for a secret), so no rule can echo a secret from a file.
 */
function plainResource(r: Resource): Resource {
  return {
    ...r,
    props: plainValue(r.props) as Resource["props"],
    ...(r.provider
      ? { provider: { ...r.provider, props: plainValue(r.provider.props) as Resource["props"] } }
      : {}),
  };
}

/** A parsed document as read: its stack (when it names one) and its checked resources. */
export interface ReadDocument {
  readonly stack?: string;
  readonly resources: Resource[];
}

/** Checks a parsed document: an array of Resource, or a `{ stack, resources }` synth document. */
export function toResources(doc: unknown, label: string, wording: Wording = "check"): ReadDocument {
  let stack: string | undefined;
  let entries: unknown[];
  if (Array.isArray(doc)) {
    entries = doc;
  } else if (isObject(doc) && Array.isArray(doc.resources)) {
    entries = doc.resources;
    if (doc.stack !== undefined && typeof doc.stack !== "string") {
      throw new UsageError(`${label}: "stack" must be a string`);
    }
    stack = doc.stack as string | undefined;
  } else {
    throw new UsageError(`${label}: ${SHAPE[wording]}`);
  }
  entries.forEach((e, i) => {
    const problem = entryProblem(e);
    if (problem) throw new UsageError(`${label}: ${describeEntry(i, e)}: ${problem}`);
  });
  return { stack, resources: (entries as Resource[]).map(plainResource) };
}

/** Checks a parsed document; a document without a stack is named `fallbackStack`. */
export function toSynthDocument(
  doc: unknown,
  label: string,
  fallbackStack = "unknown",
): SynthDocument {
  const read = toResources(doc, label, "document");
  return { stack: read.stack ?? fallbackStack, resources: read.resources };
}

/**
 * Reads FILE (relative to cwd) given to `flag` as a synth document; a bare
 * array is named after the file.
 */
export function readSynthDocument(cwd: string, file: string, flag: string): SynthDocument {
  const label = `${flag} ${file}`;
  const doc = readJsonFile(path.resolve(cwd, file), label, "document");
  return toSynthDocument(doc, label, path.basename(file).replace(/\.json$/, ""));
}
