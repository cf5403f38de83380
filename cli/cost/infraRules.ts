/**
 * Pricing rules of the network, load balancing and data types (one per AWS
 * resource type; see ./rules.ts).
 */
import { usage } from "./assumptions";
import { Unpriced } from "./priceTable";
import { hours, num, p, part, PriceRule, qty, requireNum, str, usd } from "./ruleKit";
import { T } from "../../policy-pack/lib/types";

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

  const unpricedParts: string[] = [];
  const exports = Array.isArray(r.props.enabledCloudwatchLogsExports)
    ? r.props.enabledCloudwatchLogsExports.length
    : 0;
  if (exports > 0) {
    const logGb = usage(ctx.usage, "rds.logExportGbPerMonth");
    const ingest = part(unpricedParts, "log exports", () => p(ctx, "cloudwatch.logs.ingest.gb"));
    if (ingest > 0) {
      monthly += logGb * ingest;
      parts.push(`${qty(logGb)} GB log exports (assumed) × ${usd(ingest)}`);
    }
  }
  const extraBackup = usage(ctx.usage, "rds.backupBeyondFreeGb");
  if (extraBackup > 0) {
    const b = part(unpricedParts, "backups beyond the free allowance", () =>
      p(ctx, "rds.backupStorage.gbMonth"),
    );
    monthly += extraBackup * b;
    if (b > 0)
      parts.push(`${qty(extraBackup)} GB backups beyond the free allowance (assumed) × ${usd(b)}`);
  }
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
        o.type === T.backupPlan &&
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
