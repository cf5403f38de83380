/**
 * The platform's signals and alerts, defined once. Every alert has one
 * threshold and one evaluation window, and says how each environment
 * measures it:
 *
 * - `aws`: the CloudWatch metric (namespace, metric name, statistic) and the
 *   kind of resource whose dimensions identify it (rendered into
 *   `aws.cloudwatch.MetricAlarm`s by `./cloudwatch.ts`);
 * - `dev`: a PromQL expression over what the dev stack's Prometheus scrapes
 *   (the app's `/metrics`, postgres_exporter, redis_exporter,
 *   blackbox_exporter), rendered into alerting rules by `./prometheus.ts`.
 *
 * Both renderings compare the same measured quantity with the same
 * threshold; `tests/lib/observability/parity.spec.ts` holds them to it and
 * `tests/integration/observability/rules.spec.ts` proves each PromQL rule
 * with the real `promtool` (fires at the threshold, quiet just below).
 */

/** How a threshold is compared with the measured value. */
export type Comparison = "above" | "below";

/** Which resource's dimensions identify an AWS metric (see `./cloudwatch.ts`). */
export type AwsScope =
  | "loadBalancer"
  | "targetGroup"
  | "service"
  | "database"
  | "cacheNode"
  | "function"
  | "deadLetterQueue"
  | "certificate";

/** A CloudWatch metric, or a ratio of two (metric math), that measures the alert's quantity. */
export interface AwsMeasure {
  readonly namespace: string;
  readonly metricName: string;
  readonly statistic: "Sum" | "Average" | "Maximum" | "Minimum" | "p95";
  readonly scope: AwsScope;
  /** When set, the alarm is on `100 * metricName / per.metricName` (both Sum), a percentage. */
  readonly per?: { readonly metricName: string };
  /** CloudWatch's period for this metric in seconds. @default 60 */
  readonly periodSeconds?: number;
  /** What a period without data means. @default "notBreaching" */
  readonly treatMissingData?: "notBreaching" | "breaching" | "missing";
}

/** What dev's Prometheus knows about the stack, for the expressions. */
export interface DevLimits {
  /** The app container's memory limit in bytes. */
  readonly appMemoryBytes: number;
  /** The CPUs the app container may use. */
  readonly appCpus: number;
  /** The storage budget of the dev database volume in bytes. */
  readonly databaseStorageBytes: number;
}

export interface AlertDefinition {
  /** Stable id: the CloudWatch alarm's name suffix and the Prometheus alert's `id` label. */
  readonly id: string;
  /** The Prometheus alert name (CamelCase). */
  readonly name: string;
  /** One line a person paged at night understands. */
  readonly summary: string;
  readonly comparison: Comparison;
  /** The one threshold, in `unit`. */
  readonly threshold: number;
  /** `seconds`, `percent`, `count`, `days`. */
  readonly unit: "seconds" | "percent" | "count" | "days";
  /** How long the condition must hold before the alert fires, in minutes. */
  readonly forMinutes: number;
  readonly severity: "page" | "ticket";
  readonly aws: AwsMeasure;
  /** PromQL whose value is the measured quantity in `unit` (the renderer appends the comparison). */
  readonly dev: (limits: DevLimits) => string;
}

/**
 * An alarm that only AWS can raise: dev has no source for its metric, and
 * says why (the parity test holds the list to exactly these).
 */
export interface AwsOnlyAlertDefinition extends Omit<AlertDefinition, "dev" | "name"> {
  readonly devUnavailable: string;
}

/** The service-level objectives the alerts defend. */
export const SLO = {
  /** p95 request latency, seconds. */
  latencyP95Seconds: 0.2,
  /** Share of requests answered 5xx, percent. */
  errorRatioPercent: 5,
  /** CPU and memory saturation, percent of what the service may use. */
  saturationPercent: 80,
  /** Open database connections. */
  databaseConnections: 80,
  /** Share of the database's storage in use, percent. */
  databaseStorageUsedPercent: 80,
  /** Share of the cache's memory in use, percent. */
  cacheMemoryPercent: 80,
  /** Days before a certificate expires. */
  certificateDays: 30,
} as const;

const APP = 'job="app"';

/** How every saturation alert fires: above SLO.saturationPercent for 5 minutes, as a ticket. */
const SATURATED = {
  comparison: "above",
  threshold: SLO.saturationPercent,
  unit: "percent",
  forMinutes: 5,
  severity: "ticket",
} as const;

/**
 * A web service saturation alert (ticket): the ECS service's average
 * `metricName` on AWS, `dev` on the dev stack, above the SLO's saturation
 * percentage for 5 minutes. `resource` names it (`web-<resource>`,
 * `Web<Resource>High`), `label` says it in the summary.
 */
