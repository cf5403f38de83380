/**
 * The plain settings of the dev observability services: the users they run
 * as, their health checks, and their configuration files (Prometheus,
 * Alertmanager, Vector, the exporters, Grafana) as plain lists rendered from
 * the one definition by lib/observability; the Observability component
 * uploads the files into each container with the service's owner.
 */
import * as pulumi from "@pulumi/pulumi";
import { SERVICE_HOSTS } from "../../lib/dev/services";
import {
  OBSERVABILITY_PORTS as PORTS,
  renderBlackboxConfig,
  renderGrafanaDashboard,
  renderGrafanaDashboardProvider,
  renderGrafanaDataSources,
  renderLogShipperConfig,
  renderRedisExporterPasswordFile,
} from "../../lib/observability/devStack";
import {
  renderAlertmanagerConfig,
  renderPrometheusConfig,
  renderRulesFile,
  RULES_FILE,
} from "../../lib/observability/prometheus";
import { ContainerFile, filePath } from "./container";
import type { ObservabilityArgs } from "./observability";

/** The users the images run as (numeric, never root). */
export const USERS = {
  nobody: "65534:65534",
  grafana: "472:472",
  loki: "10001:10001",
  traces: "10001:10001",
} as const;

/** A Docker health check that fetches `http://127.0.0.1:<port><path>` with the image's own wget. */
export function wgetHealthcheck(port: number, path: string): string[] {
  return ["CMD", "wget", "-q", "-O", "/dev/null", `http://127.0.0.1:${port}${path}`];
}

/** A file before the component sets its owner. */
export type ConfigFile = Omit<ContainerFile, "owner">;

const host = SERVICE_HOSTS;
const url = (service: keyof typeof host, port: number) => `http://${host[service]}:${port}`;

/** The Redis server redis_exporter scrapes (TLS, verified with the dev CA). */
export const REDIS_EXPORTER_TARGET = `rediss://${host.cache}:6379`;

/**
 * Prometheus: the scrape jobs (itself, the app, the file processor, the exporters, the
 * blackbox probe of the proxy's certificate) and the alerting rules from the one definition.
 */
export function prometheusConfigFiles(args: ObservabilityArgs): ConfigFile[] {
  return [
    {
      path: "prometheus.yml",
      mode: "0444",
      content: renderPrometheusConfig({
        scrapeIntervalSeconds: 15,
        alertmanager: `${host.alertmanager}:${PORTS.alertmanager}`,
        jobs: [
          { job: "prometheus", targets: [`127.0.0.1:${PORTS.prometheus}`] },
          { job: "app", targets: [args.appMetrics] },
          { job: "file-processor", targets: [args.fileProcessorMetrics] },
          { job: "postgres", targets: [`${host.postgresExporter}:${PORTS.postgresExporter}`] },
          { job: "redis", targets: [`${host.redisExporter}:${PORTS.redisExporter}`] },
          {
            job: "blackbox",
            targets: [`${host.blackbox}:${PORTS.blackbox}`],
            probe: { module: "https", urls: [`https://${args.proxyAddress}/healthz`] },
          },
        ],
      }),
    },
    { path: RULES_FILE, mode: "0444", content: renderRulesFile(args.limits) },
  ];
}

/** Alertmanager: every alert to the notification sink's webhook. */
export function alertmanagerConfigFiles(args: ObservabilityArgs): ConfigFile[] {
  return [
    {
      path: "alertmanager.yml",
      mode: "0444",
      content: pulumi
        .output(args.notifyTarget)
        .apply((webhookUrl) => renderAlertmanagerConfig({ webhookUrl })),
    },
  ];
}

/** Vector: Docker's fluentd log driver in, Loki out. */
export function logShipperConfigFiles(): ConfigFile[] {
  return [
    {
      path: "vector.yaml",
      mode: "0444",
      content: renderLogShipperConfig({ lokiUrl: url("loki", PORTS.loki) }),
    },
  ];
}

/** The blackbox exporter: the dev CA and the HTTPS probe module that verifies with it. */
export function blackboxConfigFiles(args: ObservabilityArgs): ConfigFile[] {
  return [
    { path: "ca.pem", mode: "0444", content: args.caCertPem },
    {
      path: "blackbox.yml",
      mode: "0444",
      content: renderBlackboxConfig({ caFile: filePath("ca.pem") }),
    },
  ];
}

/** postgres_exporter: the dev CA and the workload's database password (secret). */
export function postgresExporterFiles(args: ObservabilityArgs): ConfigFile[] {
  return [
    { path: "ca.pem", mode: "0444", content: args.caCertPem },
    { path: "db-password", mode: "0400", content: args.databasePassword, secret: true },
  ];
}

/** redis_exporter: the dev CA and the password file for REDIS_URL's password (secret). */
export function redisExporterFiles(args: ObservabilityArgs): ConfigFile[] {
  return [
    { path: "ca.pem", mode: "0444", content: args.caCertPem },
    {
      path: "redis-passwords.json",
      mode: "0400",
      secret: true,
      content: pulumi
        .output(args.redisUrl)
        .apply((u) =>
          renderRedisExporterPasswordFile(
            REDIS_EXPORTER_TARGET,
            decodeURIComponent(new URL(u).password),
          ),
        ),
    },
  ];
}

/** Grafana: data sources and the dashboard provisioned from files, the admin password (secret). */
export function grafanaConfigFiles(args: ObservabilityArgs): ConfigFile[] {
  return [
    {
      path: "provisioning/datasources/platform.yaml",
      mode: "0444",
      content: renderGrafanaDataSources({
        prometheusUrl: url("prometheus", PORTS.prometheus),
        lokiUrl: url("loki", PORTS.loki),
        tracesUrl: url("traces", PORTS.traceUi),
      }),
    },
    {
      path: "provisioning/dashboards/platform.yaml",
      mode: "0444",
      content: renderGrafanaDashboardProvider({ dashboardsDir: filePath("dashboards") }),
    },
    {
      path: "dashboards/platform.json",
      mode: "0444",
      content: renderGrafanaDashboard(args.limits),
    },
    { path: "admin-password", mode: "0400", content: args.grafanaAdminPassword, secret: true },
  ];
}
