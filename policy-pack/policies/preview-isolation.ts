/**
 * preview-reaches-only-shared-tier: a preview stack's network rules may join
 * only the preview's own security groups and the groups of the shared preview
 * tier (staging's `previewTier` output: its ALB, PostgreSQL and Redis groups),
 * so nothing a preview deploys can open a path to staging's own database,
 * cache or services.
 *
 * What the pack can see of a preview: its own resources' inputs, and the
 * StackReference it reads staging's output through. A security group id is
 *
 * - the preview's own when the engine records it as coming from a security
 *   group of this stack (`propertyDependencies`), or it equals one's id/name;
 * - the shared tier's when it equals a `*SecurityGroupId` of the reference's
 *   `outputs.previewTier` (when those outputs reach the pack), or, when they
 *   do not (platform's mock synth records only the reference's name), when it
 *   comes from a StackReference;
 * - anything else (a literal `sg-…`, a lookup, another output of the
 *   reference) is foreign.
 *
 * Limits (stated in the description and docs/policies.md): the rule judges ids,
 * not what a group is: it cannot tell staging's database group from the tier's
 * when the reference's outputs are hidden and the id came through the reference;
 * an id still unknown during preview that the engine ties to a security group
 * of this stack is taken as the preview's own; it does not see rules added
 * outside the preview stack (in staging's program or by hand).
 */
import { PolicyResource } from "@pulumi/policy";
import { stackPolicy } from "../lib/define";
import { Pending } from "../lib/stack";
import { providerDefaultTags } from "../lib/tags";
import { T, T2 } from "../lib/types";
import { asRecord, SECRET_PLACEHOLDER, SecretValueError, show, tryRead } from "../lib/values";

const STACK_REFERENCE = T.stackReference;
const EGRESS_RULE = T.securityGroupEgressRule;
/** Rule resources: [type, group prop, peer prop]. */
const RULE_RESOURCES: readonly (readonly [string, string, string])[] = [
  [T.securityGroupIngressRule, "securityGroupId", "referencedSecurityGroupId"],
  [EGRESS_RULE, "securityGroupId", "referencedSecurityGroupId"],
  [T.securityGroupRule, "securityGroupId", "sourceSecurityGroupId"],
];
/** Where a resource names the security groups it is a member of: [type, top prop, nested key]. */
const MEMBERSHIP: readonly (readonly [string, string, string?])[] = [
  [T.ecsService, "networkConfiguration", "securityGroups"],
  [T.lambdaFunction, "vpcConfig", "securityGroupIds"],
  [T.lb, "securityGroups"],
  [T.alb, "securityGroups"],
  [T.rdsInstance, "vpcSecurityGroupIds"],
  [T.rdsCluster, "vpcSecurityGroupIds"],
  [T.replicationGroup, "securityGroupIds"],
  [T.elasticacheCluster, "securityGroupIds"],
  [T2.ec2Instance, "vpcSecurityGroupIds"],
  [T2.ec2Instance, "securityGroups"],
  [T.vpcEndpoint, "securityGroupIds"],
  [T.efsMountTarget, "securityGroups"],
  [T.ec2NetworkInterface, "securityGroups"],
];

const RULE_OF_THUMB =
  "a preview may reach only its own security groups and the shared preview tier's, never staging's database, cache or service groups";

type Side =
  | { readonly kind: "own" | "tier" | "none" }
  | { readonly kind: "foreign"; readonly id: string; readonly via: string }
  | { readonly kind: "unknown"; readonly error: Error };

interface Seen {
  readonly ownUrns: Set<string>;
  readonly ownIds: Set<string>;
  readonly referenceUrns: Set<string>;
  /** The tier's group ids, when a reference's outputs reach the pack. */
  readonly tierIds: Set<string> | undefined;
  readonly output: string;
}

function urnsOf(r: PolicyResource, prop: string): string[] {
  const deps = r.propertyDependencies?.[prop];
  return Array.isArray(deps) ? deps.map((d) => d?.urn).filter((u) => typeof u === "string") : [];
}

/** The shared tier's security group ids from the references' visible outputs. */
function tierIdsOf(references: PolicyResource[], output: string): Set<string> | undefined {
  let ids: Set<string> | undefined;
  for (const ref of references) {
    const read = tryRead(() => asRecord(asRecord(ref.props.outputs)?.[output]));
    if (!read.known || read.value === undefined) continue;
    ids ??= new Set();
    for (const [key, v] of Object.entries(read.value)) {
      if (key.endsWith("SecurityGroupId") && typeof v === "string") ids.add(v);
    }
  }
  return ids;
}