function serviceSaturation(
  resource: string,
  label: string,
  metricName: string,
  dev: AlertDefinition["dev"],
): AlertDefinition {
  return {
    id: `web-${resource}`,
    name: `Web${resource[0].toUpperCase()}${resource.slice(1)}High`,
    summary: `web service ${label} above ${SLO.saturationPercent}%`,
    ...SATURATED,
    aws: { namespace: "AWS/ECS", metricName, statistic: "Average", scope: "service" },
    dev,
  };
}

export const ALERTS: readonly AlertDefinition[] = [
  {
    id: "web-p95-latency",
    name: "WebLatencyP95High",
    summary: `p95 request latency above ${SLO.latencyP95Seconds * 1000} ms`,
    comparison: "above",
    threshold: SLO.latencyP95Seconds,
    unit: "seconds",
    forMinutes: 5,
    severity: "page",
    aws: {
      namespace: "AWS/ApplicationELB",
      metricName: "TargetResponseTime",
      statistic: "p95",
      scope: "targetGroup",
    },
    dev: () =>
      `histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{${APP}}[5m])))`,
  },
  {
    id: "web-5xx-ratio",
    name: "Web5xxRatioHigh",
    summary: `more than ${SLO.errorRatioPercent}% of requests answered 5xx`,
    comparison: "above",
    threshold: SLO.errorRatioPercent,
    unit: "percent",
    forMinutes: 5,
    severity: "page",
    aws: {
      namespace: "AWS/ApplicationELB",
      metricName: "HTTPCode_Target_5XX_Count",
      statistic: "Sum",
      scope: "targetGroup",
      per: { metricName: "RequestCount" },
    },
    dev: () =>
      `100 * sum(rate(http_requests_total{${APP},status=~"5.."}[5m])) / sum(rate(http_requests_total{${APP}}[5m]))`,
  },
  serviceSaturation(
    "cpu",
    "CPU",
    "CPUUtilization",
    (l) => `100 * rate(process_cpu_seconds_total{${APP}}[5m]) / ${l.appCpus}`,
  ),
  serviceSaturation(
    "memory",
    "memory",
    "MemoryUtilization",
    (l) => `100 * process_resident_memory_bytes{${APP}} / ${l.appMemoryBytes}`,
  ),
  {
    id: "db-connections",
    name: "DatabaseConnectionsHigh",
    summary: `more than ${SLO.databaseConnections} open database connections`,
    comparison: "above",
    threshold: SLO.databaseConnections,
    unit: "count",
    forMinutes: 5,
    severity: "ticket",
    aws: {
      namespace: "AWS/RDS",
      metricName: "DatabaseConnections",
      statistic: "Maximum",
      scope: "database",
    },
    dev: () => `sum(pg_stat_database_numbackends{job="postgres"})`,
  },
  {
    id: "db-storage",
    name: "DatabaseStorageHigh",
    summary: `database storage more than ${SLO.databaseStorageUsedPercent}% used`,
    comparison: "above",
    threshold: SLO.databaseStorageUsedPercent,
    unit: "percent",
    forMinutes: 15,
    severity: "ticket",
    // Rendered on AWS as FreeStorageSpace below (100 - threshold)% of the allocated storage.
    aws: {
      namespace: "AWS/RDS",
      metricName: "FreeStorageSpace",
      statistic: "Minimum",
      scope: "database",
    },
    dev: (l) => `100 * sum(pg_database_size_bytes{job="postgres"}) / ${l.databaseStorageBytes}`,
  },
  {
    id: "cache-memory",
    name: "CacheMemoryHigh",
    summary: `cache memory above ${SLO.cacheMemoryPercent}%`,
    comparison: "above",
    threshold: SLO.cacheMemoryPercent,
    unit: "percent",
    forMinutes: 5,
    severity: "ticket",
    aws: {
      namespace: "AWS/ElastiCache",
      metricName: "DatabaseMemoryUsagePercentage",
      statistic: "Average",
      scope: "cacheNode",
    },
    dev: () =>
      `100 * redis_memory_used_bytes{job="redis"} / (redis_memory_max_bytes{job="redis"} > 0)`,
  },
  {
    id: "cache-cpu",
    name: "CacheCpuHigh",
    summary: `cache engine CPU above ${SLO.saturationPercent}%`,
    ...SATURATED,
    aws: {
      namespace: "AWS/ElastiCache",
      metricName: "EngineCPUUtilization",
      statistic: "Average",
      scope: "cacheNode",
    },
    // Redis's own CPU seconds (INFO cpu, exported by redis_exporter), as a share of its one engine thread.
    dev: () =>
      `100 * (rate(redis_cpu_sys_seconds_total{job="redis"}[5m]) + rate(redis_cpu_user_seconds_total{job="redis"}[5m]))`,
  },
  {
    id: "cache-evictions",
    name: "CacheEvicting",
    summary: "the cache evicts keys",
    comparison: "above",
    threshold: 0,
    unit: "count",
    forMinutes: 5,
    severity: "ticket",
    aws: {
      namespace: "AWS/ElastiCache",
      metricName: "Evictions",
      statistic: "Sum",
      scope: "cacheNode",
    },
    dev: () => `increase(redis_evicted_keys_total{job="redis"}[5m])`,
  },
  {
    id: "file-processor-failures",
    name: "FileProcessorFailing",
    summary: "the file processor fails",
    comparison: "above",
    threshold: 0,
    unit: "count",
    forMinutes: 1,
    severity: "page",
    aws: { namespace: "AWS/Lambda", metricName: "Errors", statistic: "Sum", scope: "function" },
    dev: () => `sum(increase(files_total{job="file-processor",outcome="failed"}[5m]))`,
  },
  {
    id: "file-processor-dlq",
    name: "FileProcessorDeadLetters",
    summary: "events the file processor gave up on are waiting",
    comparison: "above",
    threshold: 0,
    unit: "count",
    forMinutes: 1,
    severity: "page",
    aws: {
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      statistic: "Maximum",
      scope: "deadLetterQueue",
    },
    dev: () => `sum(increase(events_rejected_total{job="file-processor"}[15m]))`,
  },
  {
    id: "certificate-expiry",
    name: "CertificateExpiringSoon",
    summary: `a certificate expires in fewer than ${SLO.certificateDays} days`,
    comparison: "below",
    threshold: SLO.certificateDays,
    unit: "days",
    forMinutes: 60,
    severity: "ticket",
    aws: {
      namespace: "AWS/CertificateManager",
      metricName: "DaysToExpiry",
      statistic: "Minimum",
      scope: "certificate",
      // ACM publishes DaysToExpiry once a day.
      periodSeconds: 86400,
      treatMissingData: "missing",
    },
    dev: () => `(min(probe_ssl_earliest_cert_expiry{job="blackbox"}) - time()) / 86400`,
  },
  {
    id: "web-no-data",
    name: "WebNoData",
    summary: "no healthy web service target reports",
    comparison: "below",
    threshold: 1,
    unit: "count",
    forMinutes: 5,
    severity: "page",
    aws: {
      namespace: "AWS/ApplicationELB",
      metricName: "HealthyHostCount",
      statistic: "Minimum",
      scope: "targetGroup",
      treatMissingData: "breaching",
    },
    dev: () => `sum(up{${APP}}) or on() vector(0)`,
  },
];

