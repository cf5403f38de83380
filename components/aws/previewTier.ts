/**
 * The shared preview tier, owned by staging (`platform:previewDataTier=shared`):
 * one internet-facing ALB with the previews' wildcard certificate, one small
 * PostgreSQL instance and one small Redis replication group (RBAC users), all
 * in staging's VPC, encrypted and TLS-only, and never staging's own database
 * or cache. Each is built as children of the component of its kind (the ALB
 * under WebService, the instance under Database, the group under Cache), so
 * staging's topology stays the same components as every other stack's.
 *
 * Staging exports what previews need as `previewTier`; a preview reads it
 * through a StackReference and adds only its own parts (a host rule, its
 * database and role, its Redis user), which its destroy removes.
 */
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { PROFILES } from "../../config/profiles";
import { NameContext, physicalName } from "../../lib/naming";
import { createPostgresInstance } from "./database";
import { cacheMemberClusterIds, createRedisReplicationGroup } from "./cache";
import { AlarmTargets, alarmSpecs } from "./alarms";
import { alertsOf, MoreAlarms, SHARED_TIER_SCOPES } from "./observability";
import { internetAlb } from "./alb";

/** The name of staging's output that previews on the shared tier read. */
export const PREVIEW_TIER_OUTPUT = "previewTier";
/** The database RDS creates on the shared instance: the admin's, never a preview's. */
export const PREVIEW_ADMIN_DATABASE = "previews";

/** What staging exports for previews (ids, endpoints, ARNs: nothing secret). */
export interface PreviewTierExport {
  readonly region: string;
  /** The shared ALB's HTTPS listener, where each preview adds its host rule. */
  readonly listenerArn: string;
  readonly albDnsName: string;
  readonly albZoneId: string;
  readonly albArnSuffix: string;
  readonly albSecurityGroupId: string;
  readonly databaseAddress: string;
  readonly databasePort: number;
  readonly databaseSecurityGroupId: string;
  readonly databaseIdentifier: string;
  readonly databaseArn: string;
  /** The RDS-managed master secret the preview's database function logs in with. */
  readonly databaseAdminSecretArn: string;
  readonly cacheAddress: string;
  readonly cachePort: number;
  readonly cacheSecurityGroupId: string;
  readonly cacheReplicationGroupId: string;
  /** The RBAC user group each preview's user joins. */
  readonly cacheUserGroupId: string;
  /** Staging's CMK (the master secret is encrypted with it). */
  readonly kmsKeyArn: string;
}

const STRING_FIELDS = [
  "listenerArn",
  "albDnsName",
  "albZoneId",
  "albArnSuffix",
  "albSecurityGroupId",
  "databaseAddress",
  "databaseSecurityGroupId",
  "databaseIdentifier",
  "databaseArn",
  "databaseAdminSecretArn",
  "cacheAddress",
  "cacheSecurityGroupId",
  "cacheReplicationGroupId",
  "cacheUserGroupId",
  "kmsKeyArn",
] as const;

/** Checks staging's `previewTier` output; throws one line naming the stack and what is wrong. */
export function checkPreviewTierExport(
  value: unknown,
  stack: string,
  region: string,
): PreviewTierExport {
  const where = `the ${PREVIEW_TIER_OUTPUT} output of stack ${stack}`;
  if (value === undefined || value === null || typeof value !== "object") {
    throw new Error(
      `${where} is missing: deploy ${stack} with platform:previewDataTier=shared first, or give this preview platform:previewDataTier=isolated`,
    );
  }
  const t = value as Record<string, unknown>;
  if (t.region !== region) {
    throw new Error(
      `${where} is in region ${String(t.region)}, but this preview deploys to ${region}`,
    );
  }
  for (const f of STRING_FIELDS) {
    if (typeof t[f] !== "string" || t[f] === "") throw new Error(`${where} has no ${f}`);
  }
  for (const f of ["databasePort", "cachePort"]) {
    if (typeof t[f] !== "number") throw new Error(`${where} has no ${f}`);
  }
  return t as unknown as PreviewTierExport;
}

