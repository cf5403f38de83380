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
  EnforcementLevel,
  Policy,
  PolicyProviderResource,
  PolicyResource,
  PolicyResourceOptions,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
  unknownCheckingProxy,
} from "@pulumi/policy";
import { allPolicies } from "../../policy-pack/policies";
import { CLOCK, exemptionRefusal, exemptionStatus } from "../../policy-pack/lib/define";
import { isUnknownValueError, SecretValueError } from "../../policy-pack/lib/values";
import { Resource, UNKNOWN_PLACEHOLDER } from "../core/resource";
import {
  PolicyConfigEntry,
  PolicyConfigError,
  reconcilePolicyConfigCached,
  WeakenedRule,
  weakenedRules,
} from "./config";

/** Pulumi's sentinel for an unknown string (and what "[unknown]" becomes). */
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

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

export type ReportedLevel = "mandatory" | "advisory";

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

/** A Resource as read from a file may also carry the engine's property dependencies. */
type InputResource = Resource & {
  readonly propertyDependencies?: Record<string, readonly string[]>;
};

interface Prepared {
  readonly source: InputResource;
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** Deserialized once per run; every policy call gets its own proxy over it (policies only read). */
  readonly props: Record<string, unknown>;
  readonly providerProps?: Record<string, unknown>;
}

/** What `args.notApplicable()` throws (not an Error: no stack to capture, it is thrown often). */
class NotApplicable {
  constructor(readonly reason?: string) {}
}

function throwNotApplicable(reason?: string): never {
  throw new NotApplicable(reason);
}

/** Plain JSON → the values the engine would deserialize: "[unknown]" becomes the unknown sentinel. */
export function deserialize(value: unknown): unknown {
  if (value === UNKNOWN_PLACEHOLDER) return UNKNOWN_SENTINEL;
  if (Array.isArray(value)) return value.map(deserialize);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = deserialize(v);
    return out;
  }
  return value;
}

function proxied(props: Record<string, unknown>): Record<string, unknown> {
  return unknownCheckingProxy(props) as Record<string, unknown>;
}

/**
 * `ResourceValidationArgs` as the SDK builds them; a class so that the
 * type-test methods are shared rather than made per call.
 */
class ResourceArgs {
  provider?: PolicyProviderResource;
  readonly [CLOCK]: Date;
  constructor(
    readonly type: string,
    readonly props: Record<string, unknown>,
    readonly urn: string,
    readonly name: string,
    readonly opts: PolicyResourceOptions,
    readonly stackTags: ReadonlyMap<string, string>,
    readonly getConfig: <T extends object>() => T,
    now: Date,
  ) {
    this[CLOCK] = now;
  }
  isType(resourceClass: unknown): boolean {
    return isTypeOf(this.type, resourceClass);
  }
  asType(resourceClass: unknown): Record<string, unknown> | undefined {
    return isTypeOf(this.type, resourceClass) ? this.props : undefined;
  }
  notApplicable(reason?: string): never {
    throw new NotApplicable(reason);
  }
}

/** The SDK's type test: the class's `__pulumiType`, else its `isInstance`. */
function isTypeOf(type: string, resourceClass: unknown): boolean {
  const cls = resourceClass as { __pulumiType?: string; isInstance?: (o: unknown) => boolean };
  if (typeof cls.__pulumiType === "string") return cls.__pulumiType === type;
  return typeof cls.isInstance === "function" && cls.isInstance({ __pulumiType: type }) === true;
}

function options(r: Prepared): PolicyResourceOptions {
  return {
    protect: r.source.opts?.protect === true,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...(r.source.parent ? { parent: r.source.parent } : {}),
  };
}

function provider(r: Prepared): PolicyProviderResource | undefined {
  const p = r.source.provider;
  if (!p) return undefined;
  return { type: p.type, name: p.name, urn: p.urn ?? "", props: proxied(r.providerProps ?? {}) };
}

function freezeMap(map: Map<string, string>): ReadonlyMap<string, string> {
  return Object.freeze({
    entries: map.entries.bind(map),
    forEach: map.forEach.bind(map),
    get: map.get.bind(map),
    has: map.has.bind(map),
    keys: map.keys.bind(map),
    size: map.size,
    values: map.values.bind(map),
    [Symbol.iterator]: map[Symbol.iterator].bind(map),
  }) as ReadonlyMap<string, string>;
}

function isResourcePolicy(p: Policy): p is ResourceValidationPolicy {
  return (
    typeof (p as ResourceValidationPolicy).validateResource === "function" ||
    Array.isArray((p as ResourceValidationPolicy).validateResource)
  );
}

function isStackPolicy(p: Policy): p is StackValidationPolicy {
  return typeof (p as StackValidationPolicy).validateStack === "function";
}

function reportedLevel(level: EnforcementLevel): ReportedLevel {
  return level === "advisory" ? "advisory" : "mandatory";
}

function projectAndStack(
  resources: readonly InputResource[],
  stackName: string | undefined,
): { project: string; stack: string } {
  const urn = resources.find(
    (r) => typeof r.urn === "string" && r.urn.startsWith("urn:pulumi:"),
  )?.urn;
  const [stackFromUrn, project] = urn ? urn.slice("urn:pulumi:".length).split("::") : [];
  return { project: project || "platform", stack: stackName ?? (stackFromUrn || "offline") };
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

  // Resource policies: one resource at a time, in registration order.
  for (const r of prepared) {
    const opts = options(r);
    for (const p of policies) {
      const level = entryOf(p).enforcementLevel;
      if (level === "disabled" || !isResourcePolicy(p) || !p.validateResource) continue;
      const validations = Array.isArray(p.validateResource)
        ? p.validateResource
        : [p.validateResource];
      const report: ReportViolation = push.bind(undefined, p.name, reportedLevel(level), r);
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
