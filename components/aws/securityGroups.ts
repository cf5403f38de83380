/**
 * The security groups of the topology and the only edges they allow:
 * internet → ALB (80, 443); ALB → service (app port); service and file
 * processor → database (5432) and cache (6379); service and file processor →
 * HTTPS out (AWS APIs through NAT). Nothing stateful accepts traffic from
 * anywhere else. A preview on the shared tier has no ALB, database or cache of
 * its own, so no group for them either: its host rule, SharedDatabase and
 * SharedCache open the shared tier's groups to its service and file processor.
 */
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import { NameContext, physicalName } from "../../lib/naming";

export const APP_PORT = 8080;
export const POSTGRES_PORT = 5432;
export const REDIS_PORT = 6379;

export interface SecurityGroupIds {
  /** Absent on a preview on the shared tier: its traffic comes through the shared tier's ALB. */
  readonly alb?: pulumi.Output<string>;
  readonly service: pulumi.Output<string>;
  readonly fileProcessor: pulumi.Output<string>;
  /** Absent on a preview on the shared tier: its database is in the shared tier's group. */
  readonly database?: pulumi.Output<string>;
  /** Absent on a preview on the shared tier: its cache is in the shared tier's group. */
  readonly cache?: pulumi.Output<string>;
}

/** The groups of a stack's own edge and data tier; a preview on the shared tier has none. */
export const OWN_TIER_GROUPS = ["alb", "database", "cache"] as const;
export type OwnTierGroup = (typeof OWN_TIER_GROUPS)[number];

/** One allowed edge: `to` accepts `port` from `from` (a group or a CIDR). */
export interface Edge {
  readonly to: keyof SecurityGroupIds;
  readonly from: keyof SecurityGroupIds | "internet";
  readonly port: number;
  readonly description: string;
}

/** Ingress edges of the topology; pure so tests can read them. */
export const INGRESS_EDGES: readonly Edge[] = [
  { to: "alb", from: "internet", port: 443, description: "HTTPS from the internet" },
  {
    to: "alb",
    from: "internet",
    port: 80,
    description: "HTTP from the internet (redirected to HTTPS)",
  },
  { to: "service", from: "alb", port: APP_PORT, description: "ALB to the web service" },
  {
    to: "database",
    from: "service",
    port: POSTGRES_PORT,
    description: "web service to PostgreSQL",
  },
  {
    to: "database",
    from: "fileProcessor",
    port: POSTGRES_PORT,
    description: "file processor to PostgreSQL",
  },
  { to: "cache", from: "service", port: REDIS_PORT, description: "web service to Redis" },
  { to: "cache", from: "fileProcessor", port: REDIS_PORT, description: "file processor to Redis" },
];

/** Egress edges; `to: "internet"` means HTTPS to AWS APIs through NAT. */
export const EGRESS_EDGES: readonly {
  from: keyof SecurityGroupIds;
  to: keyof SecurityGroupIds | "internet";
  port: number;
  description: string;
}[] = [
  { from: "alb", to: "service", port: APP_PORT, description: "ALB to the web service" },
  {
    from: "service",
    to: "database",
    port: POSTGRES_PORT,
    description: "web service to PostgreSQL",
  },
  { from: "service", to: "cache", port: REDIS_PORT, description: "web service to Redis" },
  {
    from: "service",
    to: "internet",
    port: 443,
    description: "HTTPS to AWS APIs and the image registry",
  },
  {
    from: "fileProcessor",
    to: "database",
    port: POSTGRES_PORT,
    description: "file processor to PostgreSQL",
  },
  { from: "fileProcessor", to: "cache", port: REDIS_PORT, description: "file processor to Redis" },
  { from: "fileProcessor", to: "internet", port: 443, description: "HTTPS to AWS APIs" },
];

const GROUP_DESCRIPTIONS: Readonly<Record<keyof SecurityGroupIds, string>> = {
  alb: "Application load balancer: HTTPS and HTTP from the internet",
  service: "Web service tasks: the app port from the ALB only",
  fileProcessor: "File processor Lambda: no ingress",
  database: "PostgreSQL: 5432 from the web service and file processor only",
  cache: "Redis: 6379 from the web service and file processor only",
};

