/**
 * The data tier of an AWS stack: the PostgreSQL database and the Redis cache
 * (their own, or on a seated preview a database and a Redis user in staging's
 * shared tier), the uploads bucket and the notifications topic.
 */
import type * as pulumi from "@pulumi/pulumi";
import { Cache } from "./cache";
import { Database } from "./database";
import { Notifications } from "./notifications";
import { ObjectStore } from "./objectStore";
import type { AwsPlatformContext, BuiltAws } from "./platformContext";
import type { AwsFoundation } from "./platformFoundation";
import type { SharedTierSeat } from "./platformPreviewTier";
import { ownTierGroup } from "./securityGroups";
import { SharedCache } from "./sharedCache";
import { SharedDatabase } from "./sharedDatabase";

export interface AwsDataTier {
  readonly database: BuiltAws<"Database">;
  readonly cache: BuiltAws<"Cache">;
  readonly store: BuiltAws<"ObjectStore">;
  readonly notifications: BuiltAws<"Notifications">;
}

export function createDataTier(
  ctx: AwsPlatformContext,
  base: AwsFoundation,
  seat: SharedTierSeat | undefined,
): AwsDataTier {
  const { naming } = ctx;
  const { name, opts, keep } = ctx.wiring;
  const p = ctx.cfg.profile;
  const { kmsKeyArn } = base;
  const database = createDatabase(ctx, base, seat);
  const cache = createCache(ctx, base, seat);
  const store = keep(
    "ObjectStore",
    new ObjectStore(
      name("ObjectStore"),
      { naming, profile: p.objectStore, kmsKeyArn, protect: p.protect },
      opts("ObjectStore"),
    ),
  );
  const notifications = keep(
    "Notifications",
    new Notifications(name("Notifications"), { naming, kmsKeyArn }, opts("Notifications")),
  );
  return { database, cache, store, notifications };
}

/** The groups of the workloads a seated preview's database and Redis user admit. */
function clientGroupsOf(base: AwsFoundation): Readonly<Record<string, pulumi.Input<string>>> {
  return {
    service: base.network.securityGroups.service,
    "file-processor": base.network.securityGroups.fileProcessor,
  };
}

/** The stack's own RDS instance, or a seated preview's database on the shared instance. */
function createDatabase(
  ctx: AwsPlatformContext,
  base: AwsFoundation,
  seat: SharedTierSeat | undefined,
): Database | SharedDatabase {
  const { cfg, naming } = ctx;
  const { name, opts, keep } = ctx.wiring;
  const p = cfg.profile;
  const { kmsKeyArn, network } = base;
  const logRetentionDays = p.observability.logRetentionDays;
  if (seat !== undefined) {
    return keep(
      "Database",
      new SharedDatabase(
        name("Database"),
        {
          naming,
          pullRequest: seat.pullRequest,
          tier: seat.tier,
          code: cfg.fileProcessorCode,
          kmsKeyArn,
          vpcId: network.vpcId,
          privateSubnetIds: network.privateSubnetIds,
          clientSecurityGroupIds: clientGroupsOf(base),
          logRetentionDays,
          secretRecoveryWindowDays: p.secrets.recoveryWindowDays,
        },
        opts("Database"),
      ),
    );
  }
  return keep(
    "Database",
    new Database(
      name("Database"),
      {
        naming,
        profile: p.database,
        kmsKeyArn,
        subnetIds: network.isolatedSubnetIds,
        securityGroupId: ownTierGroup(network.securityGroups, "database"),
        protect: p.protect,
        logRetentionDays,
      },
      opts("Database"),
    ),
  );
}

/** The stack's own replication group, or a seated preview's Redis user on the shared group. */
function createCache(
  ctx: AwsPlatformContext,
  base: AwsFoundation,
  seat: SharedTierSeat | undefined,
): Cache | SharedCache {
  const { naming } = ctx;
  const { name, opts, keep } = ctx.wiring;
  const p = ctx.cfg.profile;
  const { kmsKeyArn, network } = base;
  if (seat !== undefined) {
    return keep(
      "Cache",
      new SharedCache(
        name("Cache"),
        {
          naming,
          pullRequest: seat.pullRequest,
          tier: seat.tier,
          kmsKeyArn,
          clientSecurityGroupIds: clientGroupsOf(base),
          secretRecoveryWindowDays: p.secrets.recoveryWindowDays,
        },
        opts("Cache"),
      ),
    );
  }
  return keep(
    "Cache",
    new Cache(
      name("Cache"),
      {
        naming,
        profile: p.cache,
        kmsKeyArn,
        subnetIds: network.isolatedSubnetIds,
        securityGroupId: ownTierGroup(network.securityGroups, "cache"),
        logRetentionDays: p.observability.logRetentionDays,
        secretRecoveryWindowDays: p.secrets.recoveryWindowDays,
        protect: p.protect,
      },
      opts("Cache"),
    ),
  );
}
