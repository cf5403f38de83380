/**
 * Cache (AWS): an ElastiCache Redis replication group encrypted at rest with
 * the CMK and in transit (TLS required), an AUTH token from `random` kept in
 * Secrets Manager as the whole `REDIS_URL`, slow-log delivered to an encrypted
 * log group; automatic failover and Multi-AZ where the profile asks (prod).
 */
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { CacheProfile } from "../../config/profiles";
import { logGroupName, NameContext, physicalName, secretName } from "../../lib/naming";
import { KindComponent } from "./kindComponent";
import { REDIS_PORT } from "./securityGroups";

export interface CacheArgs {
  /** Naming context (project, environment, PR). */
  readonly naming: NameContext;
  /** Size and redundancy from the environment profile. */
  readonly profile: CacheProfile;
  /** CMK for data at rest, the slow log and the REDIS_URL secret. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Isolated subnets. */
  readonly subnetIds: pulumi.Input<string>[];
  /** The cache security group. */
  readonly securityGroupId: pulumi.Input<string>;
  /** Retention of the slow-log group. */
  readonly logRetentionDays: number;
  /** Days a deleted secret can be recovered (0 deletes at once: previews). @default 7 */
  readonly secretRecoveryWindowDays?: number;
  /** Pulumi `protect` on the replication group and the REDIS_URL secret. @default false */
  readonly protect?: boolean;
}

/** `redis7` from `7.1`. */
export function cacheParameterFamily(engineVersion: string): string {
  return `redis${engineVersion.split(".")[0]}`;
}

/**
 * The member clusters ElastiCache creates for a cluster-mode-disabled
 * replication group of `count` clusters: `<group>-001`, `<group>-002`, …
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Replication.ViewDetails.CLI.html,
 * `MemberClusters` in the example output, read 2026-11-30).
 */
export function cacheMemberClusterIds(replicationGroupId: string, count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) => `${replicationGroupId}-${String(i + 1).padStart(3, "0")}`,
  );
}

/** REDIS_URL: TLS (`rediss://`) with the AUTH token. */
export function redisUrl(token: string, host: string, port: number): string {
  return `rediss://:${encodeURIComponent(token)}@${host}:${port}`;
}

/** What every Cache offers: its own replication group (`Cache`) or a preview's user on the tier's (`SharedCache`). */
export abstract class CacheComponent extends KindComponent<"Cache"> {
  declare public readonly primaryEndpoint: pulumi.Output<string>;
  declare public readonly port: pulumi.Output<number>;
  /** Secrets Manager secret holding the whole REDIS_URL. */
  declare public readonly urlSecretArn: pulumi.Output<string>;
  /** The group (on the shared tier: staging's shared one, whose alarms are staging's). */
  declare public readonly replicationGroupId: pulumi.Output<string>;
  /** The member clusters (`<group>-001`, …), each a CacheClusterId CloudWatch publishes metrics for. */
  declare public readonly memberClusterIds: pulumi.Output<string[]>;
}

export class Cache extends CacheComponent {
  constructor(name: string, args: CacheArgs, opts?: pulumi.ComponentResourceOptions) {
    super("Cache", name, opts);
    const p = args.profile;
    if (p.automaticFailover && p.numCacheClusters < 2) {
      throw new pulumi.ResourceError(
        `cache.numCacheClusters must be at least 2 with automatic failover, got ${p.numCacheClusters}`,
        this,
      );
    }
    // ElastiCache AUTH tokens: 16–128 printable characters; letters and digits avoid URL escaping.
    const token = new random.RandomPassword(
      `${name}-auth-token`,
      { length: 64, special: false },
      { parent: this },
    );

    const group = createRedisReplicationGroup(name, { ...args, authToken: token.result }, this);

    const secret = createRedisUrlSecret(
      name,
      {
        naming: args.naming,
        description: "REDIS_URL of the workload: rediss:// with the AUTH token",
        kmsKeyArn: args.kmsKeyArn,
        recoveryWindowInDays: args.secretRecoveryWindowDays ?? 7,
        protect: args.protect ?? false,
        url: pulumi
          .all([token.result, group.primaryEndpointAddress, group.port])
          .apply(([t, host, port]) => redisUrl(t, host, port ?? REDIS_PORT)),
      },
      this,
    );

    this.publish({
      primaryEndpoint: group.primaryEndpointAddress,
      port: group.port.apply((port) => port ?? REDIS_PORT),
      urlSecretArn: secret.arn,
      replicationGroupId: group.replicationGroupId,
      memberClusterIds: group.replicationGroupId.apply((id) =>
        cacheMemberClusterIds(id, p.numCacheClusters),
      ),
    });
  }
}

