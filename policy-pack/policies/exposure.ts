/**
 * Network exposure: data stores are never reachable from the internet, and
 * the only internet-facing ingress is HTTP/HTTPS on a load balancer.
 *
 * A security group "belongs to a load balancer" when an
 * `aws:lb/loadBalancer:LoadBalancer` of the stack lists it in
 * `securityGroups` (by the group's id, name, ARN or logical name, or through
 * the engine's property dependencies), or when its name is in the policy's
 * `loadBalancerSecurityGroups` config (for groups shared from another stack).
 */
import { PolicyResource } from "@pulumi/policy";
import { stackPolicy, resourcePolicy } from "../lib/define";
import {
  dependsThrough,
  bucketSidesPolicy,
  eachKnown,
  identifiers,
  linkedTargets,
  ofTypes,
  Pending,
  sideResources,
} from "../lib/stack";
import { LOAD_BALANCERS, SECURITY_GROUPS, T } from "../lib/types";
import {
  asArray,
  asRecord,
  inspectable,
  isOneOf,
  isSet,
  isTrue,
  SECRET_PLACEHOLDER,
  SecretValueError,
  show,
  tryRead,
} from "../lib/values";

export const rdsNotPublic = resourcePolicy({
  name: "rds-not-public",
  description: "RDS instances are never publicly accessible.",
  enforcementLevel: "mandatory",
  group: "exposure",
  exemptable: true,
  resourceTypes: [T.rdsInstance, T.rdsClusterInstance],
  remediation:
    "Set `publiclyAccessible: false` and place the database in the isolated subnets' DB subnet group.",
  validate: ({ props }, report) => {
    if (isTrue(props.publiclyAccessible, "publiclyAccessible")) {
      report(
        "publiclyAccessible is true: the database gets a public DNS name and IP; set publiclyAccessible: false",
      );
    }
  },
});

const OPEN_CIDRS = ["0.0.0.0/0", "::/0"];

/** One ingress permission open to the whole internet. */
export interface PublicIngress {
  /** The resource that declares it (the group itself for inline rules). */
  readonly holder: PolicyResource;
  /** The security group it opens, when that group is a resource of the stack. */
  readonly group?: PolicyResource;
  /** The group id as written on a standalone rule. */
  readonly groupId?: string;
  readonly cidr: string;
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
}

