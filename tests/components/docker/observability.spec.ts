/**
 * Observability (Docker) built directly under Pulumi's mocks, not through the
 * dev stack: nine pinned images, each service hardened (numeric non-root
 * user, memory limit, health check), only the three UIs and the log
 * shipper's forward port published, all on 127.0.0.1; the configuration
 * files rendered from the one definition (lib/observability) for the args
 * given, secrets as 0400 files; and its guard on the alert webhook.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { Resource } from "../../../cli/core/resource";
import { DEV_IMAGE_DEFAULTS } from "../../../config/keys/dev";
import { FILES_DIR } from "../../../components/docker/container";
import {
  Observability,
  ObservabilityArgs,
  OBSERVABILITY_HOST_PORTS,
} from "../../../components/docker/observability";
import { redisExporterFiles } from "../../../components/docker/observabilityConfig";
import { DevLimits } from "../../../lib/observability/alerts";
import { renderGrafanaDashboard } from "../../../lib/observability/devStack";
import { renderAlertmanagerConfig, renderRulesFile } from "../../../lib/observability/prometheus";
import { build, one, ofType, props } from "../../support/mockRun";
import { DIRECT_CTX as CTX, DIRECT_LABELS as LABELS, outputValue } from "./support";

const CONTAINER = "docker:index/container:Container";
const REMOTE_IMAGE = "docker:index/remoteImage:RemoteImage";
/** The image id the mocks give a pulled image (cli/core/mocks.ts). */
const PULLED_ID = `sha256:${"0".repeat(64)}`;
const NET = { edge: "shop-dev-net-edge", app: "shop-dev-net-app", data: "shop-dev-net-data" };
const f = (file: string) => `${FILES_DIR}/${file}`;

const LIMITS: DevLimits = {
  appMemoryBytes: 512 * 1024 ** 2,
  appCpus: 1,
  databaseStorageBytes: 2 * 1024 ** 3,
};
const SECRET_VALUES = {
  databasePassword: "database-password-value-4a1b",
  redisPassword: "redis-password-value-7d2e",
  grafanaAdminPassword: "grafana-admin-value-c30f",
};

const args = (over: Partial<ObservabilityArgs> = {}): ObservabilityArgs => ({
  naming: CTX,
  labels: LABELS,
  images: DEV_IMAGE_DEFAULTS,
  networks: NET,
  caCertPem: "DEV CA PEM",
  databaseUser: "app",
  databasePassword: pulumi.secret(SECRET_VALUES.databasePassword),
  databaseName: "shopdb",
  redisUrl: pulumi.secret(`rediss://:${SECRET_VALUES.redisPassword}@cache:6379/0`),
  notifyTarget: "http://notifications:8080/notifications",
  proxyAddress: "proxy:18443",
  appMetrics: "app:8080",
  fileProcessorMetrics: "file-processor:8080",
  containers: { app: "shop-dev-app", proxy: "shop-dev-proxy" },
  limits: LIMITS,
  grafanaAdminPassword: pulumi.secret(SECRET_VALUES.grafanaAdminPassword),
  ...over,
});

const wget = (port: number, path: string) => [
  "CMD",
  "wget",
  "-q",
  "-O",
  "/dev/null",
  `http://127.0.0.1:${port}${path}`,
];
const local = (internal: number, external: number) => [
  { internal, external, ip: "127.0.0.1", protocol: "tcp" },
];

/** Per service: container name, user, memory (MiB), networks (role → alias), ports, health check. */
const SERVICES: [
  string,
  string,
  string,
  number,
  [keyof typeof NET, string][],
  unknown,
  string[],
][] = [
  [
    "prometheus",
    "shop-dev-prometheus",
    "65534:65534",
    256,
    [
      ["edge", "prometheus"],
      ["app", "prometheus"],
      ["data", "prometheus"],
    ],
    local(9090, 9390),
    wget(9090, "/-/healthy"),
  ],
  [
    "alertmanager",
    "shop-dev-alertmanager",
    "65534:65534",
    64,
    [["app", "alertmanager"]],
    undefined,
    wget(9093, "/-/healthy"),
  ],
  ["loki", "shop-dev-loki", "10001:10001", 256, [["app", "loki"]], undefined, wget(3100, "/ready")],
  [
    "log-shipper",
    "shop-dev-log-shipper",
    "65534:65534",
    128,
    [
      ["edge", "log-shipper"],
      ["app", "log-shipper"],
    ],
    local(24224, 18224),
    wget(8686, "/health"),
  ],
  [
    "blackbox",
    "shop-dev-blackbox",
    "65534:65534",
    64,
    [["app", "blackbox"]],
    undefined,
    wget(9115, "/-/healthy"),
  ],
  [
    "postgres-exporter",
    "shop-dev-postgres-exporter",
    "65534:65534",
    64,
    [["data", "postgres-exporter"]],
    undefined,
    wget(9187, "/"),
  ],
  [
    "redis-exporter",
    "shop-dev-redis-exporter",
    "65534:65534",
    64,
    [["data", "redis-exporter"]],
    undefined,
    wget(9121, "/health"),
  ],
  [
    "traces",
    "shop-dev-traces",
    "10001:10001",
    256,
    [
      ["edge", "traces"],
      ["app", "traces"],
    ],
    local(16686, 18686),
    wget(13133, "/status"),
  ],
  [
    "grafana",
    "shop-dev-grafana",
    "472:472",
    256,
    [
      ["edge", "grafana"],
      ["app", "grafana"],
    ],
    local(3000, 3300),
    wget(3000, "/api/health"),
  ],
];

