/**
 * The dev stack's Prometheus and Alertmanager configuration, rendered from
 * the one alert definition (`./alerts.ts`). Pure: the Docker component hands
 * these files to the containers, and the tests load the very same text into
 * the real `promtool` and `amtool` (Debian's `prometheus` and
 * `prometheus-alertmanager` packages).
 */
import { stringify } from "yaml";
import { ALERTS, AlertDefinition, DevLimits } from "./alerts";

/** Where the rendered rules file sits next to prometheus.yml. */
export const RULES_FILE = "alerts.rules.yml";

/** One alerting rule in Prometheus's rule-file format. */
export interface PrometheusRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: { readonly severity: string; readonly id: string };
  readonly annotations: { readonly summary: string; readonly threshold: string };
}

/** The full PromQL of an alert: its measured quantity compared with the threshold (strictly, as CloudWatch's GreaterThanThreshold / LessThanThreshold). */
export function alertExpr(a: AlertDefinition, limits: DevLimits): string {
  return `(${a.dev(limits)}) ${a.comparison === "above" ? ">" : "<"} ${a.threshold}`;
}

export function prometheusRules(
  limits: DevLimits,
  alerts: readonly AlertDefinition[] = ALERTS,
): PrometheusRule[] {
  return alerts.map((a) => ({
    alert: a.name,
    expr: alertExpr(a, limits),
    for: `${a.forMinutes}m`,
    labels: { severity: a.severity, id: a.id },
    annotations: { summary: a.summary, threshold: `${a.threshold} ${a.unit}` },
  }));
}

/** The rules file (`groups:`), as Prometheus and `promtool check rules` read it. */
export function renderRulesFile(
  limits: DevLimits,
  alerts: readonly AlertDefinition[] = ALERTS,
): string {
  return stringify(
    { groups: [{ name: "platform", rules: prometheusRules(limits, alerts) }] },
    { lineWidth: 0 },
  );
}

/** A scrape job: a name and `host:port` targets on the dev networks. */
export interface ScrapeJob {
  readonly job: string;
  readonly targets: readonly string[];
  /** @default "/metrics" */
  readonly metricsPath?: string;
  /** Scrape over HTTPS, verifying with this CA file. @default plain HTTP on the internal network */
  readonly caFile?: string;
  /** The TLS server name to verify when the target is dialled by another name. */
  readonly serverName?: string;
  /** blackbox_exporter probe: the module and the URLs it probes through `targets[0]`. */
  readonly probe?: { readonly module: string; readonly urls: readonly string[] };
}

export interface PrometheusConfigOptions {
  readonly scrapeIntervalSeconds: number;
  readonly jobs: readonly ScrapeJob[];
  /** `host:port` of Alertmanager. */
  readonly alertmanager: string;
}

/** prometheus.yml: global intervals, the rules file, Alertmanager and the scrape jobs. */
export function renderPrometheusConfig(o: PrometheusConfigOptions): string {
  const interval = `${o.scrapeIntervalSeconds}s`;
  return stringify(
    {
      global: { scrape_interval: interval, evaluation_interval: interval },
      rule_files: [RULES_FILE],
      alerting: { alertmanagers: [{ static_configs: [{ targets: [o.alertmanager] }] }] },
      scrape_configs: o.jobs.map(scrapeConfig),
    },
    { lineWidth: 0 },
  );
}

function scrapeConfig(j: ScrapeJob): Record<string, unknown> {
  if (j.probe !== undefined) {
    // The blackbox exporter pattern: the probed URL becomes the `target` parameter
    // and the scrape goes to the exporter (prometheus/blackbox_exporter README).
    return {
      job_name: j.job,
      metrics_path: "/probe",
      params: { module: [j.probe.module] },
      static_configs: [{ targets: [...j.probe.urls] }],
      relabel_configs: [
        { source_labels: ["__address__"], target_label: "__param_target" },
        { source_labels: ["__param_target"], target_label: "instance" },
        { target_label: "__address__", replacement: j.targets[0] },
      ],
    };
  }
  return {
    job_name: j.job,
    metrics_path: j.metricsPath ?? "/metrics",
    ...(j.caFile !== undefined
      ? {
          scheme: "https",
          tls_config: {
            ca_file: j.caFile,
            ...(j.serverName !== undefined ? { server_name: j.serverName } : {}),
          },
        }
      : {}),
    static_configs: [{ targets: [...j.targets] }],
  };
}

/** alertmanager.yml: every alert goes to the notification sink's webhook, grouped by alert. */
export function renderAlertmanagerConfig(o: { readonly webhookUrl: string }): string {
  if (!/^https?:\/\/[^\s]+$/.test(o.webhookUrl)) {
    throw new Error(
      `renderAlertmanagerConfig: webhookUrl must be an http(s) URL, got ${JSON.stringify(o.webhookUrl)}`,
    );
  }
  return stringify(
    {
      route: {
        receiver: "notifications",
        group_by: ["alertname", "id"],
        group_wait: "30s",
        group_interval: "5m",
        repeat_interval: "4h",
      },
      receivers: [
        { name: "notifications", webhook_configs: [{ url: o.webhookUrl, send_resolved: true }] },
      ],
    },
    { lineWidth: 0 },
  );
}
