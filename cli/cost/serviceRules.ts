/**
 * Pricing rules of the compute, security, observability and messaging types
 * (one per AWS resource type; see ./rules.ts).
 */
import { Resource } from "../core/resource";
import { usage, usageByComponent } from "./assumptions";
import { Unpriced } from "./priceTable";
import { hours, obj, num, p, part, PriceRule, qty, requireNum, str, usd } from "./ruleKit";
import { T } from "../../policy-pack/lib/types";

// ---------------------------------------------------------------- compute

/** The task definition an ECS service runs: by ARN, then by family, then the one beside it. */
export function findTaskDefinition(
  service: Resource,
  resources: readonly Resource[],
): Resource | undefined {
  const tds = resources.filter((r) => r.type === T.ecsTaskDefinition);
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
      s.type === T.ecsService &&
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
  const unpricedParts: string[] = [];
  const reqP = part(unpricedParts, "requests", () => p(ctx, "kms.requests.per10k"));
  let monthly = key + (requests / 10_000) * reqP;
  let basis =
    `1 key × ${usd(key)}` +
    (reqP > 0 ? ` + ${qty(requests)} requests (assumed) × ${usd(reqP)}/10k` : "");
  if (r.props.enableKeyRotation === true) {
    const rotations = Math.min(2, usage(ctx.usage, "kms.rotationsSoFar"));
    const rotP = p(ctx, "kms.rotation.month");
    monthly += rotations * rotP;
    basis += `; rotation on: + ${usd(rotP)} a month after each of the first two rotations (${rotations} so far, assumed)`;
  }
  return { monthly, basis, ...(unpricedParts.length ? { unpricedParts } : {}) };
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
    (r) => r.type === T.flowLog && String(r.props.logDestination ?? "").endsWith(name),
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
