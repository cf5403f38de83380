/**
 * The rest of the dev stack's observability files, as pure renderers: the
 * Loki log store, the Vector log shipper that receives every container's
 * JSON logs from Docker's fluentd log driver, the blackbox exporter that
 * probes the proxy's certificate, the redis_exporter password file, and
 * Grafana's provisioned data sources and dashboard (one panel per alert of
 * the one definition, with its threshold).
 */
import { stringify } from "yaml";
import { ALERTS, AlertDefinition, DevLimits } from "./alerts";

/** Ports the dev observability services listen on inside the Docker networks. */
export const OBSERVABILITY_PORTS = {
  prometheus: 9090,
  alertmanager: 9093,
  grafana: 3000,
  loki: 3100,
  /** Vector's fluent (forward protocol) source: Docker's fluentd log driver sends here. */
  logShipperForward: 24224,
  /** Vector's API, for its health check. */
  logShipperApi: 8686,
  blackbox: 9115,
  postgresExporter: 9187,
  redisExporter: 9121,
  /** Jaeger: OTLP over HTTP, and the UI/query port. */
  traceOtlpHttp: 4318,
  traceUi: 16686,
} as const;

/**
 * The host port (127.0.0.1) the log shipper's forward source is published
 * on. Not Fluentd's default 24224, which a developer's own Fluentd would hold
 * (the pack's docker-host-ports-uncommon rule).
 */
export const LOG_FORWARD_HOST_PORT = 18224;

/**
 * Where Docker's fluentd log driver sends every container's log lines: the
 * log shipper's forward source, published on the host's loopback (the log
 * driver runs in the Docker daemon, on the host's network).
 */
export const LOG_FORWARD_ADDRESS = `127.0.0.1:${LOG_FORWARD_HOST_PORT}`;

/** Loki 3 single-binary configuration: filesystem storage under `dataDir`, no auth (internal network only), 7 days' retention. */
export function renderLokiConfig(o: { readonly dataDir: string }): string {
  return stringify(
    {
      auth_enabled: false,
      server: { http_listen_port: OBSERVABILITY_PORTS.loki, grpc_listen_port: 9096 },
      common: {
        instance_addr: "127.0.0.1",
        path_prefix: o.dataDir,
        storage: {
          filesystem: {
            chunks_directory: `${o.dataDir}/chunks`,
            rules_directory: `${o.dataDir}/rules`,
          },
        },
        replication_factor: 1,
        ring: { kvstore: { store: "inmemory" } },
      },
      schema_config: {
        configs: [
          {
            from: "2024-01-01",
            store: "tsdb",
            object_store: "filesystem",
            schema: "v13",
            index: { prefix: "index_", period: "24h" },
          },
        ],
      },
      compactor: {
        working_directory: `${o.dataDir}/compactor`,
        retention_enabled: true,
        delete_request_store: "filesystem",
      },
      limits_config: { retention_period: "168h" },
      analytics: { reporting_enabled: false },
    },
    { lineWidth: 0 },
  );
}

/**
 * Vector: a `fluent` source (Docker's fluentd log driver speaks the forward
 * protocol) and a `loki` sink that labels each line with the container's
 * name. The JSON line the workload wrote stays the log line, so Grafana can
 * parse it (`| json`) and find a trace id in it.
 */
export function renderLogShipperConfig(o: { readonly lokiUrl: string }): string {
  return stringify(
    {
      api: { enabled: true, address: `0.0.0.0:${OBSERVABILITY_PORTS.logShipperApi}` },
      sources: {
        docker: { type: "fluent", address: `0.0.0.0:${OBSERVABILITY_PORTS.logShipperForward}` },
      },
      sinks: {
        loki: {
          type: "loki",
          inputs: ["docker"],
          endpoint: o.lokiUrl,
          encoding: { codec: "text" },
          labels: { job: "docker", container: "{{ container_name }}" },
          out_of_order_action: "accept",
        },
      },
    },
    { lineWidth: 0 },
  );
}

/** blackbox_exporter: an `https` module that verifies the proxy's certificate with the dev CA. */
export function renderBlackboxConfig(o: { readonly caFile: string }): string {
  return stringify(
    {
      modules: {
        https: {
          prober: "http",
          timeout: "5s",
          http: {
            method: "GET",
            fail_if_not_ssl: true,
            preferred_ip_protocol: "ip4",
            tls_config: { ca_file: o.caFile, min_version: "TLS12" },
          },
        },
      },
    },
    { lineWidth: 0 },
  );
}

/** redis_exporter's `--redis.password-file`: a JSON map from the Redis URI to its password. */
export function renderRedisExporterPasswordFile(uri: string, password: string): string {
  return `${JSON.stringify({ [uri]: password })}\n`;
}

export interface GrafanaDataSources {
  readonly prometheusUrl: string;
  readonly lokiUrl: string;
  readonly tracesUrl: string;
}

/** Grafana's provisioned data sources: Prometheus (default), Loki (with a link from trace ids in log lines to Jaeger) and Jaeger. */
export function renderGrafanaDataSources(d: GrafanaDataSources): string {
  return stringify(
    {
      apiVersion: 1,
      datasources: [
        {
          name: "Prometheus",
          uid: "prometheus",
          type: "prometheus",
          access: "proxy",
          url: d.prometheusUrl,
          isDefault: true,
          editable: false,
        },
        {
          name: "Loki",
          uid: "loki",
          type: "loki",
          access: "proxy",
          url: d.lokiUrl,
          editable: false,
          jsonData: {
            derivedFields: [
              {
                name: "trace_id",
                matcherRegex: '"traceId":"(\\w+)"',
                url: "$${__value.raw}",
                datasourceUid: "traces",
              },
            ],
          },
        },
        {
          name: "Traces",
          uid: "traces",
          type: "jaeger",
          access: "proxy",
          url: d.tracesUrl,
          editable: false,
        },
      ],
    },
    { lineWidth: 0 },
  );
}

/** Where Grafana finds the dashboard JSON files (a file provider). */
export function renderGrafanaDashboardProvider(o: { readonly dashboardsDir: string }): string {
  return stringify(
    {
      apiVersion: 1,
      providers: [
        {
          name: "platform",
          type: "file",
          disableDeletion: true,
          allowUiUpdates: false,
          options: { path: o.dashboardsDir },
        },
      ],
    },
    { lineWidth: 0 },
  );
}

/** The dev dashboard: one time-series panel per alert, its PromQL and its threshold line. */
export function renderGrafanaDashboard(
  limits: DevLimits,
  alerts: readonly AlertDefinition[] = ALERTS,
): string {
  return `${JSON.stringify(
    {
      uid: "platform",
      title: "platform (dev)",
      schemaVersion: 39,
      time: { from: "now-1h", to: "now" },
      refresh: "30s",
      panels: alerts.map((a, i) => ({
        id: i + 1,
        type: "timeseries",
        title: a.summary,
        gridPos: { x: (i % 2) * 12, y: Math.floor(i / 2) * 8, w: 12, h: 8 },
        datasource: { type: "prometheus", uid: "prometheus" },
        targets: [{ refId: "A", expr: a.dev(limits), legendFormat: a.id }],
        fieldConfig: {
          defaults: {
            thresholds: {
              mode: "absolute",
              steps: [
                { color: "green", value: null },
                { color: "red", value: a.threshold },
              ],
            },
            custom: { thresholdsStyle: { mode: "line" } },
          },
          overrides: [],
        },
      })),
    },
    null,
    2,
  )}\n`;
}
