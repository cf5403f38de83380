/**
 * Each pricing rule on known inputs, against a small table of round prices,
 * so every figure below can be checked by hand.
 */
import { expect } from "chai";
import { round2 } from "../../../cli/cost/estimate";
import { PriceTable, Unpriced } from "../../../cli/cost/priceTable";
import * as rules from "../../../cli/cost/rules";
import { Resource } from "../../../cli/core/resource";

const price = (usd: number) => ({
  usd,
  unit: "u",
  source: "https://example.test/",
  date: "2026-01-01",
});
const priceBy = (usdBy: Record<string, number>) => ({
  usdBy,
  unit: "u",
  source: "https://example.test/",
  date: "2026-01-01",
});

const TABLE: PriceTable = {
  name: "test",
  version: "1",
  date: "2026-01-01",
  region: "us-east-1",
  currency: "USD",
  hoursPerMonth: 730,
  prices: {
    "vpc.natGateway.hour": price(0.05),
    "vpc.natGateway.gbProcessed": price(0.05),
    "vpc.publicIpv4.hour": price(0.005),
    "vpc.interfaceEndpoint.hourPerAz": price(0.01),
    "elb.alb.hour": price(0.02),
    "elb.alb.lcuHour": price(0.01),
    "rds.postgres.instanceHour": priceBy({ "db.t4g.small": 0.04 }),
    "rds.storage.gbMonth": priceBy({ gp3: 0.1 }),
    "rds.backupStorage.gbMonth": price(0.1),
    "rds.performanceInsights.freeRetentionDays": price(0),
    "elasticache.nodeHour": priceBy({ "cache.t4g.small": 0.02 }),
    "fargate.vcpuHour": priceBy({ X86_64: 0.04, ARM64: 0.03 }),
    "fargate.gbHour": priceBy({ X86_64: 0.004, ARM64: 0.003 }),
    "lambda.requests.perMillion": price(0.2),
    "lambda.gbSecond": priceBy({ x86_64: 0.00001, arm64: 0.000008 }),
    "xray.tracesRecorded.perMillion": price(5),
    "kms.key.month": price(1),
    "kms.rotation.month": price(1),
    "kms.requests.per10k": price(0.03),
    "secretsManager.secret.month": price(0.4),
    "secretsManager.apiCalls.per10k": price(0.05),
    "cloudwatch.alarm.standard.month": price(0.1),
    "cloudwatch.alarm.highResolution.month": price(0.3),
    "cloudwatch.dashboard.month": price(3),
    "cloudwatch.metrics.custom.month": price(0.3),
    "cloudwatch.logs.ingest.gb": price(0.5),
    "cloudwatch.logs.vendedIngest.gb": price(0.5),
    "cloudwatch.logs.storage.gbMonth": price(0.03),
    "s3.standard.gbMonth": price(0.02),
    "s3.requests.put.per1000": price(0.005),
    "s3.requests.get.per1000": price(0.0004),
    "sns.requests.perMillion": price(0.5),
    "sns.email.per100k": price(2),
    "sqs.requests.perMillion": price(0.4),
    "backup.rdsSnapshot.gbMonth": price(0.1),
    "backup.s3.gbMonth": price(0.05),
    "backup.crossRegionTransfer.gb": price(0.02),
  },
  noCharge: [],
};

const USAGE = {
  natGateway: { processedGbPerMonth: 100 },
  alb: { averageLcu: 2 },
  lambda: { invocationsPerMonth: 1_000_000, averageDurationMs: 200, tracedFraction: 0.1 },
  rds: { logExportGbPerMonth: 2, backupBeyondFreeGb: 0 },
  logs: {
    ingestedGbPerMonthByComponent: { default: 1, WebService: 4 },
    compressedFraction: 0.25,
    monthsKeptWhenRetentionIsUnlimited: 12,
  },
  vpcFlowLogs: { ingestedGbPerMonth: 10 },
  containerInsights: { metricsPerCluster: 8, metricsPerService: 12, performanceLogGbPerMonth: 1 },
  s3: { storedGb: 100, putRequestsPerMonth: 10_000, getRequestsPerMonth: 100_000 },
  sns: { publishesPerMonthByComponent: { default: 2_000_000 }, emailNotificationsPerMonth: 50_000 },
  sqs: { requestsPerMonth: 3_000_000 },
  secretsManager: { apiCallsPerMonth: 20_000 },
  kms: { requestsPerMonth: 100_000, rotationsSoFar: 0 },
  backup: { rdsSnapshotGb: 100, s3BackupGb: 50, copiedGbPerMonth: 20 },
};

function res(
  type: string,
  name: string,
  props: Record<string, unknown>,
  extra: Partial<Resource> = {},
): Resource {
  return { type, name, urn: `urn:pulumi:test::platform::${type}::${name}`, props, ...extra };
}

