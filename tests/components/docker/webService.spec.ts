/**
 * WebService (Docker) built directly under Pulumi's mocks, not through the
 * dev stack: the app container with the contract (plain values as variables,
 * secrets as 0400 files), the nginx proxy in front of it (its rendered
 * nginx.conf, the only published ports, on 127.0.0.1), and its guards.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { DEV_IMAGE_DEFAULTS } from "../../../config/keys/dev";
import { FILES_DIGEST_LABEL, FILES_DIR } from "../../../components/docker/container";
import { nodeHealthcheck } from "../../../components/docker/notifications";
import { WebService, WebServiceArgs } from "../../../components/docker/webService";
import { renderNginxConf } from "../../../lib/dev/nginx";
import { build, one, props } from "../../support/mockRun";
import { DIRECT_CTX as CTX, DIRECT_LABELS as LABELS, outputValue, uploadRows } from "./support";

const CONTAINER = "docker:index/container:Container";
const VOLUME = "docker:index/volume:Volume";
const REMOTE_IMAGE = "docker:index/remoteImage:RemoteImage";
/** The image id the mocks give a pulled image (cli/core/mocks.ts). */
const PULLED_ID = `sha256:${"0".repeat(64)}`;
const f = (file: string) => `${FILES_DIR}/${file}`;

/** Secret values no registered input may show in the clear. */
const SECRET_VALUES = {
  APP_SECRET_KEY: "app-secret-key-value-1f0c",
  DATABASE_PASSWORD: "database-password-value-77aa",
  REDIS_URL: "rediss://:redis-password-value-90be@cache:6379/0",
  S3_ACCESS_KEY_ID: "s3-access-key-value-3c41",
  S3_SECRET_ACCESS_KEY: "s3-secret-key-value-e52d",
  proxyKey: "PROXY PRIVATE KEY 6b19",
};

const args = (over: Partial<WebServiceArgs> = {}): WebServiceArgs => ({
  naming: CTX,
  labels: LABELS,
  appImage: "registry.local/shop-app:1.2.3",
  proxyImage: DEV_IMAGE_DEFAULTS.proxy,
  networks: { edge: "shop-dev-net-edge", app: "shop-dev-net-app", data: "shop-dev-net-data" },
  environment: {
    DATABASE_URL: "postgres://app@db:5432/app?sslmode=verify-full",
    ENVIRONMENT: "dev",
    NOTIFY_TARGET: "http://notifications:8080/notifications",
    OTEL_EXPORTER_OTLP_ENDPOINT: "http://traces:4318",
    S3_BUCKET: "shop-dev-uploads",
    S3_ENDPOINT: "https://objectstore:9000",
  },
  secrets: {
    APP_SECRET_KEY: pulumi.secret(SECRET_VALUES.APP_SECRET_KEY),
    DATABASE_PASSWORD: pulumi.secret(SECRET_VALUES.DATABASE_PASSWORD),
    REDIS_URL: pulumi.secret(SECRET_VALUES.REDIS_URL),
    S3_ACCESS_KEY_ID: pulumi.secret(SECRET_VALUES.S3_ACCESS_KEY_ID),
    S3_SECRET_ACCESS_KEY: pulumi.secret(SECRET_VALUES.S3_SECRET_ACCESS_KEY),
  },
  caCertPem: "DEV CA PEM",
  certificate: {
    certPem: pulumi.output("PROXY CERT PEM"),
    privateKeyPem: pulumi.secret(SECRET_VALUES.proxyKey),
  },
  httpsPort: 8443,
  httpPort: 8080,
  memoryMb: 512,
  ...over,
});

/** The message of the error the component throws, or undefined when it builds. */
function refusal(a: WebServiceArgs): Promise<string | undefined> {
  return build(() => new WebService("web", a)).then(
    () => undefined,
    (e: Error) => e.message,
  );
}

