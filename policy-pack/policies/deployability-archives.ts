/**
 * Deployability: Lambda code packages whose path does not exist. `pulumi
 * preview` only hashes the archive when it diffs, and a missing path fails
 * `pulumi up` halfway (after the role, the queue, …) instead of at the start.
 *
 * The code comes in two shapes: under the Pulumi engine a
 * `pulumi.asset.FileArchive`/`FileAsset`/`AssetArchive` object (its `path`
 * is a promise; @pulumi/policy's deserialize.js), in `platform check` the
 * Resource shape's `{ "archive": "<path>" }` / `{ "asset": "<path>" }`
 * (cli/synth/convert.ts). A relative path is relative to the Pulumi project
 * directory (the nearest folder above this file that holds Pulumi.yaml, so
 * the same answer from the TypeScript the engine loads and from the compiled
 * copy in dist/ that platform check runs; configurable).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { resourcePolicy } from "../lib/define";
import { projectDirectory } from "../lib/project";
import { T } from "../lib/types";
import { asRecord, inspectable, isSet, show } from "../lib/values";
import { DEPLOYABILITY } from "../lib/deployability";

/** @pulumi/policy's proxy hands back the object it wraps under this key. */
const PROXY_TARGET = "__getSpecialProxyTarget";

const LAYER = T.lambdaLayerVersion;

function unwrap(value: unknown): unknown {
  const target = (value as Record<string, unknown> | null | undefined)?.[PROXY_TARGET];
  return target ?? value;
}

export { projectDirectory };

/** The local paths a code value names (remote archives and inline text name none). */
export async function localPaths(value: unknown): Promise<string[]> {
  const v = asRecord(unwrap(value));
  if (!v) return [];
  // platform check's Resource shape.
  for (const key of ["archive", "asset"]) {
    const p = v[key];
    if (typeof p === "string") return p.startsWith("(") || /^[a-z]+:\/\//.test(p) ? [] : [p];
  }
  // The engine's asset/archive objects.
  if ("path" in v) {
    const p: unknown = await (v.path as Promise<unknown> | string);
    return typeof p === "string" ? [p] : [];
  }
  if ("assets" in v) {
    const assets = asRecord(await (v.assets as Promise<unknown>)) ?? {};
    const out: string[] = [];
    for (const a of Object.values(assets)) out.push(...(await localPaths(a)));
    return out;
  }
  return [];
}

export const lambdaCodePathExists = resourcePolicy<{ projectDirectory: string }>({
  ...DEPLOYABILITY,
  name: "lambda-code-path-exists",
  description:
    "Lambda functions and layers ship code from a local path (FileArchive, FileAsset, AssetArchive, filename) that exists.",
  resourceTypes: [T.lambdaFunction, LAYER],
  config: {
    projectDirectory: {
      type: "string",
      default: "",
      description:
        "Directory relative code paths are resolved against; empty: the Pulumi project, the nearest folder above the pack that holds Pulumi.yaml.",
    },
  },
  remediation:
    "Build the package before deploying (the file processor: `npm run build:lambda -w app`, which writes app/dist/lambda), or point the code path (platform:fileProcessorCode) at the built folder.",
  validate: async (args, report, config) => {
    const base = isSet(config.projectDirectory)
      ? path.resolve(config.projectDirectory)
      : projectDirectory(__dirname);
    const paths = [...(await localPaths(args.props.code))];
    const filename = inspectable(args.props.filename, "filename");
    if (typeof filename === "string") paths.push(filename);
    for (const p of paths) {
      const full = path.resolve(base, p);
      if (!fs.existsSync(full)) {
        report(
          `code path ${show(p)} does not exist (${full}): \`pulumi up\` would fail when it uploads the package; build it first or fix the path`,
        );
      }
    }
  },
});

export const deployabilityArchivePolicies = [lambdaCodePathExists];
