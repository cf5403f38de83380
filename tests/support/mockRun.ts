/**
 * Test support: build one component (or any program) under Pulumi's mock
 * runtime and get back exactly what the engine would be asked to create.
 */
import { expect } from "chai";
import * as path from "node:path";
import { Resource, SynthDocument } from "../../cli/core/resource";
import { runUnderMocks, serialized, synthesize } from "../../cli/core/synthesize";
import { NameContext } from "../../lib/naming";

export const PROJECT_DIR = path.resolve(__dirname, "..", "..");
export const STAGING: NameContext = { project: "platform", environment: "staging" };
export const PROD: NameContext = { project: "platform", environment: "prod" };
export const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/test-key";

export function build(
  program: () => unknown,
  stack = "staging",
  region = "eu-west-1",
): Promise<Resource[]> {
  return serialized(() =>
    runUnderMocks({ project: "platform", stack, config: { "aws:region": region } }, program),
  );
}

const cache = new Map<string, Promise<SynthDocument>>();
/** Synthesizes a stack once per test run and overrides (the program is deterministic). */
export function synth(
  stack: string,
  overrides: Record<string, string> = {},
): Promise<SynthDocument> {
  const key = `${stack} ${JSON.stringify(overrides)}`;
  let doc = cache.get(key);
  if (!doc) {
    doc = synthesize(stack, { cwd: PROJECT_DIR, overrides });
    cache.set(key, doc);
  }
  return doc;
}

/**
 * The stacks' own data tier and edge, as `platform:previewDataTier=isolated`
 * builds them: staging without the shared preview tier, a preview with its own
 * database, cache and ALB (tests/stacks/sharedTier.spec.ts covers the shared one).
 */
export const ISOLATED: Readonly<Record<string, string>> = {
  "platform:previewDataTier": "isolated",
};

export function ofType(resources: readonly Resource[], type: string): Resource[] {
  return resources.filter((r) => r.type === type);
}

/** The single resource of `type` (and `name`, if given); fails the test otherwise. */
export function one(resources: readonly Resource[], type: string, name?: string): Resource {
  const found = resources.filter((r) => r.type === type && (name === undefined || r.name === name));
  expect(found, `${type}${name ? ` ${name}` : ""}: ${found.length} found`).to.have.lengthOf(1);
  return found[0];
}

export function props(r: Resource): Record<string, any> {
  return r.props as Record<string, any>;
}

export function json(value: unknown): any {
  return typeof value === "string" ? JSON.parse(value) : value;
}
