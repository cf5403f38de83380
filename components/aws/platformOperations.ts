/**
 * Operations of an AWS stack, built last because they watch and protect the
 * rest: Observability (alarms, dashboard), staging's alarms on the shared
 * preview tier, the audit trail and the budgets (under Observability, so the
 * topology is the same everywhere), and Backup.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AwsConfig } from "../../config/platformConfig";
import { PROFILES } from "../../config/profiles";
import { budgetsOwnedBy } from "../../lib/budgets";
import { createAuditTrail } from "./audit";
import { Backup } from "./backup";
import { createBudgets } from "./budgets";
import { Observability, SHARED_TIER_SCOPES } from "./observability";
import type { AwsDataTier } from "./platformData";
import type { AwsPlatformContext, BuiltAws } from "./platformContext";
import type { AwsFoundation } from "./platformFoundation";
import type { SharedTierSeat } from "./platformPreviewTier";
import { PreviewTierExport, previewTierAlarms } from "./previewTier";

/** The workloads Observability watches. */
export interface AwsWorkloads {
  readonly web: BuiltAws<"WebService">;
  readonly fileProcessor: BuiltAws<"FileProcessor">;
}

/**
 * Builds the operations of the stack and returns its Observability (the alarm
 * topic and dashboard the stack exports).
 */
export function createOperations(
  ctx: AwsPlatformContext,
  base: AwsFoundation,
  data: AwsDataTier,
  workloads: AwsWorkloads,
  sharing: {
    /** A seated preview's place in staging's shared tier. */
    readonly seat: SharedTierSeat | undefined;
    /** Staging's own shared preview tier. */
    readonly previewTier: pulumi.Output<PreviewTierExport> | undefined;
  },
): BuiltAws<"Observability"> {
  const { cfg, naming } = ctx;
  const { name } = ctx.wiring;
  const observability = createObservability(ctx, base, data, workloads, sharing);
  if (recordsOwnAuditTrail(cfg, sharing.seat !== undefined)) {
    createAuditTrail(
      name("Observability"),
      {
        naming,
        region: cfg.region,
        kmsKeyArn: base.kmsKeyArn,
        alarmTopicArn: observability.alarmTopicArn,
        logRetentionDays: cfg.profile.observability.logRetentionDays,
        dataEvents:
          cfg.environment === "prod"
            ? { bucketArn: data.store.bucketArn, keyArn: base.kmsKeyArn }
            : undefined,
        forceDestroy: cfg.profile.objectStore.forceDestroy,
        protect: cfg.profile.protect,
      },
      observability,
    );
  }
  // Budgets: staging and prod their own, staging also the one every preview shares; previews none.
  createBudgets(
    name("Observability"),
    {
      naming,
      project: cfg.project,
      alarmTopicArn: observability.alarmTopicArn,
      budgets: budgetsOwnedBy(cfg.environment, {
        own: cfg.profile.budget.monthlyLimitUsd,
        previews: PROFILES.preview.budget.monthlyLimitUsd,
      }),
    },
    observability,
  );
  createBackup(ctx, base, data, observability);
  return observability;
}

/**
 * Whether the stack builds its own CloudTrail trail. Prod always does (it
 * records data events of the uploads bucket and the CMK); staging and
 * previews a cheaper management-only trail, or none when an organisation
 * trail records the account. A preview on the shared tier lives in staging's
 * account and VPC: staging's trail records it.
 */
export function recordsOwnAuditTrail(
  cfg: Pick<AwsConfig, "environment" | "organizationTrail">,
  seated: boolean,
): boolean {
  return cfg.environment === "prod" || (!cfg.organizationTrail && !seated);
}

/**
 * The alarms and dashboard. A seated preview alarms on its own resources
 * only (staging alarms on the tier's ALB, instance and group, once, and shows
 * them on its dashboard), and has no dashboard of its own.
 */
function createObservability(
  ctx: AwsPlatformContext,
  base: AwsFoundation,
  data: AwsDataTier,
  workloads: AwsWorkloads,
  { seat, previewTier }: Parameters<typeof createOperations>[4],
): Observability {
  const { cfg } = ctx;
  const { name, opts, keep } = ctx.wiring;
  const { web, fileProcessor } = workloads;
  return keep(
    "Observability",
    new Observability(
      name("Observability"),
      {
        naming: ctx.naming,
        region: cfg.region,
        kmsKeyArn: base.kmsKeyArn,
        alarmEmail: cfg.alarmEmail,
        cacheClusterCount: seat !== undefined ? 1 : cfg.profile.cache.numCacheClusters,
        dashboard: seat === undefined,
        ...(seat !== undefined ? { skipScopes: SHARED_TIER_SCOPES } : {}),
        ...(previewTier !== undefined ? { moreAlarms: [previewTierAlarms(previewTier)] } : {}),
        targets: {
          albArnSuffix: web.albArnSuffix,
          targetGroupArnSuffix: web.targetGroupArnSuffix,
          clusterName: web.clusterName,
          serviceName: web.serviceName,
          dbInstanceIdentifier: data.database.instanceIdentifier,
          cacheMemberClusterIds: data.cache.memberClusterIds,
          functionName: fileProcessor.functionName,
          deadLetterQueueName: fileProcessor.deadLetterQueueName,
          certificateArn: cfg.certificateArn,
          allocatedStorageGiB: cfg.profile.database.allocatedStorageGb,
        },
      },
      opts("Observability"),
    ),
  );
}

/** AWS Backup of the database and the uploads bucket, with restore tests, alarming on the stack's topic. */
function createBackup(
  ctx: AwsPlatformContext,
  base: AwsFoundation,
  data: AwsDataTier,
  observability: BuiltAws<"Observability">,
): void {
  const { cfg } = ctx;
  const { name, opts, keep } = ctx.wiring;
  const p = cfg.profile;
  const { database, store } = data;
  keep(
    "Backup",
    new Backup(
      name("Backup"),
      {
        naming: ctx.naming,
        profile: p.backup,
        kmsKeyArn: base.kmsKeyArn,
        resourceArns: [database.instanceArn, store.bucketArn],
        restoreTests: {
          databaseArn: database.instanceArn,
          bucketArn: store.bucketArn,
          validatorCode: cfg.fileProcessorCode,
          logRetentionDays: p.observability.logRetentionDays,
        },
        alarmTopicArn: observability.alarmTopicArn,
        copyRegion: cfg.backupCopyRegion,
        copyProviderTags: ctx.tags,
        protect: p.protect,
      },
      opts("Backup"),
    ),
  );
}
