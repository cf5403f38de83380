/**
 * One pricing rule per AWS resource type: a pure function of the resource's
 * inputs, the price table and the usage assumptions, returning the monthly
 * figure and a basis a reader can check by hand. A rule that lacks a price or
 * an input throws `Unpriced`; it never returns a silent zero.
 */
import { Resource } from "../resource";
import { Assumptions, usage, usageByComponent } from "./assumptions";
import { priceOf, PriceTable, Unpriced } from "./priceTable";

export interface Priced {
  readonly monthly: number;
  readonly basis: string;
  /** Parts of the resource's cost the table cannot price (the type is then also listed as unpriced). */
  readonly unpricedParts?: readonly string[];
}

export interface RuleContext {
  readonly table: PriceTable;
  readonly usage: Assumptions;
  /** Every resource of the stack, for rules that read a related resource (task definition, flow log). */
  readonly resources: readonly Resource[];
  /** The kind of the platform component that owns `r` (`WebService`), if any. */
  readonly component: (r: Resource) => string | undefined;
}

export type PriceRule = (r: Resource, ctx: RuleContext) => Priced;

/** `$0.045`, `$1`, `$0.0000166667`: a unit price as the table has it. */
export function usd(n: number): string {
  return `$${Number(n.toPrecision(6))}`;
}

/** `1,000,000`, `0.75`: a quantity. */
export function qty(n: number): string {
  return Number(n.toPrecision(6)).toLocaleString("en-US", { maximumFractionDigits: 4 });
}

const p = (ctx: RuleContext, key: string, variant?: string) => priceOf(ctx.table, key, variant);
const hours = (ctx: RuleContext) => ctx.table.hoursPerMonth;

