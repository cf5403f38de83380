/**
 * The shared preview tier in the wiring, from both sides: staging builds it
 * (one ALB, one PostgreSQL instance, one Redis group) and exports it; a
 * preview on `previewDataTier=shared` reads that export and takes a seat in
 * it (its own database, Redis user and host rule on the shared ALB).
 */
import * as pulumi from "@pulumi/pulumi";
import type { AwsConfig } from "../../config/platformConfig";
import type { AwsPlatformContext } from "./platformContext";
import type { AwsFoundation } from "./platformFoundation";
import {
  checkPreviewTierExport,
  createPreviewTier,
  PREVIEW_TIER_OUTPUT,
  PreviewTierArgs,
  PreviewTierExport,
} from "./previewTier";
import { previewRulePriority, SharedEdge } from "./webServiceEdge";

/** A preview's seat in staging's shared tier. */
export interface SharedTierSeat {
  /** Staging's `previewTier` export, checked. */
  readonly tier: pulumi.Output<PreviewTierExport>;
  /** The preview's pull request. */
  readonly pullRequest: number;
}

/**
 * A preview on the shared tier: reads staging's `previewTier` export (a stack
 * reference to `networkStack`) and checks it; undefined on any other stack
 * and on an isolated preview, which builds its own data tier and ALB.
 */
export function joinSharedTier(cfg: AwsConfig): SharedTierSeat | undefined {
  if (cfg.pullRequest === undefined || cfg.previewDataTier !== "shared") return undefined;
  const ref = new pulumi.StackReference(`${cfg.project}-preview-tier`, { name: cfg.networkStack });
  const tier = ref
    .getOutput(PREVIEW_TIER_OUTPUT)
    .apply((v: unknown) => checkPreviewTierExport(v, cfg.networkStack, cfg.region));
  return { tier, pullRequest: cfg.pullRequest };
}

/** The shared ALB a seated preview's web service adds its host rule to. */
export function sharedEdgeOf(seat: SharedTierSeat): SharedEdge {
  const { tier } = seat;
  return {
    listenerArn: tier.listenerArn,
    albDnsName: tier.albDnsName,
    albZoneId: tier.albZoneId,
    albArnSuffix: tier.albArnSuffix,
    albSecurityGroupId: tier.albSecurityGroupId,
    priority: previewRulePriority(seat.pullRequest),
  };
}

/**
 * Staging's shared preview tier, in its own VPC, under its WebService,
 * Database and Cache components; undefined on every other stack, and on
 * staging without a preview certificate or with isolated previews.
 */
export function createStagingPreviewTier(
  ctx: AwsPlatformContext,
  base: AwsFoundation,
  parents: PreviewTierArgs["parents"],
): pulumi.Output<PreviewTierExport> | undefined {
  const { cfg } = ctx;
  const network = base.ownNetwork;
  const certificateArn = cfg.previewCertificateArn;
  if (
    cfg.environment !== "staging" ||
    cfg.previewDataTier !== "shared" ||
    certificateArn === undefined ||
    network === undefined
  ) {
    return undefined;
  }
  return createPreviewTier(`${cfg.project}-previews`, {
    naming: ctx.naming,
    region: cfg.region,
    kmsKeyArn: base.kmsKeyArn,
    vpcId: network.vpcId,
    publicSubnetIds: network.publicSubnetIds,
    isolatedSubnetIds: network.isolatedSubnetIds,
    certificateArn,
    logRetentionDays: cfg.profile.observability.logRetentionDays,
    parents,
  });
}
