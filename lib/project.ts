/**
 * The Pulumi project this program belongs to: the nearest folder holding
 * Pulumi.yaml above a module. Pulumi runs the program from there, and
 * relative paths in the config (platform:fileProcessorCode) are relative to
 * it. Walking up rather than counting `..` gives the same folder from the
 * TypeScript sources and from their compiled copy in dist/.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { projectDirectory } from "../policy-pack/lib/project";

/** The nearest folder at or above `from` that holds Pulumi.yaml (`from` itself when none does). */
export function projectRoot(from: string = __dirname): string {
  return projectDirectory(from);
}

/** The command that builds the file processor's Lambda package into app/dist/lambda. */
export const LAMBDA_BUILD_COMMAND = "npm run build:lambda -w app";

/**
 * Why the Lambda package at `codePath` (relative to `root`) can't be deployed,
 * or undefined when it exists: `pulumi up` would otherwise register the role,
 * the queue and the rest before the archive upload fails.
 */
export function lambdaPackageProblem(root: string, codePath: string): string | undefined {
  if (fs.existsSync(path.resolve(root, codePath))) return undefined;
  return `a built Lambda package (build it with ${LAMBDA_BUILD_COMMAND}, which writes app/dist/lambda, or set it to the folder or .zip you built)`;
}
