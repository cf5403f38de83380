/**
 * The stacks of a project, for `platform check --stack all`: every
 * `Pulumi.<stack>.yaml` beside `Pulumi.yaml`, plus one preview (`pr-7`,
 * which needs no stack file) when the project has no `pr-<N>` stack file.
 */
import * as fs from "node:fs";
import { previewNumber } from "../../config/keys/patterns";

/** The `--stack` value that means every stack. */
export const ALL_STACKS = "all";

/** The preview checked with the committed stacks (any `pr-<N>` synthesizes the same shape). */
export const SAMPLE_PREVIEW = "pr-7";

/** The project's stacks, committed ones sorted by name, then the sample preview. */
export function allStacks(cwd: string): string[] {
  const files = fs.readdirSync(cwd).filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f));
  const stacks = files.map((f) => f.slice("Pulumi.".length, -".yaml".length)).sort();
  return stacks.some((s) => previewNumber(s) !== undefined) ? stacks : [...stacks, SAMPLE_PREVIEW];
}
