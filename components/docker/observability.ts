/**
 * Observability (Docker): the same signals and alerts as on AWS, rendered
 * from the one definition (lib/observability/alerts.ts) for a local stack of
 * hardened containers (non-root, read-only root, pinned images, published on
 * 127.0.0.1 only):
 *
 * - Prometheus scrapes the app's and the file processor's `/metrics`,
 *   postgres_exporter, redis_exporter, the blackbox exporter (the proxy's
 *   certificate) and itself, and evaluates the alerting rules;
 * - Alertmanager routes every alert to the notification sink;
 * - Grafana shows the dashboard and the data sources provisioned from files;
 * - Loki stores every container's JSON log lines, which Docker's fluentd log
 *   driver sends to Vector (`LOG_FORWARD_ADDRESS`), which labels and ships them;
 * - Jaeger receives the workload's OpenTelemetry traces (OTLP over HTTP).
 *
 * Metrics, logs and traces live on tmpfs: a laptop's observability is for
 * the session, not for keeping.
 */
import * as pulumi from "@pulumi/pulumi";
import type { DevImages } from "../../config/keys/dev";
import { SERVICE_HOSTS } from "../../lib/dev/services";
import { DevLimits } from "../../lib/observability/alerts";
import {
  LOG_FORWARD_HOST_PORT,
  OBSERVABILITY_PORTS as PORTS,
  renderLokiConfig,
} from "../../lib/observability/devStack";
import { COMPONENT_TYPES } from "../contracts";
import {
  containerFiles,
  contextOf,
  DockerContext,
  filePath,
  NetworkAttachment,
  pulledImage,
  serviceContainer,
} from "./container";
import { DevNetwork } from "./network";
import {
  alertmanagerConfigFiles,
  ConfigFile,
  blackboxConfigFiles,
  grafanaConfigFiles,
  logShipperConfigFiles,
  postgresExporterFiles,
  prometheusConfigFiles,
  REDIS_EXPORTER_TARGET,
  redisExporterFiles,
  USERS,
  wgetHealthcheck,
} from "./observabilityConfig";

/**
 * Host ports (127.0.0.1) of the dev observability UIs: none is a common
 * tool's default (Grafana's 3000, Prometheus's 9090, Jaeger's 16686), so a
 * developer's own copies keep theirs (the pack's docker-host-ports-uncommon).
 */
export const OBSERVABILITY_HOST_PORTS = { grafana: 3300, prometheus: 9390, traces: 18686 } as const;

export interface ObservabilityArgs extends DockerContext {
  /** Pinned images of the observability services (from the dev settings). */
  readonly images: Pick<
    DevImages,
    | "prometheus"
    | "alertmanager"
    | "grafana"
    | "loki"
    | "logShipper"
    | "blackbox"
    | "postgresExporter"
    | "redisExporter"
    | "traces"
  >;
  /** The stack's networks (the UIs join `edge` to be published, the rest `app` and `data`). */
  readonly networks: Readonly<Record<DevNetwork, pulumi.Input<string>>>;
  /** The dev CA (PEM): exporters verify the database, the cache and the proxy with it. */
  readonly caCertPem: pulumi.Input<string>;
  /** The workload's database user and password (secret), for postgres_exporter. */
  readonly databaseUser: string;
  /** The workload's database password (secret). */
  readonly databasePassword: pulumi.Input<string>;
  /** The workload's database (postgres_exporter connects to it). */
  readonly databaseName: string;
  /** REDIS_URL (secret): redis_exporter reads its password into a file. */
  readonly redisUrl: pulumi.Input<string>;
  /** The notification sink's URL: Alertmanager's webhook. */
  readonly notifyTarget: pulumi.Input<string>;
  /** `host:port` of the proxy's HTTPS listener, probed for its certificate. */
  readonly proxyAddress: string;
  /** `host:port` of the app's /metrics on the app network. */
  readonly appMetrics: string;
  /** `host:port` of the file processor's /metrics on the app network. */
  readonly fileProcessorMetrics: string;
  /** The containers whose logs the developer reads with `docker logs`. */
  readonly containers: Readonly<Record<string, pulumi.Input<string>>>;
  /** What the alert expressions divide by. */
  readonly limits: DevLimits;
  /** Grafana's admin password (secret). */
  readonly grafanaAdminPassword: pulumi.Input<string>;
}

export class Observability extends pulumi.ComponentResource {
  /** `docker logs -f <container>`, by service. */
  public readonly logCommands: pulumi.Output<Record<string, string>>;
  /** The UIs on 127.0.0.1: Grafana, Prometheus, Jaeger. */
  public readonly urls: pulumi.Output<Record<"grafana" | "prometheus" | "traces", string>>;

  constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.Observability, name, {}, opts);
    const ctx = contextOf(args);
    const net = (role: DevNetwork, alias: string): NetworkAttachment => ({
      name: args.networks[role],
      aliases: [alias],
    });
    const host = SERVICE_HOSTS;
    const local = (internal: number, external = internal) => [
      { internal, external, ip: "127.0.0.1", protocol: "tcp" },
    ];
    const files = (
      service: Parameters<typeof containerFiles>[1]["service"],
      image: pulumi.Input<string>,
      owner: string,
      list: ConfigFile[],
    ) =>
      containerFiles(
        `${name}-${host[service]}`,
        { ...ctx, service, image, files: list.map((f) => ({ ...f, owner })) },
        this,
      );

    // Prometheus: scrape jobs, rules from the one definition, Alertmanager.
    const prometheusImage = pulledImage(`${name}-prometheus-image`, args.images.prometheus, this);
    const prometheusFiles = files(
      "prometheus",
      prometheusImage.imageId,
      USERS.nobody,
      prometheusConfigFiles(args),
    );
    const prometheus = serviceContainer(
      `${name}-prometheus`,
      {
        ...ctx,
        service: "prometheus",
        image: prometheusImage.imageId,
        user: USERS.nobody,
        memoryMb: 256,
        files: prometheusFiles,
        command: [
          `--config.file=${filePath("prometheus.yml")}`,
          "--storage.tsdb.path=/prometheus",
          "--storage.tsdb.retention.time=2d",
          `--web.listen-address=:${PORTS.prometheus}`,
        ],
        tmpfs: { "/prometheus": "rw,noexec,nosuid,size=256m" },
        networks: [
          net("edge", host.prometheus),
          net("app", host.prometheus),
          net("data", host.prometheus),
        ],
        ports: local(PORTS.prometheus, OBSERVABILITY_HOST_PORTS.prometheus),
        healthcheck: wgetHealthcheck(PORTS.prometheus, "/-/healthy"),
      },
      this,
    );

    // Alertmanager → the notification sink.
    const amImage = pulledImage(`${name}-alertmanager-image`, args.images.alertmanager, this);
    const amFiles = files(
      "alertmanager",
      amImage.imageId,
      USERS.nobody,
      alertmanagerConfigFiles(args),
    );
    serviceContainer(
      `${name}-alertmanager`,
      {
        ...ctx,
        service: "alertmanager",
        image: amImage.imageId,
        user: USERS.nobody,
        memoryMb: 64,
        files: amFiles,
        command: [
          `--config.file=${filePath("alertmanager.yml")}`,
          "--storage.path=/alertmanager",
          `--web.listen-address=:${PORTS.alertmanager}`,
        ],
        tmpfs: { "/alertmanager": "rw,noexec,nosuid,size=16m" },
        networks: [net("app", host.alertmanager)],
        healthcheck: wgetHealthcheck(PORTS.alertmanager, "/-/healthy"),
      },
      this,
    );

    // Loki, and Vector receiving Docker's fluentd log driver on the host's loopback.
    const lokiImage = pulledImage(`${name}-loki-image`, args.images.loki, this);
    const lokiFiles = files("loki", lokiImage.imageId, USERS.loki, [
      { path: "loki.yaml", mode: "0444", content: renderLokiConfig({ dataDir: "/loki" }) },
    ]);
    serviceContainer(
      `${name}-loki`,
      {
        ...ctx,
        service: "loki",
        image: lokiImage.imageId,
        user: USERS.loki,
        memoryMb: 256,
        files: lokiFiles,
        command: [`-config.file=${filePath("loki.yaml")}`],
        tmpfs: { "/loki": "rw,noexec,nosuid,size=512m" },
        networks: [net("app", host.loki)],
        healthcheck: wgetHealthcheck(PORTS.loki, "/ready"),
      },
      this,
    );
    const shipperImage = pulledImage(`${name}-log-shipper-image`, args.images.logShipper, this);
    const shipperFiles = files(
      "logShipper",
      shipperImage.imageId,
      USERS.nobody,
      logShipperConfigFiles(),
    );
    serviceContainer(
      `${name}-log-shipper`,
      {
        ...ctx,
        service: "logShipper",
        image: shipperImage.imageId,
        user: USERS.nobody,
        memoryMb: 128,
        files: shipperFiles,
        envs: [`VECTOR_CONFIG=${filePath("vector.yaml")}`],
        command: ["--config", filePath("vector.yaml")],
        tmpfs: { "/var/lib/vector": "rw,noexec,nosuid,size=64m" },
        networks: [net("edge", host.logShipper), net("app", host.logShipper)],
        ports: local(PORTS.logShipperForward, LOG_FORWARD_HOST_PORT),
        healthcheck: wgetHealthcheck(PORTS.logShipperApi, "/health"),
      },
      this,
    );

    // Exporters: the proxy's certificate, PostgreSQL, Redis (each verifies TLS with the dev CA).
    const blackboxImage = pulledImage(`${name}-blackbox-image`, args.images.blackbox, this);
    const blackboxFiles = files(
      "blackbox",
      blackboxImage.imageId,
      USERS.nobody,
      blackboxConfigFiles(args),
    );
    serviceContainer(
      `${name}-blackbox`,
      {
        ...ctx,
        service: "blackbox",
        image: blackboxImage.imageId,
        user: USERS.nobody,
        memoryMb: 64,
        files: blackboxFiles,
        command: [
          `--config.file=${filePath("blackbox.yml")}`,
          `--web.listen-address=:${PORTS.blackbox}`,
        ],
        networks: [net("app", host.blackbox)],
        healthcheck: wgetHealthcheck(PORTS.blackbox, "/-/healthy"),
      },
      this,
    );
    const pgImage = pulledImage(
      `${name}-postgres-exporter-image`,
      args.images.postgresExporter,
      this,
    );
    const pgFiles = files(
      "postgresExporter",
      pgImage.imageId,
      USERS.nobody,
      postgresExporterFiles(args),
    );
    serviceContainer(
      `${name}-postgres-exporter`,
      {
        ...ctx,
        service: "postgresExporter",
        image: pgImage.imageId,
        user: USERS.nobody,
        memoryMb: 64,
        files: pgFiles,
        envs: [
          `DATA_SOURCE_URI=${host.db}:5432/${args.databaseName}?sslmode=verify-full&sslrootcert=${filePath("ca.pem")}`,
          `DATA_SOURCE_USER=${args.databaseUser}`,
          `DATA_SOURCE_PASS_FILE=${filePath("db-password")}`,
        ],
        networks: [net("data", host.postgresExporter)],
        healthcheck: wgetHealthcheck(PORTS.postgresExporter, "/"),
      },
      this,
    );
    const redisImage = pulledImage(`${name}-redis-exporter-image`, args.images.redisExporter, this);
    const redisFiles = files(
      "redisExporter",
      redisImage.imageId,
      USERS.nobody,
      redisExporterFiles(args),
    );
    serviceContainer(
      `${name}-redis-exporter`,
      {
        ...ctx,
        service: "redisExporter",
        image: redisImage.imageId,
        user: USERS.nobody,
        memoryMb: 64,
        files: redisFiles,
        command: [
          `--redis.addr=${REDIS_EXPORTER_TARGET}`,
          `--redis.password-file=${filePath("redis-passwords.json")}`,
          `--tls-ca-cert-file=${filePath("ca.pem")}`,
          `--web.listen-address=:${PORTS.redisExporter}`,
        ],
        networks: [net("data", host.redisExporter)],
        healthcheck: wgetHealthcheck(PORTS.redisExporter, "/health"),
      },
      this,
    );

    // Jaeger: OTLP over HTTP from the workload on the app network, the UI on 127.0.0.1.
    const tracesImage = pulledImage(`${name}-traces-image`, args.images.traces, this);
    serviceContainer(
      `${name}-traces`,
      {
        ...ctx,
        service: "traces",
        image: tracesImage.imageId,
        user: USERS.traces,
        memoryMb: 256,
        tmpfs: { "/tmp": "rw,noexec,nosuid,size=64m" },
        networks: [net("edge", host.traces), net("app", host.traces)],
        ports: local(PORTS.traceUi, OBSERVABILITY_HOST_PORTS.traces),
        healthcheck: wgetHealthcheck(13133, "/status"),
      },
      this,
    );

    // Grafana: data sources and the dashboard provisioned from files, the admin password from a file.
    const grafanaImage = pulledImage(`${name}-grafana-image`, args.images.grafana, this);
    const grafanaFiles = files(
      "grafana",
      grafanaImage.imageId,
      USERS.grafana,
      grafanaConfigFiles(args),
    );
    serviceContainer(
      `${name}-grafana`,
      {
        ...ctx,
        service: "grafana",
        image: grafanaImage.imageId,
        user: USERS.grafana,
        memoryMb: 256,
        files: grafanaFiles,
        envs: [
          `GF_PATHS_PROVISIONING=${filePath("provisioning")}`,
          "GF_PATHS_DATA=/var/lib/grafana",
          `GF_SECURITY_ADMIN_PASSWORD__FILE=${filePath("admin-password")}`,
          `GF_SERVER_HTTP_PORT=${PORTS.grafana}`,
          "GF_ANALYTICS_REPORTING_ENABLED=false",
          "GF_ANALYTICS_CHECK_FOR_UPDATES=false",
          "GF_AUTH_ANONYMOUS_ENABLED=false",
        ],
        tmpfs: {
          "/var/lib/grafana": "rw,noexec,nosuid,size=128m",
          "/tmp": "rw,noexec,nosuid,size=16m",
        },
        networks: [net("edge", host.grafana), net("app", host.grafana)],
        ports: local(PORTS.grafana, OBSERVABILITY_HOST_PORTS.grafana),
        healthcheck: wgetHealthcheck(PORTS.grafana, "/api/health"),
        dependsOn: [prometheus],
      },
      this,
    );

    this.logCommands = pulumi
      .output(args.containers)
      .apply((c) =>
        Object.fromEntries(Object.entries(c).map(([k, v]) => [k, `docker logs -f ${v}`])),
      );
    this.urls = prometheus.id.apply(() => ({
      grafana: `http://127.0.0.1:${OBSERVABILITY_HOST_PORTS.grafana}`,
      prometheus: `http://127.0.0.1:${OBSERVABILITY_HOST_PORTS.prometheus}`,
      traces: `http://127.0.0.1:${OBSERVABILITY_HOST_PORTS.traces}`,
    }));
    this.registerOutputs({ logCommands: this.logCommands, urls: this.urls });
  }
}
