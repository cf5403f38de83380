/**
 * The policy check as `platform plan` runs it: the same check as `platform
 * check --stack S` (cli/check/policyCheck.ts), its outcome in the shape the
 * plan report renders.
 */
import { policyCheck } from "../check/policyCheck";
import type { CheckResult, Violation } from "../check/runner";
import { SynthDocument } from "../core/resource";

export type PlanViolation = Violation;
export type PlanCheck = CheckResult;

/**
 * "ran" with the result; "unavailable" when a caller's check could not run at
 * all (the report then says so instead of claiming a pass).
 */
export type CheckOutcome =
  | { readonly status: "ran"; readonly result: PlanCheck; readonly configFile?: string }
  | { readonly status: "unavailable"; readonly reason: string };

export interface PlanCheckOptions {
  /** `plan --allow-weakened`: accept a config that weakens an encryption-at-rest rule. @default false */
  readonly allowWeakened?: boolean;
}

/** Runs the policy pack over a synthesized stack with its environment's policy config. */
export async function checkDocument(
  doc: SynthDocument,
  cwd: string,
  opts: PlanCheckOptions = {},
): Promise<CheckOutcome> {
  const c = await policyCheck(doc.resources, {
    cwd,
    stackName: doc.stack,
    allowWeakened: opts.allowWeakened === true,
  });
  return {
    status: "ran",
    result: c.result,
    ...(c.configFile !== undefined ? { configFile: c.configFile } : {}),
  };
}
