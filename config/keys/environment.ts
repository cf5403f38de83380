/**
 * `environment`: which profile a stack runs. Read first, because every other
 * key's default, requirement and scope depend on it.
 */
import { ConfigError, invalid } from "../errors";
import { ENVIRONMENTS, Environment, isEnvironment } from "../profiles";
import { previewNumber } from "./patterns";
import type { KeyDoc } from "./types";

export const ENVIRONMENT_KEY: KeyDoc = {
  name: "environment",
  doc: "`dev`, `staging` or `prod`; stacks named `pr-<N>` are `preview`",
  scope: "any",
  required: "no",
  defaultDoc: "the stack name",
  inheritedByPreview: false,
};

/** The stack's environment: the key's value, or what the stack's name says. */
export function resolveEnvironment(
  stack: string,
  raw: string | undefined,
  key: string,
): Environment {
  const pr = previewNumber(stack);
  if (raw !== undefined) {
    if (!isEnvironment(raw)) {
      throw invalid(key, raw, `one of ${ENVIRONMENTS.join(", ")}`);
    }
    if (pr !== undefined && raw !== "preview") {
      throw invalid(key, raw, `"preview" (or unset) on the preview stack ${stack}`);
    }
    if (raw === "preview" && pr === undefined) {
      throw invalid(key, raw, `set only on stacks named pr-<N>, not on ${stack}`);
    }
    // A stack named after an environment is that environment: only other names (e.g. qa) choose one.
    if (isEnvironment(stack) && stack !== "preview" && raw !== stack) {
      throw invalid(
        key,
        raw,
        `${JSON.stringify(stack)} (or unset) on the stack ${stack}: its name says its environment; only stacks with other names (e.g. qa) choose one`,
      );
    }
    return raw;
  }
  if (pr !== undefined) return "preview";
  if (isEnvironment(stack) && stack !== "preview") return stack;
  throw new ConfigError(
    `${key} is required for stack ${JSON.stringify(stack)}: set it to one of dev, staging, prod (or name the stack pr-<N> for a preview)`,
  );
}
