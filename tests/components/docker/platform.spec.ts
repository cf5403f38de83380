/**
 * The whole dev stack as `platform synth --stack dev` sees it: every
 * component of the contract, every container hardened, nothing from AWS,
 * internal networks, explicit providers, no secret in clear text, and the
 * same topology as staging and prod.
 */
import { expect } from "chai";
import type { Resource, SynthDocument } from "../../../cli/core/resource";
import { buildTopology } from "../../../cli/topology/topology";
import { COMPONENT_LINKS, COMPONENT_TYPES, componentName } from "../../../components/contracts";
import { FILES_DIR, LOADER_USER } from "../../../components/docker/container";
import { synth } from "../../support/mockRun";
import { CONTAINER, DEV_LABELS, devStack, labelsOf, named, NETWORK, VOLUME } from "./support";

const SERVICE_CONTAINERS = [
  "platform-db-postgres",
  "platform-cache-redis",
  "platform-uploads-minio",
  "platform-notifications-sink",
  "platform-web-app",
  "platform-web-proxy",
  "platform-file-processor-worker",
];
/** The Observability component's containers (all but the trace store read files). */
const OBSERVABILITY_CONTAINERS = [
  "platform-observability-prometheus",
  "platform-observability-alertmanager",
  "platform-observability-grafana",
  "platform-observability-loki",
  "platform-observability-log-shipper",
  "platform-observability-blackbox",
  "platform-observability-postgres-exporter",
  "platform-observability-redis-exporter",
  "platform-observability-traces",
];
const WITHOUT_FILES = ["platform-observability-traces"];
const FLUENTD = {
  "fluentd-address": "127.0.0.1:18224",
  "fluentd-async": "true",
  tag: "{{.Name}}",
};