function num(v: unknown, where: string): number | undefined {
  const n = typeof v === "string" ? Number(inspectable(v, where)) : v;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

/**
 * The first open CIDR among `lists` (each a CIDR or a list of them, keyed by
 * where it was read). A secret CIDR throws SecretValueError only when no
 * other entry is open: it might be open, or not.
 */
function openCidr(lists: Record<string, unknown>): string | undefined {
  let secret: string | undefined;
  for (const [where, list] of Object.entries(lists)) {
    for (const c of Array.isArray(list) ? list : [list]) {
      const read = tryRead(() => isOneOf(c, OPEN_CIDRS, where));
      if (!read.known) secret ??= where;
      else if (read.value) return c as string;
    }
  }
  if (secret !== undefined) throw new SecretValueError(secret);
  return undefined;
}

/** Protocol and ports of an open ingress, which decide whether it is an allowed web port. */
function portsOf(
  props: Record<string, unknown>,
  protocolProp: "protocol" | "ipProtocol",
  where = "",
): Pick<PublicIngress, "protocol" | "fromPort" | "toPort"> {
  return {
    protocol: String(inspectable(props[protocolProp], `${where}${protocolProp}`)),
    fromPort: num(props.fromPort, `${where}fromPort`),
    toPort: num(props.toPort, `${where}toPort`),
  };
}

/** Every ingress open to 0.0.0.0/0 or ::/0: inline group rules, standalone ingress rules, legacy group rules. */
export function publicIngress(
  resources: readonly PolicyResource[],
  pending: Pending,
): PublicIngress[] {
  const found: PublicIngress[] = [];
  const groups = resources.filter((r) => SECURITY_GROUPS.includes(r.type));
  eachKnown(groups, pending, (group) => {
    for (const entry of asArray(group.props.ingress, "ingress")) {
      const e = asRecord(entry, "ingress[]") ?? {};
      const cidr = openCidr({
        "ingress[].cidrBlocks": e.cidrBlocks,
        "ingress[].ipv6CidrBlocks": e.ipv6CidrBlocks,
      });
      if (cidr)
        found.push({
          holder: group,
          group,
          cidr,
          ...portsOf(e, "protocol", "ingress[]."),
        });
    }
  });
  const rules = resources.filter(
    (r) => r.type === T.securityGroupIngressRule || r.type === T.securityGroupRule,
  );
  eachKnown(rules, pending, (rule) => {
    const p = rule.props;
    const legacy = rule.type === T.securityGroupRule;
    if (legacy && !isOneOf(p.type, ["ingress"], "type")) return;
    const cidr = legacy
      ? openCidr({ cidrBlocks: p.cidrBlocks, ipv6CidrBlocks: p.ipv6CidrBlocks })
      : openCidr({ cidrIpv4: p.cidrIpv4, cidrIpv6: p.cidrIpv6 });
    if (!cidr) return;
    const [group] = linkedTargets(resources, rule, "securityGroupId", SECURITY_GROUPS);
    const groupId = tryRead(() => p.securityGroupId);
    found.push({
      holder: rule,
      group,
      groupId: groupId.known && typeof groupId.value === "string" ? groupId.value : undefined,
      cidr,
      ...portsOf(p, legacy ? "protocol" : "ipProtocol"),
    });
  });
  return found;
}

/** Compute that a security group may guard: instances, launch templates, ECS services. */
const INSTANCE_TYPES: readonly string[] = [T.ec2Instance, T.launchTemplate];
const COMPUTE_TYPES: readonly string[] = [...INSTANCE_TYPES, T.ecsService];

/**
 * The instances, launch templates and ECS services of the stack that the
 * group is attached to (by id/name/logical name, or through the engine's
 * property dependencies). A group that guards them is not only a load
 * balancer's, whatever the load balancer says.
 */
export function computeUsing(
  resources: readonly PolicyResource[],
  group: PolicyResource,
): PolicyResource[] {
  const ids = identifiers(group);
  const found = new Set<PolicyResource>();
  // Instances and launch templates: through the index, so each group costs
  // only its own referrers rather than a scan of the stack.
  for (const prop of ["vpcSecurityGroupIds", "securityGroups"])
    for (const r of sideResources(resources, INSTANCE_TYPES, prop, group).linked) found.add(r);
  for (const r of ofTypes(resources, [T.ecsService])) {
    if (dependsThrough(r, "networkConfiguration", group)) found.add(r);
    else {
      const groups = tryRead(() =>
        asArray(asRecord(r.props.networkConfiguration)?.securityGroups).map((x) => x as unknown),
      );
      if (groups.known && groups.value.some((g) => typeof g === "string" && ids.has(g)))
        found.add(r);
    }
  }
  return ofTypes(resources, COMPUTE_TYPES).filter((r) => found.has(r));
}

function describe(i: PublicIngress): string {
  const all = i.protocol === "-1" || i.protocol === "all";
  const ports = all
    ? "all traffic"
    : i.fromPort === i.toPort
      ? `${i.protocol} port ${i.fromPort}`
      : `${i.protocol} ports ${i.fromPort}-${i.toPort}`;
  const group = i.group ? i.group.name : (i.groupId ?? "an unknown group");
  return `ingress from ${i.cidr} (${ports}) to security group ${group}`;
}

export const securityGroupNoPublicIngress = stackPolicy<{
  publicPorts: number[];
  loadBalancerSecurityGroups: string[];
}>({
  name: "security-group-no-public-ingress",
  description:
    "No security group accepts ingress from 0.0.0.0/0 or ::/0, except ports 80 and 443 on a load balancer's security group that no instance, launch template or ECS service also uses.",
  enforcementLevel: "mandatory",
  group: "exposure",
  exemptable: true,
  resourceTypes: [
    ...SECURITY_GROUPS,
    T.securityGroupIngressRule,
    T.securityGroupRule,
    ...LOAD_BALANCERS,
    ...COMPUTE_TYPES,
  ],
  config: {
    publicPorts: {
      type: "array",
      items: { type: "integer", minimum: 0, maximum: 65535 },
      default: [80, 443],
      description:
        "Ports that a load balancer's security group may open to the internet (one port per rule).",
    },
    loadBalancerSecurityGroups: {
      type: "array",
      items: { type: "string" },
      default: [],
      description:
        "Names, ids or logical names of security groups that belong to a load balancer defined outside this stack.",
    },
  },
  remediation:
    "Open the internet only on the load balancer's security group, ports 80 and 443; let every other group accept traffic from other security groups (`referencedSecurityGroupId`) or private CIDRs.",
  validate: (args, report, config) => {
    const pending = new Pending();
    const lbs = args.resources.filter((r) => LOAD_BALANCERS.includes(r.type));
    const lbGroupIds = new Set<string>(config.loadBalancerSecurityGroups);
    // An unknown LB group list only matters for a web-port rule that nothing else ties to a load balancer.
    const lbUnknown: Error[] = [];
    for (const lb of lbs) {
      const ids = tryRead(() => asArray(lb.props.securityGroups).map((x) => x as unknown));
      if (!ids.known) lbUnknown.push(ids.error);
      else
        for (const id of ids.value)
          if (typeof id === "string" && id !== SECRET_PLACEHOLDER) lbGroupIds.add(id);
    }
    const isLbGroup = (i: PublicIngress): boolean => {
      if (i.group) {
        const group = i.group;
        if (lbs.some((lb) => dependsThrough(lb, "securityGroups", group))) return true;
        return [...identifiers(group)].some((id) => lbGroupIds.has(id));
      }
      return i.groupId !== undefined && lbGroupIds.has(i.groupId);
    };
    for (const i of publicIngress(args.resources, pending)) {
      const webPort =
        (i.protocol === "tcp" || i.protocol === "6") &&
        i.fromPort !== undefined &&
        i.fromPort === i.toPort &&
        config.publicPorts.includes(i.fromPort);
      // A web port on a group named by a secret id may be a load balancer's: cannot be told offline.
      if (webPort && !i.group && i.groupId === SECRET_PLACEHOLDER) {
        pending.add(new SecretValueError(`${i.holder.name} securityGroupId`));
        continue;
      }
      const guarded = i.group ? computeUsing(args.resources, i.group) : [];
      if (webPort && isLbGroup(i) && guarded.length > 0) {
        report(
          `${describe(i)}: that group belongs to a load balancer but is also attached to ${guarded.map((r) => r.name).join(", ")}, so the port is open on them too; give the load balancer its own security group and let the instances/tasks accept traffic only from it`,
          i.holder.urn,
        );
        continue;
      }
      if (webPort && isLbGroup(i)) continue;
      if (webPort && lbUnknown.length > 0) {
        pending.add(lbUnknown[0]);
        continue;
      }
      report(
        webPort
          ? `${describe(i)}: that group does not belong to a load balancer, so the port is open on the instances themselves`
          : `${describe(i)} opens it to the internet; only ports ${config.publicPorts.join(" and ")} of a load balancer's security group may be`,
        i.holder.urn,
      );
    }
    pending.settle();
  },
});

export const elasticacheNotPublic = stackPolicy({
  name: "elasticache-not-public",
  description:
    "ElastiCache replication groups sit in a subnet group of non-public subnets behind dedicated security groups that accept no internet ingress.",
  enforcementLevel: "mandatory",
  group: "exposure",
  exemptable: true,
  resourceTypes: [
    T.replicationGroup,
    T.elasticacheSubnetGroup,
    T.subnet,
    ...SECURITY_GROUPS,
    T.securityGroupIngressRule,
    T.securityGroupRule,
  ],
  remediation:
    "Set `securityGroupIds` to the cache's own security group (ingress only from the application's groups) and `subnetGroupName` to a subnet group of isolated/private subnets (no `mapPublicIpOnLaunch`).",
  validate: (args, report) => {
    const caches = args.resources.filter((r) => r.type === T.replicationGroup);
    // Without a cache, an ingress rule that cannot be read (secret, unknown) concerns no cache.
    if (caches.length === 0) return;
    const pending = new Pending();
    const open = publicIngress(args.resources, pending);
    eachKnown(caches, pending, (rg) => {
      const groups = linkedTargets(args.resources, rg, "securityGroupIds", SECURITY_GROUPS);
      const idsRead = tryRead(() => asArray(rg.props.securityGroupIds).map((x) => x as unknown));
      const ids = new Set(
        idsRead.known ? idsRead.value.filter((x): x is string => typeof x === "string") : [],
      );
      // Two secret ids read the same: whether they are the same group cannot be told offline.
      const secretIds = ids.delete(SECRET_PLACEHOLDER);
      if (groups.length === 0) {
        if (!idsRead.known) throw idsRead.error;
        if (ids.size === 0 && !secretIds) {
          report(
            "securityGroupIds is empty, so the VPC's default security group applies; give the cache its own security group",
            rg.urn,
          );
        }
      }
      for (const i of open) {
        if (!i.group && (i.groupId === SECRET_PLACEHOLDER || secretIds)) {
          pending.add(new SecretValueError(`${i.holder.name} securityGroupId`));
          continue;
        }
        const hit = i.group
          ? groups.includes(i.group)
          : i.groupId !== undefined && ids.has(i.groupId);
        if (hit)
          report(
            `${describe(i)}, which guards this cache; the cache must not be reachable from the internet`,
            rg.urn,
          );
      }
      const [subnetGroup] = linkedTargets(args.resources, rg, "subnetGroupName", [
        T.elasticacheSubnetGroup,
      ]);
      if (!subnetGroup) {
        if (!isSet(rg.props.subnetGroupName)) {
          report(
            "subnetGroupName is not set, so the default subnet group of the default VPC applies; use a subnet group of isolated subnets",
            rg.urn,
          );
        }
        return;
      }
      for (const subnet of linkedTargets(args.resources, subnetGroup, "subnetIds", [T.subnet])) {
        if (isTrue(subnet.props.mapPublicIpOnLaunch, `${subnet.name} mapPublicIpOnLaunch`)) {
          report(
            `subnet group ${subnetGroup.name} includes subnet ${subnet.name}, which maps public IPs on launch; use isolated or private subnets`,
            rg.urn,
          );
        }
      }
    });
    pending.settle();
  },
});

const BLOCK_FLAGS = [
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
];

export const s3PublicAccessBlocked = bucketSidesPolicy({
  name: "s3-public-access-blocked",
  description: "Every S3 bucket has a public access block with all four settings on.",
  enforcementLevel: "mandatory",
  group: "exposure",
  exemptable: true,
  sideTypes: [T.bucketPublicAccessBlock],
  remediation:
    "Add an `aws.s3.BucketPublicAccessBlock` for the bucket with `blockPublicAcls`, `blockPublicPolicy`, `ignorePublicAcls` and `restrictPublicBuckets` all true.",
  validateBucket: (bucket, sides, report) => {
    const { linked } = sides;
    if (linked.some((b) => BLOCK_FLAGS.every((f) => isTrue(b.props[f], `${b.name} ${f}`)))) return;
    if (sides.undecided()) return;
    if (linked.length === 0) {
      report(
        `bucket ${bucket.name} has no BucketPublicAccessBlock; add one with all four settings true`,
        bucket.urn,
      );
      return;
    }
    for (const b of linked) {
      const off = BLOCK_FLAGS.filter((f) => !isTrue(b.props[f]));
      report(
        `public access block ${b.name} of bucket ${bucket.name} leaves ${off.map((f) => `${f} = ${show(b.props[f])}`).join(", ")}; set all four to true`,
        bucket.urn,
      );
    }
  },
});

export const exposurePolicies = [
  rdsNotPublic,
  securityGroupNoPublicIngress,
  elasticacheNotPublic,
  s3PublicAccessBlocked,
];
