/**
 * The AWS implementation of the platform (staging, prod, previews): one
 * explicit provider whose defaultTags carry the required tags, and every
 * component of the contract wired with the links of COMPONENT_LINKS.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { AwsConfig } from "../../config/platformConfig";
import { NameContext } from "../../lib/naming";
import { awsTags } from "../../lib/tags";
import type { PlatformOutputs } from "../outputs";
import { wiring } from "../wiring";
import { PROFILES } from "../../config/profiles";
import { createAuditTrail } from "./audit";
import { budgetsOwnedBy } from "../../lib/budgets";
import { createBudgets } from "./budgets";
import { Backup } from "./backup";
import { Cache } from "./cache";
import { Database, DATABASE_NAME } from "./database";
import { Encryption } from "./encryption";
import { FileProcessor, LAMBDA_CA_BUNDLE_FILE } from "./fileProcessor";
import { Network } from "./network";
import { Notifications } from "./notifications";
import { ObjectStore } from "./objectStore";
import { Observability, SHARED_TIER_SCOPES } from "./observability";
import { Secrets } from "./secrets";
import { dataGroup } from "./securityGroups";
import {
  checkPreviewTierExport,
  createPreviewTier,
  createPreviewTierAlarms,
  PREVIEW_TIER_OUTPUT,
  PreviewTierExport,
} from "./previewTier";
import { SharedCache } from "./sharedCache";
import { SharedDatabase } from "./sharedDatabase";
import { networkExport, NetworkOutputs, SharedNetwork } from "./sharedNetwork";
import {
  AWS_CA_BUNDLE_FILE,
  previewRulePriority,
  SharedEdge,
  WebService,
  WebServiceArgs,
} from "./webService";
import { AWS_TRACES_ENDPOINT } from "../../lib/observability/tracing";

export function createAwsPlatform(cfg: AwsConfig): PlatformOutputs {
  const p = cfg.profile;
  const naming: NameContext = {
    project: cfg.project,
    environment: cfg.environment,
    pullRequest: cfg.pullRequest,
    instance: cfg.previewInstance,
  };
  const tags = awsTags({
    environment: cfg.environment,
    project: cfg.project,
    owner: cfg.owner,
    costCenter: cfg.costCenter,
    stack: cfg.stack,
    pullRequest: cfg.pullRequest,
    expiresAt: cfg.expiresAt,
  });
  const awsProvider = new aws.Provider("aws", {
    region: cfg.region,
    defaultTags: { tags },
  });
  const randomProvider = new random.Provider("random", {});
  const providers = [awsProvider, randomProvider];

  const { name, opts, keep } = wiring(cfg.project, providers);
  const secretRecoveryDays = p.secrets.recoveryWindowDays;
  const logRetentionDays = p.observability.logRetentionDays;

  const encryption = keep(
    "Encryption",
    new Encryption(
      name("Encryption"),
      {
        naming,
        region: cfg.region,
        deletionWindowDays: p.encryption.keyDeletionWindowDays,
        protect: p.protect,
      },
      opts("Encryption"),
    ),
  );
  const kmsKeyArn = encryption.keyArn;

  // A preview reuses its base stack's network (no VPC, NAT or EIP per PR) behind
  // the same component type and name; every other stack builds its own.
  let network: NetworkOutputs & pulumi.Resource;
  if (p.network.mode === "shared") {
    network = keep(
      "Network",
      new SharedNetwork(
        name("Network"),
        {
          naming,
          region: cfg.region,
          networkStack: cfg.networkStack,
          azCount: p.network.azCount,
          sharedTier: cfg.previewDataTier === "shared",
        },
        opts("Network"),
      ),
    );
  } else {
    if (p.network.natGateways === "none") {
      throw new pulumi.RunError(
        `the ${cfg.environment} profile builds its own network without NAT, which this program does not support`,
      );
    }
    network = keep(
      "Network",
      new Network(
        name("Network"),
        {
          naming,
          region: cfg.region,
          cidr: cfg.vpcCidr,
          azCount: p.network.azCount,
          natGateways: p.network.natGateways,
          flowLogs: p.observability.flowLogs,
          logRetentionDays,
          kmsKeyArn,
        },
        opts("Network"),
      ),
    );
  }
  const secrets = keep(
    "Secrets",
    new Secrets(
      name("Secrets"),
      { naming, kmsKeyArn, recoveryWindowDays: secretRecoveryDays, protect: p.protect },
      opts("Secrets"),
    ),
  );
  // A preview on the shared tier reads staging's `previewTier` and adds only its own database,
  // Redis user and host rule; every other stack (and an isolated preview) builds its own.
  const tier = sharedTierOf(cfg);
  const clientGroups = {
    service: network.securityGroups.service,
    "file-processor": network.securityGroups.fileProcessor,
  };
  const database = keep(
    "Database",
    tier !== undefined && cfg.pullRequest !== undefined
      ? new SharedDatabase(
          name("Database"),
          {
            naming,
            pullRequest: cfg.pullRequest,
            tier,
            code: cfg.fileProcessorCode,
            kmsKeyArn,
            vpcId: network.vpcId,
            privateSubnetIds: network.privateSubnetIds,
            clientSecurityGroupIds: clientGroups,
            logRetentionDays,
            secretRecoveryWindowDays: secretRecoveryDays,
          },
          opts("Database"),
        )
      : new Database(
          name("Database"),
          {
            naming,
            profile: p.database,
            kmsKeyArn,
            subnetIds: network.isolatedSubnetIds,
            securityGroupId: dataGroup(network.securityGroups, "database"),
            protect: p.protect,
            logRetentionDays,
          },
          opts("Database"),
        ),
  );
  const cache = keep(
    "Cache",
    tier !== undefined && cfg.pullRequest !== undefined
      ? new SharedCache(
          name("Cache"),
          {
            naming,
            pullRequest: cfg.pullRequest,
            tier,
            kmsKeyArn,
            clientSecurityGroupIds: clientGroups,
            secretRecoveryWindowDays: secretRecoveryDays,
          },
          opts("Cache"),
        )
      : new Cache(
          name("Cache"),
          {
            naming,
            profile: p.cache,
            kmsKeyArn,
            subnetIds: network.isolatedSubnetIds,
            securityGroupId: dataGroup(network.securityGroups, "cache"),
            logRetentionDays,
            secretRecoveryWindowDays: secretRecoveryDays,
            protect: p.protect,
          },
          opts("Cache"),
        ),
  );
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

  const webArgs: WebServiceArgs = {
    naming,
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
    kmsKeyArn,
    logRetentionDays,
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
    ...(tier !== undefined && cfg.pullRequest !== undefined
      ? { sharedEdge: sharedEdgeOf(tier, cfg.pullRequest), containerInsights: false }
      : {}),
  };
  const web = keep("WebService", new WebService(name("WebService"), webArgs, opts("WebService")));
  // Staging owns the shared preview tier, under its WebService, Database and Cache components.
  const previewTier =
    cfg.environment === "staging" &&
    cfg.previewDataTier === "shared" &&
    cfg.previewCertificateArn !== undefined &&
    network instanceof Network
      ? createPreviewTier(`${cfg.project}-previews`, {
          naming,
          region: cfg.region,
          kmsKeyArn,
          vpcId: network.vpcId,
          publicSubnetIds: network.publicSubnetIds,
          isolatedSubnetIds: network.isolatedSubnetIds,
          certificateArn: cfg.previewCertificateArn,
          logRetentionDays,
          parents: { web, database, cache },
        })
      : undefined;
  // Further services (platform:services) share the data tier; each has its own ALB and host.
  for (let k = 2; k <= cfg.services; k++) {
    new WebService(
      `${name("WebService")}-${k}`,
      { ...webArgs, role: `web-${k}`, domain: serviceHost(cfg, k) },
      opts("WebService"),
    );
  }
  const fileProcessor = keep(
    "FileProcessor",
    new FileProcessor(
      name("FileProcessor"),
      {
        naming,
        profile: p.fileProcessor,
        code: cfg.fileProcessorCode,
        kmsKeyArn,
        logRetentionDays,
        privateSubnetIds: network.privateSubnetIds,
        securityGroupId: network.securityGroups.fileProcessor,
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
  const observability = keep(
    "Observability",
    new Observability(
      name("Observability"),
      {
        naming,
        region: cfg.region,
        kmsKeyArn,
        alarmEmail: cfg.alarmEmail,
        cacheClusterCount: tier !== undefined ? 1 : cfg.profile.cache.numCacheClusters,
        // A shared-tier preview: alarms on its own resources only (staging alarms on the tier's
        // ALB, instance and group, once), and no dashboard of its own.
        dashboard: tier === undefined,
        ...(tier !== undefined ? { skipScopes: SHARED_TIER_SCOPES } : {}),
        targets: {
          albArnSuffix: web.albArnSuffix,
          targetGroupArnSuffix: web.targetGroupArnSuffix,
          clusterName: web.clusterName,
          serviceName: web.serviceName,
          dbInstanceIdentifier: database.instanceIdentifier,
          cacheMemberClusterIds: cache.memberClusterIds,
          functionName: fileProcessor.functionName,
          deadLetterQueueName: fileProcessor.deadLetterQueueName,
          certificateArn: cfg.certificateArn,
          allocatedStorageGiB: p.database.allocatedStorageGb,
        },
      },
      opts("Observability"),
    ),
  );
  if (previewTier !== undefined) {
    createPreviewTierAlarms(
      name("Observability"),
      { naming, tier: previewTier, alarmTopicArn: observability.alarmTopicArn },
      observability,
    );
  }
  // The audit trail lives under Observability (no component kind of its own,
  // so the topology is the same everywhere). Prod records data events of the
  // uploads bucket and the CMK; staging and previews a cheaper management-only
  // trail, or none when an organisation trail records the account.
  // A preview on the shared tier lives in staging's account and VPC: staging's trail records it.
  if (cfg.environment === "prod" || (!cfg.organizationTrail && tier === undefined)) {
    createAuditTrail(
      name("Observability"),
      {
        naming,
        region: cfg.region,
        kmsKeyArn,
        alarmTopicArn: observability.alarmTopicArn,
        logRetentionDays,
        dataEvents:
          cfg.environment === "prod"
            ? { bucketArn: store.bucketArn, keyArn: kmsKeyArn }
            : undefined,
        forceDestroy: p.objectStore.forceDestroy,
        protect: p.protect,
      },
      observability,
    );
  }
  // Budgets, also under Observability: staging and prod their own, staging
  // also the one every preview shares; previews none.
  createBudgets(
    name("Observability"),
    {
      naming,
      project: cfg.project,
      alarmTopicArn: observability.alarmTopicArn,
      budgets: budgetsOwnedBy(cfg.environment, {
        own: p.budget.monthlyLimitUsd,
        previews: PROFILES.preview.budget.monthlyLimitUsd,
      }),
    },
    observability,
  );
  keep(
    "Backup",
    new Backup(
      name("Backup"),
      {
        naming,
        profile: p.backup,
        kmsKeyArn,
        resourceArns: [database.instanceArn, store.bucketArn],
        restoreTests: {
          databaseArn: database.instanceArn,
          bucketArn: store.bucketArn,
          validatorCode: cfg.fileProcessorCode,
          logRetentionDays,
        },
        alarmTopicArn: observability.alarmTopicArn,
        copyRegion: cfg.backupCopyRegion,
        copyProviderTags: tags,
        protect: p.protect,
      },
      opts("Backup"),
    ),
  );

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
    ...(network instanceof Network
      ? { network: networkExport(network, cfg.region, cfg.environment) }
      : {}),
    ...(previewTier !== undefined ? { previewTier } : {}),
  };
}

/** A preview on the shared tier: staging's `previewTier` export, checked; else undefined. */
function sharedTierOf(cfg: AwsConfig): pulumi.Output<PreviewTierExport> | undefined {
  if (cfg.pullRequest === undefined || cfg.previewDataTier !== "shared") return undefined;
  const ref = new pulumi.StackReference(`${cfg.project}-preview-tier`, { name: cfg.networkStack });
  return ref
    .getOutput(PREVIEW_TIER_OUTPUT)
    .apply((v: unknown) => checkPreviewTierExport(v, cfg.networkStack, cfg.region));
}

function sharedEdgeOf(tier: pulumi.Output<PreviewTierExport>, pr: number): SharedEdge {
  return {
    listenerArn: tier.listenerArn,
    albDnsName: tier.albDnsName,
    albZoneId: tier.albZoneId,
    albArnSuffix: tier.albArnSuffix,
    albSecurityGroupId: tier.albSecurityGroupId,
    priority: previewRulePriority(pr),
  };
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
