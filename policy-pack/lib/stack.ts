/**
 * Correlating resources in a stack policy. Side resources refer to their main
 * resource by a physical name or id (`BucketPolicy.bucket`, an ingress rule's
 * `securityGroupId`, `LoadBalancer.securityGroups`). Two ways to see the link:
 *
 * 1. `propertyDependencies[prop]` includes the target: the engine knows the
 *    value came from the target's output, even while it is unknown in preview;
 * 2. the value equals one of the target's identifiers: its `id`, `arn`,
 *    `name`, `bucket` or `identifier` output, or its logical name.
 *
 * An unknown reference that no dependency explains is kept as "pending": the
 * rule finishes the other resources, then re-throws, so the engine reports
 * "can't run during preview" instead of a false pass or a false violation.
 */
import { PolicyResource, ReportViolation } from "@pulumi/policy";
import { PlatformStackPolicy, StackPolicySpec, stackPolicy } from "./define";
import { BUCKETS } from "./types";
import {
  isSet,
  isUnknownValueError,
  SECRET_PLACEHOLDER,
  SecretValueError,
  tryRead,
} from "./values";

const IDENTIFYING_PROPS = ["id", "arn", "name", "bucket", "identifier", "replicationGroupId"];

/**
 * Every known string that other resources may use to refer to `r`. A secret
 * ("[secret]" offline) is none: every secret reads the same.
 */
export function identifiers(r: PolicyResource): Set<string> {
  const ids = new Set<string>([r.name]);
  for (const prop of IDENTIFYING_PROPS) {
    const read = tryRead(() => r.props[prop]);
    if (
      read.known &&
      typeof read.value === "string" &&
      read.value !== "" &&
      read.value !== SECRET_PLACEHOLDER
    )
      ids.add(read.value);
  }
  return ids;
}

/** The identifying property of `r` that is a secret, if any. */
function secretIdentifier(r: PolicyResource): string | undefined {
  return IDENTIFYING_PROPS.find((prop) => {
    const read = tryRead(() => r.props[prop]);
    return read.known && read.value === SECRET_PLACEHOLDER;
  });
}

/** A reference that is the secret placeholder names no resource: it is as unknown as one in preview. */
function secretReference(
  holder: PolicyResource,
  prop: string,
  values: unknown[],
): Error | undefined {
  return values.includes(SECRET_PLACEHOLDER)
    ? new SecretValueError(`${holder.name} ${prop}`)
    : undefined;
}

/** Whether `holder.props[prop]` is known to come from `target`'s output (engine-provided). */
export function dependsThrough(
  holder: PolicyResource,
  prop: string,
  target: PolicyResource,
): boolean {
  const deps = holder.propertyDependencies?.[prop];
  return Array.isArray(deps) && deps.some((d) => d?.urn === target.urn);
}

/** Collects unknown-value errors met while correlating, to re-throw once the known ones are checked. */
export class Pending {
  private readonly errors: Error[] = [];
  add(error: Error): void {
    this.errors.push(error);
  }
  /** Throws the first pending error, if any: the SDK turns it into an advisory "can't run during preview". */
  settle(): void {
    if (this.errors.length > 0) throw this.errors[0];
  }
}

export type Link =
  { readonly state: "linked" | "unlinked" } | { readonly state: "unknown"; readonly error: Error };

/**
 * Whether `holder.props[prop]` (a string, or an array of strings) refers to
 * `target`. "unknown" when the value cannot be read during preview and no
 * property dependency settles it.
 */
export function link(
  holder: PolicyResource,
  prop: string,
  target: PolicyResource,
  targetIds = identifiers(target),
): Link {
  if (dependsThrough(holder, prop, target)) return { state: "linked" };
  const read = tryRead(() => {
    const v = holder.props[prop];
    // Copy arrays element by element so an unknown element throws here.
    return Array.isArray(v) ? v.map((x) => x as unknown) : v;
  });
  if (!read.known) return { state: "unknown", error: read.error };
  const values = Array.isArray(read.value) ? read.value : [read.value];
  const secret = secretReference(holder, prop, values);
  if (secret) return { state: "unknown", error: secret };
  return {
    state: values.some((v) => typeof v === "string" && targetIds.has(v)) ? "linked" : "unlinked",
  };
}

/**
 * What one stack's resources are indexed by, built once per `args.resources`
 * array (the engine hands a stack policy one array per run) so that
 * correlating every resource with every other stays linear in the stack size
 * rather than quadratic.
 */
