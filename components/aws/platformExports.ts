/**
 * What an AWS stack exports: the service URL, the endpoints a developer
 * needs (never a secret value: secrets by ARN), the network of a stack that
 * builds its own (previews read it) and staging's shared preview tier.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AwsConfig } from "../../config/platformConfig";
import type { PlatformOutputs } from "../outputs";
import { DATABASE_NAME } from "./database";
import type { AwsDataTier } from "./platformData";
import type { AwsFoundation } from "./platformFoundation";
import type { AwsWorkloads } from "./platformOperations";
import type { BuiltAws } from "./platformContext";
import type { PreviewTierExport } from "./previewTier";
import { networkExport } from "./sharedNetwork";

export function awsStackOutputs(
  cfg: AwsConfig,
  built: {
    readonly base: AwsFoundation;
    readonly data: AwsDataTier;
    readonly workloads: AwsWorkloads;
    readonly observability: BuiltAws<"Observability">;
    readonly previewTier: pulumi.Output<PreviewTierExport> | undefined;
  },
): PlatformOutputs {
  const { base, previewTier, observability } = built;
  const { database, cache, store, notifications } = built.data;
  const { web, fileProcessor } = built.workloads;
  return {
    serviceUrl: web.url,
    endpoints: {
      loadBalancer: web.albDnsName,
      database: pulumi.interpolate`${database.address}:${database.port}/${DATABASE_NAME}`,
      databaseSecretArn: database.masterSecretArn,
      cache: pulumi.interpolate`${cache.primaryEndpoint}:${cache.port}`,
      cacheUrlSecretArn: cache.urlSecretArn,
      uploadsBucket: store.bucketName,
      notificationsTopic: notifications.topicArn,
      fileProcessor: fileProcessor.functionName,
      alarmTopic: observability.alarmTopicArn,
      dashboard: observability.dashboardName,
      logGroup: web.logGroupName,
    },
    ...(base.ownNetwork !== undefined
      ? { network: networkExport(base.ownNetwork, cfg.region, cfg.environment) }
      : {}),
    ...(previewTier !== undefined ? { previewTier } : {}),
  };
}
