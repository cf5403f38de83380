/**
 * One policy check of a set of resources, as `platform check`, `platform
 * check --stack all` and `platform plan` run it: the environment detected
 * from the resources (cli/check/environment.ts), the policy config given with
 * --policy-config or else the committed policy-pack/config/<environment>.json,
 * and the pack run over the resources (cli/check/runner.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "../errors";
import { Resource } from "../core/resource";
import { PolicyConfigError } from "./config";
import { detectEnvironment, isKnownEnvironment } from "./environment";
import { loadPolicyConfig } from "./load";
import { CheckResult, checkResources } from "./runner";

/** Where the committed per-environment policy config lives, relative to the project. */
export function policyConfigPath(cwd: string, environment: string): string {
  return path.join(cwd, "policy-pack", "config", `${environment}.json`);
}

export interface PolicyCheck {
  readonly result: CheckResult;
  /** The environment as detected (also one the pack does not know), for the summary line. */
  readonly detected?: string;
  /** The environment given to the policies: the detected one when the pack knows it. */
  readonly environment?: string;
  /** The policy config used, as given or relative to the project; absent for the schema defaults. */
  readonly configFile?: string;
  /** The policy config document used (absent for the schema defaults). */
  readonly config?: object;
}

export interface PolicyCheckOptions {
  /** The project directory (where policy-pack/ is). */
  readonly cwd: string;
  /** Names the stack in made-up URNs and lets a `pr-<N>` name mean "preview". */
  readonly stackName?: string;
  /** `--policy-config FILE`; default: policy-pack/config/<environment>.json. */
  readonly config?: PolicyConfigFlag;
  /** `--allow-weakened`: accept a config that weakens an encryption-at-rest rule. @default false */
  readonly allowWeakened?: boolean;
}

/** A policy config file given on the command line. */
export interface PolicyConfigFlag {
  /** As the user wrote it (shown in messages and the summary line). */
  readonly shown: string;
  /** Resolved against the user's directory. */
  readonly file: string;
}

/** Runs the policy pack over `resources`; a bad policy config is a UsageError naming the file. */
export async function policyCheck(
  resources: readonly Resource[],
  opts: PolicyCheckOptions,
): Promise<PolicyCheck> {
  const { cwd, stackName } = opts;
  const detected = detectEnvironment(resources, stackName)?.environment;
  const environment = isKnownEnvironment(detected) ? detected : undefined;
  let configFile: string | undefined;
  let config: object | undefined;
  if (opts.config !== undefined) {
    configFile = opts.config.shown;
    config = loadPolicyConfig(opts.config.file);
  } else if (environment !== undefined && fs.existsSync(policyConfigPath(cwd, environment))) {
    configFile = path.relative(cwd, policyConfigPath(cwd, environment));
    config = loadPolicyConfig(policyConfigPath(cwd, environment), "policy config");
  }
  try {
    const result = await checkResources([...resources], {
      environment,
      config,
      stackName,
      allowWeakened: opts.allowWeakened === true,
    });
    return { result, detected, environment, configFile, ...(config ? { config } : {}) };
  } catch (e) {
    if (e instanceof PolicyConfigError) {
      throw new UsageError(
        `platform check: policy config ${configFile ?? "(defaults)"}: ${e.message}`,
      );
    }
    throw e;
  }
}
