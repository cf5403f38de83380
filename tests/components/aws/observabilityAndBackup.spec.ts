import { expect } from "chai";
import { alarmSpecs, AlarmSpec } from "../../../components/aws/alarms";
import {
  Backup,
  BACKUP_COMPLETION_WINDOW_MINUTES,
  BACKUP_SCHEDULE,
  BACKUP_START_WINDOW_MINUTES,
} from "../../../components/aws/backup";
import {
  DATABASE_BACKUP_WINDOW,
  DATABASE_MAINTENANCE_WINDOW,
} from "../../../components/aws/database";
import { alarmTopicPolicy, Observability } from "../../../components/aws/observability";
import { unpublishedDimensions } from "../../../lib/cloudwatchMetrics";
import { PROFILES } from "../../../config/profiles";
import { build, KEY_ARN, ofType, one, props, PROD, STAGING } from "../../support/mockRun";

const targets = {
  albArnSuffix: "app/web/1",
  targetGroupArnSuffix: "targetgroup/web/2",
  clusterName: "cluster",
  serviceName: "web",
  dbInstanceIdentifier: "db",
  cacheMemberClusterIds: ["platform-staging-cache-001", "platform-staging-cache-002"],
  functionName: "fp",
  deadLetterQueueName: "dlq",
  certificateArn:
    "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000",
  allocatedStorageGiB: 20,
};

/** Each metric an alarm reads, with its dimension names (metric-math alarms read several). */
function metricsOf(s: AlarmSpec): { namespace: string; metricName: string; dims: string[] }[] {
  if (s.metricQueries !== undefined) {
    return s.metricQueries.flatMap((q) =>
      q.metric === undefined
        ? []
        : [
            {
              namespace: q.metric.namespace,
              metricName: q.metric.metricName,
              dims: Object.keys(q.metric.dimensions),
            },
          ],
    );
  }
  return [
    {
      namespace: s.namespace ?? "",
      metricName: s.metricName ?? "",
      dims: Object.keys(s.dimensions ?? {}),
    },
  ];
}

