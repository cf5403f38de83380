/**
 * The policy check as `platform plan` runs it: the policy pack's offline
 * runner (cli/check/), loaded lazily so that the plan still works — and says
 * so — in a checkout where the runner is missing or broken. The environment
 * and the default policy config are found as `platform check` finds them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { SynthDocument } from "../resource";

export interface PlanViolation {
  readonly policy: string;
  readonly enforcementLevel: "mandatory" | "advisory";
  readonly resource: { readonly type: string; readonly name: string; readonly urn: string };
  readonly message: string;
}

export interface PlanCheck {
  readonly violations: readonly PlanViolation[];
  readonly exemptions: readonly {
    policy: string;
    resource: string;
    reason: string;
    expires: string;
  }[];
  readonly summary: { readonly mandatory: number; readonly advisory: number };
}

export type CheckOutcome =
  | { readonly status: "ran"; readonly result: PlanCheck; readonly configFile?: string }
  | { readonly status: "unavailable"; readonly reason: string };

type Runner = {
  checkResources: (
    resources: SynthDocument["resources"],
    opts: Record<string, unknown>,
  ) => Promise<PlanCheck>;
};
type Env = {
  detectEnvironment: (
    resources: SynthDocument["resources"],
    stack?: string,
  ) => { environment: string } | undefined;
  isKnownEnvironment: (env: string | undefined) => boolean;
};
type Load = { loadPolicyConfig: (file: string, flag?: string) => object };

function load<T>(id: string): T | string {
  try {
    return require(id) as T;
  } catch (e) {
    return (e instanceof Error ? e.message : String(e)).split("\n")[0];
  }
}

/** Runs the policy pack over a synthesized stack, or explains why it could not. */
export async function checkDocument(doc: SynthDocument, cwd: string): Promise<CheckOutcome> {
  const runner = load<Runner>("../check/runner");
  const env = load<Env>("../check/environment");
  const loader = load<Load>("../check/load");
  for (const m of [runner, env, loader]) {
    if (typeof m === "string")
      return {
        status: "unavailable",
        reason: `the policy runner (cli/check) could not be loaded: ${m}`,
      };
  }
  const { checkResources } = runner as Runner;
  const { detectEnvironment, isKnownEnvironment } = env as Env;
  const detected = detectEnvironment(doc.resources, doc.stack)?.environment;
  const environment = isKnownEnvironment(detected) ? detected : undefined;
  const file =
    environment !== undefined
      ? path.join(cwd, "policy-pack", "config", `${environment}.json`)
      : undefined;
  const config =
    file !== undefined && fs.existsSync(file)
      ? (loader as Load).loadPolicyConfig(file, "policy config")
      : undefined;
  const result = await checkResources(doc.resources, { environment, config, stackName: doc.stack });
  return {
    status: "ran",
    result,
    ...(config !== undefined && file !== undefined ? { configFile: path.relative(cwd, file) } : {}),
  };
}
