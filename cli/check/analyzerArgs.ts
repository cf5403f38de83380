/**
 * The values the Pulumi analyzer hands policies, built as @pulumi/policy's
 * server.js builds them: `ResourceValidationArgs` with the SDK's
 * `unknownCheckingProxy` over the props, resource options, the provider, and
 * the type tests. The runner (./runner.ts) calls the policies with them.
 */
import {
  EnforcementLevel,
  Policy,
  PolicyProviderResource,
  PolicyResourceOptions,
  ResourceValidationPolicy,
  StackValidationPolicy,
  unknownCheckingProxy,
} from "@pulumi/policy";
import { CLOCK } from "../../policy-pack/lib/define";
import { Resource, UNKNOWN_PLACEHOLDER } from "../core/resource";

/** Pulumi's sentinel for an unknown string (and what "[unknown]" becomes). */
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** How a violation is reported: the engine's "disabled" never reaches a report. */
export type ReportedLevel = "mandatory" | "advisory";

/** A Resource as read from a file may also carry the engine's property dependencies. */
export type InputResource = Resource & {
  readonly propertyDependencies?: Record<string, readonly string[]>;
};

export interface Prepared {
  readonly source: InputResource;
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** Deserialized once per run; every policy call gets its own proxy over it (policies only read). */
  readonly props: Record<string, unknown>;
  readonly providerProps?: Record<string, unknown>;
}

/** What `args.notApplicable()` throws (not an Error: no stack to capture, it is thrown often). */
export class NotApplicable {
  constructor(readonly reason?: string) {}
}

export function throwNotApplicable(reason?: string): never {
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

export function proxied(props: Record<string, unknown>): Record<string, unknown> {
  return unknownCheckingProxy(props) as Record<string, unknown>;
}

/**
 * `ResourceValidationArgs` as the SDK builds them; a class so that the
 * type-test methods are shared rather than made per call.
 */
export class ResourceArgs {
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
export function isTypeOf(type: string, resourceClass: unknown): boolean {
  const cls = resourceClass as { __pulumiType?: string; isInstance?: (o: unknown) => boolean };
  if (typeof cls.__pulumiType === "string") return cls.__pulumiType === type;
  return typeof cls.isInstance === "function" && cls.isInstance({ __pulumiType: type }) === true;
}

export function options(r: Prepared): PolicyResourceOptions {
  return {
    protect: r.source.opts?.protect === true,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...(r.source.parent ? { parent: r.source.parent } : {}),
  };
}

export function provider(r: Prepared): PolicyProviderResource | undefined {
  const p = r.source.provider;
  if (!p) return undefined;
  return { type: p.type, name: p.name, urn: p.urn ?? "", props: proxied(r.providerProps ?? {}) };
}

export function freezeMap(map: Map<string, string>): ReadonlyMap<string, string> {
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

export function isResourcePolicy(p: Policy): p is ResourceValidationPolicy {
  return (
    typeof (p as ResourceValidationPolicy).validateResource === "function" ||
    Array.isArray((p as ResourceValidationPolicy).validateResource)
  );
}

export function isStackPolicy(p: Policy): p is StackValidationPolicy {
  return typeof (p as StackValidationPolicy).validateStack === "function";
}

export function reportedLevel(level: EnforcementLevel): ReportedLevel {
  return level === "advisory" ? "advisory" : "mandatory";
}

export function projectAndStack(
  resources: readonly InputResource[],
  stackName: string | undefined,
): { project: string; stack: string } {
  const urn = resources.find(
    (r) => typeof r.urn === "string" && r.urn.startsWith("urn:pulumi:"),
  )?.urn;
  const [stackFromUrn, project] = urn ? urn.slice("urn:pulumi:".length).split("::") : [];
  return { project: project || "platform", stack: stackName ?? (stackFromUrn || "offline") };
}