export interface PreviewTierArgs {
  /** Staging's naming context. */
  readonly naming: NameContext;
  /** Staging's region (exported, so a preview in another region is refused). */
  readonly region: string;
  /** Staging's CMK: storage of the instance and the group, the master secret, the logs. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Staging's VPC. */
  readonly vpcId: pulumi.Input<string>;
  /** Public subnets of the shared ALB. */
  readonly publicSubnetIds: pulumi.Input<string>[];
  /** Isolated subnets of the instance and the group. */
  readonly isolatedSubnetIds: pulumi.Input<string>[];
  /** The wildcard certificate `*.<previewDomain>`. */
  readonly certificateArn: string;
  /** Retention of the instance's and the group's log groups. */
  readonly logRetentionDays: number;
  /** The components the tier's resources belong to. */
  readonly parents: {
    readonly web: pulumi.Resource;
    readonly database: pulumi.Resource;
    readonly cache: pulumi.Resource;
  };
}

/** A security group in staging's VPC; previews add the rules that let them in. */
function tierGroup(
  name: string,
  naming: NameContext,
  role: string,
  description: string,
  vpcId: pulumi.Input<string>,
  parent: pulumi.Resource,
): aws.ec2.SecurityGroup {
  const sgName = physicalName(naming, `${role}-sg`, "securityGroup");
  return new aws.ec2.SecurityGroup(
    name,
    { name: sgName, description, vpcId, tags: { Name: sgName } },
    { parent },
  );
}