interface StackIndex {
  /** Registration order, to return matches in the order a scan would. */
  readonly order: Map<PolicyResource, number>;
  readonly byType: Map<string, PolicyResource[]>;
  /** Each identifier (see `identifiers`) → the resources it identifies. */
  byIdentifier?: Map<string, PolicyResource[]>;
  /** `${types}\n${prop}` → who refers to what through that property. */
  readonly referrers: Map<string, Referrers>;
}

interface Referrers {
  /** A string value of the property → the holders that carry it. */
  readonly byValue: Map<string, PolicyResource[]>;
  /** A property dependency's URN → the holders whose property came from it. */
  readonly byDependency: Map<string, PolicyResource[]>;
  /** Holders whose property cannot be read during preview. */
  readonly unknown: { readonly holder: PolicyResource; readonly error: Error }[];
}

const indexes = new WeakMap<readonly PolicyResource[], StackIndex>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}

function indexOf(resources: readonly PolicyResource[]): StackIndex {
  let index = indexes.get(resources);
  if (index === undefined) {
    const order = new Map<PolicyResource, number>();
    const byType = new Map<string, PolicyResource[]>();
    resources.forEach((r, i) => {
      order.set(r, i);
      push(byType, r.type, r);
    });
    index = { order, byType, referrers: new Map() };
    indexes.set(resources, index);
  }
  return index;
}

function inOrder(index: StackIndex, found: Iterable<PolicyResource>): PolicyResource[] {
  return [...new Set(found)].sort((a, b) => index.order.get(a)! - index.order.get(b)!);
}

/** The resources of `types`, in registration order. */
export function ofTypes(
  resources: readonly PolicyResource[],
  types: readonly string[],
): PolicyResource[] {
  const index = indexOf(resources);
  const lists = [...new Set(types)].map((t) => index.byType.get(t) ?? []);
  return lists.length === 1 ? [...lists[0]] : inOrder(index, lists.flat());
}

function byIdentifier(resources: readonly PolicyResource[]): Map<string, PolicyResource[]> {
  const index = indexOf(resources);
  if (index.byIdentifier === undefined) {
    const map = new Map<string, PolicyResource[]>();
    for (const r of resources) for (const id of identifiers(r)) push(map, id, r);
    index.byIdentifier = map;
  }
  return index.byIdentifier;
}

/** The values of `holder.props[prop]`: the string, or the strings of an array. */
function readReferences(
  holder: PolicyResource,
  prop: string,
): { known: true; values: unknown[] } | { known: false; error: Error } {
  const read = tryRead(() => {
    const v = holder.props[prop];
    // Copy arrays element by element so an unknown element throws here.
    return Array.isArray(v) ? v.map((x) => x as unknown) : v;
  });
  if (!read.known) return { known: false, error: read.error };
  const values = Array.isArray(read.value) ? read.value : [read.value];
  const secret = secretReference(holder, prop, values);
  return secret ? { known: false, error: secret } : { known: true, values };
}

function referrersOf(
  resources: readonly PolicyResource[],
  types: readonly string[],
  prop: string,
): Referrers {
  const index = indexOf(resources);
  const key = `${types.join(",")}\n${prop}`;
  let refs = index.referrers.get(key);
  if (refs === undefined) {
    refs = { byValue: new Map(), byDependency: new Map(), unknown: [] };
    for (const holder of ofTypes(resources, types)) {
      const deps = holder.propertyDependencies?.[prop];
      if (Array.isArray(deps))
        for (const d of deps) if (d?.urn) push(refs.byDependency, d.urn, holder);
      const read = readReferences(holder, prop);
      if (!read.known) refs.unknown.push({ holder, error: read.error });
      else for (const v of read.values) if (typeof v === "string") push(refs.byValue, v, holder);
    }
    index.referrers.set(key, refs);
  }
  return refs;
}

/** Side resources of a target: those linked to it, and the references that could not be read. */
export interface Sides {
  readonly linked: PolicyResource[];
  readonly unknown: Error[];
}

/**
 * Whether `side` leaves the question undecided: none is linked and some
 * reference could not be read (a secret offline, a value unknown in preview).
 * Its errors then wait in `pending`, so the target ends as "cannot be
 * checked" rather than as missing its side resource.
 */
export function deferred(side: Sides, pending: Pending): boolean {
  if (side.linked.length > 0 || side.unknown.length === 0) return false;
  side.unknown.forEach((e) => pending.add(e));
  return true;
}

