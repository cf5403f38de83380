/**
 * The CloudWatch metrics the platform alarms on and the dimension sets AWS
 * publishes them with. An alarm whose dimension set is not one of these sees
 * no data and never fires (it stays OK with `treatMissingData: notBreaching`),
 * so every alarm is tested against this table.
 *
 * Each namespace names its source; all read 2026-11-30. Refresh: re-read the
 * page and compare the dimension sets of the metrics listed here.
 */

export interface PublishedMetrics {
  /** The AWS documentation page listing the namespace's metrics and dimensions. */
  readonly source: string;
  /** Metric name → the dimension sets (names, sorted) it is published with. */
  readonly metrics: Readonly<Record<string, readonly (readonly string[])[]>>;
}

export const PUBLISHED_METRICS_READ = "2026-11-30";

export const PUBLISHED_METRICS: Readonly<Record<string, PublishedMetrics>> = {
  "AWS/ApplicationELB": {
    source:
      "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html",
    metrics: {
      HTTPCode_Target_5XX_Count: [
        ["LoadBalancer"],
        ["AvailabilityZone", "LoadBalancer"],
        ["LoadBalancer", "TargetGroup"],
        ["AvailabilityZone", "LoadBalancer", "TargetGroup"],
      ],
      HTTPCode_ELB_5XX_Count: [["LoadBalancer"], ["AvailabilityZone", "LoadBalancer"]],
      RequestCount: [
        ["LoadBalancer"],
        ["AvailabilityZone", "LoadBalancer"],
        ["LoadBalancer", "TargetGroup"],
        ["AvailabilityZone", "LoadBalancer", "TargetGroup"],
      ],
      HealthyHostCount: [
        ["LoadBalancer", "TargetGroup"],
        ["AvailabilityZone", "LoadBalancer", "TargetGroup"],
      ],
      TargetResponseTime: [
        ["LoadBalancer"],
        ["AvailabilityZone", "LoadBalancer"],
        ["LoadBalancer", "TargetGroup"],
        ["AvailabilityZone", "LoadBalancer", "TargetGroup"],
      ],
    },
  },
  "AWS/ECS": {
    source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html",
    metrics: {
      CPUUtilization: [["ClusterName"], ["ClusterName", "ServiceName"]],
      MemoryUtilization: [["ClusterName"], ["ClusterName", "ServiceName"]],
    },
  },
  "AWS/RDS": {
    source: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/dimensions.html",
    metrics: {
      CPUUtilization: [["DBInstanceIdentifier"], ["DatabaseClass"], ["EngineName"], []],
      FreeStorageSpace: [["DBInstanceIdentifier"], ["DatabaseClass"], ["EngineName"], []],
      FreeableMemory: [["DBInstanceIdentifier"], ["DatabaseClass"], ["EngineName"], []],
      DatabaseConnections: [["DBInstanceIdentifier"], ["DatabaseClass"], ["EngineName"], []],
    },
  },
  // ElastiCache publishes per cache node: "These metrics are measured and
  // published for each Cache node" (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.html);
  // host-level metrics carry CacheClusterId and CacheNodeId
  // (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.HostLevel.html), the engine
  // metrics of a member cluster CacheClusterId. Never ReplicationGroupId.
  "AWS/ElastiCache": {
    source: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Redis.html",
    metrics: {
      CPUUtilization: [["CacheClusterId", "CacheNodeId"]],
      FreeableMemory: [["CacheClusterId", "CacheNodeId"]],
      EngineCPUUtilization: [["CacheClusterId"], ["CacheClusterId", "CacheNodeId"]],
      DatabaseMemoryUsagePercentage: [["CacheClusterId"], ["CacheClusterId", "CacheNodeId"]],
      Evictions: [["CacheClusterId"], ["CacheClusterId", "CacheNodeId"]],
    },
  },
  "AWS/CertificateManager": {
    source: "https://docs.aws.amazon.com/acm/latest/userguide/cloudwatch-metrics.html",
    metrics: {
      DaysToExpiry: [["CertificateArn"]],
    },
  },
  "AWS/Lambda": {
    source: "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html",
    metrics: {
      Errors: [
        ["FunctionName"],
        ["FunctionName", "Resource"],
        ["ExecutedVersion", "FunctionName", "Resource"],
        [],
      ],
    },
  },
  // A custom namespace: the audit trail's metric filters (components/aws/audit.ts)
  // publish these metrics without dimensions.
  CloudTrailMetrics: {
    source: "components/aws/audit.ts (custom metric filters, AUDIT_FILTERS)",
    metrics: {
      RootAccountUsage: [[]],
      ConsoleSignInWithoutMfa: [[]],
      IamPolicyChanges: [[]],
      KmsKeyDisabledOrScheduledForDeletion: [[]],
      KmsAccessDenied: [[]],
      SecurityGroupChanges: [[]],
    },
  },
  "AWS/SQS": {
    source:
      "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html",
    metrics: {
      ApproximateNumberOfMessagesVisible: [["QueueName"]],
    },
  },
};

/**
 * Why AWS never publishes `metricName` in `namespace` with these dimension
 * names, or undefined when it does.
 */
export function unpublishedDimensions(
  namespace: string,
  metricName: string,
  dimensionNames: readonly string[],
): string | undefined {
  const ns = PUBLISHED_METRICS[namespace];
  const sets = ns?.metrics[metricName];
  if (ns === undefined || sets === undefined) {
    return `${namespace} ${metricName} is not in the table of published metrics (lib/cloudwatchMetrics.ts)`;
  }
  const want = [...dimensionNames].sort().join(",");
  if (sets.some((s) => [...s].sort().join(",") === want)) return undefined;
  return `${namespace} ${metricName} is published with dimensions ${sets
    .map((s) => `{${s.join(", ")}}`)
    .join(" or ")}, not {${[...dimensionNames].sort().join(", ")}} (${ns.source})`;
}