function ctx(
  resources: Resource[] = [],
  usage: Record<string, unknown> = USAGE,
  component = "WebService",
): rules.RuleContext {
  return { table: TABLE, usage, resources, component: () => component };
}

const dollars = (p: rules.Priced) => round2(p.monthly);

describe("cost rules (known inputs, round prices)", () => {
  it("NAT gateway: hours plus assumed GB processed", () => {
    const p = rules.natGateway(res("aws:ec2/natGateway:NatGateway", "nat", {}), ctx());
    expect(dollars(p)).to.equal(41.5); // 730 × 0.05 + 100 × 0.05
    expect(p.basis).to.equal("730 h × $0.05 + 100 GB processed (assumed) × $0.05");
  });

  it("Elastic IP: a public IPv4 address all month", () => {
    expect(
      dollars(rules.elasticIp(res("aws:ec2/eip:Eip", "eip", { domain: "vpc" }), ctx())),
    ).to.equal(3.65);
  });

  it("VPC endpoint: gateway endpoints are free (said so), interface endpoints bill per AZ-hour", () => {
    const gw = rules.vpcEndpoint(
      res("aws:ec2/vpcEndpoint:VpcEndpoint", "s3", { vpcEndpointType: "Gateway" }),
      ctx(),
    );
    expect(gw).to.deep.equal({
      monthly: 0,
      basis: "no charge: gateway endpoints (S3, DynamoDB) are free",
    });
    const itf = rules.vpcEndpoint(
      res("aws:ec2/vpcEndpoint:VpcEndpoint", "sm", {
        vpcEndpointType: "Interface",
        subnetIds: ["a", "b"],
      }),
      ctx(),
    );
    expect(dollars(itf)).to.equal(14.6); // 2 × 730 × 0.01
  });

  it("VPC flow log: assumed GB at the vended-log ingestion price", () => {
    expect(
      dollars(
        rules.flowLog(
          res("aws:ec2/flowLog:FlowLog", "fl", { logDestinationType: "cloud-watch-logs" }),
          ctx(),
        ),
      ),
    ).to.equal(5);
    expect(() =>
      rules.flowLog(res("aws:ec2/flowLog:FlowLog", "fl", { logDestinationType: "s3" }), ctx()),
    ).to.throw(Unpriced, "flow logs to s3");
  });

  it("ALB: hours, assumed LCUs and one public IPv4 per AZ when internet-facing", () => {
    const alb = (props: Record<string, unknown>) =>
      res("aws:lb/loadBalancer:LoadBalancer", "alb", {
        loadBalancerType: "application",
        subnets: ["a", "b"],
        ...props,
      });
    expect(dollars(rules.loadBalancer(alb({ internal: false }), ctx()))).to.equal(36.5); // 14.6 + 2 × 730 × 0.01 + 2 × 730 × 0.005
    expect(dollars(rules.loadBalancer(alb({ internal: true }), ctx()))).to.equal(29.2);
    expect(() => rules.loadBalancer(alb({ loadBalancerType: "network" }), ctx())).to.throw(
      Unpriced,
      "network load balancers",
    );
  });

  it("RDS: instance class × 2 for Multi-AZ, gp3 storage × 2, log exports; PI 7 days free", () => {
    const db = (props: Record<string, unknown>) =>
      res("aws:rds/instance:Instance", "db", {
        engine: "postgres",
        instanceClass: "db.t4g.small",
        allocatedStorage: 50,
        storageType: "gp3",
        multiAz: true,
        enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
        performanceInsightsEnabled: true,
        performanceInsightsRetentionPeriod: 7,
        ...props,
      });
    const multi = rules.rdsInstance(db({}), ctx());
    expect(dollars(multi)).to.equal(69.4); // 2 × 730 × 0.04 + 2 × 50 × 0.1 + 2 × 0.5
    expect(multi.basis).to.contain("Performance Insights 7 days: free");
    expect(multi.unpricedParts).to.equal(undefined);
    expect(dollars(rules.rdsInstance(db({ multiAz: false }), ctx()))).to.equal(35.2); // 29.2 + 5 + 1
    expect(
      rules.rdsInstance(db({ performanceInsightsRetentionPeriod: 31 }), ctx()).unpricedParts,
    ).to.deep.equal(["Performance Insights retention of 31 days (beyond the free 7)"]);
    expect(() => rules.rdsInstance(db({ instanceClass: "db.x2g.16xlarge" }), ctx())).to.throw(
      Unpriced,
      "db.x2g.16xlarge",
    );
    expect(() => rules.rdsInstance(db({ engine: "mysql" }), ctx())).to.throw(Unpriced, "mysql");
  });

  it("ElastiCache: node type × node count (replicas counted in cluster mode)", () => {
    const rg = (props: Record<string, unknown>) =>
      res("aws:elasticache/replicationGroup:ReplicationGroup", "rg", {
        nodeType: "cache.t4g.small",
        ...props,
      });
    expect(dollars(rules.cacheReplicationGroup(rg({ numCacheClusters: 3 }), ctx()))).to.equal(43.8); // 3 × 730 × 0.02
    expect(
      dollars(
        rules.cacheReplicationGroup(rg({ numNodeGroups: 2, replicasPerNodeGroup: 1 }), ctx()),
      ),
    ).to.equal(58.4);
    expect(() => rules.cacheReplicationGroup(rg({ nodeType: "cache.r7g.xlarge" }), ctx())).to.throw(
      Unpriced,
      "cache.r7g.xlarge",
    );
  });

  it("Fargate: desiredCount tasks × (vCPU and GB of the task definition) by architecture", () => {
    const td = (arch: string) =>
      res(
        "aws:ecs/taskDefinition:TaskDefinition",
        "web-task",
        { cpu: "512", memory: "1024", family: "web", runtimePlatform: { cpuArchitecture: arch } },
        { parent: "urn:web" },
      );
    const svc = res(
      "aws:ecs/service:Service",
      "web-service",
      {
        desiredCount: 2,
        launchType: "FARGATE",
        taskDefinition: "arn:aws:ecs:x:1:taskdefinition/web-task-id",
      },
      { parent: "urn:web" },
    );
    expect(dollars(rules.ecsService(svc, ctx([svc, td("X86_64")])))).to.equal(35.04); // 2 × 730 × (0.5 × 0.04 + 1 × 0.004)
    expect(dollars(rules.ecsService(svc, ctx([svc, td("ARM64")])))).to.equal(26.28); // 2 × 730 × (0.015 + 0.003)
    expect(() => rules.ecsService(svc, ctx([svc]))).to.throw(Unpriced, "task definition");
  });

  it("ECS cluster: Container Insights metrics and performance logs, or no charge without them", () => {
    const svc = res("aws:ecs/service:Service", "s", { cluster: "arn:aws:ecs:x:1:cluster/c1" });
    const on = res("aws:ecs/cluster:Cluster", "c", {
      name: "c1",
      settings: [{ name: "containerInsights", value: "enabled" }],
    });
    expect(dollars(rules.ecsCluster(on, ctx([on, svc])))).to.equal(6.5); // (8 + 12) × 0.3 + 1 × 0.5
    const off = res("aws:ecs/cluster:Cluster", "c", {
      name: "c1",
      settings: [{ name: "containerInsights", value: "disabled" }],
    });
    expect(rules.ecsCluster(off, ctx([off, svc])).monthly).to.equal(0);
    expect(rules.ecsCluster(off, ctx([off, svc])).basis).to.match(/^no charge: /);
  });

  it("Lambda: assumed invocations × duration × memory, plus X-Ray when tracing is active", () => {
    const fn = (props: Record<string, unknown>) =>
      res("aws:lambda/function:Function", "fn", { memorySize: 512, ...props });
    expect(dollars(rules.lambdaFunction(fn({}), ctx()))).to.equal(1.2); // 0.2 + 1e6 × 0.2 s × 0.5 GB × 0.00001
    expect(
      dollars(rules.lambdaFunction(fn({ tracingConfig: { mode: "Active" } }), ctx())),
    ).to.equal(1.7); // + 100,000 traces × $5/M
    expect(dollars(rules.lambdaFunction(fn({ architectures: ["arm64"] }), ctx()))).to.equal(1); // 0.2 + 100,000 GB-s × 0.000008
  });

  it("KMS key: $1 a month plus requests; each of the first two rotations adds a key-month", () => {
    const key = res("aws:kms/key:Key", "key", { enableKeyRotation: true });
    expect(dollars(rules.kmsKey(key, ctx()))).to.equal(1.3); // 1 + 10 × 0.03
    expect(
      dollars(
        rules.kmsKey(
          key,
          ctx([], { ...USAGE, kms: { requestsPerMonth: 100_000, rotationsSoFar: 5 } }),
        ),
      ),
    ).to.equal(3.3);
  });

  it("Secrets Manager: $0.40 a secret plus API calls", () => {
    expect(dollars(rules.secret(res("aws:secretsmanager/secret:Secret", "s", {}), ctx()))).to.equal(
      0.5,
    ); // 0.4 + 2 × 0.05
  });

  it("CloudWatch alarm: standard $0.10 (percentiles too), high resolution $0.30, anomaly detection × 3", () => {
    const alarm = (props: Record<string, unknown>) =>
      res("aws:cloudwatch/metricAlarm:MetricAlarm", "a", props);
    expect(dollars(rules.metricAlarm(alarm({ period: 60, statistic: "Sum" }), ctx()))).to.equal(
      0.1,
    );
    const p95 = rules.metricAlarm(alarm({ period: 60, extendedStatistic: "p95" }), ctx());
    expect(dollars(p95)).to.equal(0.1);
    expect(p95.basis).to.equal(
      "1 standard-resolution alarm metric × $0.1 (p95: a percentile costs the same)",
    );
    expect(dollars(rules.metricAlarm(alarm({ period: 10 }), ctx()))).to.equal(0.3);
    expect(
      dollars(
        rules.metricAlarm(
          alarm({
            thresholdMetricId: "ad1",
            metricQueries: [{ id: "m1", metric: { period: 60 } }, { id: "ad1" }],
          }),
          ctx(),
        ),
      ),
    ).to.equal(0.3);
  });

  it("CloudWatch dashboard: $3 a month", () => {
    expect(
      dollars(rules.dashboard(res("aws:cloudwatch/dashboard:Dashboard", "d", {}), ctx())),
    ).to.equal(3);
  });

  it("log group: assumed ingestion by component, compressed storage over the retention", () => {
    const lg = (props: Record<string, unknown>) =>
      res("aws:cloudwatch/logGroup:LogGroup", "lg", { name: "/p/web", ...props });
    expect(dollars(rules.logGroup(lg({ retentionInDays: 30 }), ctx()))).to.equal(2.03); // 4 × 0.5 + 4 × 1 × 0.25 × 0.03
    expect(dollars(rules.logGroup(lg({}), ctx()))).to.equal(2.36); // retention unlimited: 12 months kept
    expect(dollars(rules.logGroup(lg({ retentionInDays: 30 }), ctx([], USAGE, "Cache")))).to.equal(
      0.51,
    ); // default 1 GB
    const flow = res("aws:ec2/flowLog:FlowLog", "fl", {
      logDestination: "arn:aws:logs:x:1:loggroup//p/flow",
    });
    const flowGroup = lg({ name: "/p/flow", retentionInDays: 30 });
    const p = rules.logGroup(flowGroup, ctx([flow, flowGroup]));
    expect(p.monthly).to.be.closeTo(0.075, 1e-12); // storage only: 10 × 1 × 0.25 × 0.03
    expect(p.basis).to.match(/^flow logs: ingestion priced on the flow log/);
  });

  it("S3 bucket: assumed storage and requests", () => {
    expect(dollars(rules.s3Bucket(res("aws:s3/bucket:Bucket", "b", {}), ctx()))).to.equal(2.09); // 2 + 0.05 + 0.04
  });

  it("SNS: publishes; e-mail notifications on the subscription; SQS deliveries free", () => {
    expect(dollars(rules.snsTopic(res("aws:sns/topic:Topic", "t", {}), ctx()))).to.equal(1);
    expect(
      dollars(
        rules.topicSubscription(
          res("aws:sns/topicSubscription:TopicSubscription", "s", { protocol: "email" }),
          ctx(),
        ),
      ),
    ).to.equal(1);
    expect(
      rules.topicSubscription(
        res("aws:sns/topicSubscription:TopicSubscription", "s", { protocol: "sqs" }),
        ctx(),
      ),
    ).to.deep.equal({
      monthly: 0,
      basis: "no charge: SNS deliveries to sqs are free",
    });
    expect(() =>
      rules.topicSubscription(
        res("aws:sns/topicSubscription:TopicSubscription", "s", { protocol: "sms" }),
        ctx(),
      ),
    ).to.throw(Unpriced);
  });

  it("SQS: assumed requests", () => {
    expect(dollars(rules.sqsQueue(res("aws:sqs/queue:Queue", "q", {}), ctx()))).to.equal(1.2);
  });

  it("AWS Backup vault: assumed RDS and S3 backup storage, plus transfer when it receives cross-region copies", () => {
    const vault = res("aws:backup/vault:Vault", "copy", { name: "p-vault-copy" });
    expect(dollars(rules.backupVault(vault, ctx()))).to.equal(12.5); // 100 × 0.1 + 50 × 0.05
    const plan = res("aws:backup/plan:Plan", "plan", {
      rules: [{ copyActions: [{ destinationVaultArn: "arn:aws:backup:x:1:vault/p-vault-copy" }] }],
    });
    expect(dollars(rules.backupVault(vault, ctx([plan, vault])))).to.equal(12.9);
  });

  it("a missing usage assumption is Unpriced, not zero", () => {
    expect(() =>
      rules.natGateway(res("aws:ec2/natGateway:NatGateway", "nat", {}), ctx([], {})),
    ).to.throw(Unpriced, "natGateway.processedGbPerMonth");
  });
});