/** One id, known or not, and the dependencies the engine recorded for the property holding it. */
function classify(
  read: { known: boolean; value?: unknown; error?: Error },
  deps: string[],
  s: Seen,
  precise = true,
  where = "a security group id",
): Side {
  const fromOwn = deps.some((u) => s.ownUrns.has(u));
  const fromReference = deps.some((u) => s.referenceUrns.has(u));
  if (!read.known) {
    return fromOwn ? { kind: "own" } : { kind: "unknown", error: read.error! };
  }
  const v = read.value;
  // A secret id ("[secret]" offline) is no id to compare: as unknown as one in preview.
  if (v === SECRET_PLACEHOLDER) {
    return fromOwn && precise
      ? { kind: "own" }
      : { kind: "unknown", error: new SecretValueError(where) };
  }
  if (v === undefined || v === null || v === "") return { kind: "none" };
  if (typeof v !== "string") return { kind: "foreign", id: show(v), via: "a value" };
  if (s.ownIds.has(v)) return { kind: "own" };
  if (s.tierIds?.has(v)) return { kind: "tier" };
  // A list's dependencies are its whole property's (a function's vpcConfig also holds the
  // subnets read from staging): they say where some value came from, not which.
  if (!precise) {
    return { kind: "foreign", id: v, via: "not one of this preview's security groups" };
  }
  if (fromReference && s.tierIds === undefined) return { kind: "tier" };
  if (fromOwn && !fromReference) return { kind: "own" };
  return {
    kind: "foreign",
    id: v,
    via: fromReference
      ? `read from a stack reference, but not one of the ${s.output} output's security groups`
      : "neither one of this preview's security groups nor read from the shared tier's stack reference",
  };
}

function scalar(r: PolicyResource, prop: string, s: Seen): Side {
  return classify(
    tryRead(() => r.props[prop] as unknown),
    urnsOf(r, prop),
    s,
    true,
    prop,
  );
}

/** Each id of a list, possibly under a nested key (`vpcConfig.securityGroupIds`). */
function list(r: PolicyResource, prop: string, key: string | undefined, s: Seen): Side[] {
  const deps = urnsOf(r, prop);
  const read = tryRead(() => {
    const top = r.props[prop] as unknown;
    const v = key === undefined ? top : asRecord(top)?.[key];
    return Array.isArray(v) ? v.map((x) => x as unknown) : v === undefined ? [] : [v];
  });
  if (!read.known) return [classify(read, deps, s)];
  const where = key === undefined ? `${prop}[]` : `${prop}.${key}[]`;
  return read.value.map((v) => classify({ known: true, value: v }, deps, s, false, where));
}

function peerOf(r: PolicyResource, peerProp: string, s: Seen): { side: Side; text: string } {
  const side = scalar(r, peerProp, s);
  if (side.kind !== "none") return { side, text: "" };
  const p = r.props;
  for (const key of [
    "cidrIpv4",
    "cidrIpv6",
    "prefixListId",
    "cidrBlocks",
    "ipv6CidrBlocks",
    "prefixListIds",
  ]) {
    const v = tryRead(() => p[key] as unknown);
    if (!v.known) return { side: { kind: "unknown", error: v.error }, text: "" };
    if (v.value !== undefined && !(Array.isArray(v.value) && v.value.length === 0)) {
      return { side, text: `${key} ${show(v.value)}` };
    }
  }
  if (p.self === true) return { side: { kind: "tier" }, text: "itself" };
  return { side, text: "no source" };
}

/** The environment: the policy config's, else the AWS provider's default Environment tag. */
function environment(
  resources: readonly PolicyResource[],
  configured: string | undefined,
): string | undefined {
  if (configured !== undefined) return configured;
  for (const r of resources) {
    const env = providerDefaultTags(r.provider).Environment;
    if (env !== undefined) return env;
  }
  return undefined;
}

