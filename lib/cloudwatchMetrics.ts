/**
 * The CloudWatch metrics the platform alarms on and the dimension sets AWS
 * publishes them with. An alarm whose dimension set is not one of these sees
 * no data and never fires (it stays OK with `treatMissingData: notBreaching`),
 * so every alarm is tested against this table.
 *
 * AWS's sets live in one place, the policy pack's data file (each namespace
 * with its source and the date it was read; docs/policies.md says how to
 * refresh it), so the program's tests and the pack's rule never disagree.
 */
import { CLOUDWATCH_DIMENSIONS } from "../policy-pack/data";

export interface PublishedMetrics {
  /** The page (AWS documentation) or the code that defines the namespace's metrics and dimensions. */
  readonly source: string;
  /** Metric name → the dimension sets (names) it is published with. */
  readonly metrics: Readonly<Record<string, readonly (readonly string[])[]>>;
}

/**
 * The program's own namespaces: the audit trail's metric filters
 * (components/aws/audit.ts) publish these metrics without dimensions.
 */
const CUSTOM_METRICS: Readonly<Record<string, PublishedMetrics>> = {
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
};

/**
 * Every namespace the program may alarm on: AWS's, from the policy pack's
 * dated data file (policy-pack/data/cloudwatch-metrics.json, which the
 * cloudwatch-metric-dimensions-published rule reads too), and the program's own.
 */
export const PUBLISHED_METRICS: Readonly<Record<string, PublishedMetrics>> = {
  ...CLOUDWATCH_DIMENSIONS,
  ...CUSTOM_METRICS,
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
    return `${namespace} ${metricName} is not in the table of published metrics (policy-pack/data/cloudwatch-metrics.json)`;
  }
  const want = [...dimensionNames].sort().join(",");
  if (sets.some((s) => [...s].sort().join(",") === want)) return undefined;
  return `${namespace} ${metricName} is published with dimensions ${sets
    .map((s) => `{${s.join(", ")}}`)
    .join(" or ")}, not {${[...dimensionNames].sort().join(", ")}} (${ns.source})`;
}
