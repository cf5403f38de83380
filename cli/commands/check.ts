/**
 * `platform check (--stack S | --resources FILE) [--json] [--policy-config FILE]`
 *
 * Runs every policy of policy-pack/ over a stack's synthesized resources or
 * over a file of resources, as the Pulumi analyzer would; exit 1 when a
 * mandatory violation remains.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Command, stringFlag, userPath } from "../command";
import { UsageError } from "../errors";
import { Resource } from "../resource";
import type { SynthDocument } from "../resource";
import { PolicyConfigError } from "../check/config";
import { detectEnvironment, isKnownEnvironment } from "../check/environment";
import { loadPolicyConfig, loadResources } from "../check/load";
import { renderCheck } from "../check/render";
import { checkResources } from "../check/runner";

/** Where the committed per-environment policy config lives, relative to the project. */
export function policyConfigPath(cwd: string, environment: string): string {
  return path.join(cwd, "policy-pack", "config", `${environment}.json`);
}

export const checkCommand: Command = {
  name: "check",
  summary:
    "Run the CrossGuard policy pack over a stack's resources (or a file of resources) offline.",
  usage: "platform check (--stack S | --resources FILE) [--json] [--policy-config FILE]",
  help: [
    "Options:",
    "  --stack S              synthesize stack S (dev, staging, prod, pr-<N>) under the mock runtime and check it",
    "  --resources FILE       check FILE instead: an array of resources ({ type, name, props, … }) or a `platform synth --json` document",
    "  --policy-config FILE   policy config as for `pulumi preview --policy-pack-config`",
    "                         (default: policy-pack/config/<environment>.json, the environment taken from the",
    "                         AWS provider's defaultTags Environment, the Docker labels, or the stack name)",
    "  --json                 print { violations, exemptions, summary }",
    "",
    "Exit codes: 0 no mandatory violation, 1 mandatory violations, 2 bad usage or input.",
    'Values unknown during preview ("[unknown]") are reported as advisory "cannot be checked during preview".',
  ].join("\n"),
  positionals: true,
  options: {
    stack: { type: "string" },
    resources: { type: "string" },
    "policy-config": { type: "string" },
    json: { type: "boolean" },
  },
  async run(values, positionals, io) {
    if (positionals.length > 0) {
      throw new UsageError(
        `platform check: unexpected argument ${JSON.stringify(positionals[0])}; use --stack S or --resources FILE`,
      );
    }
    const stack = stringFlag(values, "stack", "check");
    const resourcesFile = stringFlag(values, "resources", "check");
    const configFlag = stringFlag(values, "policy-config", "check");
    if (stack !== undefined && resourcesFile !== undefined) {
      throw new UsageError("platform check: use either --stack or --resources, not both");
    }
    if (stack === undefined && resourcesFile === undefined) {
      throw new UsageError(
        "platform check: --stack S or --resources FILE is required (a stack name such as staging, or a JSON file of resources)",
      );
    }

    let resources: Resource[];
    let stackName: string | undefined;
    if (stack !== undefined) {
      // Loaded lazily: synthesis pulls in the whole program and the Pulumi runtime.
      const { synthesize } = require("../synth/synthesize") as {
        synthesize: (stack: string, opts: { cwd: string }) => Promise<SynthDocument>;
      };
      const doc = await synthesize(stack, { cwd: io.cwd });
      resources = doc.resources;
      stackName = doc.stack;
    } else {
      const doc = loadResources(userPath(io, resourcesFile!));
      resources = doc.resources;
      stackName = doc.stack;
    }

    const detected = detectEnvironment(resources, stackName);
    const environment = isKnownEnvironment(detected?.environment)
      ? detected?.environment
      : undefined;
    let configFile: string | undefined;
    let config: object | undefined;
    if (configFlag !== undefined) {
      configFile = configFlag;
      config = loadPolicyConfig(userPath(io, configFlag));
    } else if (environment !== undefined && fs.existsSync(policyConfigPath(io.cwd, environment))) {
      configFile = path.relative(io.cwd, policyConfigPath(io.cwd, environment));
      config = loadPolicyConfig(policyConfigPath(io.cwd, environment), "policy config");
    }

    let result;
    try {
      result = await checkResources(resources, { environment, config, stackName });
    } catch (e) {
      if (e instanceof PolicyConfigError) {
        throw new UsageError(
          `platform check: policy config ${configFile ?? "(defaults)"}: ${e.message}`,
        );
      }
      throw e;
    }
    if (values.json === true) {
      io.out(JSON.stringify(result, null, 2) + "\n");
    } else {
      io.out(
        renderCheck(result, {
          resourceCount: resources.length,
          environment: detected?.environment,
          configFile,
        }) + "\n",
      );
    }
    return result.summary.mandatory > 0 ? 1 : 0;
  },
};
