/**
 * Shared by the offline-plan tests (cost, diff, diagram, plan): the
 * synthesized fixtures of tests/cli/cost/fixtures and a way to run `platform`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../../../cli/main";
import { SynthDocument } from "../../../cli/core/resource";
import { PROJECT_DIR } from "../../support/mockRun";

export const FIXTURES = path.join(__dirname, "fixtures");
/** Relative to the project, as a user would pass it. */
export const FIXTURE_PATH = (name: FixtureName) =>
  path.join("tests", "cli", "cost", "fixtures", `${name}.json`);

export type FixtureName = "staging" | "prod" | "preview";

export function fixture(name: FixtureName): SynthDocument {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), "utf8")) as SynthDocument;
}

/** Runs `platform argv…` in-process; returns the exit code and what it printed. */
export async function run(
  argv: string[],
  cwd = PROJECT_DIR,
): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t), cwd });
  return { code, out, err };
}
