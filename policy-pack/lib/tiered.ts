/**
 * Rules that are mandatory in prod and advisory elsewhere. The SDK fixes a
 * policy's enforcement level per policy, not per violation, so each rule is a
 * pair of constants: `<rule>` (mandatory, reports only when the environment
 * is prod) and `<rule>-advisory` (advisory, reports only outside prod). The
 * environment is the policy config's `environment`
 * (policy-pack/config/<env>.json sets it), else the resource's own
 * Environment tag. Either level can be changed in the policy config.
 */
import {
  environmentOf,
  PlatformResourcePolicy,
  PolicyGroup,
  resourcePolicy,
  ResourcePolicySpec,
} from "./define";
import { resourceEnvironment } from "./tags";

export type TieredSpec<C> = Omit<
  ResourcePolicySpec<C>,
  "enforcementLevel" | "environments" | "group" | "exemptable"
>;

/** The prod (mandatory) and outside-prod (advisory) policies of one rule. */
export function tiered<C extends object = object>(
  group: PolicyGroup,
  spec: TieredSpec<C>,
): [PlatformResourcePolicy, PlatformResourcePolicy] {
  const make = (prod: boolean): PlatformResourcePolicy =>
    resourcePolicy<C>({
      ...spec,
      name: prod ? spec.name : `${spec.name}-advisory`,
      description: `${spec.description} ${prod ? "Mandatory in prod." : "Advisory outside prod."}`,
      enforcementLevel: prod ? "mandatory" : "advisory",
      environments: prod ? "prod" : "outside prod",
      group,
      exemptable: true,
      validate: (args, report, config) => {
        const env = environmentOf(config, () =>
          resourceEnvironment(args.type, args.props, args.provider),
        );
        if ((env === "prod") !== prod) {
          args.notApplicable(
            prod
              ? `enforced in prod; ${spec.name}-advisory covers ${env ?? "this stack"}`
              : `prod is covered by ${spec.name}`,
          );
        }
        spec.validate(args, report, config);
      },
    });
  return [make(true), make(false)];
}
