/**
 * Deployability: CloudWatch alarms and dashboard widgets that watch a
 * namespace/metric/dimension combination AWS never publishes. CloudWatch
 * accepts any dimensions, so these deploy cleanly and then see no data: the
 * alarm stays OK forever. The published sets, per namespace and metric, are
 * policy-pack/data/cloudwatch-metrics.json (each namespace with its AWS
 * "metrics and dimensions" page).
 */
import { CLOUDWATCH_DIMENSIONS } from "../data";
import { resourcePolicy } from "../lib/define";
import { T } from "../lib/types";
import { eachKnown, Pending } from "../lib/stack";
import { asArray, asRecord, inspectable, parseJson, show } from "../lib/values";
import { DEPLOYABILITY } from "../lib/deployability";

/** One metric a resource watches: where it was found, and its namespace/metric/dimension names. */
export interface WatchedMetric {
  readonly where: string;
  readonly namespace: string;
  readonly metric: string;
  readonly dimensions: readonly string[];
}

function setText(names: readonly string[]): string {
  return `{${names.join(", ")}}`;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/**
 * What is wrong with watching `m`, or undefined. Namespaces outside `AWS/`
 * are the program's own metrics and are not checked.
 */
export function metricProblem(m: WatchedMetric): string | undefined {
  if (!m.namespace.startsWith("AWS/")) return undefined;
  const ns = CLOUDWATCH_DIMENSIONS[m.namespace];
  if (!ns) {
    return `${m.where}: namespace ${m.namespace} is not in policy-pack/data/cloudwatch-metrics.json, so its dimensions cannot be checked; add the namespace with the dimension sets its AWS documentation lists`;
  }
  const sets = ns.metrics[m.metric];
  if (!sets) {
    return `${m.where}: ${m.namespace} ${m.metric} is not in policy-pack/data/cloudwatch-metrics.json; add the metric with the dimension sets AWS publishes it with (${ns.source})`;
  }
  if (sets.some((s) => sameSet(s, m.dimensions))) return undefined;
  return `${m.where}: AWS publishes ${m.namespace} ${m.metric} with dimensions ${sets.map(setText).join(" or ")}, never ${setText(m.dimensions)}, so it sees no data and never fires (${ns.source})`;
}

/** The metrics an aws:cloudwatch/metricAlarm watches: its own, and each metric query's. */
export function alarmMetrics(props: Record<string, unknown>): WatchedMetric[] {
  const out: WatchedMetric[] = [];
  const add = (where: string, p: Record<string, unknown> | undefined) => {
    if (!p || typeof p.namespace !== "string" || typeof p.metricName !== "string") return;
    out.push({
      where,
      namespace: p.namespace,
      metric: p.metricName,
      dimensions: Object.keys(asRecord(p.dimensions, `${where} dimensions`) ?? {}),
    });
  };
  add("the alarm", props);
  asArray(props.metricQueries).forEach((q, i) => {
    const query = asRecord(q);
    add(`metric query ${show(query?.id ?? i)}`, asRecord(query?.metric));
  });
  return out;
}

/**
 * The metrics a dashboard's widgets show. A widget row is
 * `[namespace, metric, dim1, value1, …, {options}?]`, where "." repeats the
 * previous row's entry at that position
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html).
 */
export function dashboardMetrics(body: unknown): WatchedMetric[] {
  const out: WatchedMetric[] = [];
  const doc = asRecord(parseJson(body, "dashboardBody"));
  asArray(doc?.widgets).forEach((w, wi) => {
    const widget = asRecord(w);
    const props = asRecord(widget?.properties);
    const title = typeof props?.title === "string" ? props.title : `#${wi + 1}`;
    let previous: unknown[] = [];
    for (const raw of asArray(props?.metrics)) {
      const row = asArray(raw);
      const entries = row.filter((x) => typeof x === "string");
      if (entries.length !== row.length && asRecord(row[row.length - 1]) === undefined) continue;
      const resolved = row
        .slice(0, entries.length)
        .map((x, i) => (x === "." ? previous[i] : x)) as string[];
      previous = resolved;
      if (resolved.length < 2 || resolved.length % 2 !== 0) continue;
      const dimensions: string[] = [];
      for (let i = 2; i < resolved.length; i += 2) dimensions.push(resolved[i]);
      out.push({
        where: `widget ${show(title)}`,
        namespace: resolved[0],
        metric: resolved[1],
        dimensions,
      });
    }
  });
  return out;
}

export const cloudwatchMetricDimensionsPublished = resourcePolicy({
  ...DEPLOYABILITY,
  name: "cloudwatch-metric-dimensions-published",
  description:
    "CloudWatch alarms and dashboard widgets watch a namespace, metric and dimension set AWS publishes (policy-pack/data/cloudwatch-metrics.json), so they see data.",
  resourceTypes: [T.metricAlarm, T.dashboard],
  remediation:
    "Use the dimensions AWS publishes the metric with — e.g. ElastiCache node metrics per CacheClusterId (and CacheNodeId), one alarm per member cluster, never ReplicationGroupId; load-balancer metrics by LoadBalancer only.",
  validate: (args, report) => {
    const metrics =
      args.type === T.dashboard
        ? dashboardMetrics(args.props.dashboardBody)
        : alarmMetrics(args.props);
    // Each metric is judged; one named by a secret then makes the rule "cannot be checked offline".
    const pending = new Pending();
    eachKnown(metrics, pending, (m) => {
      inspectable(m.namespace, `${m.where} namespace`);
      inspectable(m.metric, `${m.where} metricName`);
      const problem = metricProblem(m);
      if (problem) report(problem);
    });
    pending.settle();
  },
});

export const deployabilityMetricPolicies = [cloudwatchMetricDimensionsPublished];
