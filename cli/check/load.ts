/**
 * Reading `platform check` inputs: a resources file (an array of Resource or
 * a `platform synth --json` document, read by cli/core/document.ts) and a
 * policy config file. Every problem becomes a UsageError that names the file,
 * the entry and what was expected.
 */
import { UsageError } from "../errors";
import { isObject, readJsonFile, ReadDocument, toResources } from "../core/document";

/** Reads FILE: an array of Resource, or a `{ stack, resources }` synth document. */
export function loadResources(file: string): ReadDocument {
  const label = `platform check: --resources ${file}`;
  return toResources(readJsonFile(file, label), label);
}

/** Reads a policy config document (`{ "<policy>": { … } }`). */
export function loadPolicyConfig(file: string, flag = "--policy-config"): object {
  const doc = readJsonFile(file, `platform check: ${flag} ${file}`);
  if (!isObject(doc)) {
    throw new UsageError(
      `platform check: ${flag} ${file}: expected a JSON object mapping policy names to an enforcement level or a config object`,
    );
  }
  return doc;
}
