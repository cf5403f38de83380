/**
 * The alarms of the platform as plain data: one spec per alarm, so tests can
 * read thresholds and dimensions without a Pulumi runtime.
 */
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
}

export interface AlarmSpec {
  /** Short role, part of the alarm's name. */
  readonly id: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly statistic?: "Sum" | "Average" | "Maximum" | "Minimum";
  readonly extendedStatistic?: string;
  readonly comparisonOperator:
    "GreaterThanThreshold" | "LessThanThreshold" | "GreaterThanOrEqualToThreshold";
  readonly threshold: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly treatMissingData: "notBreaching" | "breaching" | "missing";
}

/** p95 latency budget of the web service, in seconds. */
export const P95_LATENCY_SECONDS = 0.2;

export function alarmSpecs(t: AlarmTargets): AlarmSpec[] {
  const alb = { LoadBalancer: t.albArnSuffix };
  const ecs = { ClusterName: t.clusterName, ServiceName: t.serviceName };
  const rds = { DBInstanceIdentifier: t.dbInstanceIdentifier };
  const fn = { FunctionName: t.functionName };
  const base = {
    periodSeconds: 60,
    evaluationPeriods: 5,
    treatMissingData: "notBreaching" as const,
  };
  return [
    {
      ...base,
      id: "web-5xx",
      description: "Web service targets answer 5xx",
      namespace: "AWS/ApplicationELB",
      metricName: "HTTPCode_Target_5XX_Count",
      dimensions: { ...alb, TargetGroup: t.targetGroupArnSuffix },
      statistic: "Sum",
      comparisonOperator: "GreaterThanThreshold",
      threshold: 5,
    },
    {
      ...base,
      id: "alb-5xx",
      description: "The load balancer itself answers 5xx",
      namespace: "AWS/ApplicationELB",
      metricName: "HTTPCode_ELB_5XX_Count",
      dimensions: alb,
      statistic: "Sum",
      comparisonOperator: "GreaterThanThreshold",
      threshold: 5,
    },
    {
      ...base,
      id: "web-p95-latency",
      description: `p95 latency above ${P95_LATENCY_SECONDS * 1000} ms`,
      namespace: "AWS/ApplicationELB",
      metricName: "TargetResponseTime",
      dimensions: { ...alb, TargetGroup: t.targetGroupArnSuffix },
      extendedStatistic: "p95",
      comparisonOperator: "GreaterThanThreshold",
      threshold: P95_LATENCY_SECONDS,
    },
    {
      ...base,
      id: "web-cpu",
      description: "Web service CPU above 80%",
      namespace: "AWS/ECS",
      metricName: "CPUUtilization",
      dimensions: ecs,
      statistic: "Average",
      comparisonOperator: "GreaterThanThreshold",
      threshold: 80,
    },
    {
      ...base,
      id: "web-memory",
      description: "Web service memory above 80%",
      namespace: "AWS/ECS",
      metricName: "MemoryUtilization",
      dimensions: ecs,
      statistic: "Average",
      comparisonOperator: "GreaterThanThreshold",
      threshold: 80,
    },
    {
      ...base,
      id: "db-cpu",
      description: "Database CPU above 80%",
      namespace: "AWS/RDS",
      metricName: "CPUUtilization",
      dimensions: rds,
      statistic: "Average",
      comparisonOperator: "GreaterThanThreshold",
      threshold: 80,
    },
    {
      ...base,
      id: "db-free-storage",
      description: "Database free storage below 2 GiB",
      namespace: "AWS/RDS",
      metricName: "FreeStorageSpace",
      dimensions: rds,
      statistic: "Minimum",
      comparisonOperator: "LessThanThreshold",
      threshold: 2 * 1024 ** 3,
    },
    {
      ...base,
      id: "db-free-memory",
      description: "Database freeable memory below 128 MiB",
      namespace: "AWS/RDS",
      metricName: "FreeableMemory",
      dimensions: rds,
      statistic: "Minimum",
      comparisonOperator: "LessThanThreshold",
      threshold: 128 * 1024 ** 2,
    },
    // One alarm per member cluster: ElastiCache publishes engine metrics per
    // cache cluster (CacheClusterId), never per replication group.
    ...t.cacheMemberClusterIds.flatMap((clusterId): AlarmSpec[] => {
      const member = clusterId.slice(clusterId.lastIndexOf("-") + 1);
      const cache = { CacheClusterId: clusterId };
      return [
        {
          ...base,
          id: `cache-cpu-${member}`,
          description: `Cache engine CPU above 80% on ${clusterId}`,
          namespace: "AWS/ElastiCache",
          metricName: "EngineCPUUtilization",
          dimensions: cache,
          statistic: "Average",
          comparisonOperator: "GreaterThanThreshold",
          threshold: 80,
        },
        {
          ...base,
          id: `cache-memory-${member}`,
          description: `Cache memory above 80% on ${clusterId}`,
          namespace: "AWS/ElastiCache",
          metricName: "DatabaseMemoryUsagePercentage",
          dimensions: cache,
          statistic: "Average",
          comparisonOperator: "GreaterThanThreshold",
          threshold: 80,
        },
      ];
    }),
    {
      ...base,
      id: "file-processor-errors",
      description: "File processor invocations fail",
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: fn,
      statistic: "Sum",
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      evaluationPeriods: 1,
    },
    {
      ...base,
      id: "file-processor-dlq",
      description: "Events wait in the file processor's dead-letter queue",
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: t.deadLetterQueueName },
      statistic: "Maximum",
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      evaluationPeriods: 1,
    },
  ];
}

/** A CloudWatch dashboard body showing the alarms' metrics, two widgets a row. */
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
        stat: s.extendedStatistic ?? s.statistic,
        period: s.periodSeconds,
        metrics: [[s.namespace, s.metricName, ...Object.entries(s.dimensions).flat()]],
        annotations: { horizontal: [{ label: "alarm", value: s.threshold }] },
      },
    })),
  });
}
