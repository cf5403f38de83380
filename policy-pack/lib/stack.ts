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
import { PolicyResource } from "@pulumi/policy";
import { isUnknownValueError, tryRead } from "./values";

const IDENTIFYING_PROPS = ["id", "arn", "name", "bucket", "identifier", "replicationGroupId"];

/** Every known string that other resources may use to refer to `r`. */
export function identifiers(r: PolicyResource): Set<string> {
  const ids = new Set<string>([r.name]);
  for (const prop of IDENTIFYING_PROPS) {
    const read = tryRead(() => r.props[prop]);
    if (read.known && typeof read.value === "string" && read.value !== "") ids.add(read.value);
  }
  return ids;
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
  return {
    state: values.some((v) => typeof v === "string" && targetIds.has(v)) ? "linked" : "unlinked",
  };
}

/** The side resources of `types` that refer to `target` through `prop`, and the unknown references met. */
export function sideResources(
  resources: readonly PolicyResource[],
  types: readonly string[],
  prop: string,
  target: PolicyResource,
): { linked: PolicyResource[]; unknown: Error[] } {
  const ids = identifiers(target);
  const linked: PolicyResource[] = [];
  const unknown: Error[] = [];
  for (const r of resources) {
    if (!types.includes(r.type)) continue;
    const l = link(r, prop, target, ids);
    if (l.state === "linked") linked.push(r);
    else if (l.state === "unknown") unknown.push(l.error);
  }
  return { linked, unknown };
}

/** Resources of `types` whose identifiers include `ref`. */
export function findByIdentifier(
  resources: readonly PolicyResource[],
  types: readonly string[],
  ref: string,
): PolicyResource[] {
  return resources.filter((r) => types.includes(r.type) && identifiers(r).has(ref));
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
