/**
 * SharedCache (AWS): a preview's Cache on the shared preview tier. It creates
 * no replication group: the preview gets its own ElastiCache RBAC user, whose
 * access string allows only keys under its prefix (`pr-<N>:`,
 * app/src/previews/cache.ts, tested on a real redis-server 7), joins staging's
 * preview user group with it (a replication group takes one user group:
 * `userGroupIds` "Only a maximum of one (1) user group ID is valid", the
 * provider's ReplicationGroup docs in @pulumi/aws 7.48.0), and keeps its
 * REDIS_URL (`rediss://pr-<N>:<password>@…`) in Secrets Manager. The workload
 * prefixes its keys with the Redis user name when it has one.
 *
 * It registers the same component type and offers the same outputs as `Cache`.
 */
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { previewCacheAccessString, previewCacheUser } from "../../app/src/previews/cache";
import { NameContext, physicalName } from "../../lib/naming";
import { CacheComponent, cacheMemberClusterIds, createRedisUrlSecret } from "./cache";
import { PreviewTierExport } from "./previewTier";
import { REDIS_PORT } from "./securityGroups";

export interface SharedCacheArgs {
  /** Naming context of the preview. */
  readonly naming: NameContext;
  /** The preview's pull request number (its user name and key prefix). */
  readonly pullRequest: number;
  /** Staging's `previewTier` export. */
  readonly tier: pulumi.Output<PreviewTierExport>;
  /** The preview's CMK (the REDIS_URL secret). */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** The preview's groups that reach the cache (web service, file processor). */
  readonly clientSecurityGroupIds: Readonly<Record<string, pulumi.Input<string>>>;
  /** Days a deleted secret can be recovered. @default 0 */
  readonly secretRecoveryWindowDays?: number;
}

/** REDIS_URL of a user: TLS with the user name and password. */
export function redisUserUrl(user: string, password: string, host: string, port: number): string {
  return `rediss://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}`;
}

export class SharedCache extends CacheComponent {
  constructor(name: string, args: SharedCacheArgs, opts?: pulumi.ComponentResourceOptions) {
    super("Cache", name, opts);
    const tier = args.tier;
    const userName = previewCacheUser(args.pullRequest);

    for (const [who, sg] of Object.entries(args.clientSecurityGroupIds)) {
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-shared-cache-from-${who}`,
        {
          securityGroupId: tier.cacheSecurityGroupId,
          ipProtocol: "tcp",
          fromPort: REDIS_PORT,
          toPort: REDIS_PORT,
          referencedSecurityGroupId: sg,
          description: `${userName} ${who} to the shared preview Redis`,
        },
        { parent: this },
      );
      new aws.vpc.SecurityGroupEgressRule(
        `${name}-${who}-to-shared-cache`,
        {
          securityGroupId: sg,
          ipProtocol: "tcp",
          fromPort: REDIS_PORT,
          toPort: REDIS_PORT,
          referencedSecurityGroupId: tier.cacheSecurityGroupId,
          description: `${who} to the shared preview Redis`,
        },
        { parent: this },
      );
    }

    // ElastiCache passwords: 16–128 printable characters; letters and digits avoid URL escaping.
    const password = new random.RandomPassword(
      `${name}-password`,
      { length: 64, special: false },
      { parent: this },
    );
    const user = new aws.elasticache.User(
      `${name}-user`,
      {
        userId: physicalName(args.naming, "cache-user", "cacheReplicationGroup"),
        userName,
        engine: "redis",
        accessString: previewCacheAccessString(args.pullRequest),
        passwords: [password.result],
      },
      { parent: this },
    );
    new aws.elasticache.UserGroupAssociation(
      `${name}-user-group`,
      { userGroupId: tier.cacheUserGroupId, userId: user.userId },
      { parent: this },
    );
    const secret = createRedisUrlSecret(
      name,
      {
        naming: args.naming,
        description: `REDIS_URL of the workload: rediss:// as ${userName} on the shared preview Redis`,
        kmsKeyArn: args.kmsKeyArn,
        recoveryWindowInDays: args.secretRecoveryWindowDays ?? 0,
        url: pulumi
          .all([password.result, tier.cacheAddress, tier.cachePort])
          .apply(([p, host, port]) => redisUserUrl(userName, p, host, port)),
      },
      this,
    );

    this.publish({
      primaryEndpoint: tier.cacheAddress,
      port: tier.cachePort,
      urlSecretArn: secret.arn,
      replicationGroupId: tier.cacheReplicationGroupId,
      memberClusterIds: tier.cacheReplicationGroupId.apply((id) => cacheMemberClusterIds(id, 1)),
    });
  }
}
