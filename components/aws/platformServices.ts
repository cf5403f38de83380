/**
 * The workloads of an AWS stack: the web service (and the further ones of
 * `platform:services`, which share the data tier, each with its own ALB and
 * host) and the file processor, handed the application contract.
 */
import { AWS_TRACES_ENDPOINT } from "../../lib/observability/tracing";
import { FileProcessor, LAMBDA_CA_BUNDLE_FILE } from "./fileProcessor";
import type { AwsDataTier } from "./platformData";
import type { AwsPlatformContext, BuiltAws } from "./platformContext";
import type { AwsFoundation } from "./platformFoundation";
import { sharedEdgeOf, SharedTierSeat } from "./platformPreviewTier";
import { AWS_CA_BUNDLE_FILE, WebService, WebServiceArgs } from "./webService";

/**
 * The first web service's arguments: the application contract (plain values
 * as environment variables, secrets as Secrets Manager references), its
 * network placement, and on a seated preview the shared ALB's host rule.
 */
export function webServiceArgs(
  ctx: AwsPlatformContext,
  base: AwsFoundation,
  data: AwsDataTier,
  seat: SharedTierSeat | undefined,
): WebServiceArgs {
  const { cfg } = ctx;
  const p = cfg.profile;
  const { network, secrets } = base;
  const { database, cache, store, notifications } = data;
  return {
    naming: ctx.naming,
    region: cfg.region,
    profile: p.web,
    image: cfg.appImage,
    domain: cfg.domain,
    certificateArn: cfg.certificateArn,
    hostedZoneId: cfg.hostedZoneId,
    vpcId: network.vpcId,
    publicSubnetIds: network.publicSubnetIds,
    privateSubnetIds: network.privateSubnetIds,
    albSecurityGroupId: network.securityGroups.alb,
    serviceSecurityGroupId: network.securityGroups.service,
    kmsKeyArn: base.kmsKeyArn,
    logRetentionDays: p.observability.logRetentionDays,
    environment: {
      CA_BUNDLE_FILE: AWS_CA_BUNDLE_FILE,
      DATABASE_URL: database.url,
      ENVIRONMENT: cfg.environment,
      NOTIFY_TARGET: notifications.topicArn,
      S3_BUCKET: store.bucketName,
      S3_ENDPOINT: "",
      OTEL_EXPORTER_OTLP_ENDPOINT: AWS_TRACES_ENDPOINT,
      // Read by the app itself, not injected by ECS: RDS rotates it while tasks run.
      DATABASE_PASSWORD_SECRET_ARN: database.masterSecretArn,
    },
    secrets: {
      APP_SECRET_KEY: secrets.appSecretKeyArn,
      REDIS_URL: cache.urlSecretArn,
    },
    secretArns: [secrets.appSecretKeyArn, cache.urlSecretArn],
    runtimeSecretArns: [database.masterSecretArn],
    bucketArn: store.bucketArn,
    topicArn: notifications.topicArn,
    deletionProtection: p.database.deletionProtection,
    // A preview on the shared tier keeps only what its reviewers look at: no Container Insights.
    ...(seat !== undefined ? { sharedEdge: sharedEdgeOf(seat), containerInsights: false } : {}),
  };
}

/** The stack's web service (the WebService component of the contract). */
export function createWebService(
  ctx: AwsPlatformContext,
  args: WebServiceArgs,
): BuiltAws<"WebService"> {
  const { name, opts, keep } = ctx.wiring;
  return keep("WebService", new WebService(name("WebService"), args, opts("WebService")));
}

/**
 * Web services 2..`platform:services`: the first one's arguments with their own
 * role and host, under the same links; not components of the contract.
 */
export function createFurtherWebServices(ctx: AwsPlatformContext, args: WebServiceArgs): void {
  const { cfg } = ctx;
  const { name, opts } = ctx.wiring;
  for (let k = 2; k <= cfg.services; k++) {
    new WebService(
      `${name("WebService")}-${k}`,
      { ...args, role: `web-${k}`, domain: serviceHost(cfg, k) },
      opts("WebService"),
    );
  }
}

/** The file processor: a Lambda on the uploads bucket's notifications, in the private subnets. */
export function createFileProcessor(
  ctx: AwsPlatformContext,
  base: AwsFoundation,
  data: AwsDataTier,
): BuiltAws<"FileProcessor"> {
  const { cfg } = ctx;
  const { name, opts, keep } = ctx.wiring;
  const p = cfg.profile;
  const { database, store, notifications } = data;
  return keep(
    "FileProcessor",
    new FileProcessor(
      name("FileProcessor"),
      {
        naming: ctx.naming,
        profile: p.fileProcessor,
        code: cfg.fileProcessorCode,
        kmsKeyArn: base.kmsKeyArn,
        logRetentionDays: p.observability.logRetentionDays,
        privateSubnetIds: base.network.privateSubnetIds,
        securityGroupId: base.network.securityGroups.fileProcessor,
        bucketName: store.bucketName,
        bucketArn: store.bucketArn,
        topicArn: notifications.topicArn,
        databaseUrl: database.url,
        databaseSecretArn: database.masterSecretArn,
        environmentName: cfg.environment,
        caBundleFile: LAMBDA_CA_BUNDLE_FILE,
      },
      opts("FileProcessor"),
    ),
  );
}

/**
 * The host of web service k ≥ 2. A preview's certificate is the wildcard
 * `*.<previewDomain>`, which covers one label only (RFC 6125 §6.4.3,
 * https://www.rfc-editor.org/rfc/rfc6125#section-6.4.3; ACM: a wildcard "can
 * protect only one subdomain level",
 * https://docs.aws.amazon.com/acm/latest/userguide/acm-certificate.html, read
 * 2026-11-30), so service k of
 * pr-N is `pr-N-web-k.<previewDomain>`, never `web-k.pr-N.<previewDomain>`.
 * Elsewhere it is `web-k.<domain>` (the stack's certificate must cover it).
 */
export function serviceHost(
  cfg: { readonly domain: string; readonly pullRequest?: number; readonly previewDomain?: string },
  k: number,
): string {
  if (cfg.pullRequest !== undefined && cfg.previewDomain !== undefined) {
    return `pr-${cfg.pullRequest}-web-${k}.${cfg.previewDomain}`;
  }
  return `web-${k}.${cfg.domain}`;
}