/** Builds the tier on staging and returns its export. */
export function createPreviewTier(
  name: string,
  args: PreviewTierArgs,
): pulumi.Output<PreviewTierExport> {
  const { naming, parents } = args;
  const preview = PROFILES.preview;

  // ---------------------------------------------------------------- the edge
  const albSg = tierGroup(
    `${name}-alb-sg`,
    naming,
    "previews-alb",
    "Shared preview ALB: HTTPS and HTTP from the internet; to preview tasks only",
    args.vpcId,
    parents.web,
  );
  for (const port of [443, 80]) {
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-alb-from-internet-${port}`,
      {
        securityGroupId: albSg.id,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        cidrIpv4: "0.0.0.0/0",
        description:
          port === 443 ? "HTTPS from the internet" : "HTTP from the internet (redirected to HTTPS)",
      },
      { parent: parents.web },
    );
  }
  const { alb, https } = internetAlb(
    name,
    {
      albName: physicalName(naming, "previews", "alb"),
      securityGroupId: albSg.id,
      subnetIds: args.publicSubnetIds,
      certificateArn: args.certificateArn,
      // A host no preview claims: 404, never another preview.
      defaultActions: [
        {
          type: "fixed-response",
          fixedResponse: {
            contentType: "text/plain",
            statusCode: "404",
            messageBody: "no such preview",
          },
        },
      ],
    },
    parents.web,
  );

  // ---------------------------------------------------------------- PostgreSQL
  const dbSg = tierGroup(
    `${name}-db-sg`,
    naming,
    "previews-db",
    "Shared preview PostgreSQL: 5432 from preview tasks and functions only",
    args.vpcId,
    parents.database,
  );
  const db = createPostgresInstance(
    `${name}-db`,
    {
      naming,
      role: "previews-db",
      dbName: PREVIEW_ADMIN_DATABASE,
      profile: preview.database,
      kmsKeyArn: args.kmsKeyArn,
      subnetIds: args.isolatedSubnetIds,
      securityGroupId: dbSg.id,
      logRetentionDays: args.logRetentionDays,
    },
    parents.database,
  );

  // ---------------------------------------------------------------- Redis
  const cacheSg = tierGroup(
    `${name}-cache-sg`,
    naming,
    "previews-cache",
    "Shared preview Redis: 6379 from preview tasks and functions only",
    args.vpcId,
    parents.cache,
  );
  // A user group must hold a user named `default`; this one is off, so only preview users log in.
  const defaultPassword = new random.RandomPassword(
    `${name}-cache-default-password`,
    { length: 64, special: false },
    { parent: parents.cache },
  );
  const defaultUser = new aws.elasticache.User(
    `${name}-cache-default-user`,
    {
      userId: physicalName(naming, "previews-default", "cacheReplicationGroup"),
      userName: "default",
      engine: "redis",
      accessString: "off -@all",
      passwords: [defaultPassword.result],
    },
    { parent: parents.cache },
  );
  const userGroup = new aws.elasticache.UserGroup(
    `${name}-cache-users`,
    {
      userGroupId: physicalName(naming, "previews-users", "cacheReplicationGroup"),
      engine: "redis",
      userIds: [defaultUser.userId],
    },
    // Previews join with UserGroupAssociation; staging must not take them out again.
    { parent: parents.cache, ignoreChanges: ["userIds"] },
  );
  const cache = createRedisReplicationGroup(
    `${name}-cache`,
    {
      naming,
      role: "previews-cache",
      profile: preview.cache,
      kmsKeyArn: args.kmsKeyArn,
      subnetIds: args.isolatedSubnetIds,
      securityGroupId: cacheSg.id,
      logRetentionDays: args.logRetentionDays,
      userGroupIds: [userGroup.userGroupId],
    },
    parents.cache,
  );

  return pulumi.output({
    region: args.region,
    listenerArn: https.arn,
    albDnsName: alb.dnsName,
    albZoneId: alb.zoneId,
    albArnSuffix: alb.arnSuffix,
    albSecurityGroupId: albSg.id,
    databaseAddress: db.address,
    databasePort: db.port,
    databaseSecurityGroupId: dbSg.id,
    databaseIdentifier: db.identifier,
    databaseArn: db.arn,
    databaseAdminSecretArn: db.masterUserSecrets.apply((s) => s?.[0]?.secretArn ?? ""),
    cacheAddress: cache.primaryEndpointAddress,
    cachePort: cache.port.apply((p) => p ?? 6379),
    cacheSecurityGroupId: cacheSg.id,
    cacheReplicationGroupId: cache.replicationGroupId,
    cacheUserGroupId: userGroup.userGroupId,
    kmsKeyArn: pulumi.output(args.kmsKeyArn),
  });
}

/**
 * Staging's alarms on the tier (its ALB, instance and cache nodes), for staging's Observability to
 * create once, on staging's alarm topic and dashboard: a shared-tier preview skips these scopes,
 * so N open previews do not raise N alarms on one shared resource. Named `previews-<alarm>`.
 */
export function previewTierAlarms(tier: pulumi.Output<PreviewTierExport>): MoreAlarms {
  const preview = PROFILES.preview;
  const alerts = alertsOf(SHARED_TIER_SCOPES);
  const targets = (t: {
    albArnSuffix: string;
    databaseIdentifier: string;
    cacheReplicationGroupId: string;
  }): AlarmTargets => ({
    albArnSuffix: t.albArnSuffix,
    dbInstanceIdentifier: t.databaseIdentifier,
    cacheMemberClusterIds: cacheMemberClusterIds(
      t.cacheReplicationGroupId,
      preview.cache.numCacheClusters,
    ),
    allocatedStorageGiB: preview.database.allocatedStorageGb,
    // Not read by the tier's scopes.
    targetGroupArnSuffix: "",
    clusterName: "",
    serviceName: "",
    functionName: "",
    deadLetterQueueName: "",
    certificateArn: "",
  });
  const placeholder = {
    albArnSuffix: "",
    databaseIdentifier: "",
    cacheReplicationGroupId: "cache",
  };
  return {
    prefix: "previews-",
    title: "shared preview tier",
    ids: alarmSpecs(targets(placeholder), alerts).map((s) => s.id),
    specs: tier.apply((t) => alarmSpecs(targets(t), alerts)),
  };
}