describe("components/aws/observability", () => {
  it("sends every alarm to an encrypted alarm topic, with e-mail when configured", async () => {
    const rs = await build(
      () =>
        new Observability("platform-observability", {
          naming: STAGING,
          region: "eu-west-1",
          kmsKeyArn: KEY_ARN,
          alarmEmail: "oncall@example.com",
          cacheClusterCount: 2,
          targets,
        }),
    );
    const topic = props(one(rs, "aws:sns/topic:Topic"));
    expect(topic).to.include({ name: "platform-staging-alarms", kmsMasterKeyId: KEY_ARN });
    expect(props(one(rs, "aws:sns/topicSubscription:TopicSubscription"))).to.include({
      protocol: "email",
      endpoint: "oncall@example.com",
    });
    const alarms = ofType(rs, "aws:cloudwatch/metricAlarm:MetricAlarm").map(props);
    expect(alarms.map((a) => a.name).sort()).to.deep.equal(
      alarmSpecs(targets)
        .map((s) => `platform-staging-${s.id}`)
        .sort(),
    );
    for (const a of alarms)
      expect(a.alarmActions).to.deep.equal([
        "arn:aws:sns:eu-west-1:123456789012:topic/platform-staging-alarms",
      ]);
    const p95 = alarms.find((a) => a.name === "platform-staging-web-p95-latency");
    expect(p95).to.include({
      extendedStatistic: "p95",
      threshold: 0.2,
      metricName: "TargetResponseTime",
    });
    expect(p95?.dimensions).to.deep.equal({
      LoadBalancer: "app/web/1",
      TargetGroup: "targetgroup/web/2",
    });
    expect(props(one(rs, "aws:cloudwatch/dashboard:Dashboard")).dashboardName).to.equal(
      "platform-staging-platform",
    );
  });

  it("renders the one alert definition: latency, 5xx ratio, CPU/memory, database, cache, file processor, certificate, no data, then the AWS-only alarms", () => {
    expect(
      alarmSpecs(targets).map((s) =>
        [s.id, ...metricsOf(s).map((m) => `${m.namespace}/${m.metricName}`)].join(" "),
      ),
    ).to.deep.equal([
      "web-p95-latency AWS/ApplicationELB/TargetResponseTime",
      "web-5xx-ratio AWS/ApplicationELB/HTTPCode_Target_5XX_Count AWS/ApplicationELB/RequestCount",
      "web-cpu AWS/ECS/CPUUtilization",
      "web-memory AWS/ECS/MemoryUtilization",
      "db-connections AWS/RDS/DatabaseConnections",
      "db-storage AWS/RDS/FreeStorageSpace",
      "cache-memory-001 AWS/ElastiCache/DatabaseMemoryUsagePercentage",
      "cache-memory-002 AWS/ElastiCache/DatabaseMemoryUsagePercentage",
      "cache-cpu-001 AWS/ElastiCache/EngineCPUUtilization",
      "cache-cpu-002 AWS/ElastiCache/EngineCPUUtilization",
      "cache-evictions-001 AWS/ElastiCache/Evictions",
      "cache-evictions-002 AWS/ElastiCache/Evictions",
      "file-processor-failures AWS/Lambda/Errors",
      "file-processor-dlq AWS/SQS/ApproximateNumberOfMessagesVisible",
      "certificate-expiry AWS/CertificateManager/DaysToExpiry",
      "web-no-data AWS/ApplicationELB/HealthyHostCount",
      "alb-5xx AWS/ApplicationELB/HTTPCode_ELB_5XX_Count",
      "db-cpu AWS/RDS/CPUUtilization",
      "db-free-memory AWS/RDS/FreeableMemory",
    ]);
  });

  // ElastiCache publishes per cache node, never per replication group
  // (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.html, read 2026-11-30).
  it("alarms on each cache member cluster by CacheClusterId", () => {
    const cache = alarmSpecs(targets).filter((s) => s.namespace === "AWS/ElastiCache");
    expect(cache.map((s) => [s.id, s.metricName, s.dimensions])).to.deep.equal([
      [
        "cache-memory-001",
        "DatabaseMemoryUsagePercentage",
        { CacheClusterId: "platform-staging-cache-001" },
      ],
      [
        "cache-memory-002",
        "DatabaseMemoryUsagePercentage",
        { CacheClusterId: "platform-staging-cache-002" },
      ],
      ["cache-cpu-001", "EngineCPUUtilization", { CacheClusterId: "platform-staging-cache-001" }],
      ["cache-cpu-002", "EngineCPUUtilization", { CacheClusterId: "platform-staging-cache-002" }],
      ["cache-evictions-001", "Evictions", { CacheClusterId: "platform-staging-cache-001" }],
      ["cache-evictions-002", "Evictions", { CacheClusterId: "platform-staging-cache-002" }],
    ]);
  });

  it("alarms only on dimension sets AWS publishes", () => {
    for (const s of alarmSpecs(targets)) {
      for (const m of metricsOf(s)) {
        expect(unpublishedDimensions(m.namespace, m.metricName, m.dims), s.id).to.equal(undefined);
      }
    }
    // Today's defect, for contrast: the replication group is not a dimension.
    expect(
      unpublishedDimensions("AWS/ElastiCache", "EngineCPUUtilization", ["ReplicationGroupId"]),
    ).to.equal(
      "AWS/ElastiCache EngineCPUUtilization is published with dimensions {CacheClusterId} or {CacheClusterId, CacheNodeId}, not {ReplicationGroupId} (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.html)",
    );
  });
});

