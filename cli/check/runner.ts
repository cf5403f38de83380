/**
 * `checkResources` runs the policy pack over Resource documents exactly as
 * the Pulumi analyzer calls it (@pulumi/policy's server.js):
 *
 * - resource policies see one resource at a time, as `ResourceValidationArgs`
 *   (props and the provider's props wrapped in the SDK's own
 *   `unknownCheckingProxy`), in registration order, policy by policy;
 * - stack policies then see every resource as a `PolicyResource` with parent,
 *   dependencies and property dependencies linked;
 * - a policy that reads a value unknown during preview (the string
 *   "[unknown]" or Pulumi's unknown sentinel) yields an advisory "cannot be
 *   checked during preview" instead of a crash or a silent pass; a value a
 *   rule must inspect that arrived as "[secret]" (the offline shape of a
 *   secret, which the engine would hand over in clear) yields an advisory
 *   "cannot be checked offline";
 * - `args.notApplicable()` ends the policy for that resource quietly;
 * - enforcement levels and config come from the policy config, reconciled
 *   and validated as the engine does (see ./config.ts).
 */
import {
  Policy,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  StackValidationArgs,
} from "@pulumi/policy";
import { allPolicies } from "../../policy-pack/policies";
import {
  CLOCK,
  exemptionRefusal,
  exemptionStatus,
  PlatformResourcePolicy,
} from "../../policy-pack/lib/define";
import { isUnknownValueError, SecretValueError } from "../../policy-pack/lib/values";
import {
  deserialize,
  freezeMap,
  InputResource,
  isResourcePolicy,
  isStackPolicy,
  isTypeOf,
  NotApplicable,
  options,
  Prepared,
  projectAndStack,
  provider,
  proxied,
  ReportedLevel,
  reportedLevel,
  ResourceArgs,
  throwNotApplicable,
} from "./analyzerArgs";
import {
  PolicyConfigEntry,
  PolicyConfigError,
  reconcilePolicyConfigCached,
  WeakenedRule,
  weakenedRules,
} from "./config";

export { deserialize, UNKNOWN_SENTINEL } from "./analyzerArgs";
export type { ReportedLevel } from "./analyzerArgs";

export interface CheckOptions {
  /** The stack's environment; given to every policy as config `environment` unless the config sets it. */
  readonly environment?: string;
  /** A policy config document, as for `pulumi preview --policy-pack-config` (policy-pack/config/<env>.json). */
  readonly config?: object;
  /** Names the stack in URNs made up for resources without one, and in stack-level violations. */
  readonly stackName?: string;
  /** The date exemptions are evaluated on (default: now). */
  readonly now?: Date;
  /** The policies to run (default: the whole pack). */
  readonly policies?: readonly Policy[];
  /** The stack's tags, as the engine passes them (`args.stackTags`). */
  readonly stackTags?: Readonly<Record<string, string>>;
  /**
   * Accept a config that disables or downgrades a rule that cannot be
   * exempted (encryption at rest); otherwise each such rule is a mandatory
   * violation. Weakened rules are listed either way.
   * @default false
   */
  readonly allowWeakened?: boolean;
}

export interface Violation {
  readonly policy: string;
  readonly enforcementLevel: ReportedLevel;
  readonly resource: { readonly type: string; readonly name: string; readonly urn: string };
  readonly message: string;
}

export interface ExemptionInForce {
  readonly policy: string;
  readonly resource: string;
  readonly reason: string;
  readonly expires: string;
}

export interface CheckResult {
  readonly violations: Violation[];
  readonly exemptions: ExemptionInForce[];
  /** Every rule the policy config disables or downgrades. */
  readonly weakened?: WeakenedRule[];
  /** Whether weakening a non-exemptable rule was accepted (`--allow-weakened`). */
  readonly allowWeakened?: boolean;
  readonly summary: { readonly mandatory: number; readonly advisory: number };
}

