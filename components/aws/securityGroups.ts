/**
 * The security groups of the topology and the only edges they allow:
 * internet → ALB (80, 443); ALB → service (app port); service and file
 * processor → database (5432) and cache (6379); service and file processor →
 * HTTPS out (AWS APIs through NAT). Nothing stateful accepts traffic from
 * anywhere else.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NameContext, physicalName } from "../../lib/naming";

export const APP_PORT = 8080;
export const POSTGRES_PORT = 5432;
export const REDIS_PORT = 6379;

export interface SecurityGroupIds {
  readonly alb: pulumi.Output<string>;
  readonly service: pulumi.Output<string>;
  readonly fileProcessor: pulumi.Output<string>;
  readonly database: pulumi.Output<string>;
  readonly cache: pulumi.Output<string>;
}

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

/** Creates the groups and their rules as children of `parent`. */
export function createSecurityGroups(
  name: string,
  naming: NameContext,
  vpcId: pulumi.Input<string>,
  parent: pulumi.Resource,
  /** No ingress from the internet: a preview on the shared tier has no ALB of its own. @default false */
  noInternetIngress = false,
): SecurityGroupIds {
  const groups = {} as Record<keyof SecurityGroupIds, aws.ec2.SecurityGroup>;
  for (const role of Object.keys(GROUP_DESCRIPTIONS) as (keyof SecurityGroupIds)[]) {
    const kebab = role.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const sgName = physicalName(naming, `${kebab}-sg`, "securityGroup");
    groups[role] = new aws.ec2.SecurityGroup(
      `${name}-${kebab}-sg`,
      { name: sgName, description: GROUP_DESCRIPTIONS[role], vpcId, tags: { Name: sgName } },
      { parent },
    );
  }
  for (const e of INGRESS_EDGES) {
    if (noInternetIngress && e.from === "internet") continue;
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-${e.to}-from-${e.from}-${e.port}`,
      {
        securityGroupId: groups[e.to].id,
        ipProtocol: "tcp",
        fromPort: e.port,
        toPort: e.port,
        description: e.description,
        ...(e.from === "internet"
          ? { cidrIpv4: "0.0.0.0/0" }
          : { referencedSecurityGroupId: groups[e.from].id }),
      },
      { parent },
    );
  }
  for (const e of EGRESS_EDGES) {
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-${e.from}-to-${e.to}-${e.port}`,
      {
        securityGroupId: groups[e.from].id,
        ipProtocol: "tcp",
        fromPort: e.port,
        toPort: e.port,
        description: e.description,
        ...(e.to === "internet"
          ? { cidrIpv4: "0.0.0.0/0" }
          : { referencedSecurityGroupId: groups[e.to].id }),
      },
      { parent },
    );
  }
  return {
    alb: groups.alb.id,
    service: groups.service.id,
    fileProcessor: groups.fileProcessor.id,
    database: groups.database.id,
    cache: groups.cache.id,
  };
}
