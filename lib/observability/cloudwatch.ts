/**
 * The AWS rendering of the one alert definition (`./alerts.ts`): one
 * CloudWatch alarm spec per alert, and per cache node for the cache alerts,
 * as plain data, so tests read thresholds and dimensions without a Pulumi
 * runtime. Dimension sets are the ones AWS publishes for each namespace
 * (AWS "metrics and dimensions" pages for ApplicationELB, ECS, RDS,
 * ElastiCache, Lambda, SQS and CertificateManager, read 2026-11-30; the
 * policy pack's deployability rules check every alarm against the same
 * facts).
 */
import {
  ALERTS,
  AlertDefinition,
  AwsOnlyAlertDefinition,
  AWS_ONLY_ALERTS,
  AwsScope,
} from "./alerts";

type AwsAlert = Omit<AlertDefinition, "dev" | "name"> | AwsOnlyAlertDefinition;

/** What the alarms watch: the identifiers AWS uses as dimension values. */
export interface AlarmTargets {
  readonly albArnSuffix: string;
  readonly targetGroupArnSuffix: string;
  readonly clusterName: string;
  readonly serviceName: string;
  readonly dbInstanceIdentifier: string;
  /** The replication group's member clusters (`<group>-001`, …): ElastiCache publishes per node. */
  readonly cacheMemberClusterIds: readonly string[];
  readonly functionName: string;
  readonly deadLetterQueueName: string;
  /** The HTTPS listener's ACM certificate. */
  readonly certificateArn: string;
  /** The database's allocated storage (GiB): the storage alarm's threshold is a share of it. */
  readonly allocatedStorageGiB: number;
}

/** One query of a metric-math alarm. */
export interface AlarmQuery {
  readonly id: string;
  readonly expression?: string;
  readonly label?: string;
  readonly returnData: boolean;
  readonly metric?: {
    readonly namespace: string;
    readonly metricName: string;
    readonly dimensions: Record<string, string>;
    readonly stat: string;
    readonly period: number;
  };
}

export interface AlarmSpec {
  /** The alert of the definition this alarm renders. */
  readonly alertId: string;
  /** Unique per alarm: the alert id, with the cache node's suffix for per-node alarms. */
  readonly id: string;
  readonly description: string;
  /** Set for single-metric alarms. */
  readonly namespace?: string;
  readonly metricName?: string;
  readonly dimensions?: Record<string, string>;
  readonly statistic?: "Sum" | "Average" | "Maximum" | "Minimum";
  readonly extendedStatistic?: string;
  /** Set for metric-math alarms (a ratio). */
  readonly metricQueries?: readonly AlarmQuery[];
  readonly comparisonOperator: "GreaterThanThreshold" | "LessThanThreshold";
  /** In CloudWatch's unit (seconds, percent, count, bytes, days). */
  readonly threshold: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly treatMissingData: "notBreaching" | "breaching" | "missing";
}

/** The dimension sets of each scope: one entry per alarm (several for per-node metrics). */
function dimensionSets(scope: AwsScope, t: AlarmTargets): Record<string, string>[] {
  switch (scope) {
    case "loadBalancer":
      return [{ LoadBalancer: t.albArnSuffix }];
    case "targetGroup":
      return [{ LoadBalancer: t.albArnSuffix, TargetGroup: t.targetGroupArnSuffix }];
    case "service":
      return [{ ClusterName: t.clusterName, ServiceName: t.serviceName }];
    case "database":
      return [{ DBInstanceIdentifier: t.dbInstanceIdentifier }];
    case "cacheNode":
      return t.cacheMemberClusterIds.map((id) => ({ CacheClusterId: id }));
    case "function":
      return [{ FunctionName: t.functionName }];
    case "deadLetterQueue":
      return [{ QueueName: t.deadLetterQueueName }];
    case "certificate":
      return [{ CertificateArn: t.certificateArn }];
  }
}

