/**
 * WebService, FileProcessor and Notifications (Docker): the workload gets the
 * contract (plain values as variables, secrets as files), the proxy serves
 * the rendered nginx.conf on 127.0.0.1 only, the worker runs the app image's
 * webhook, the sink runs the rendered script.
 */
import { expect } from "chai";
import type { SynthDocument } from "../../../cli/core/resource";
import { FILES_DIR } from "../../../components/docker/container";
import { renderNginxConf } from "../../../lib/dev/nginx";
import { renderSinkScript } from "../../../lib/dev/sink";
import { clearResource, clearUpload, devStack, named, upload, uploadsOf } from "./support";

const f = (file: string) => `${FILES_DIR}/${file}`;
const APP_IMAGE = `platform-app:dev@sha256:${"0".repeat(64)}`;

describe("WebService (Docker)", () => {
  let doc: SynthDocument;
  before(async () => {
    doc = await devStack();
  });

  it("hands the app the contract: plain values as variables, secrets as files", () => {
    const app = named(doc, "platform-web-app");
    expect(app.parent).to.equal(named(doc, "platform-web").urn);
    expect(app.props).to.deep.include({
      name: "platform-dev-app",
      image: APP_IMAGE,
      user: "10001:10001",
      init: true,
      memory: 512,
      tmpfs: { "/tmp": "rw,noexec,nosuid,size=64m" },
      networksAdvanced: [
        { name: "platform-dev-net-app", aliases: ["app"] },
        { name: "platform-dev-net-data", aliases: [] },
      ],
    });
    // Stateless: nothing to flush, so a replace stops it at once.
    expect(app.props.destroyGraceSeconds).to.equal(undefined);
    expect(app.props.envs).to.deep.equal([
      "APP_SECRET_KEY_FILE=/run/platform/app-secret-key",
      "AWS_ACCESS_KEY_ID_FILE=/run/platform/s3-access-key-id",
      "AWS_SECRET_ACCESS_KEY_FILE=/run/platform/s3-secret-access-key",
      "CA_BUNDLE_FILE=/run/platform/ca.crt",
      "DATABASE_PASSWORD_FILE=/run/platform/database-password",
      "DATABASE_URL=postgres://app@db:5432/app?sslmode=verify-full",
      "ENVIRONMENT=dev",
      "NOTIFY_TARGET=http://notifications:8080/notifications",
      "OTEL_EXPORTER_OTLP_ENDPOINT=http://traces:4318",
      "PORT=8080",
      "REDIS_URL_FILE=/run/platform/redis-url",
      "S3_BUCKET=platform-dev-uploads",
      "S3_ENDPOINT=https://objectstore:9000",
    ]);
    expect(app.props.ports).to.equal(undefined);
  });

  it("sends the app's and the worker's traces to Jaeger, which both reach on the app network", () => {
    const traces = named(doc, "platform-observability-traces");
    const appNet = "platform-dev-net-app";
    expect(traces.props.networksAdvanced).to.deep.include({ name: appNet, aliases: ["traces"] });
    for (const container of ["platform-web-app", "platform-file-processor-worker"]) {
      const c = named(doc, container);
      expect(c.props.envs, container).to.include("OTEL_EXPORTER_OTLP_ENDPOINT=http://traces:4318");
      expect(
        (c.props.networksAdvanced as Array<{ name: string }>).map((n) => n.name),
        container,
      ).to.include(appNet);
    }
  });

  it("writes every secret file 0400 for the app's user, and the dev CA 0444", async () => {
    const loader = named(doc, "platform-web-app-files-loader");
    expect(upload(loader, f("ca.crt"))).to.deep.include({
      owner: "10001",
      group: "10001",
      permissions: "0444",
    });
    expect(upload(loader, f("ca.crt")).content).to.include(
      "mock certificate of platform-encryption-ca",
    );
    for (const secret of [
      "app-secret-key",
      "database-password",
      "redis-url",
      "s3-access-key-id",
      "s3-secret-access-key",
    ]) {
      expect(upload(loader, f(secret)), secret).to.deep.include({
        content: "[secret]",
        owner: "10001",
        permissions: "0400",
      });
    }
    expect(uploadsOf(loader)).to.have.lengthOf(6);
    expect(await clearUpload("platform-web-app-files-loader", f("app-secret-key"))).to.equal(
      "mock-platform-secrets-app-secret-key-value",
    );
    expect(await clearUpload("platform-web-app-files-loader", f("database-password"))).to.equal(
      "mock-platform-db-password-value",
    );
  });

  it("runs unprivileged nginx on the rendered nginx.conf, published only on 127.0.0.1", () => {
    const proxy = named(doc, "platform-web-proxy");
    expect(proxy.props).to.deep.include({
      name: "platform-dev-proxy",
      user: "101:101",
      memory: 128,
      entrypoints: ["nginx", "-c", "/run/platform/nginx.conf"],
      tmpfs: { "/tmp": "rw,noexec,nosuid,size=32m" },
      networksAdvanced: [
        { name: "platform-dev-net-edge", aliases: ["proxy"] },
        { name: "platform-dev-net-app", aliases: ["proxy"] },
      ],
    });
    expect((proxy.props as any).healthcheck.tests).to.deep.equal([
      "CMD",
      "curl",
      "-fsS",
      "-o",
      "/dev/null",
      "--cacert",
      "/run/platform/ca.crt",
      "https://localhost:18443/nginx-health",
    ]);
    const loader = named(doc, "platform-web-proxy-files-loader");
    expect(upload(loader, f("nginx.conf")).content).to.equal(
      renderNginxConf({
        serverName: "localhost",
        upstream: "app:8080",
        httpsPort: 18443,
        httpPort: 18080,
        certFile: f("server.crt"),
        keyFile: f("server.key"),
        resolver: "127.0.0.11",
        runDir: "/tmp",
      }),
    );
    expect(upload(loader, f("server.key"))).to.deep.include({
      content: "[secret]",
      owner: "101",
      permissions: "0600",
    });
    expect(proxy.opts?.dependsOn).to.include(named(doc, "platform-web-app").urn);
  });

  it("moves with devHttpsPort/devHttpPort and pulls platform:appImage when it is set", async () => {
    const proxy = await clearResource("platform-web-proxy");
    expect(proxy.inputs.ports).to.deep.equal([
      { external: 9443, internal: 9443, ip: "127.0.0.1", protocol: "tcp" },
      { external: 9080, internal: 9080, ip: "127.0.0.1", protocol: "tcp" },
    ]);
    const conf = await clearUpload("platform-web-proxy-files-loader", f("nginx.conf"));
    expect(conf).to.include("return 301 https://$host:9443$request_uri;");
    expect(conf).to.include("listen 9080;");
    const image = await clearResource("platform-app-image");
    expect(image.type).to.equal("docker:index/remoteImage:RemoteImage");
    expect(image.inputs).to.deep.equal({
      name: "registry.local/platform-app:1.2.3",
      keepLocally: true,
    });
    const app = await clearResource("platform-web-app");
    expect(app.inputs.image).to.equal(`sha256:${"0".repeat(64)}`);
  });
});