describe("components/aws/backup", () => {
  // RDS's own rule for its backups, "The backup window can't overlap with the weekly maintenance
  // window" (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ManagingAutomatedBackups.html,
  // read 2026-11-30), held for AWS Backup's job too, with an hour's margin.
  it("keeps the AWS Backup job an hour clear of the database's backup and maintenance windows", () => {
    const hour = Number(/^cron\(0 (\d+) \* \* \? \*\)$/.exec(BACKUP_SCHEDULE)?.[1]);
    const job = [
      hour * 60,
      hour * 60 + BACKUP_START_WINDOW_MINUTES + BACKUP_COMPLETION_WINDOW_MINUTES,
    ];
    const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
    const [bStart, bEnd] = DATABASE_BACKUP_WINDOW.split("-").map(minutes);
    const [mStart, mEnd] = DATABASE_MAINTENANCE_WINDOW.split("-").map((w) => minutes(w.slice(4)));
    expect([DATABASE_BACKUP_WINDOW, DATABASE_MAINTENANCE_WINDOW]).to.deep.equal([
      "02:00-03:00",
      "sun:03:30-sun:04:30",
    ]);
    for (const [start, end] of [
      [bStart, bEnd],
      [mStart, mEnd],
    ]) {
      const clear = job[0] >= end + 60 || job[1] + 60 <= start;
      expect(clear, `job ${job} vs window ${start}-${end}`).to.equal(true);
    }
    expect(job).to.deep.equal([360, 540]);
  });

  it("creates nothing where the profile has no backup plan (staging)", async () => {
    const rs = await build(
      () =>
        new Backup("platform-backup", {
          naming: STAGING,
          profile: PROFILES.staging.backup,
          kmsKeyArn: KEY_ARN,
          resourceArns: ["arn:db"],
        }),
    );
    expect(rs.map((r) => r.type)).to.deep.equal(["platform:ops:Backup"]);
  });

  it("backs up the database and bucket daily into a CMK vault, copied to another region (prod)", async () => {
    const rs = await build(
      () =>
        new Backup("platform-backup", {
          naming: PROD,
          profile: PROFILES.prod.backup,
          kmsKeyArn: KEY_ARN,
          resourceArns: ["arn:db", "arn:bucket"],
          copyRegion: "eu-central-1",
          copyProviderTags: { Environment: "prod" },
          protect: true,
        }),
      "prod",
    );
    const vaults = ofType(rs, "aws:backup/vault:Vault");
    expect(vaults.map((v) => props(v).name)).to.deep.equal([
      "platform-prod-vault",
      "platform-prod-vault-copy",
    ]);
    expect(props(vaults[0]).kmsKeyArn).to.equal(KEY_ARN);
    expect(vaults[0].opts?.protect).to.equal(true);
    expect(vaults[1].provider?.props.region).to.equal("eu-central-1");
    const rule = props(one(rs, "aws:backup/plan:Plan")).rules[0];
    expect(rule).to.include({
      schedule: "cron(0 6 * * ? *)",
      startWindow: 60,
      completionWindow: 120,
      targetVaultName: "platform-prod-vault",
    });
    expect(rule.lifecycle).to.deep.equal({ deleteAfter: 35 });
    expect(rule.copyActions[0].destinationVaultArn).to.equal(
      "arn:aws:backup:eu-central-1:123456789012:vault/platform-prod-vault-copy",
    );
    expect(props(one(rs, "aws:backup/selection:Selection")).resources).to.deep.equal([
      "arn:db",
      "arn:bucket",
    ]);
    expect(props(one(rs, "aws:kms/key:Key")).enableKeyRotation).to.equal(true);
  });

  it("tests restores of the database and the bucket weekly, and sends failed backup, copy and restore jobs to the alarm topic (prod)", async () => {
    const topic = "arn:aws:sns:eu-west-1:123456789012:platform-prod-alarms";
    const rs = await build(
      () =>
        new Backup("platform-backup", {
          naming: PROD,
          profile: PROFILES.prod.backup,
          kmsKeyArn: KEY_ARN,
          resourceArns: ["arn:db", "arn:bucket"],
          restoreTests: {
            databaseArn: "arn:db",
            bucketArn: "arn:bucket",
            validatorCode: "app/dist/lambda",
            logRetentionDays: 90,
          },
          alarmTopicArn: topic,
        }),
      "prod",
    );
    // @pulumi/aws 7.48.0 backup/restoreTestingPlan.d.ts: the name allows only letters, digits and underscores.
    const plan = props(one(rs, "aws:backup/restoreTestingPlan:RestoreTestingPlan"));
    expect(plan).to.deep.include({
      name: "platform_prod_restore_test",
      scheduleExpression: "cron(0 6 ? * TUE *)",
      startWindowHours: 4,
    });
    expect(plan.recoveryPointSelection).to.deep.equal({
      algorithm: "LATEST_WITHIN_WINDOW",
      includeVaults: ["arn:aws:backup:eu-west-1:123456789012:vault/platform-prod-vault"],
      recoveryPointTypes: ["SNAPSHOT"],
      selectionWindowDays: 7,
    });
    const selections = ofType(rs, "aws:backup/restoreTestingSelection:RestoreTestingSelection").map(
      props,
    );
    expect(
      selections.map((x) => [
        x.name,
        x.protectedResourceType,
        x.protectedResourceArns,
        x.validationWindowHours,
      ]),
    ).to.deep.equal([
      ["platform_prod_restore_database", "RDS", ["arn:db"], 4],
      ["platform_prod_restore_bucket", "S3", ["arn:bucket"], 4],
    ]);
    for (const x of selections)
      expect(x.restoreTestingPlanName).to.equal("platform_prod_restore_test");
    const rule = props(
      one(rs, "aws:cloudwatch/eventRule:EventRule", "platform-backup-failed-jobs"),
    );
    expect(rule.name).to.equal("platform-prod-backup-failed");
    expect(JSON.parse(rule.eventPattern)).to.deep.equal({
      source: ["aws.backup"],
      $or: [
        {
          "detail-type": ["Backup Job State Change", "Copy Job State Change"],
          detail: { state: ["FAILED", "ABORTED", "EXPIRED"] },
        },
        { "detail-type": ["Restore Job State Change"], detail: { status: ["FAILED", "ABORTED"] } },
      ],
    });
    expect(
      props(one(rs, "aws:cloudwatch/eventTarget:EventTarget", "platform-backup-failed-jobs")),
    ).to.include({ rule: "platform-prod-backup-failed", arn: topic });

    // The validation step: completed restore jobs run the app's validator, which reports back.
    const completed = one(
      rs,
      "aws:cloudwatch/eventRule:EventRule",
      "platform-backup-restore-validator-completed",
    );
    expect(props(completed).name).to.equal("platform-prod-restore-completed");
    expect(JSON.parse(props(completed).eventPattern)).to.deep.equal({
      source: ["aws.backup"],
      "detail-type": ["Restore Job State Change"],
      detail: { status: ["COMPLETED"] },
    });
    const fn = one(rs, "aws:lambda/function:Function");
    expect(props(fn)).to.deep.include({
      name: "platform-prod-restore-validator",
      runtime: "nodejs24.x",
      handler: "restore-validation.handler",
      timeout: 60,
      loggingConfig: { logFormat: "JSON", logGroup: "/aws/lambda/platform-prod-restore-validator" },
    });
    const access = one(
      rs,
      "aws:iam/rolePolicy:RolePolicy",
      "platform-backup-restore-validator-access",
    );
    expect(fn.opts?.dependsOn).to.deep.equal([access.urn]);
    expect(
      JSON.parse(props(access).policy).Statement.map((x: { Sid: string; Action: unknown }) => [
        x.Sid,
        x.Action,
      ]),
    ).to.deep.equal([
      ["ReportValidation", ["backup:DescribeRestoreJob", "backup:PutRestoreValidationResult"]],
      ["ReadRestoredInstance", "rds:DescribeDBInstances"],
      ["ListRestoredBucket", "s3:ListBucket"],
      ["Logs", ["logs:CreateLogStream", "logs:PutLogEvents"]],
    ]);
    expect(props(one(rs, "aws:lambda/permission:Permission"))).to.include({
      action: "lambda:InvokeFunction",
      function: "platform-prod-restore-validator",
      principal: "events.amazonaws.com",
    });
    expect(
      props(
        one(
          rs,
          "aws:cloudwatch/eventTarget:EventTarget",
          "platform-backup-restore-validator-completed",
        ),
      ),
    ).to.include({ rule: "platform-prod-restore-completed" });
    expect(props(one(rs, "aws:cloudwatch/logGroup:LogGroup"))).to.include({
      name: "/aws/lambda/platform-prod-restore-validator",
      retentionInDays: 90,
      kmsKeyId: KEY_ARN,
    });
  });
});