/**
 * The Secrets Manager secret `<name>-url` holding a whole REDIS_URL (value `<name>-url-value`,
 * wrapped as a Pulumi secret), as children of `parent`: the Cache's (AUTH token) and a shared-tier
 * preview's (its Redis user).
 */
export function createRedisUrlSecret(
  name: string,
  args: {
    readonly naming: NameContext;
    readonly description: string;
    readonly kmsKeyArn: pulumi.Input<string>;
    readonly recoveryWindowInDays: number;
    /** Pulumi `protect` on the secret. @default false */
    readonly protect?: boolean;
    readonly url: pulumi.Input<string>;
  },
  parent: pulumi.Resource,
): aws.secretsmanager.Secret {
  const secret = new aws.secretsmanager.Secret(
    `${name}-url`,
    {
      name: secretName(args.naming, "redis-url"),
      description: args.description,
      kmsKeyId: args.kmsKeyArn,
      recoveryWindowInDays: args.recoveryWindowInDays,
    },
    { parent, protect: args.protect ?? false },
  );
  new aws.secretsmanager.SecretVersion(
    `${name}-url-value`,
    { secretId: secret.id, secretString: pulumi.secret(args.url) },
    { parent },
  );
  return secret;
}

/**
 * The ElastiCache Redis replication group and what it needs (subnet group,
 * parameter group, slow-log group), as children of `parent`: the Cache
 * component's own group (AUTH token), and on staging the shared preview group
 * (RBAC user group).
 */
export function createRedisReplicationGroup(
  name: string,
  args: CacheArgs & {
    /** The role in physical names. @default "cache" */
    readonly role?: string;
    /** The AUTH token (the Cache component's group). */
    readonly authToken?: pulumi.Input<string>;
    /** The RBAC user group instead of a token (the shared preview group). */
    readonly userGroupIds?: pulumi.Input<string>[];
  },
  parent: pulumi.Resource,
): aws.elasticache.ReplicationGroup {
  const p = args.profile;
  const role = args.role ?? "cache";
  const groupId = physicalName(args.naming, role, "cacheReplicationGroup");

  const subnetGroup = new aws.elasticache.SubnetGroup(
    `${name}-subnets`,
    {
      name: physicalName(args.naming, `${role}-isolated`, "cacheParameterGroup"),
      description: "Isolated subnets of the cache",
      subnetIds: args.subnetIds,
    },
    { parent },
  );
  const family = cacheParameterFamily(p.engineVersion);
  const parameterGroup = new aws.elasticache.ParameterGroup(
    `${name}-params`,
    {
      name: physicalName(args.naming, `${role}-${family}`, "cacheParameterGroup"),
      family,
      description: "Redis: slow log on, keys never evicted silently",
      parameters: [
        { name: "slowlog-log-slower-than", value: "10000" },
        { name: "slowlog-max-len", value: "256" },
        { name: "maxmemory-policy", value: "volatile-lru" },
      ],
    },
    { parent },
  );
  const slowLog = new aws.cloudwatch.LogGroup(
    `${name}-slow-log`,
    {
      name: logGroupName(args.naming, `${role}-slow-log`),
      retentionInDays: args.logRetentionDays,
      kmsKeyId: args.kmsKeyArn,
    },
    { parent },
  );
  const group = new aws.elasticache.ReplicationGroup(
    `${name}-redis`,
    {
      replicationGroupId: groupId,
      description: `Redis of ${groupId}`,
      engine: "redis",
      engineVersion: p.engineVersion,
      nodeType: p.nodeType,
      numCacheClusters: p.numCacheClusters,
      port: REDIS_PORT,
      parameterGroupName: parameterGroup.name,
      subnetGroupName: subnetGroup.name,
      securityGroupIds: [args.securityGroupId],
      atRestEncryptionEnabled: true,
      kmsKeyId: args.kmsKeyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: "required",
      // One or the other: ElastiCache refuses an AUTH token on a group that uses RBAC users.
      ...(args.userGroupIds !== undefined
        ? { userGroupIds: args.userGroupIds }
        : { authToken: args.authToken, authTokenUpdateStrategy: "ROTATE" }),
      automaticFailoverEnabled: p.automaticFailover,
      multiAzEnabled: p.multiAz,
      snapshotRetentionLimit: p.snapshotRetentionDays,
      ...(p.snapshotRetentionDays > 0 ? { snapshotWindow: "01:00-02:00" } : {}),
      maintenanceWindow: "sun:04:30-sun:05:30",
      autoMinorVersionUpgrade: true,
      applyImmediately: !args.protect,
      logDeliveryConfigurations: [
        {
          destination: slowLog.name,
          destinationType: "cloudwatch-logs",
          logFormat: "json",
          logType: "slow-log",
        },
      ],
    },
    { parent, protect: args.protect ?? false },
  );
  return group;
}