describe("FileProcessor (Docker)", () => {
  let doc: SynthDocument;
  before(async () => {
    doc = await devStack();
  });

  it("runs the app image's worker, reachable by the object store, with its secrets as files", () => {
    const w = named(doc, "platform-file-processor-worker");
    expect(w.parent).to.equal(named(doc, "platform-file-processor").urn);
    expect(w.props).to.deep.include({
      name: "platform-dev-file-processor",
      image: APP_IMAGE,
      user: "10001:10001",
      memory: 256,
      init: true,
      command: ["node", "dist/worker.js"],
      networksAdvanced: [
        { name: "platform-dev-net-data", aliases: ["file-processor"] },
        { name: "platform-dev-net-app", aliases: [] },
      ],
    });
    expect(w.props.envs).to.deep.equal([
      "AWS_ACCESS_KEY_ID_FILE=/run/platform/s3-access-key-id",
      "AWS_SECRET_ACCESS_KEY_FILE=/run/platform/s3-secret-access-key",
      "CA_BUNDLE_FILE=/run/platform/ca.crt",
      "DATABASE_PASSWORD_FILE=/run/platform/database-password",
      "DATABASE_URL=postgres://app@db:5432/app?sslmode=verify-full",
      "ENVIRONMENT=dev",
      "NOTIFY_TARGET=http://notifications:8080/notifications",
      "OTEL_EXPORTER_OTLP_ENDPOINT=http://traces:4318",
      "PORT=8080",
      "S3_BUCKET=platform-dev-uploads",
      "S3_ENDPOINT=https://objectstore:9000",
      "WEBHOOK_TOKEN_FILE=/run/platform/webhook-token",
    ]);
    const loader = named(doc, "platform-file-processor-worker-files-loader");
    for (const secret of [
      "database-password",
      "s3-access-key-id",
      "s3-secret-access-key",
      "webhook-token",
    ]) {
      expect(upload(loader, f(secret)), secret).to.deep.include({
        content: "[secret]",
        owner: "10001",
        permissions: "0400",
      });
    }
  });

  it("shares the object store's webhook token, which MinIO sends", async () => {
    const token = await clearUpload(
      "platform-file-processor-worker-files-loader",
      f("webhook-token"),
    );
    expect(token).to.equal("mock-platform-uploads-webhook-token-value");
    expect(await clearUpload("platform-uploads-minio-files-loader", f("webhook-token"))).to.equal(
      token,
    );
  });
});

describe("Notifications (Docker)", () => {
  let doc: SynthDocument;
  before(async () => {
    doc = await devStack();
  });

  it("runs the rendered sink on the app network as the node user", () => {
    const sink = named(doc, "platform-notifications-sink");
    expect(sink.props).to.deep.include({
      name: "platform-dev-notifications",
      user: "1000:1000",
      // The sink (~52 MiB resident) and its Node health check (~63 MiB peak) run at once: 96 MiB was
      // an OOM kill (measured with Node 24.21.0, /usr/bin/time -v and /proc/PID/status VmHWM).
      memory: 192,
      init: true,
      command: ["node", "/run/platform/sink.js"],
      networksAdvanced: [{ name: "platform-dev-net-app", aliases: ["notifications"] }],
    });
    expect(
      upload(named(doc, "platform-notifications-sink-files-loader"), f("sink.js")).content,
    ).to.equal(renderSinkScript({ port: 8080 }));
  });
});