export const previewReachesOnlySharedTier = stackPolicy<{ readonly sharedTierOutput: string }>({
  name: "preview-reaches-only-shared-tier",
  description:
    "In a preview stack, security group rules and memberships join only the preview's own security groups and the shared preview tier's (staging's previewTier output), so a preview never reaches staging's database or cache. Limits: it judges ids: when the stack reference's outputs do not reach the pack, any group id read through a stack reference counts as the tier's; an id unknown during preview that the engine ties to a group of this stack counts as the preview's own; rules made outside the preview stack are not seen.",
  enforcementLevel: "mandatory",
  group: "exposure",
  exemptable: true,
  resourceTypes: [
    ...RULE_RESOURCES.map(([t]) => t),
    T.securityGroup,
    STACK_REFERENCE,
    ...new Set(MEMBERSHIP.map(([t]) => t)),
  ],
  config: {
    sharedTierOutput: {
      type: "string",
      minLength: 1,
      default: "previewTier",
      description:
        "The output of the tier's owning stack whose `*SecurityGroupId` fields are the groups a preview may reach.",
    },
  },
  remediation:
    "Give a preview's resources only security groups the preview creates, and let them reach shared resources only through the groups of staging's `previewTier` output (read with a StackReference), each rule pairing one of the preview's groups with one of the tier's; never reference staging's own groups or a literal sg- id.",
  validate: (args, report, config) => {
    if (environment(args.resources, config.environment) !== "preview") return;
    const groups = args.resources.filter((r) => r.type === T.securityGroup);
    const references = args.resources.filter((r) => r.type === STACK_REFERENCE);
    const ownIds = new Set<string>();
    for (const g of groups) {
      for (const prop of ["id", "name", "arn"]) {
        const v = tryRead(() => g.props[prop] as unknown);
        if (!v.known || typeof v.value !== "string" || v.value === "") continue;
        // An existing group's state carries its ARN (…:security-group/sg-…), rules carry the id.
        ownIds.add(prop === "arn" ? v.value.replace(/^.*:security-group\//, "") : v.value);
      }
      ownIds.add(g.name);
    }
    const seen: Seen = {
      ownUrns: new Set(groups.map((g) => g.urn)),
      ownIds,
      referenceUrns: new Set(references.map((r) => r.urn)),
      tierIds: tierIdsOf(references, config.sharedTierOutput),
      output: config.sharedTierOutput,
    };
    const pending = new Pending();
    const foreign = (f: Side & { kind: "foreign" }, where: string) =>
      `${where} ${JSON.stringify(f.id)} is ${f.via}: ${RULE_OF_THUMB}`;

    for (const [type, groupProp, peerProp] of RULE_RESOURCES) {
      for (const r of args.resources.filter((x) => x.type === type)) {
        const group = scalar(r, groupProp, seen);
        const peer = peerOf(r, peerProp, seen);
        for (const side of [group, peer.side]) if (side.kind === "unknown") pending.add(side.error);
        if (group.kind === "foreign") {
          report(foreign(group, groupProp), r.urn);
          continue;
        }
        if (peer.side.kind === "foreign") {
          report(foreign(peer.side, peerProp), r.urn);
          continue;
        }
        if (group.kind === "tier" && peer.side.kind !== "own" && peer.side.kind !== "unknown") {
          report(
            `opens the shared preview tier's security group to ${peer.text === "" ? "another of the tier's groups" : peer.text}; a preview may let only its own security groups into the shared tier`,
            r.urn,
          );
        }
      }
    }

    for (const g of groups) {
      for (const direction of ["ingress", "egress"]) {
        const rules = tryRead(() => (g.props[direction] as unknown[] | undefined) ?? []);
        if (!rules.known) {
          pending.add(rules.error);
          continue;
        }
        if (!Array.isArray(rules.value)) continue;
        for (const rule of rules.value) {
          const ids = asRecord(rule)?.securityGroups;
          for (const id of Array.isArray(ids) ? ids : []) {
            const side = classify({ known: true, value: id }, urnsOf(g, direction), seen);
            if (side.kind === "foreign")
              report(foreign(side, `${direction}[].securityGroups`), g.urn);
          }
        }
      }
    }

    for (const [type, prop, key] of MEMBERSHIP) {
      for (const r of args.resources.filter((x) => x.type === type)) {
        const where = key === undefined ? prop : `${prop}.${key}`;
        for (const side of list(r, prop, key, seen)) {
          if (side.kind === "unknown") pending.add(side.error);
          else if (side.kind === "foreign") {
            report(
              `${where} includes ${JSON.stringify(side.id)}, which is not one of this preview's security groups: ${RULE_OF_THUMB}`,
              r.urn,
            );
          } else if (side.kind === "tier") {
            report(
              `${where} includes one of the shared preview tier's security groups; a preview's resources belong only to the preview's own groups, which the tier's rules let in`,
              r.urn,
            );
          }
        }
      }
    }
    pending.settle();
  },
});

export const previewIsolationPolicies = [previewReachesOnlySharedTier];
