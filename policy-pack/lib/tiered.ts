/**
 * Rules that are mandatory in prod, advisory in dev and staging and off in
 * previews. The SDK fixes a policy's enforcement level per policy, so each
 * rule is one policy whose level per environment is set by
 * policy-pack/config/<env>.json, generated from `MANDATORY_IN_PROD`
 * (lib/levels.ts). Without a config file the rule is mandatory.
 */
import { PlatformResourcePolicy, PolicyGroup, resourcePolicy, ResourcePolicySpec } from "./define";
import { describeLevels, MANDATORY_IN_PROD } from "./levels";

export type TieredSpec<C> = Omit<
  ResourcePolicySpec<C>,
  "enforcementLevel" | "levels" | "group" | "exemptable"
>;

/** One rule: mandatory in prod, advisory in dev and staging, disabled in previews. */
export function tiered<C extends object = object>(
  group: PolicyGroup,
  spec: TieredSpec<C>,
): PlatformResourcePolicy {
  const levels = {
    name: spec.name,
    enforcementLevel: "mandatory" as const,
    levels: MANDATORY_IN_PROD,
  };
  return resourcePolicy<C>({
    ...spec,
    description: `${spec.description} Mandatory in prod; ${describeLevels(levels)}.`,
    enforcementLevel: levels.enforcementLevel,
    levels: levels.levels,
    group,
    exemptable: true,
  });
}
