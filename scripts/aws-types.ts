/**
 * Generates policy-pack/lib/generated/awsTypes.ts from the installed
 * @pulumi/aws: the resource types whose Args interface has a `tags` input
 * (the only ones aws-required-tags inspects) and, per type, the inputs that
 * look like encryption-at-rest settings (the "stores data" heuristic that
 * policy-pack/tests/data-stores.spec.ts holds the data-store list against).
 *
 *   npm run policy:aws-types
 *
 * policy-pack/tests/aws-types.spec.ts fails when the installed provider
 * differs from the committed table, so a provider upgrade regenerates it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as prettier from "prettier";
import { renderAwsTypes } from "../policy-pack/build/awsProvider";

const GENERATED_PATH = path.join(__dirname, "..", "policy-pack", "lib", "generated", "awsTypes.ts");

async function main(): Promise<void> {
  const options = (await prettier.resolveConfig(GENERATED_PATH)) ?? {};
  const text = await prettier.format(renderAwsTypes(), { ...options, filepath: GENERATED_PATH });
  fs.writeFileSync(GENERATED_PATH, text);
  console.log(`wrote ${path.relative(process.cwd(), GENERATED_PATH)}`);
}

void main();