describe("components/aws/observability: alarmTopicPolicy", () => {
  it("lets the account manage the topic, its alarms, its budgets and its stack's event rules publish, nobody else", () => {
    const policy = JSON.parse(
      alarmTopicPolicy(
        "arn:aws:sns:eu-west-1:123456789012:t",
        "123456789012",
        "aws",
        "eu-west-1",
        "platform-prod-",
      ),
    );
    expect(policy.Statement.map((s: any) => [s.Sid, s.Principal, s.Condition])).to.deep.equal([
      ["AccountManagesTopic", { AWS: "arn:aws:iam::123456789012:root" }, undefined],
      [
        "AlarmsPublish",
        { Service: "cloudwatch.amazonaws.com" },
        { ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:*" } },
      ],
      [
        "BudgetsPublish",
        { Service: "budgets.amazonaws.com" },
        {
          StringEquals: { "aws:SourceAccount": "123456789012" },
          ArnLike: { "aws:SourceArn": "arn:aws:budgets::123456789012:*" },
        },
      ],
      [
        "StackEventRulesPublish",
        { Service: "events.amazonaws.com" },
        {
          ArnLike: {
            "aws:SourceArn": "arn:aws:events:eu-west-1:123456789012:rule/platform-prod-*",
          },
        },
      ],
    ]);
  });
});