/** Runs every policy over `resources`; see the module comment. */
export async function checkResources(
  resources: readonly InputResource[],
  opts: CheckOptions = {},
): Promise<CheckResult> {
  const policies = opts.policies ?? allPolicies;
  const { project, stack } = projectAndStack(resources, opts.stackName);
  const common = opts.environment !== undefined ? { environment: opts.environment } : {};
  // Reconciled over the whole pack (and any other policies given), so a config
  // naming a rule this run leaves out is not mistaken for a typo.
  const known = policies === allPolicies ? policies : [...new Set([...allPolicies, ...policies])];
  const config = reconcilePolicyConfigCached(known, opts.config, common);
  const now = opts.now ?? new Date();
  refuseExemptions(policies, config, now.toISOString().slice(0, 10));
  const weakened = weakenedRules(policies, opts.config, config);
  const allowWeakened = opts.allowWeakened === true;
  const stackTags = freezeMap(new Map(Object.entries(opts.stackTags ?? {})));
  const stackResource = {
    type: "pulumi:pulumi:Stack",
    name: `${project}-${stack}`,
    urn: `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack::${project}-${stack}`,
  };

  const prepared: Prepared[] = resources.map((r) => ({
    source: r,
    type: r.type,
    name: r.name,
    urn: r.urn ?? `urn:pulumi:${stack}::${project}::${r.type}::${r.name}`,
    props: deserialize(r.props ?? {}) as Record<string, unknown>,
    providerProps: r.provider
      ? (deserialize(r.provider.props ?? {}) as Record<string, unknown>)
      : undefined,
  }));
  const byUrn = new Map(prepared.map((r) => [r.urn, r]));

  const violations: Violation[] = [];
  const push = (
    policy: string,
    level: ReportedLevel,
    r: { type: string; name: string; urn: string },
    message: string,
  ) =>
    violations.push({
      policy,
      enforcementLevel: level,
      resource: { type: r.type, name: r.name, urn: r.urn },
      message,
    });
  const entryOf = (p: Policy): PolicyConfigEntry => config.get(p.name)!;
  // As the SDK does: a fresh shallow copy of the policy's properties on every call.
  const getConfig = new Map<Policy, <T extends object>() => T>(
    policies.map((p) => [p, <T extends object>() => ({ ...entryOf(p).properties }) as T]),
  );

  const handle = (
    p: Policy,
    where: { type: string; name: string; urn: string },
    e: unknown,
  ): void => {
    if (e instanceof SecretValueError) {
      push(p.name, "advisory", where, `cannot be checked offline: ${e.message}`);
    } else if (isUnknownValueError(e)) {
      push(p.name, "advisory", where, `cannot be checked during preview: ${e.message}`);
    } else if (!(e instanceof NotApplicable)) {
      const err = e instanceof Error ? e : new Error(String(e));
      err.message = `policy ${p.name} failed on ${where.type} ${where.name}: ${err.message}`;
      throw err;
    }
  };

  // Resource policies: one resource at a time, in registration order. A pack
  // rule declares the types it inspects (`appliesTo`); without exemptions in
  // its config, its call on any other type returns without a word
  // (policy-pack/lib/define.ts), so it is not made, as the SDK's analyzer
  // skips a `validateResourceOfType` policy on other types.
  const resourcePolicies = policies.flatMap((p) => {
    const entry = entryOf(p);
    if (entry.enforcementLevel === "disabled" || !isResourcePolicy(p) || !p.validateResource)
      return [];
    const exemptions = entry.properties.exemptions;
    const quiet =
      exemptions === undefined || (Array.isArray(exemptions) && exemptions.length === 0);
    const appliesTo = (p as Partial<PlatformResourcePolicy>).appliesTo;
    return [
      {
        p,
        level: reportedLevel(entry.enforcementLevel),
        validations: Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource],
        skips: quiet && appliesTo ? (type: string) => !appliesTo(type) : () => false,
      },
    ];
  });
  for (const r of prepared) {
    const opts = options(r);
    for (const { p, level, validations, skips } of resourcePolicies) {
      if (skips(r.type)) continue;
      const report: ReportViolation = push.bind(undefined, p.name, level, r);
      for (const validate of validations) {
        try {
          const args = new ResourceArgs(
            r.type,
            proxied(r.props),
            r.urn,
            r.name,
            { ...opts },
            stackTags,
            getConfig.get(p)!,
            now,
          );
          const prov = provider(r);
          if (prov) args.provider = prov;
          const done = validate(args as unknown as ResourceValidationArgs, report);
          if (done) await done;
        } catch (e) {
          handle(p, r, e);
        }
      }
    }
  }

  // Stack policies: every resource, linked to its parent and dependencies.
  for (const p of policies) {
    const level = entryOf(p).enforcementLevel;
    if (level === "disabled" || !isStackPolicy(p)) continue;
    const report: ReportViolation = (message, urn) => {
      const target = urn !== undefined ? byUrn.get(urn) : undefined;
      push(
        p.name,
        reportedLevel(level),
        target ?? (urn ? { type: "unknown", name: urn, urn } : stackResource),
        message,
      );
    };
    try {
      const policyResources = new Map<string, PolicyResource>();
      for (const r of prepared) {
        const props = proxied(r.props);
        const pr: PolicyResource = {
          type: r.type,
          props,
          urn: r.urn,
          name: r.name,
          opts: options(r),
          dependencies: [],
          propertyDependencies: {},
          isType: (cls) => isTypeOf(r.type, cls),
          asType: ((cls: unknown) =>
            isTypeOf(r.type, cls) ? props : undefined) as PolicyResource["asType"],
        };
        const prov = provider(r);
        if (prov) pr.provider = prov;
        policyResources.set(r.urn, pr);
      }
      for (const r of prepared) {
        const pr = policyResources.get(r.urn)!;
        const parent = r.source.parent ? policyResources.get(r.source.parent) : undefined;
        if (parent) pr.parent = parent;
        const linked = (urns: readonly string[] | undefined) =>
          (urns ?? [])
            .map((u) => policyResources.get(u))
            .filter((x): x is PolicyResource => x !== undefined);
        pr.dependencies = linked(r.source.opts?.dependsOn);
        for (const [prop, urns] of Object.entries(r.source.propertyDependencies ?? {})) {
          pr.propertyDependencies[prop] = linked(urns);
        }
      }
      const args: StackValidationArgs & { [CLOCK]?: Date } = {
        resources: [...policyResources.values()],
        getConfig: getConfig.get(p)!,
        stackTags,
        notApplicable: throwNotApplicable,
        [CLOCK]: now,
      };
      const done = p.validateStack(args, report);
      if (done) await done;
    } catch (e) {
      handle(p, stackResource, e);
    }
  }

  // A rule that cannot be exempted cannot be switched off or downgraded either, unless the caller says so.
  if (!allowWeakened) {
    for (const w of weakened.filter((x) => !x.exemptable)) {
      push(
        w.policy,
        "mandatory",
        stackResource,
        `the policy config ${w.to === "disabled" ? "disables" : "downgrades"} this rule (${w.from} → ${w.to}, set by "${w.by}"), but it protects encryption at rest and cannot be weakened; restore its level, or pass --allow-weakened to accept it on purpose`,
      );
    }
  }

  // Exemptions in force, as configured (expired or not allowed ones are violations reported by the policies).
  const exemptions: ExemptionInForce[] = [];
  const today = now.toISOString().slice(0, 10);
  for (const p of policies) {
    const entry = entryOf(p);
    if (
      entry.enforcementLevel === "disabled" ||
      (p as { exemptable?: boolean }).exemptable === false
    )
      continue;
    for (const raw of (entry.properties.exemptions as unknown[] | undefined) ?? []) {
      const s = exemptionStatus(
        raw,
        today,
        entry.properties.maxExemptionDays as number | undefined,
      );
      if (s.status === "in-force") exemptions.push({ policy: p.name, ...s.exemption });
    }
  }

  return {
    violations,
    exemptions,
    weakened,
    allowWeakened,
    summary: {
      mandatory: violations.filter((v) => v.enforcementLevel === "mandatory").length,
      advisory: violations.filter((v) => v.enforcementLevel === "advisory").length,
    },
  };
}

/**
 * Exemptions `platform check` refuses as bad input: a wildcard resource, or
 * an expiry further ahead than the policy's `maxExemptionDays`. (Under the
 * engine the pack reports the same exemptions as violations; see
 * policy-pack/lib/define.ts.)
 */
function refuseExemptions(
  policies: readonly Policy[],
  config: ReadonlyMap<string, PolicyConfigEntry>,
  today: string,
): void {
  for (const p of policies) {
    const props = config.get(p.name)?.properties ?? {};
    const list = Array.isArray(props.exemptions) ? (props.exemptions as unknown[]) : [];
    list.forEach((raw, i) => {
      const s = exemptionStatus(raw, today);
      if (s.status === "malformed" || s.status === "expired") return;
      const why = exemptionRefusal(
        s.exemption,
        today,
        props.maxExemptionDays as number | undefined,
      );
      if (why !== undefined) throw new PolicyConfigError(`${p.name}.exemptions[${i}]: ${why}`);
    });
  }
}
