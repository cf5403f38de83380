/**
 * Runs single rules (by name) of the pack over resources, through the offline
 * runner with policy-pack/config/<env>.json, and returns "[level] resource: message" lines.
 */
import { Resource } from "../../cli/core/resource";
import { allPolicies } from "../policies";
import { check } from "./fixtures";

export async function findings(
  names: string | readonly string[],
  resources: readonly Resource[],
  env = "prod",
): Promise<string[]> {
  const wanted = typeof names === "string" ? [names] : names;
  const policies = allPolicies.filter((p) => wanted.includes(p.name));
  if (policies.length !== wanted.length) throw new Error(`unknown policy in ${wanted.join(", ")}`);
  const result = await check(resources, { env, policies });
  return result.violations.map(
    (v) => `[${v.enforcementLevel}] ${v.policy} ${v.resource.name}: ${v.message}`,
  );
}
