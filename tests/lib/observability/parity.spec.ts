/**
 * The two renderings of the one alert definition carry the same alerts: the
 * dev stack's Prometheus rules and the AWS stacks' CloudWatch alarms have the
 * same alert ids, the same direction, the same threshold (in each world's
 * unit) and the same evaluation window.
 */
import { expect } from "chai";
import { parse } from "yaml";
import { ALERTS, AWS_ONLY_ALERTS, DevLimits } from "../../../lib/observability/alerts";
import { alarmSpecs, AlarmTargets } from "../../../lib/observability/cloudwatch";
import { PrometheusRule, renderRulesFile } from "../../../lib/observability/prometheus";

const LIMITS: DevLimits = {
  appMemoryBytes: 512 * 1024 ** 2,
  appCpus: 1,
  databaseStorageBytes: 10 * 1024 ** 3,
};
const TARGETS: AlarmTargets = {
  albArnSuffix: "app/platform-prod-web/0123456789abcdef",
  targetGroupArnSuffix: "targetgroup/platform-prod-web/0123456789abcdef",
  clusterName: "platform-prod",
  serviceName: "platform-prod-web",
  dbInstanceIdentifier: "platform-prod-db",
  cacheMemberClusterIds: ["platform-prod-cache-001", "platform-prod-cache-002"],
  functionName: "platform-prod-file-processor",
  deadLetterQueueName: "platform-prod-file-processor-dlq",
  certificateArn:
    "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000",
  allocatedStorageGiB: 100,
};

function rules(): PrometheusRule[] {
  return (parse(renderRulesFile(LIMITS)) as { groups: { rules: PrometheusRule[] }[] }).groups[0]
    .rules;
}

describe("lib/observability: the Prometheus and CloudWatch renderings agree", () => {
  it("carry exactly the alerts of the definition", () => {
    const ids = ALERTS.map((a) => a.id).sort();
    expect(
      rules()
        .map((r) => r.labels.id)
        .sort(),
    ).to.deep.equal(ids);
    expect([...new Set(alarmSpecs(TARGETS).map((s) => s.alertId))].sort()).to.deep.equal(
      [...ids, ...AWS_ONLY_ALERTS.map((a) => a.id)].sort(),
    );
    expect(ids).to.include.members([
      "web-p95-latency",
      "web-5xx-ratio",
      "web-cpu",
      "web-memory",
      "db-connections",
      "db-storage",
      "cache-memory",
      "cache-cpu",
      "cache-evictions",
      "file-processor-failures",
      "file-processor-dlq",
      "certificate-expiry",
      "web-no-data",
    ]);
  });

  it("leave out of dev only the AWS resource alarms it has no source for, each with its reason", () => {
    expect(AWS_ONLY_ALERTS.map((a) => [a.id, a.aws.namespace, a.aws.metricName])).to.deep.equal([
      ["alb-5xx", "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count"],
      ["db-cpu", "AWS/RDS", "CPUUtilization"],
      ["db-free-memory", "AWS/RDS", "FreeableMemory"],
    ]);
    for (const a of AWS_ONLY_ALERTS) expect(a.devUnavailable, a.id).to.match(/^dev|^the dev/);
  });

  it("compare in the same direction with the same threshold and window", () => {
    const specs = alarmSpecs(TARGETS);
    for (const r of rules()) {
      const a = ALERTS.find((x) => x.id === r.labels.id)!;
      const op = a.comparison === "above" ? ">" : "<";
      expect(r.expr.endsWith(`) ${op} ${a.threshold}`), r.expr).to.equal(true);
      expect(r.for).to.equal(`${a.forMinutes}m`);
      for (const s of specs.filter((x) => x.alertId === a.id)) {
        expect(s.periodSeconds * s.evaluationPeriods, s.id).to.equal(
          Math.max(a.forMinutes * 60, s.periodSeconds),
        );
        if (a.id === "db-storage") {
          // "more than 80 % used" is "less than 20 % of 100 GiB free" on CloudWatch.
          expect(s.comparisonOperator).to.equal("LessThanThreshold");
          expect(s.threshold).to.equal(20 * 1024 ** 3);
        } else {
          expect(s.comparisonOperator, s.id).to.equal(
            a.comparison === "above" ? "GreaterThanThreshold" : "LessThanThreshold",
          );
          expect(s.threshold, s.id).to.equal(a.threshold);
        }
      }
    }
  });
});

describe("lib/observability/cloudwatch: alarmSpecs", () => {
  const specs = alarmSpecs(TARGETS);
  const byId = (id: string) => specs.find((s) => s.id === id)!;

  it("alarms on the cache per member cluster, the dimension ElastiCache publishes", () => {
    expect(
      specs.filter((s) => s.namespace === "AWS/ElastiCache").map((s) => [s.id, s.dimensions]),
    ).to.deep.equal([
      ["cache-memory-001", { CacheClusterId: "platform-prod-cache-001" }],
      ["cache-memory-002", { CacheClusterId: "platform-prod-cache-002" }],
      ["cache-cpu-001", { CacheClusterId: "platform-prod-cache-001" }],
      ["cache-cpu-002", { CacheClusterId: "platform-prod-cache-002" }],
      ["cache-evictions-001", { CacheClusterId: "platform-prod-cache-001" }],
      ["cache-evictions-002", { CacheClusterId: "platform-prod-cache-002" }],
    ]);
  });

  it("computes the 5xx ratio with metric math over the target group's Sum of 5xx and requests", () => {
    expect(byId("web-5xx-ratio").metricQueries).to.deep.equal([
      {
        id: "part",
        returnData: false,
        metric: {
          namespace: "AWS/ApplicationELB",
          metricName: "HTTPCode_Target_5XX_Count",
          dimensions: {
            LoadBalancer: TARGETS.albArnSuffix,
            TargetGroup: TARGETS.targetGroupArnSuffix,
          },
          stat: "Sum",
          period: 60,
        },
      },
      {
        id: "whole",
        returnData: false,
        metric: {
          namespace: "AWS/ApplicationELB",
          metricName: "RequestCount",
          dimensions: {
            LoadBalancer: TARGETS.albArnSuffix,
            TargetGroup: TARGETS.targetGroupArnSuffix,
          },
          stat: "Sum",
          period: 60,
        },
      },
      {
        id: "ratio",
        expression: "100 * part / whole",
        label: "HTTPCode_Target_5XX_Count per RequestCount (%)",
        returnData: true,
      },
    ]);
    expect(byId("web-5xx-ratio").namespace).to.equal(undefined);
  });

  it("watches the certificate's DaysToExpiry once a day, below 30 days", () => {
    expect(byId("certificate-expiry")).to.deep.include({
      namespace: "AWS/CertificateManager",
      metricName: "DaysToExpiry",
      dimensions: { CertificateArn: TARGETS.certificateArn },
      statistic: "Minimum",
      comparisonOperator: "LessThanThreshold",
      threshold: 30,
      periodSeconds: 86400,
      evaluationPeriods: 1,
      treatMissingData: "missing",
    });
  });

  it("treats a target group without data as no healthy host", () => {
    expect(byId("web-no-data")).to.deep.include({
      metricName: "HealthyHostCount",
      statistic: "Minimum",
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
      treatMissingData: "breaching",
    });
  });

  it("uses p95 as an extended statistic for latency", () => {
    expect(byId("web-p95-latency")).to.deep.include({
      extendedStatistic: "p95",
      threshold: 0.2,
      evaluationPeriods: 5,
    });
    expect(byId("web-p95-latency")).to.not.have.property("statistic");
  });
});