/**
 * Why dev cannot measure a database host's CPU or memory, nor the load
 * balancer's own errors: per-container CPU and memory need cAdvisor, which
 * needs the Docker socket and host paths that the dev hardening (and the
 * policy pack) forbid; the dev proxy (nginx) exports no status codes.
 */
const NO_CONTAINER_METRICS =
  "dev has no per-container CPU or memory series: cAdvisor needs the Docker socket and host paths, which the hardening forbids";

/** Alarms on AWS's own resource metrics that dev has no source for. */
export const AWS_ONLY_ALERTS: readonly AwsOnlyAlertDefinition[] = [
  {
    id: "alb-5xx",
    summary: "the load balancer itself answers 5xx",
    comparison: "above",
    threshold: 5,
    unit: "count",
    forMinutes: 5,
    severity: "page",
    aws: {
      namespace: "AWS/ApplicationELB",
      metricName: "HTTPCode_ELB_5XX_Count",
      statistic: "Sum",
      scope: "loadBalancer",
    },
    devUnavailable:
      "the dev proxy (nginx) exports no per-status counts without a third-party module",
  },
  {
    id: "db-cpu",
    summary: `database CPU above ${SLO.saturationPercent}%`,
    ...SATURATED,
    aws: {
      namespace: "AWS/RDS",
      metricName: "CPUUtilization",
      statistic: "Average",
      scope: "database",
    },
    devUnavailable: NO_CONTAINER_METRICS,
  },
  {
    id: "db-free-memory",
    summary: "database freeable memory below 128 MiB",
    comparison: "below",
    threshold: 128 * 1024 ** 2,
    unit: "count",
    forMinutes: 5,
    severity: "ticket",
    aws: {
      namespace: "AWS/RDS",
      metricName: "FreeableMemory",
      statistic: "Minimum",
      scope: "database",
    },
    devUnavailable: NO_CONTAINER_METRICS,
  },
];

/** The alert with this id; throws on an unknown id (a typo must not pass silently). */
export function alertById(id: string): AlertDefinition {
  const a = ALERTS.find((x) => x.id === id);
  if (a === undefined) throw new Error(`unknown alert ${JSON.stringify(id)}`);
  return a;
}