/**
 * The side resources of `types` that refer to `target` through `prop`, and
 * the unknown references met (at most one: enough to report "cannot be
 * checked during preview", and it keeps the search linear).
 */
export function sideResources(
  resources: readonly PolicyResource[],
  types: readonly string[],
  prop: string,
  target: PolicyResource,
): Sides {
  const index = indexOf(resources);
  const refs = referrersOf(resources, types, prop);
  const found: PolicyResource[] = [...(refs.byDependency.get(target.urn) ?? [])];
  for (const id of identifiers(target)) found.push(...(refs.byValue.get(id) ?? []));
  const unknown = refs.unknown.find((u) => !dependsThrough(u.holder, prop, target));
  if (found.length === 0 && !unknown && ofTypes(resources, types).length > 0) {
    // A target named by a secret may be the one an unlinked side resource names.
    const secret = secretIdentifier(target);
    if (secret) return { linked: [], unknown: [new SecretValueError(`${target.name} ${secret}`)] };
  }
  return { linked: inOrder(index, found), unknown: unknown ? [unknown.error] : [] };
}

/**
 * The resources of `types` that `holder` refers to through `prop` (in
 * registration order): those `link(holder, prop, t)` finds "linked", without
 * testing every resource of the stack.
 */
export function linkedTargets(
  resources: readonly PolicyResource[],
  holder: PolicyResource,
  prop: string,
  types: readonly string[],
): PolicyResource[] {
  const index = indexOf(resources);
  const found: PolicyResource[] = [];
  const deps = holder.propertyDependencies?.[prop];
  if (Array.isArray(deps)) for (const d of deps) if (d && types.includes(d.type)) found.push(d);
  const read = readReferences(holder, prop);
  if (read.known) {
    const ids = byIdentifier(resources);
    for (const v of read.values) {
      if (typeof v !== "string") continue;
      for (const r of ids.get(v) ?? []) if (types.includes(r.type)) found.push(r);
    }
  }
  return inOrder(
    index,
    found.filter((r) => index.order.has(r)),
  );
}

/** Resources of `types` whose identifiers include `ref`. */
export function findByIdentifier(
  resources: readonly PolicyResource[],
  types: readonly string[],
  ref: string,
): PolicyResource[] {
  return (byIdentifier(resources).get(ref) ?? []).filter((r) => types.includes(r.type));
}

/**
 * Runs `check` on each item; an unknown value met while checking one item is
 * kept in `pending` and the next item is checked.
 */
export function eachKnown<T>(
  items: readonly T[],
  pending: Pending,
  check: (item: T) => void,
): void {
  for (const item of items) {
    try {
      check(item);
    } catch (e) {
      if (isUnknownValueError(e)) pending.add(e);
      else throw e;
    }
  }
}

/** A bucket's side resources, as bucketSidesPolicy hands them to a rule. */
export interface BucketSides extends Sides {
  /** deferred() for this bucket, in the run's `Pending`. */
  undecided(): boolean;
}

/**
 * A stack rule that judges each S3 bucket by its side resources of
 * `sideTypes` (each names its bucket in `bucket`): it inspects the buckets and
 * those types, and `validateBucket` sees one bucket whose own values are
 * known at a time. Unknown values met while visiting a bucket, or left
 * pending by `undecided()`, end as "cannot be checked" once all are visited.
 */
export function bucketSidesPolicy(
  spec: Omit<StackPolicySpec<object>, "resourceTypes" | "validate"> & {
    readonly sideTypes: readonly string[];
    readonly validateBucket: (
      bucket: PolicyResource,
      sides: BucketSides,
      report: ReportViolation,
    ) => void;
  },
): PlatformStackPolicy {
  const { sideTypes, validateBucket, ...rest } = spec;
  return stackPolicy({
    ...rest,
    resourceTypes: [...BUCKETS, ...sideTypes],
    validate: ({ resources }, report) => {
      const pending = new Pending();
      eachKnown(
        resources.filter((r) => BUCKETS.includes(r.type)),
        pending,
        (bucket) => {
          const sides = sideResources(resources, sideTypes, "bucket", bucket);
          validateBucket(bucket, { ...sides, undecided: () => deferred(sides, pending) }, report);
        },
      );
      pending.settle();
    },
  });
}

/** A bucket as messages name it: its logical name, and its bucket name when known. */
export function bucketLabel(bucket: PolicyResource): string {
  const name = tryRead(() => bucket.props.bucket);
  return name.known && isSet(name.value) ? `${bucket.name} (${name.value})` : bucket.name;
}
