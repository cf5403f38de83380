/**
 * Network, Encryption, ObjectStore and Notifications (Docker) built directly, each on its own
 * under Pulumi's mocks (not through the dev stack): what each registers with
 * the inputs that matter, with its defaults and overrides.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { Resource } from "../../../cli/core/resource";
import { FILES_DIR } from "../../../components/docker/container";
import { Encryption } from "../../../components/docker/encryption";
import { Network } from "../../../components/docker/network";
import {
  devNotifyTarget,
  Notifications,
  SINK_MEMORY_MB,
} from "../../../components/docker/notifications";
import { ObjectStore } from "../../../components/docker/objectStore";
import { devPkiSpec, TLS_SERVICES } from "../../../lib/dev/certs";
import { NameContext } from "../../../lib/naming";
import { build, one, ofType, props } from "../../support/mockRun";

const CTX: NameContext = { project: "shop", environment: "dev" };
const LABELS = { "platform.environment": "dev", "platform.project": "shop" };
const CONTAINER = "docker:index/container:Container";
const PASSWORD = "random:index/randomPassword:RandomPassword";

function uploads(rs: Resource[], loader: string): Record<string, unknown>[] {
  return props(one(rs, CONTAINER, loader)).uploads as Record<string, unknown>[];
}

describe("components/docker/network, built directly", () => {
  it("creates one bridge per role, only edge with a way out, named from the context and labelled", async () => {
    const rs = await build(() => new Network("net", { naming: CTX, labels: LABELS }));
    const networks = ofType(rs, "docker:index/network:Network");
    expect(networks.map((n) => [n.name, n.props.name, n.props.internal])).to.deep.equal([
      ["net-edge", "shop-dev-net-edge", false],
      ["net-app", "shop-dev-net-app", true],
      ["net-data", "shop-dev-net-data", true],
    ]);
    for (const n of networks) {
      expect(n.props).to.deep.include({ driver: "bridge", attachable: false });
      expect(n.props.labels).to.deep.equal([
        { label: "platform.environment", value: "dev" },
        { label: "platform.network", value: n.name.slice("net-".length) },
        { label: "platform.project", value: "shop" },
      ]);
      expect(n.parent).to.match(/::net$/);
    }
  });
});

describe("components/docker/encryption, built directly", () => {
  it("makes the CA and one key, request and certificate per TLS service from the spec, keys secret", async () => {
    let servers: Encryption["servers"] | undefined;
    const rs = await build(() => {
      servers = new Encryption("pki", { naming: CTX }).servers;
    });
    const spec = devPkiSpec(CTX);
    expect(
      rs
        .filter((r) => r.type.startsWith("tls:"))
        .map((r) => r.name)
        .sort(),
    ).to.deep.equal(
      [
        "pki-ca-key",
        "pki-ca",
        ...TLS_SERVICES.flatMap((s) => [`pki-${s}-key`, `pki-${s}-csr`, `pki-${s}-cert`]),
      ].sort(),
    );
    expect(props(one(rs, "tls:index/selfSignedCert:SelfSignedCert", "pki-ca"))).to.deep.include({
      privateKeyPem: "[secret]",
      isCaCertificate: true,
      subject: { commonName: "shop dev development CA", organization: spec.ca.organization },
      allowedUses: ["cert_signing", "crl_signing", "digital_signature"],
    });
    const csr = props(one(rs, "tls:index/certRequest:CertRequest", "pki-objectStore-csr"));
    expect(csr.privateKeyPem).to.equal("[secret]");
    expect(csr.dnsNames).to.deep.equal([...spec.servers.objectStore.dnsNames]);
    expect(csr.dnsNames).to.include("shop-dev-objectstore");
    const cert = props(one(rs, "tls:index/locallySignedCert:LocallySignedCert", "pki-db-cert"));
    expect(cert).to.deep.include({
      caPrivateKeyPem: "[secret]",
      validityPeriodHours: 90 * 24,
      earlyRenewalHours: 30 * 24,
      allowedUses: ["digital_signature", "server_auth"],
    });
    expect(Object.keys(servers ?? {})).to.deep.equal([...TLS_SERVICES]);
    expect(await (servers!.proxy.privateKeyPem as any).isSecret).to.equal(true);
  });
});

describe("components/docker/objectStore, built directly", () => {
  const args = () => ({
    naming: CTX,
    labels: LABELS,
    image: "minio/minio:RELEASE.2025-01-01T00-00-00Z",
    network: "net-data",
    caCertPem: "CA PEM",
    certificate: {
      certPem: pulumi.output("MINIO CERT"),
      privateKeyPem: pulumi.secret("MINIO KEY"),
    },
  });

  it("runs MinIO as a non-root user on a read-only root, objects on a tmpfs, nothing published", async () => {
    const rs = await build(() => new ObjectStore("store", args()));
    const c = props(one(rs, CONTAINER, "store-minio"));
    expect(c).to.deep.include({
      user: "10002:10002",
      readOnly: true,
      memory: 1024,
      entrypoints: ["/bin/sh", `${FILES_DIR}/entrypoint.sh`],
      networksAdvanced: [{ name: "net-data", aliases: ["objectstore"] }],
    });
    expect(c.tmpfs).to.deep.equal({
      "/tmp": "rw,noexec,nosuid,size=64m",
      "/data": "rw,noexec,nosuid,nodev,size=512m,uid=10002,gid=10002,mode=0700",
    });
    expect(c.ports).to.equal(undefined);
    expect(c.healthcheck.tests).to.deep.equal(["CMD-SHELL", "test -f /tmp/objectstore-ready"]);
  });

  it("uploads its files owned by its user, keys and credentials 0400/0600 and secret", async () => {
    const rs = await build(() => new ObjectStore("store", args()));
    expect(
      uploads(rs, "store-minio-files-loader").map((u) => [
        String(u.file).slice(FILES_DIR.length + 1),
        u.owner,
        u.permissions,
        u.content === "[secret]",
      ]),
    ).to.deep.equal([
      ["entrypoint.sh", "10002", "0444", false],
      ["app-policy.json", "10002", "0444", false],
      ["certs/public.crt", "10002", "0444", false],
      ["certs/private.key", "10002", "0600", true],
      ["certs/CAs/ca.crt", "10002", "0444", false],
      ["root-user", "10002", "0400", true],
      ["root-password", "10002", "0400", true],
      ["app-access-key", "10002", "0400", true],
      ["app-secret-key", "10002", "0400", true],
      ["webhook-token", "10002", "0400", true],
    ]);
    expect(
      ofType(rs, PASSWORD).map((p) => [p.name, p.props.length, p.props.special]),
    ).to.deep.equal([
      ["store-root-user", 20, false],
      ["store-root-password", 40, false],
      ["store-app-access-key", 20, false],
      ["store-app-secret-key", 40, false],
      ["store-webhook-token", 48, false],
    ]);
  });

  it("takes another memory limit and tmpfs size", async () => {
    const rs = await build(
      () => new ObjectStore("store", { ...args(), memoryMb: 2048, dataSizeMb: 1024 }),
    );
    const c = props(one(rs, CONTAINER, "store-minio"));
    expect(c.memory).to.equal(2048);
    expect(c.tmpfs["/data"]).to.equal(
      "rw,noexec,nosuid,nodev,size=1024m,uid=10002,gid=10002,mode=0700",
    );
  });
});

describe("components/docker/notifications, built directly", () => {
  const args = () => ({
    naming: CTX,
    labels: LABELS,
    image: "node:24.11.1-bookworm-slim",
    network: "net-app",
  });

  it("runs the sink as the node user under init, its script read-only, 192 MiB by default, health-checked by Node", async () => {
    let target: pulumi.Output<string> | undefined;
    const rs = await build(() => {
      target = new Notifications("notify", args()).target;
    });
    const c = props(one(rs, CONTAINER, "notify-sink"));
    expect(c).to.deep.include({
      user: "1000:1000",
      readOnly: true,
      init: true,
      memory: SINK_MEMORY_MB,
      command: ["node", `${FILES_DIR}/sink.js`],
      tmpfs: { "/tmp": "rw,noexec,nosuid,size=8m" },
    });
    expect(SINK_MEMORY_MB).to.equal(192);
    expect(c.ports).to.equal(undefined);
    expect(c.healthcheck.tests.slice(0, 3)).to.deep.equal(["CMD", "node", "-e"]);
    expect(
      uploads(rs, "notify-sink-files-loader").map((u) => [u.file, u.owner, u.permissions]),
    ).to.deep.equal([[`${FILES_DIR}/sink.js`, "1000", "0444"]]);
    expect(await new Promise((resolve) => target!.apply(resolve))).to.equal(devNotifyTarget());
  });

  it("takes another memory limit", async () => {
    const rs = await build(() => new Notifications("notify", { ...args(), memoryMb: 256 }));
    expect(props(one(rs, CONTAINER, "notify-sink")).memory).to.equal(256);
  });
});