/**
 * The roles and edges a stack's groups have. On the shared tier (a preview using staging's ALB,
 * PostgreSQL and Redis) no ALB, database or cache group, so no edge to or from them either (and
 * none from the internet); pure so tests can read it.
 */
export function securityGroupPlan(sharedTier: boolean): {
  readonly roles: readonly (keyof SecurityGroupIds)[];
  readonly ingress: readonly Edge[];
  readonly egress: typeof EGRESS_EDGES;
} {
  const roles = (Object.keys(GROUP_DESCRIPTIONS) as (keyof SecurityGroupIds)[]).filter(
    (r) => !sharedTier || !(OWN_TIER_GROUPS as readonly string[]).includes(r),
  );
  const has = (end: string) => end === "internet" || roles.includes(end as keyof SecurityGroupIds);
  return {
    roles,
    ingress: INGRESS_EDGES.filter((e) => has(e.to) && has(e.from)),
    egress: EGRESS_EDGES.filter((e) => has(e.from) && has(e.to)),
  };
}

/** The group of `role` of the stack's own edge or data tier; one line if the network has none. */
export function ownTierGroup(groups: SecurityGroupIds, role: OwnTierGroup): pulumi.Output<string> {
  const id = groups[role];
  if (id === undefined) {
    const what = role === "alb" ? "an ALB" : `a ${role}`;
    throw new pulumi.RunError(
      `the network has no ${role} security group: a preview on the shared tier uses the shared tier's, not ${what} of its own`,
    );
  }
  return id;
}

/** Creates the groups and their rules as children of `parent`. */
export function createSecurityGroups(
  name: string,
  naming: NameContext,
  vpcId: pulumi.Input<string>,
  parent: pulumi.Resource,
  /**
   * A preview on the shared tier: no ALB, database or cache group (its traffic and its data go
   * through the shared tier's). @default false
   */
  sharedTier = false,
): SecurityGroupIds {
  const plan = securityGroupPlan(sharedTier);
  const groups: Partial<Record<keyof SecurityGroupIds, aws.ec2.SecurityGroup>> = {};
  const group = (role: keyof SecurityGroupIds) => groups[role] as aws.ec2.SecurityGroup;
  for (const role of plan.roles) {
    const kebab = role.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const sgName = physicalName(naming, `${kebab}-sg`, "securityGroup");
    groups[role] = new aws.ec2.SecurityGroup(
      `${name}-${kebab}-sg`,
      { name: sgName, description: GROUP_DESCRIPTIONS[role], vpcId, tags: { Name: sgName } },
      { parent },
    );
  }
  // One rule per edge: an ingress rule on the receiving group, an egress rule on the sending one.
  const rules = [
    ...plan.ingress.map((e) => ["ingress", e.to, "from", e.from, e] as const),
    ...plan.egress.map((e) => ["egress", e.from, "to", e.to, e] as const),
  ];
  for (const [direction, own, preposition, peer, e] of rules) {
    const Rule =
      direction === "ingress" ? aws.vpc.SecurityGroupIngressRule : aws.vpc.SecurityGroupEgressRule;
    new Rule(
      `${name}-${own}-${preposition}-${peer}-${e.port}`,
      {
        securityGroupId: group(own).id,
        ipProtocol: "tcp",
        fromPort: e.port,
        toPort: e.port,
        description: e.description,
        ...(peer === "internet"
          ? { cidrIpv4: "0.0.0.0/0" }
          : { referencedSecurityGroupId: group(peer).id }),
      },
      { parent },
    );
  }
  return {
    ...(groups.alb !== undefined ? { alb: groups.alb.id } : {}),
    service: group("service").id,
    fileProcessor: group("fileProcessor").id,
    ...(groups.database !== undefined ? { database: groups.database.id } : {}),
    ...(groups.cache !== undefined ? { cache: groups.cache.id } : {}),
  };
}
