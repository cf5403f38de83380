/**
 * Reading JSON that a user hands the CLI (resource files, synth documents,
 * policy configs). `JSON.parse` and every recursive walk after it (policies,
 * the diff, the config reconciler) use the call stack, so a document nested
 * tens of thousands of levels deep would crash them with "Maximum call stack
 * size exceeded". `parseJsonBounded` refuses such a document before parsing:
 * one linear scan that counts open brackets outside strings.
 */

/** The deepest nesting accepted. A `platform synth --json` document of this program nests about 12 levels. */
export const MAX_JSON_DEPTH = 200;

/** A document nested deeper than allowed (or not JSON); the message says which. */
export class JsonInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JsonInputError";
  }
}

/** How deeply `text` nests arrays and objects, stopping once past `limit`. Strings are skipped. */
export function jsonDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return max;
}

/**
 * `JSON.parse(text)`, refusing documents nested deeper than `maxDepth`.
 * Throws JsonInputError with a one-line reason.
 */
export function parseJsonBounded(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  if (jsonDepth(text, maxDepth) > maxDepth) {
    throw new JsonInputError(
      `nested more than ${maxDepth} levels deep: expected at most ${maxDepth} levels of arrays and objects`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new JsonInputError(`not valid JSON (${(e as Error).message.split("\n")[0]})`);
  }
}