function num(r: Resource, key: string): number | undefined {
  const v = r.props[key];
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function requireNum(r: Resource, key: string): number {
  const v = num(r, key);
  if (v === undefined) throw new Unpriced(`${r.name} has no numeric "${key}"`);
  return v;
}

function str(r: Resource, key: string): string | undefined {
  const v = r.props[key];
  return typeof v === "string" ? v : undefined;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

// ---------------------------------------------------------------- network

export const natGateway: PriceRule = (_r, ctx) => {
  const h = p(ctx, "vpc.natGateway.hour");
  const perGb = p(ctx, "vpc.natGateway.gbProcessed");
  const gb = usage(ctx.usage, "natGateway.processedGbPerMonth");
  return {
    monthly: hours(ctx) * h + gb * perGb,
    basis: `${hours(ctx)} h × ${usd(h)} + ${qty(gb)} GB processed (assumed) × ${usd(perGb)}`,
  };
};

export const elasticIp: PriceRule = (_r, ctx) => {
  const h = p(ctx, "vpc.publicIpv4.hour");
  return { monthly: hours(ctx) * h, basis: `public IPv4: ${hours(ctx)} h × ${usd(h)}` };
};

export const vpcEndpoint: PriceRule = (r, ctx) => {
  const kind = str(r, "vpcEndpointType") ?? "Gateway";
  if (kind === "Gateway")
    return { monthly: 0, basis: "no charge: gateway endpoints (S3, DynamoDB) are free" };
  if (kind !== "Interface") throw new Unpriced(`${kind} VPC endpoints are not in the price table`);
  const azs = Array.isArray(r.props.subnetIds) ? r.props.subnetIds.length : 1;
  const h = p(ctx, "vpc.interfaceEndpoint.hourPerAz");
  return {
    monthly: azs * hours(ctx) * h,
    basis: `${azs} AZ × ${hours(ctx)} h × ${usd(h)} (data processed not estimated)`,
  };
};

export const flowLog: PriceRule = (r, ctx) => {
  const dest = str(r, "logDestinationType") ?? "cloud-watch-logs";
  if (dest !== "cloud-watch-logs")
    throw new Unpriced(`flow logs to ${dest} are not in the price table`);
  const gb = usage(ctx.usage, "vpcFlowLogs.ingestedGbPerMonth");
  const perGb = p(ctx, "cloudwatch.logs.vendedIngest.gb");
  return {
    monthly: gb * perGb,
    basis: `${qty(gb)} GB/month of flow logs (assumed) × ${usd(perGb)} vended ingestion (storage on the log group)`,
  };
};

// ---------------------------------------------------------------- load balancing

export const loadBalancer: PriceRule = (r, ctx) => {
  const type = str(r, "loadBalancerType") ?? "application";
  if (type !== "application")
    throw new Unpriced(`${type} load balancers are not in the price table`);
  const h = p(ctx, "elb.alb.hour");
  const lcuH = p(ctx, "elb.alb.lcuHour");
  const lcu = usage(ctx.usage, "alb.averageLcu");
  const internetFacing = r.props.internal !== true;
  const subnets = Array.isArray(r.props.subnets)
    ? r.props.subnets.length
    : Array.isArray(r.props.subnetMappings)
      ? r.props.subnetMappings.length
      : 0;
  const ips = internetFacing ? subnets : 0;
  const ipH = ips > 0 ? p(ctx, "vpc.publicIpv4.hour") : 0;
  return {
    monthly: hours(ctx) * h + lcu * hours(ctx) * lcuH + ips * hours(ctx) * ipH,
    basis:
      `${hours(ctx)} h × ${usd(h)} + ${qty(lcu)} LCU (assumed) × ${hours(ctx)} h × ${usd(lcuH)}` +
      (ips > 0 ? ` + ${ips} public IPv4 (one per AZ) × ${hours(ctx)} h × ${usd(ipH)}` : ""),
  };
};

// ---------------------------------------------------------------- data

export const rdsInstance: PriceRule = (r, ctx) => {
  const engine = str(r, "engine") ?? "";
  if (engine !== "postgres")
    throw new Unpriced(`RDS engine "${engine}" is not in the price table (PostgreSQL only)`);
  const cls = str(r, "instanceClass");
  if (cls === undefined) throw new Unpriced(`${r.name} has no instanceClass`);
  const copies = r.props.multiAz === true ? 2 : 1;
  const az = copies === 2 ? "Multi-AZ" : "Single-AZ";
  const h = p(ctx, "rds.postgres.instanceHour", cls);
  const storageType = str(r, "storageType") ?? "gp2";
  const gb = requireNum(r, "allocatedStorage");
  const perGb = p(ctx, "rds.storage.gbMonth", storageType);
  let monthly = copies * hours(ctx) * h + copies * gb * perGb;
  const parts = [
    `${cls} ${az}: ${copies} × ${hours(ctx)} h × ${usd(h)}`,
    `${copies} × ${qty(gb)} GB ${storageType} × ${usd(perGb)}`,
  ];

  const exports = Array.isArray(r.props.enabledCloudwatchLogsExports)
    ? r.props.enabledCloudwatchLogsExports.length
    : 0;
  if (exports > 0) {
    const logGb = usage(ctx.usage, "rds.logExportGbPerMonth");
    const ingest = p(ctx, "cloudwatch.logs.ingest.gb");
    monthly += logGb * ingest;
    parts.push(`${qty(logGb)} GB log exports (assumed) × ${usd(ingest)}`);
  }
  const extraBackup = usage(ctx.usage, "rds.backupBeyondFreeGb");
  if (extraBackup > 0) {
    const b = p(ctx, "rds.backupStorage.gbMonth");
    monthly += extraBackup * b;
    parts.push(`${qty(extraBackup)} GB backups beyond the free allowance (assumed) × ${usd(b)}`);
  }
  const unpricedParts: string[] = [];
  let note = "automated backups up to the allocated storage are free";
  if (r.props.performanceInsightsEnabled === true) {
    const free = ctx.table.prices["rds.performanceInsights.freeRetentionDays"] ? 7 : 0;
    const retention = num(r, "performanceInsightsRetentionPeriod") ?? 7;
    if (retention <= free) {
      note += `; Performance Insights ${retention} days: free`;
    } else {
      unpricedParts.push(
        `Performance Insights retention of ${retention} days (beyond the free ${free})`,
      );
    }
  }
  return {
    monthly,
    basis: `${parts.join(" + ")}; ${note}`,
    ...(unpricedParts.length ? { unpricedParts } : {}),
  };
};

export const cacheReplicationGroup: PriceRule = (r, ctx) => {
  const engine = str(r, "engine") ?? "redis";
  if (engine !== "redis")
    throw new Unpriced(`ElastiCache engine "${engine}" is not in the price table (Redis OSS only)`);
  const nodeType = str(r, "nodeType");
  if (nodeType === undefined) throw new Unpriced(`${r.name} has no nodeType`);
  const groups = num(r, "numNodeGroups");
  const nodes =
    num(r, "numCacheClusters") ??
    (groups !== undefined ? groups * ((num(r, "replicasPerNodeGroup") ?? 0) + 1) : 1);
  const h = p(ctx, "elasticache.nodeHour", nodeType);
  return {
    monthly: nodes * hours(ctx) * h,
    basis: `${nodes} × ${nodeType} × ${hours(ctx)} h × ${usd(h)} (one snapshot per node is free)`,
  };
};

export const s3Bucket: PriceRule = (_r, ctx) => {
  const gb = usage(ctx.usage, "s3.storedGb");
  const puts = usage(ctx.usage, "s3.putRequestsPerMonth");
  const gets = usage(ctx.usage, "s3.getRequestsPerMonth");
  const perGb = p(ctx, "s3.standard.gbMonth");
  const put = p(ctx, "s3.requests.put.per1000");
  const get = p(ctx, "s3.requests.get.per1000");
  return {
    monthly: gb * perGb + (puts / 1000) * put + (gets / 1000) * get,
    basis: `${qty(gb)} GB Standard (assumed) × ${usd(perGb)} + ${qty(puts)} PUT × ${usd(put)}/1k + ${qty(gets)} GET × ${usd(get)}/1k`,
  };
};

export const backupVault: PriceRule = (r, ctx) => {
  const rdsGb = usage(ctx.usage, "backup.rdsSnapshotGb");
  const s3Gb = usage(ctx.usage, "backup.s3BackupGb");
  const rdsP = p(ctx, "backup.rdsSnapshot.gbMonth");
  const s3P = p(ctx, "backup.s3.gbMonth");
  let monthly = rdsGb * rdsP + s3Gb * s3P;
  let basis = `${qty(rdsGb)} GB RDS snapshots (assumed) × ${usd(rdsP)} + ${qty(s3Gb)} GB S3 backups (assumed) × ${usd(s3P)}`;
  const name = str(r, "name");
  const isCopyTarget =
    name !== undefined &&
    ctx.resources.some(
      (o) =>
        o.type === "aws:backup/plan:Plan" &&
        (Array.isArray(o.props.rules)
          ? (o.props.rules as { copyActions?: { destinationVaultArn?: unknown }[] }[])
          : []
        ).some((rule) =>
          (rule.copyActions ?? []).some((a) => String(a.destinationVaultArn ?? "").endsWith(name)),
        ),
    );
  if (isCopyTarget) {
    const copied = usage(ctx.usage, "backup.copiedGbPerMonth");
    const t = p(ctx, "backup.crossRegionTransfer.gb");
    monthly += copied * t;
    basis += ` + ${qty(copied)} GB/month copied across regions (assumed) × ${usd(t)}`;
  }
  return { monthly, basis };
};

// ---------------------------------------------------------------- compute

/** The task definition an ECS service runs: by ARN, then by family, then the one beside it. */
export function findTaskDefinition(
  service: Resource,
  resources: readonly Resource[],
): Resource | undefined {
  const tds = resources.filter((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition");
  const ref = str(service, "taskDefinition") ?? "";
  return (
    tds.find((t) => ref !== "" && (ref.endsWith(`/${t.name}-id`) || ref === t.name)) ??
    tds.find(
      (t) =>
        typeof t.props.family === "string" &&
        (ref.includes(`/${t.props.family}:`) || ref === t.props.family),
    ) ??
    tds.find((t) => t.parent !== undefined && t.parent === service.parent) ??
    (tds.length === 1 ? tds[0] : undefined)
  );
}

export const ecsService: PriceRule = (r, ctx) => {
  const launch = str(r, "launchType") ?? "FARGATE";
  if (launch !== "FARGATE")
    throw new Unpriced(
      `ECS launch type ${launch} is priced through its instances, which are not in the price table`,
    );
  const td = findTaskDefinition(r, ctx.resources);
  if (td === undefined)
    throw new Unpriced(`${r.name}: its task definition is not among the resources`);
  const vcpu = requireNum(td, "cpu") / 1024;
  const gb = requireNum(td, "memory") / 1024;
  const arch = String(obj(td.props.runtimePlatform)?.cpuArchitecture ?? "X86_64");
  const tasks = num(r, "desiredCount") ?? 1;
  const cpuP = p(ctx, "fargate.vcpuHour", arch);
  const memP = p(ctx, "fargate.gbHour", arch);
  return {
    monthly: tasks * hours(ctx) * (vcpu * cpuP + gb * memP),
    basis: `Fargate ${arch}: ${qty(tasks)} task${tasks === 1 ? "" : "s"} (desiredCount) × ${hours(ctx)} h × (${qty(vcpu)} vCPU × ${usd(cpuP)} + ${qty(gb)} GB × ${usd(memP)})`,
  };
};

export const ecsCluster: PriceRule = (r, ctx) => {
  const settings = Array.isArray(r.props.settings)
    ? (r.props.settings as { name?: string; value?: string }[])
    : [];
  const insights = settings.find((s) => s.name === "containerInsights")?.value;
  if (insights !== "enabled" && insights !== "enhanced")
    return {
      monthly: 0,
      basis: "no charge: an ECS cluster is free; its tasks are priced on the services",
    };
  const name = str(r, "name");
  const services = ctx.resources.filter(
    (s) =>
      s.type === "aws:ecs/service:Service" &&
      ((name !== undefined && String(s.props.cluster ?? "").endsWith(`/${name}`)) ||
        s.props.cluster === name),
  ).length;
  const perCluster = usage(ctx.usage, "containerInsights.metricsPerCluster");
  const perService = usage(ctx.usage, "containerInsights.metricsPerService");
  const logGb = usage(ctx.usage, "containerInsights.performanceLogGbPerMonth");
  const metricP = p(ctx, "cloudwatch.metrics.custom.month");
  const ingest = p(ctx, "cloudwatch.logs.ingest.gb");
  const metrics = perCluster + perService * services;
  return {
    monthly: metrics * metricP + logGb * ingest,
    basis: `Container Insights: ${qty(metrics)} metrics (assumed ${qty(perCluster)} + ${qty(perService)} × ${services} service${services === 1 ? "" : "s"}) × ${usd(metricP)} + ${qty(logGb)} GB performance logs (assumed) × ${usd(ingest)}`,
  };
};

export const lambdaFunction: PriceRule = (r, ctx) => {
  const arch =
    Array.isArray(r.props.architectures) && typeof r.props.architectures[0] === "string"
      ? r.props.architectures[0]
      : "x86_64";
  const memGb = (num(r, "memorySize") ?? 128) / 1024;
  const inv = usage(ctx.usage, "lambda.invocationsPerMonth");
  const seconds = usage(ctx.usage, "lambda.averageDurationMs") / 1000;
  const reqP = p(ctx, "lambda.requests.perMillion");
  const gbsP = p(ctx, "lambda.gbSecond", arch);
  const gbs = inv * seconds * memGb;
  let monthly = (inv / 1e6) * reqP + gbs * gbsP;
  let basis = `${qty(inv)} invocations (assumed) × ${usd(reqP)}/M + ${qty(inv)} × ${qty(seconds)} s × ${qty(memGb)} GB = ${qty(gbs)} GB-s × ${usd(gbsP)} (${arch})`;
  if (obj(r.props.tracingConfig)?.mode === "Active") {
    const traces = inv * usage(ctx.usage, "lambda.tracedFraction");
    const tP = p(ctx, "xray.tracesRecorded.perMillion");
    monthly += (traces / 1e6) * tP;
    basis += ` + X-Ray ${qty(traces)} traces (assumed sampling) × ${usd(tP)}/M`;
  }
  return { monthly, basis };
};

// ---------------------------------------------------------------- security

export const kmsKey: PriceRule = (r, ctx) => {
  const key = p(ctx, "kms.key.month");
  const requests = usage(ctx.usage, "kms.requestsPerMonth");
  const reqP = p(ctx, "kms.requests.per10k");
  let monthly = key + (requests / 10_000) * reqP;
  let basis = `1 key × ${usd(key)} + ${qty(requests)} requests (assumed) × ${usd(reqP)}/10k`;
  if (r.props.enableKeyRotation === true) {
    const rotations = Math.min(2, usage(ctx.usage, "kms.rotationsSoFar"));
    const rotP = p(ctx, "kms.rotation.month");
    monthly += rotations * rotP;
    basis += `; rotation on: + ${usd(rotP)} a month after each of the first two rotations (${rotations} so far, assumed)`;
  }
  return { monthly, basis };
};

export const secret: PriceRule = (_r, ctx) => {
  const s = p(ctx, "secretsManager.secret.month");
  const calls = usage(ctx.usage, "secretsManager.apiCallsPerMonth");
  const callP = p(ctx, "secretsManager.apiCalls.per10k");
  return {
    monthly: s + (calls / 10_000) * callP,
    basis: `1 secret × ${usd(s)} + ${qty(calls)} API calls (assumed) × ${usd(callP)}/10k`,
  };
};

// ---------------------------------------------------------------- observability

export const metricAlarm: PriceRule = (r, ctx) => {
  const queries = Array.isArray(r.props.metricQueries)
    ? (r.props.metricQueries as Record<string, unknown>[])
    : [];
  const metrics =
    queries.length > 0 ? Math.max(1, queries.filter((q) => q.metric !== undefined).length) : 1;
  const anomaly = typeof r.props.thresholdMetricId === "string";
  const period =
    num(r, "period") ?? Math.min(...queries.map((q) => Number(obj(q.metric)?.period ?? 60)), 60);
  const high = period < 60;
  const price = p(
    ctx,
    high ? "cloudwatch.alarm.highResolution.month" : "cloudwatch.alarm.standard.month",
  );
  const count = anomaly ? 3 * metrics : metrics;
  const stat = str(r, "extendedStatistic");
  return {
    monthly: count * price,
    basis:
      `${count} ${high ? "high" : "standard"}-resolution alarm metric${count === 1 ? "" : "s"} × ${usd(price)}` +
      (anomaly ? " (anomaly detection counts 3 per metric)" : "") +
      (stat ? ` (${stat}: a percentile costs the same)` : ""),
  };
};

export const dashboard: PriceRule = (_r, ctx) => {
  const d = p(ctx, "cloudwatch.dashboard.month");
  return {
    monthly: d,
    basis: `1 dashboard × ${usd(d)} (the account's first 3 are free; not applied)`,
  };
};

/** Is this log group the destination of a VPC flow log (whose ingestion the flow log carries)? */
function flowLogInto(group: Resource, resources: readonly Resource[]): boolean {
  const name = str(group, "name");
  if (name === undefined) return false;
  return resources.some(
    (r) =>
      r.type === "aws:ec2/flowLog:FlowLog" && String(r.props.logDestination ?? "").endsWith(name),
  );
}

export const logGroup: PriceRule = (r, ctx) => {
  const storeP = p(ctx, "cloudwatch.logs.storage.gbMonth");
  const compressed = usage(ctx.usage, "logs.compressedFraction");
  const retention = num(r, "retentionInDays") ?? 0;
  const months =
    retention > 0 ? retention / 30 : usage(ctx.usage, "logs.monthsKeptWhenRetentionIsUnlimited");
  const kept =
    retention > 0
      ? `${qty(months)} months kept (${retention} days)`
      : `${qty(months)} months kept (retention unlimited; assumed)`;
  let ingestGb: number;
  let monthly = 0;
  let basis: string;
  if (flowLogInto(r, ctx.resources)) {
    ingestGb = usage(ctx.usage, "vpcFlowLogs.ingestedGbPerMonth");
    basis = `flow logs: ingestion priced on the flow log; storage `;
  } else {
    const { value, key } = usageByComponent(
      ctx.usage,
      "logs.ingestedGbPerMonthByComponent",
      ctx.component(r),
    );
    ingestGb = value;
    const ingestP = p(ctx, "cloudwatch.logs.ingest.gb");
    monthly += ingestGb * ingestP;
    basis = `${qty(ingestGb)} GB/month ingested (assumed, ${key}) × ${usd(ingestP)} + storage `;
  }
  const stored = ingestGb * months * compressed;
  monthly += stored * storeP;
  basis += `${qty(ingestGb)} GB × ${kept} × ${qty(compressed)} compressed = ${qty(stored)} GB × ${usd(storeP)}`;
  return { monthly, basis };
};

// ---------------------------------------------------------------- messaging

export const snsTopic: PriceRule = (r, ctx) => {
  const { value, key } = usageByComponent(
    ctx.usage,
    "sns.publishesPerMonthByComponent",
    ctx.component(r),
  );
  const reqP = p(ctx, "sns.requests.perMillion");
  return {
    monthly: (value / 1e6) * reqP,
    basis: `${qty(value)} publishes (assumed, ${key}) × ${usd(reqP)}/M`,
  };
};

export const topicSubscription: PriceRule = (r, ctx) => {
  const protocol = str(r, "protocol") ?? "";
  if (protocol === "email" || protocol === "email-json") {
    const n = usage(ctx.usage, "sns.emailNotificationsPerMonth");
    const e = p(ctx, "sns.email.per100k");
    return {
      monthly: (n / 100_000) * e,
      basis: `${qty(n)} e-mail notifications (assumed) × ${usd(e)}/100k`,
    };
  }
  if (protocol === "sqs" || protocol === "lambda") {
    return { monthly: 0, basis: `no charge: SNS deliveries to ${protocol} are free` };
  }
  throw new Unpriced(`SNS ${protocol} deliveries are not in the price table`);
};

export const sqsQueue: PriceRule = (_r, ctx) => {
  const n = usage(ctx.usage, "sqs.requestsPerMonth");
  const reqP = p(ctx, "sqs.requests.perMillion");
  return { monthly: (n / 1e6) * reqP, basis: `${qty(n)} requests (assumed) × ${usd(reqP)}/M` };
};

/** The rule of each priced type. Types not here are free by the table's `noCharge` list, or unpriced. */
export const RULES: Readonly<Record<string, PriceRule>> = {
  "aws:ec2/natGateway:NatGateway": natGateway,
  "aws:ec2/eip:Eip": elasticIp,
  "aws:ec2/vpcEndpoint:VpcEndpoint": vpcEndpoint,
  "aws:ec2/flowLog:FlowLog": flowLog,
  "aws:lb/loadBalancer:LoadBalancer": loadBalancer,
  "aws:alb/loadBalancer:LoadBalancer": loadBalancer,
  "aws:rds/instance:Instance": rdsInstance,
  "aws:elasticache/replicationGroup:ReplicationGroup": cacheReplicationGroup,
  "aws:s3/bucket:Bucket": s3Bucket,
  "aws:s3/bucketV2:BucketV2": s3Bucket,
  "aws:backup/vault:Vault": backupVault,
  "aws:ecs/service:Service": ecsService,
  "aws:ecs/cluster:Cluster": ecsCluster,
  "aws:lambda/function:Function": lambdaFunction,
  "aws:kms/key:Key": kmsKey,
  "aws:secretsmanager/secret:Secret": secret,
  "aws:cloudwatch/metricAlarm:MetricAlarm": metricAlarm,
  "aws:cloudwatch/dashboard:Dashboard": dashboard,
  "aws:cloudwatch/logGroup:LogGroup": logGroup,
  "aws:sns/topic:Topic": snsTopic,
  "aws:sns/topicSubscription:TopicSubscription": topicSubscription,
  "aws:sqs/queue:Queue": sqsQueue,
};