describe("dev stack (Docker)", () => {
  let doc: SynthDocument;
  let containers: Resource[];
  before(async () => {
    doc = await devStack();
    containers = doc.resources.filter((r) => r.type === CONTAINER);
  });

  it("registers every component of the contract under its logical name", () => {
    for (const [kind, type] of Object.entries(COMPONENT_TYPES)) {
      const c = named(doc, componentName("platform", kind as keyof typeof COMPONENT_TYPES));
      expect(c.type).to.equal(type);
    }
  });

  it("has the database, cache, object store, app, proxy, file processor, sink and observability containers", () => {
    const services = containers.filter((c) => c.props.start !== false);
    expect(services.map((c) => c.name).sort()).to.deep.equal(
      [...SERVICE_CONTAINERS, ...OBSERVABILITY_CONTAINERS].sort(),
    );
    expect(services.map((c) => c.props.name).sort()).to.deep.equal([
      "platform-dev-alertmanager",
      "platform-dev-app",
      "platform-dev-blackbox",
      "platform-dev-cache",
      "platform-dev-db",
      "platform-dev-file-processor",
      "platform-dev-grafana",
      "platform-dev-log-shipper",
      "platform-dev-loki",
      "platform-dev-notifications",
      "platform-dev-objectstore",
      "platform-dev-postgres-exporter",
      "platform-dev-prometheus",
      "platform-dev-proxy",
      "platform-dev-redis-exporter",
      "platform-dev-traces",
    ]);
  });

  it("hardens every service container", () => {
    for (const c of containers.filter((r) => r.props.start !== false)) {
      const p = c.props as Record<string, any>;
      expect(p.user, c.name).to.match(/^[1-9]\d*:[1-9]\d*$/);
      expect(p.readOnly, c.name).to.equal(true);
      expect(p.capabilities, c.name).to.deep.equal({ drops: ["ALL"] });
      expect(p.securityOpts, c.name).to.deep.equal(["no-new-privileges:true"]);
      expect(p.memory, c.name).to.be.a("number").within(64, 2048);
      expect(p.memorySwap, c.name).to.equal(p.memory);
      expect(p.restart, c.name).to.equal("unless-stopped");
      expect(p.privileged, c.name).to.equal(undefined);
      expect(p.healthcheck.tests[0], c.name).to.be.oneOf(["CMD", "CMD-SHELL"]);
      expect(p.healthcheck, c.name).to.include({ interval: "10s", timeout: "5s", retries: 5 });
      expect(p.wait, c.name).to.equal(true);
      if (c.name === "platform-observability-log-shipper") {
        // The shipper never ships its own lines: rotated JSON files.
        expect(p.logDriver, c.name).to.equal("json-file");
        expect(p.logOpts, c.name).to.deep.equal({ "max-size": "10m", "max-file": "3" });
      } else {
        expect(p.logDriver, c.name).to.equal("fluentd");
        expect(p.logOpts, c.name).to.deep.equal(FLUENTD);
      }
      expect(labelsOf(c), c.name).to.include(DEV_LABELS);
      // Scratch space only on tmpfs; files read-only.
      for (const opts of Object.values((p.tmpfs ?? {}) as Record<string, string>))
        expect(opts, c.name).to.match(/nosuid/);
      if (WITHOUT_FILES.includes(c.name)) continue;
      const files = (p.mounts as any[]).find((m) => m.target === FILES_DIR);
      expect(files, c.name).to.deep.include({ type: "volume", readOnly: true });
      expect(c.opts?.dependsOn, c.name).to.include(named(doc, `${c.name}-files-loader`).urn);
    }
  });

  it("creates the file loaders but never starts them, with no network, no capabilities and no privileges", () => {
    const loaders = containers.filter((r) => r.props.start === false);
    expect(loaders.map((l) => l.name).sort()).to.deep.equal(
      [...SERVICE_CONTAINERS, ...OBSERVABILITY_CONTAINERS]
        .filter((n) => !WITHOUT_FILES.includes(n))
        .map((n) => `${n}-files-loader`)
        .sort(),
    );
    for (const l of loaders) {
      expect(l.props, l.name).to.deep.include({
        start: false,
        mustRun: false,
        restart: "no",
        networkMode: "none",
        user: LOADER_USER,
        readOnly: false,
        capabilities: { drops: ["ALL"] },
        securityOpts: ["no-new-privileges:true"],
        memory: 16,
      });
      expect(l.props.healthcheck, l.name).to.equal(undefined);
      expect(l.props.ports, l.name).to.equal(undefined);
      expect(labelsOf(l), l.name).to.include(DEV_LABELS);
    }
  });

  it("publishes ports only from the proxy, the observability UIs and the log forwarder, only on 127.0.0.1", () => {
    const publishing = containers.filter((c) => c.props.ports !== undefined);
    expect(Object.fromEntries(publishing.map((c) => [c.name, c.props.ports]))).to.deep.equal({
      "platform-web-proxy": [
        { external: 18443, internal: 18443, ip: "127.0.0.1", protocol: "tcp" },
        { external: 18080, internal: 18080, ip: "127.0.0.1", protocol: "tcp" },
      ],
      "platform-observability-prometheus": [
        { external: 9390, internal: 9090, ip: "127.0.0.1", protocol: "tcp" },
      ],
      "platform-observability-grafana": [
        { external: 3300, internal: 3000, ip: "127.0.0.1", protocol: "tcp" },
      ],
      "platform-observability-traces": [
        { external: 18686, internal: 16686, ip: "127.0.0.1", protocol: "tcp" },
      ],
      "platform-observability-log-shipper": [
        { external: 18224, internal: 24224, ip: "127.0.0.1", protocol: "tcp" },
      ],
    });
  });

  it("puts the data services on internal networks only, and on the edge only what publishes a port", () => {
    const networks = doc.resources.filter((r) => r.type === NETWORK);
    expect(
      networks.filter((n) => n.props.internal === true).map((n) => n.props.name),
    ).to.deep.equal(["platform-dev-net-app", "platform-dev-net-data"]);
    const onEdge = containers.filter((c) =>
      ((c.props.networksAdvanced ?? []) as any[]).some((n) => n.name === "platform-dev-net-edge"),
    );
    expect(onEdge.map((c) => c.name).sort()).to.deep.equal(
      containers
        .filter((c) => c.props.ports !== undefined)
        .map((c) => c.name)
        .sort(),
    );
  });

  it("labels networks and volumes with the same facts", () => {
    for (const r of doc.resources.filter((x) => x.type === NETWORK || x.type === VOLUME)) {
      expect(labelsOf(r), r.name).to.include(DEV_LABELS);
    }
  });

  it("creates nothing on AWS", () => {
    expect(
      doc.resources.filter((r) => r.type.startsWith("aws:") || r.type === "pulumi:providers:aws"),
    ).to.deep.equal([]);
  });

  it("uses one explicit provider per package for every resource", () => {
    const providers = doc.resources.filter((r) => r.type.startsWith("pulumi:providers:"));
    expect(providers.map((p) => `${p.type} ${p.name}`).sort()).to.deep.equal([
      "pulumi:providers:docker docker",
      "pulumi:providers:random random",
      "pulumi:providers:tls tls",
    ]);
    for (const r of doc.resources.filter((x) => /^(docker|random|tls):/.test(x.type))) {
      expect(r.provider?.name, r.name).to.equal(r.type.split(":")[0]);
    }
  });

  it("pins every pulled image by tag, keeps it locally, and builds the app with app/Dockerfile from the repository root", () => {
    for (const r of doc.resources.filter(
      (x) => x.type === "docker:index/remoteImage:RemoteImage",
    )) {
      expect(r.props.keepLocally, r.name).to.equal(true);
      expect(r.props.name, r.name).to.match(/:[A-Za-z0-9_][A-Za-z0-9_.-]*$/);
      expect(r.props.name, r.name).to.not.match(/:latest$/);
    }
    expect(named(doc, "platform-app-image").props).to.deep.equal({
      imageName: "platform-app:dev",
      // No forced platform: the engine's native one (a forced linux/amd64 runs emulated on arm64 laptops).
      build: { context: ".", dockerfile: "app/Dockerfile" },
      buildOnPreview: false,
      skipPush: true,
    });
  });

  it("keeps every secret out of clear text", () => {
    const text = JSON.stringify(doc);
    expect(text).to.not.match(/mock-[a-z-]+-value/);
    expect(text).to.not.match(/PRIVATE KEY|mock private key/i);
    // (The cache's health check reads `requirepass` from its file; no value may follow it here.)
    expect(text).to.not.match(/requirepass [A-Za-z0-9]/);
    expect(text).to.not.match(/rediss:\/\/:[^@"]+@/);
  });

  it("wires the components with exactly the links of COMPONENT_LINKS", () => {
    const topology = buildTopology(doc.resources);
    const expected = Object.entries(COMPONENT_LINKS)
      .flatMap(([from, tos]) =>
        tos.map((to) => ({
          from: componentName("platform", from as never),
          to: componentName("platform", to as never),
        })),
      )
      .sort((a, b) => (a.from + a.to < b.from + b.to ? -1 : 1));
    expect(topology.links).to.deep.equal(expected);
  });

  it("has the same topology as staging and prod: components, links and contract", async () => {
    const dev = JSON.stringify(buildTopology(doc.resources));
    for (const stack of ["staging", "prod"]) {
      expect(JSON.stringify(buildTopology((await synth(stack)).resources)), stack).to.equal(dev);
    }
    expect(buildTopology(doc.resources).contract).to.deep.equal([
      "APP_SECRET_KEY",
      "CA_BUNDLE_FILE",
      "DATABASE_PASSWORD",
      "DATABASE_URL",
      "ENVIRONMENT",
      "NOTIFY_TARGET",
      "OTEL_EXPORTER_OTLP_ENDPOINT",
      "REDIS_URL",
      "S3_BUCKET",
      "S3_ENDPOINT",
    ]);
  });

  it("puts the observability containers in Observability and gives Backup no resources", () => {
    const owned = (name: string) => doc.resources.filter((r) => r.parent === named(doc, name).urn);
    expect(
      owned("platform-observability")
        .filter((r) => r.type === CONTAINER && r.props.start !== false)
        .map((r) => r.name)
        .sort(),
    ).to.deep.equal([...OBSERVABILITY_CONTAINERS].sort());
    expect(owned("platform-backup")).to.deep.equal([]);
  });

  // The uploads' owner/group exist from @pulumi/docker 5.2.0's schema on; older providers write
  // every file as root:root and the services could not read their 0400/0600 files
  // (components/docker/container.ts explains the sources).
  it("pins @pulumi/docker exactly, at a version whose uploads take owner and group", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require("../../../package.json") as { dependencies: Record<string, string> };
    const pinned = pkg.dependencies["@pulumi/docker"];
    expect(pinned).to.match(/^\d+\.\d+\.\d+$/);
    const [major, minor] = pinned.split(".").map(Number);
    expect(major > 5 || (major === 5 && minor >= 2), pinned).to.equal(true);
  });
});