/** The threshold in CloudWatch's unit: the storage alert is "used above N %", CloudWatch measures free bytes. */
function cloudWatchThreshold(a: AwsAlert, t: AlarmTargets): number {
  if (a.aws.metricName === "FreeStorageSpace") {
    return Math.round(((100 - a.threshold) / 100) * t.allocatedStorageGiB * 1024 ** 3);
  }
  return a.threshold;
}

function comparison(a: AwsAlert): AlarmSpec["comparisonOperator"] {
  const inverted = a.aws.metricName === "FreeStorageSpace";
  const above = (a.comparison === "above") !== inverted;
  return above ? "GreaterThanThreshold" : "LessThanThreshold";
}

/** Every alarm of an AWS stack: the shared alerts, then the AWS-only ones. */
export function alarmSpecs(
  t: AlarmTargets,
  alerts: readonly AwsAlert[] = [...ALERTS, ...AWS_ONLY_ALERTS],
): AlarmSpec[] {
  return alerts.flatMap((a) => {
    const period = a.aws.periodSeconds ?? 60;
    const sets = dimensionSets(a.aws.scope, t);
    return sets.map((dimensions, i): AlarmSpec => {
      // Per-node alarms are named after the member cluster's number (`cache-cpu-001`).
      const node = dimensions.CacheClusterId?.split("-").pop();
      const base = {
        alertId: a.id,
        id: node !== undefined ? `${a.id}-${node}` : sets.length > 1 ? `${a.id}-${i + 1}` : a.id,
        description: a.summary,
        comparisonOperator: comparison(a),
        threshold: cloudWatchThreshold(a, t),
        periodSeconds: period,
        evaluationPeriods: Math.max(1, Math.round((a.forMinutes * 60) / period)),
        treatMissingData: a.aws.treatMissingData ?? "notBreaching",
      };
      if (a.aws.per !== undefined) {
        const metric = (metricName: string) => ({
          namespace: a.aws.namespace,
          metricName,
          dimensions,
          stat: "Sum",
          period,
        });
        return {
          ...base,
          metricQueries: [
            { id: "part", metric: metric(a.aws.metricName), returnData: false },
            { id: "whole", metric: metric(a.aws.per.metricName), returnData: false },
            {
              id: "ratio",
              expression: "100 * part / whole",
              label: `${a.aws.metricName} per ${a.aws.per.metricName} (%)`,
              returnData: true,
            },
          ],
        };
      }
      const stat = a.aws.statistic;
      return {
        ...base,
        namespace: a.aws.namespace,
        metricName: a.aws.metricName,
        dimensions,
        ...(stat === "p95" ? { extendedStatistic: stat } : { statistic: stat }),
      };
    });
  });
}

/** A CloudWatch dashboard body with one widget per alarm, two a row, each with its threshold line. */
export function dashboardBody(region: string, specs: readonly AlarmSpec[]): string {
  return JSON.stringify({
    widgets: specs.map((s, i) => ({
      type: "metric",
      x: (i % 2) * 12,
      y: Math.floor(i / 2) * 6,
      width: 12,
      height: 6,
      properties: {
        title: s.description,
        region,
        period: s.periodSeconds,
        ...(s.metricQueries !== undefined
          ? {
              metrics: s.metricQueries.map((q) =>
                q.expression !== undefined
                  ? [{ expression: q.expression, label: q.label, id: q.id }]
                  : [
                      q.metric?.namespace,
                      q.metric?.metricName,
                      ...Object.entries(q.metric?.dimensions ?? {}).flat(),
                      { id: q.id, visible: false, stat: q.metric?.stat },
                    ],
              ),
            }
          : {
              stat: s.extendedStatistic ?? s.statistic,
              metrics: [[s.namespace, s.metricName, ...Object.entries(s.dimensions ?? {}).flat()]],
            }),
        annotations: { horizontal: [{ label: "alarm", value: s.threshold }] },
      },
    })),
  });
}
