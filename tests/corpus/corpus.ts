/**
 * The corpus: small Pulumi TypeScript programs written the way public
 * examples and tutorials write them (tests/corpus/programs/*.ts), each with
 * a truth file (<name>.truth.json) listing its weaknesses as rule + resource.
 * Each program runs under Pulumi's mock runtime through the same recorder as
 * `platform synth` (cli/synth/synthesize.ts runUnderMocks, via
 * tests/support/mockRun.ts), and the whole pack checks the result with the
 * policy config an adopting team would write: the pack's generated
 * policy-pack/config/<environment>.json with the team's overrides from
 * tests/corpus/policy-config.json (the tutorials carry no cost tags).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CheckResult, checkResources } from "../../cli/check/runner";
import { Resource } from "../../cli/core/resource";
import { build } from "../support/mockRun";

export const PROGRAMS_DIR = path.join(__dirname, "programs");

export interface Weakness {
  readonly rule: string;
  readonly resource: string;
  readonly level: "mandatory" | "advisory";
  /** What is wrong, in one line (for the reader of the truth file). */
  readonly why: string;
}

/** A weakness the pack does not find (yet). */
export interface KnownMiss {
  /** The resources a rule catching it would report; the test fails when any of them gets a finding the truth does not list. */
  readonly resources: readonly string[];
  readonly why: string;
}

/** A mandatory finding of the pack that is not a real weakness of the program. */
export interface FalsePositive {
  readonly rule: string;
  readonly resource: string;
  readonly why: string;
}

export interface Truth {
  readonly program: string;
  readonly description: string;
  readonly environment: string;
  readonly weaknesses: readonly Weakness[];
  readonly knownMisses?: readonly KnownMiss[];
  readonly knownFalsePositives?: readonly FalsePositive[];
}

export function corpusNames(): string[] {
  return fs
    .readdirSync(PROGRAMS_DIR)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => f.replace(/\.ts$/, ""))
    .sort();
}

export function truthOf(name: string): Truth {
  return JSON.parse(
    fs.readFileSync(path.join(PROGRAMS_DIR, `${name}.truth.json`), "utf8"),
  ) as Truth;
}

const readJson = (file: string): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;

/** The team's policy config for `environment`: the pack's generated file plus the overrides. */
export function corpusConfig(environment: string): Record<string, unknown> {
  return {
    ...readJson(path.join(__dirname, "..", "..", "policy-pack", "config", `${environment}.json`)),
    ...readJson(path.join(__dirname, "policy-config.json")),
  };
}

export async function runCorpusProgram(
  name: string,
  environment: string,
): Promise<{ resources: Resource[]; result: CheckResult }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(PROGRAMS_DIR, `${name}.ts`)) as { program: () => unknown };
  const resources = await build(mod.program, environment, "us-east-1");
  const result = await checkResources(resources, {
    environment,
    config: corpusConfig(environment),
    now: new Date("2026-11-30T12:00:00Z"),
  });
  return { resources, result };
}
