/**
 * Reading a desired-state graph from a file: a `platform synth --json`
 * document or a bare array of Resource (only type, name and props required).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "../errors";
import { JsonInputError, parseJsonBounded } from "../json";
import { Resource, SynthDocument } from "../resource";

/** Validates a parsed document; `source` names the flag and file in messages. */
export function toSynthDocument(
  doc: unknown,
  source: string,
  fallbackStack = "unknown",
): SynthDocument {
  const resources: unknown = Array.isArray(doc)
    ? doc
    : (doc as { resources?: unknown } | null)?.resources;
  if (!Array.isArray(resources)) {
    throw new UsageError(
      `${source}: expected a \`platform synth --json\` document or an array of resources`,
    );
  }
  resources.forEach((r: Partial<Resource>, i) => {
    if (
      r === null ||
      typeof r !== "object" ||
      typeof r.type !== "string" ||
      typeof r.name !== "string"
    ) {
      throw new UsageError(`${source}: resource ${i} needs a string "type" and "name"`);
    }
    if (r.props !== undefined && (r.props === null || typeof r.props !== "object")) {
      throw new UsageError(
        `${source}: resource ${i} (${r.name}) has "props" that is not an object`,
      );
    }
  });
  const stack =
    !Array.isArray(doc) && typeof (doc as { stack?: unknown }).stack === "string"
      ? (doc as SynthDocument).stack
      : fallbackStack;
  return {
    stack,
    resources: (resources as Resource[]).map((r) => ({ ...r, props: r.props ?? {} })),
  };
}

/** Reads FILE (relative to cwd) for the flag `flag`; every problem is one UsageError line. */
export function readSynthDocument(cwd: string, file: string, flag: string): SynthDocument {
  const full = path.resolve(cwd, file);
  let text: string;
  try {
    text = fs.readFileSync(full, "utf8");
  } catch {
    throw new UsageError(`${flag} ${file}: cannot read the file`);
  }
  let doc: unknown;
  try {
    doc = parseJsonBounded(text);
  } catch (e) {
    if (!(e instanceof JsonInputError)) throw e;
    throw new UsageError(`${flag} ${file}: ${e.message}`);
  }
  return toSynthDocument(doc, `${flag} ${file}`, path.basename(file).replace(/\.json$/, ""));
}