describe("components/docker/webService, built directly", () => {
  it("registers the app and the proxy, each with its files volume and loader, and pulls the proxy image", async () => {
    const rs = await build(() => new WebService("web", args()));
    expect(rs.map((r) => [r.type, r.name]).sort()).to.deep.equal(
      [
        ["platform:app:WebService", "web"],
        [REMOTE_IMAGE, "web-proxy-image"],
        [VOLUME, "web-app-files"],
        [VOLUME, "web-proxy-files"],
        [CONTAINER, "web-app-files-loader"],
        [CONTAINER, "web-app"],
        [CONTAINER, "web-proxy-files-loader"],
        [CONTAINER, "web-proxy"],
      ].sort(),
    );
    const component = one(rs, "platform:app:WebService", "web");
    for (const r of rs.filter((x) => x !== component))
      expect(r.parent, r.name).to.equal(component.urn);
    expect(props(one(rs, REMOTE_IMAGE, "web-proxy-image"))).to.deep.equal({
      name: DEV_IMAGE_DEFAULTS.proxy,
      keepLocally: true,
    });
    expect([
      props(one(rs, VOLUME, "web-app-files")).name,
      props(one(rs, VOLUME, "web-proxy-files")).name,
    ]).to.deep.equal(["shop-dev-app-files", "shop-dev-proxy-files"]);
  });

  it("runs the app as its non-root user under init, with the contract as variables and *_FILE paths, unpublished", async () => {
    const rs = await build(() => new WebService("web", args()));
    const app = props(one(rs, CONTAINER, "web-app"));
    expect(app).to.deep.include({
      name: "shop-dev-app",
      image: "registry.local/shop-app:1.2.3",
      user: "10001:10001",
      init: true,
      readOnly: true,
      memory: 512,
      memorySwap: 512,
      tmpfs: { "/tmp": "rw,noexec,nosuid,size=64m" },
      networksAdvanced: [
        { name: "shop-dev-net-app", aliases: ["app"] },
        { name: "shop-dev-net-data", aliases: [] },
      ],
      mounts: [{ type: "volume", source: "shop-dev-app-files", target: FILES_DIR, readOnly: true }],
    });
    expect(app.envs).to.deep.equal([
      `APP_SECRET_KEY_FILE=${f("app-secret-key")}`,
      `AWS_ACCESS_KEY_ID_FILE=${f("s3-access-key-id")}`,
      `AWS_SECRET_ACCESS_KEY_FILE=${f("s3-secret-access-key")}`,
      `CA_BUNDLE_FILE=${f("ca.crt")}`,
      `DATABASE_PASSWORD_FILE=${f("database-password")}`,
      "DATABASE_URL=postgres://app@db:5432/app?sslmode=verify-full",
      "ENVIRONMENT=dev",
      "NOTIFY_TARGET=http://notifications:8080/notifications",
      "OTEL_EXPORTER_OTLP_ENDPOINT=http://traces:4318",
      "PORT=8080",
      `REDIS_URL_FILE=${f("redis-url")}`,
      "S3_BUCKET=shop-dev-uploads",
      "S3_ENDPOINT=https://objectstore:9000",
    ]);
    expect(app.healthcheck.tests).to.deep.equal(nodeHealthcheck(8080));
    expect(app.ports).to.equal(undefined);
    const labels = (app.labels as { label: string; value: string }[]).map((l) => l.label);
    expect(labels).to.deep.equal([
      "platform.environment",
      FILES_DIGEST_LABEL,
      "platform.project",
      "platform.service",
    ]);
  });

  it("gives the app its secrets as 0400 files of its user (secret inputs), the CA 0444", async () => {
    const rs = await build(() => new WebService("web", args()));
    expect(uploadRows(one(rs, CONTAINER, "web-app-files-loader"))).to.deep.equal([
      [f("ca.crt"), "10001", "10001", "0444", "DEV CA PEM"],
      [f("app-secret-key"), "10001", "10001", "0400", "[secret]"],
      [f("database-password"), "10001", "10001", "0400", "[secret]"],
      [f("redis-url"), "10001", "10001", "0400", "[secret]"],
      [f("s3-access-key-id"), "10001", "10001", "0400", "[secret]"],
      [f("s3-secret-access-key"), "10001", "10001", "0400", "[secret]"],
    ]);
    const registered = JSON.stringify(rs);
    for (const [name, value] of Object.entries(SECRET_VALUES)) {
      expect(registered, name).to.not.include(value);
    }
  });

  it("runs nginx itself on the pulled image as its user, published on 127.0.0.1 only, health-checked over TLS", async () => {
    const rs = await build(() => new WebService("web", args()));
    const proxy = one(rs, CONTAINER, "web-proxy");
    expect(props(proxy)).to.deep.include({
      name: "shop-dev-proxy",
      image: PULLED_ID,
      user: "101:101",
      init: false,
      memory: 128,
      entrypoints: ["nginx", "-c", f("nginx.conf")],
      tmpfs: { "/tmp": "rw,noexec,nosuid,size=32m" },
      networksAdvanced: [
        { name: "shop-dev-net-edge", aliases: ["proxy"] },
        { name: "shop-dev-net-app", aliases: ["proxy"] },
      ],
      ports: [
        { internal: 8443, external: 8443, ip: "127.0.0.1", protocol: "tcp" },
        { internal: 8080, external: 8080, ip: "127.0.0.1", protocol: "tcp" },
      ],
    });
    expect(props(proxy).healthcheck.tests).to.deep.equal([
      "CMD",
      "curl",
      "-fsS",
      "-o",
      "/dev/null",
      "--cacert",
      f("ca.crt"),
      "https://localhost:8443/nginx-health",
    ]);
    // Started after the app (and its own files' loader).
    expect(proxy.opts?.dependsOn).to.include.members([
      one(rs, CONTAINER, "web-app").urn,
      one(rs, CONTAINER, "web-proxy-files-loader").urn,
    ]);
  });

  it("uploads the rendered nginx.conf, the certificate and its key (0600, secret) for the proxy's user", async () => {
    const rs = await build(() => new WebService("web", args({ httpsPort: 9443, httpPort: 9080 })));
    expect(uploadRows(one(rs, CONTAINER, "web-proxy-files-loader"))).to.deep.equal([
      [
        f("nginx.conf"),
        "101",
        "101",
        "0444",
        renderNginxConf({
          serverName: "localhost",
          upstream: "app:8080",
          httpsPort: 9443,
          httpPort: 9080,
          certFile: f("server.crt"),
          keyFile: f("server.key"),
          resolver: "127.0.0.11",
          runDir: "/tmp",
        }),
      ],
      [f("server.crt"), "101", "101", "0444", "PROXY CERT PEM"],
      [f("server.key"), "101", "101", "0600", "[secret]"],
      [f("ca.crt"), "101", "101", "0444", "DEV CA PEM"],
    ]);
    expect(props(one(rs, CONTAINER, "web-proxy")).ports).to.deep.equal([
      { internal: 9443, external: 9443, ip: "127.0.0.1", protocol: "tcp" },
      { internal: 9080, external: 9080, ip: "127.0.0.1", protocol: "tcp" },
    ]);
  });

  it("exports the HTTPS URL on 127.0.0.1 and the containers' names; takes another proxy memory limit", async () => {
    let web: WebService | undefined;
    const rs = await build(() => {
      web = new WebService("web", args({ proxyMemoryMb: 64 }));
    });
    expect(await outputValue(web!.url)).to.equal("https://127.0.0.1:8443");
    expect(await outputValue(web!.appContainerName)).to.equal("shop-dev-app");
    expect(await outputValue(web!.proxyContainerName)).to.equal("shop-dev-proxy");
    expect(props(one(rs, CONTAINER, "web-proxy"))).to.deep.include({
      memory: 64,
      memorySwap: 64,
    });
  });

  describe("guards", () => {
    it("refuses the same port for HTTPS and the redirect", async () => {
      expect(await refusal(args({ httpsPort: 8443, httpPort: 8443 }))).to.equal(
        "renderNginxConf: httpsPort and httpPort must differ",
      );
    });

    for (const [field, port] of [
      ["httpsPort", 70000],
      ["httpsPort", 0],
      ["httpPort", 80.5],
    ] as const) {
      it(`refuses ${field} ${port}, which is not a port number`, async () => {
        expect(await refusal(args({ [field]: port }))).to.equal(
          `renderNginxConf: ${field} must be a port number, got ${port}`,
        );
      });
    }
  });
});