function uploads(rs: Resource[], service: string): Record<string, unknown>[] {
  return props(one(rs, CONTAINER, `obs-${service}-files-loader`)).uploads as Record<
    string,
    unknown
  >[];
}

function content(rs: Resource[], service: string, file: string): string {
  const found = uploads(rs, service).filter((u) => u.file === f(file));
  expect(found, `${service} uploads ${file}`).to.have.lengthOf(1);
  return found[0].content as string;
}

let built: Promise<Resource[]> | undefined;
/** The component with args() (built once: it registers 35 resources). */
const standard = () => (built ??= build(() => new Observability("obs", args())));

describe("components/docker/observability, built directly", () => {
  it("pulls each of the nine pinned images once and keeps it locally", async () => {
    const rs = await standard();
    expect(
      ofType(rs, REMOTE_IMAGE)
        .map((r) => [r.name, props(r).name, props(r).keepLocally])
        .sort(),
    ).to.deep.equal(
      [
        ["obs-prometheus-image", DEV_IMAGE_DEFAULTS.prometheus, true],
        ["obs-alertmanager-image", DEV_IMAGE_DEFAULTS.alertmanager, true],
        ["obs-loki-image", DEV_IMAGE_DEFAULTS.loki, true],
        ["obs-log-shipper-image", DEV_IMAGE_DEFAULTS.logShipper, true],
        ["obs-blackbox-image", DEV_IMAGE_DEFAULTS.blackbox, true],
        ["obs-postgres-exporter-image", DEV_IMAGE_DEFAULTS.postgresExporter, true],
        ["obs-redis-exporter-image", DEV_IMAGE_DEFAULTS.redisExporter, true],
        ["obs-traces-image", DEV_IMAGE_DEFAULTS.traces, true],
        ["obs-grafana-image", DEV_IMAGE_DEFAULTS.grafana, true],
      ].sort(),
    );
  });

  it("registers nine services, eight with a files volume and loader (not Jaeger), all under the component", async () => {
    const rs = await standard();
    const component = one(rs, "platform:ops:Observability", "obs");
    expect(rs).to.have.lengthOf(1 + 9 + 8 + 8 + 9);
    for (const r of rs.filter((x) => x !== component))
      expect(r.parent, r.name).to.equal(component.urn);
    expect(
      ofType(rs, CONTAINER)
        .map((r) => r.name)
        .sort(),
    ).to.deep.equal(
      SERVICES.flatMap(([s]) =>
        s === "traces" ? [`obs-${s}`] : [`obs-${s}`, `obs-${s}-files-loader`],
      ).sort(),
    );
    expect(
      ofType(rs, "docker:index/volume:Volume")
        .map((r) => props(r).name)
        .sort(),
    ).to.deep.equal(
      SERVICES.filter(([s]) => s !== "traces")
        .map(([s]) => `shop-dev-${s}-files`)
        .sort(),
    );
  });

  for (const [service, name, user, memory, networks, ports, health] of SERVICES) {
    it(`${service}: ${name} as ${user}, ${memory} MiB, read-only, ${ports === undefined ? "unpublished" : "published on 127.0.0.1 only"}`, async () => {
      const c = props(one(await standard(), CONTAINER, `obs-${service}`));
      expect(c).to.deep.include({
        name,
        image: PULLED_ID,
        user,
        memory,
        memorySwap: memory,
        readOnly: true,
        networksAdvanced: networks.map(([role, alias]) => ({ name: NET[role], aliases: [alias] })),
      });
      expect(c.ports).to.deep.equal(ports);
      expect(c.healthcheck.tests).to.deep.equal(health);
      expect(c.mounts).to.deep.equal(
        service === "traces"
          ? []
          : [
              {
                type: "volume",
                source: `shop-dev-${service}-files`,
                target: FILES_DIR,
                readOnly: true,
              },
            ],
      );
    });
  }

  it("keeps the UIs off the tools' default host ports", () => {
    expect(OBSERVABILITY_HOST_PORTS).to.deep.equal({
      grafana: 3300,
      prometheus: 9390,
      traces: 18686,
    });
  });

  it("starts each server with its config file, storage on tmpfs", async () => {
    const rs = await standard();
    const c = (s: string) => props(one(rs, CONTAINER, `obs-${s}`));
    expect(c("prometheus").command).to.deep.equal([
      `--config.file=${f("prometheus.yml")}`,
      "--storage.tsdb.path=/prometheus",
      "--storage.tsdb.retention.time=2d",
      "--web.listen-address=:9090",
    ]);
    expect(c("prometheus").tmpfs).to.deep.equal({ "/prometheus": "rw,noexec,nosuid,size=256m" });
    expect(c("alertmanager").command).to.deep.equal([
      `--config.file=${f("alertmanager.yml")}`,
      "--storage.path=/alertmanager",
      "--web.listen-address=:9093",
    ]);
    expect(c("loki").command).to.deep.equal([`-config.file=${f("loki.yaml")}`]);
    expect(c("loki").tmpfs).to.deep.equal({ "/loki": "rw,noexec,nosuid,size=512m" });
    expect(c("log-shipper")).to.deep.include({
      command: ["--config", f("vector.yaml")],
      envs: [`VECTOR_CONFIG=${f("vector.yaml")}`],
      // The shipper never ships its own logs.
      logDriver: "json-file",
    });
    expect(c("redis-exporter").command).to.deep.equal([
      "--redis.addr=rediss://cache:6379",
      `--redis.password-file=${f("redis-passwords.json")}`,
      `--tls-ca-cert-file=${f("ca.pem")}`,
      "--web.listen-address=:9121",
    ]);
    expect(c("prometheus").logDriver).to.equal("fluentd");
  });

  it("connects postgres_exporter to the given database as the given user, its password from a file", async () => {
    const c = props(one(await standard(), CONTAINER, "obs-postgres-exporter"));
    expect(c.envs).to.deep.equal([
      `DATA_SOURCE_URI=db:5432/shopdb?sslmode=verify-full&sslrootcert=${f("ca.pem")}`,
      "DATA_SOURCE_USER=app",
      `DATA_SOURCE_PASS_FILE=${f("db-password")}`,
    ]);
  });

  it("provisions Grafana from files, its admin password from a file, anonymous access off, after Prometheus", async () => {
    const rs = await standard();
    const grafana = one(rs, CONTAINER, "obs-grafana");
    expect(props(grafana).envs).to.deep.equal([
      `GF_PATHS_PROVISIONING=${f("provisioning")}`,
      "GF_PATHS_DATA=/var/lib/grafana",
      `GF_SECURITY_ADMIN_PASSWORD__FILE=${f("admin-password")}`,
      "GF_SERVER_HTTP_PORT=3000",
      "GF_ANALYTICS_REPORTING_ENABLED=false",
      "GF_ANALYTICS_CHECK_FOR_UPDATES=false",
      "GF_AUTH_ANONYMOUS_ENABLED=false",
    ]);
    expect(grafana.opts?.dependsOn).to.include(one(rs, CONTAINER, "obs-prometheus").urn);
    expect(content(rs, "grafana", "dashboards/platform.json")).to.equal(
      renderGrafanaDashboard(LIMITS),
    );
  });

  it("uploads every file with the service's owner; the secrets 0400 and never in the clear", async () => {
    const rs = await standard();
    const rows = SERVICES.filter(([s]) => s !== "traces").flatMap(([s]) =>
      uploads(rs, s).map((u) => [
        s,
        String(u.file).slice(FILES_DIR.length + 1),
        `${u.owner}:${u.group}`,
        u.permissions,
        u.content === "[secret]",
      ]),
    );
    expect(rows).to.deep.equal([
      ["prometheus", "prometheus.yml", "65534:65534", "0444", false],
      ["prometheus", "alerts.rules.yml", "65534:65534", "0444", false],
      ["alertmanager", "alertmanager.yml", "65534:65534", "0444", false],
      ["loki", "loki.yaml", "10001:10001", "0444", false],
      ["log-shipper", "vector.yaml", "65534:65534", "0444", false],
      ["blackbox", "ca.pem", "65534:65534", "0444", false],
      ["blackbox", "blackbox.yml", "65534:65534", "0444", false],
      ["postgres-exporter", "ca.pem", "65534:65534", "0444", false],
      ["postgres-exporter", "db-password", "65534:65534", "0400", true],
      ["redis-exporter", "ca.pem", "65534:65534", "0444", false],
      ["redis-exporter", "redis-passwords.json", "65534:65534", "0400", true],
      ["grafana", "provisioning/datasources/platform.yaml", "472:472", "0444", false],
      ["grafana", "provisioning/dashboards/platform.yaml", "472:472", "0444", false],
      ["grafana", "dashboards/platform.json", "472:472", "0444", false],
      ["grafana", "admin-password", "472:472", "0400", true],
    ]);
    const registered = JSON.stringify(rs);
    for (const [name, value] of Object.entries(SECRET_VALUES)) {
      expect(registered, name).to.not.include(value);
    }
  });

  it("gives redis_exporter REDIS_URL's password (URL-decoded), keyed by the TLS address, as a secret", async () => {
    const [, file] = redisExporterFiles(
      args({ redisUrl: pulumi.secret("rediss://:p%40ss%2Fword@cache:6379/0") }),
    );
    expect(file).to.deep.include({ path: "redis-passwords.json", mode: "0400", secret: true });
    const out = pulumi.output(file.content);
    expect(await (out as unknown as { isSecret: Promise<boolean> }).isSecret).to.equal(true);
    expect(await outputValue(out)).to.equal('{"rediss://cache:6379":"p@ss/word"}\n');
  });

  it("scrapes the given app and file processor, probes the given proxy, alerts from the one definition", async () => {
    const rs = await standard();
    const prom = parse(content(rs, "prometheus", "prometheus.yml"));
    const jobs = prom.scrape_configs as {
      job_name: string;
      metrics_path: string;
      static_configs: { targets: string[] }[];
      relabel_configs?: { target_label: string; replacement?: string }[];
    }[];
    expect(
      jobs.map((j) => [j.job_name, j.metrics_path, j.static_configs[0].targets]),
    ).to.deep.equal([
      ["prometheus", "/metrics", ["127.0.0.1:9090"]],
      ["app", "/metrics", ["app:8080"]],
      ["file-processor", "/metrics", ["file-processor:8080"]],
      ["postgres", "/metrics", ["postgres-exporter:9187"]],
      ["redis", "/metrics", ["redis-exporter:9121"]],
      // The probed URL is the target; the scrape goes to the exporter.
      ["blackbox", "/probe", ["https://proxy:18443/healthz"]],
    ]);
    expect(jobs[5].relabel_configs?.at(-1)).to.deep.equal({
      target_label: "__address__",
      replacement: "blackbox:9115",
    });
    expect(prom.alerting.alertmanagers[0].static_configs[0].targets).to.deep.equal([
      "alertmanager:9093",
    ]);
    expect(content(rs, "prometheus", "alerts.rules.yml")).to.equal(renderRulesFile(LIMITS));
    expect(content(rs, "alertmanager", "alertmanager.yml")).to.equal(
      renderAlertmanagerConfig({ webhookUrl: "http://notifications:8080/notifications" }),
    );
  });

  it("exports the UIs' URLs on 127.0.0.1 and a docker logs command per container", async () => {
    let obs: Observability | undefined;
    await build(() => {
      obs = new Observability("obs", args());
    });
    expect(await outputValue(obs!.urls)).to.deep.equal({
      grafana: "http://127.0.0.1:3300",
      prometheus: "http://127.0.0.1:9390",
      traces: "http://127.0.0.1:18686",
    });
    expect(await outputValue(obs!.logCommands)).to.deep.equal({
      app: "docker logs -f shop-dev-app",
      proxy: "docker logs -f shop-dev-proxy",
    });
  });

  describe("guards", () => {
    for (const target of ["ftp://notifications/hook", "notifications:8080", "http://has space/x"]) {
      it(`refuses an alert webhook that is not an http(s) URL: ${JSON.stringify(target)}`, async () => {
        const message = await build(
          () => new Observability("obs", args({ notifyTarget: target })),
        ).then(
          () => undefined,
          (e: Error) => e.message,
        );
        // Rendered inside an Output: Pulumi reports it as the input it could not serialize.
        expect(message).to.match(/^error serializing property "uploads": /);
        expect(message).to.satisfy((m: string) =>
          m.endsWith(
            `: renderAlertmanagerConfig: webhookUrl must be an http(s) URL, got ${JSON.stringify(target)}`,
          ),
        );
      });
    }
  });
});
