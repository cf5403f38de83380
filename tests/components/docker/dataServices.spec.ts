/**
 * Database, Cache and ObjectStore (Docker): exact container inputs, and the
 * configuration files they receive equal to the pure renderers' output.
 */
import { expect } from "chai";
import type { SynthDocument } from "../../../cli/core/resource";
import { FILES_DIR } from "../../../components/docker/container";
import { devPkiSpec } from "../../../lib/dev/certs";
import {
  appObjectStorePolicy,
  objectStoreEnvironment,
  renderObjectStoreEntrypoint,
} from "../../../lib/dev/objectStore";
import { renderPgHba, renderPostgresConf } from "../../../lib/dev/postgres";
import { renderRedisConf } from "../../../lib/dev/redis";
import { clearUpload, devStack, labelsOf, named, upload, uploadsOf } from "./support";

const CERT = (name: string) =>
  `-----BEGIN CERTIFICATE-----\nmock certificate of ${name}\n-----END CERTIFICATE-----\n`;
const CA = CERT("platform-encryption-ca");
const f = (file: string) => `${FILES_DIR}/${file}`;

describe("Database (Docker)", () => {
  let doc: SynthDocument;
  before(async () => {
    doc = await devStack();
  });

  it("runs PostgreSQL as its own user with its data on a named volume and TLS files read-only", () => {
    const c = named(doc, "platform-db-postgres");
    expect(c.parent).to.equal(named(doc, "platform-db").urn);
    expect(c.props).to.deep.include({
      name: "platform-dev-db",
      image: `sha256:${"0".repeat(64)}`,
      user: "999:999",
      memory: 512,
      command: ["postgres", "-c", "config_file=/run/platform/postgresql.conf"],
      envs: [
        "POSTGRES_DB=app",
        "POSTGRES_PASSWORD_FILE=/run/platform/postgres-password",
        "POSTGRES_USER=app",
        "PGDATA=/var/lib/postgresql/data",
      ],
      tmpfs: {
        "/tmp": "rw,noexec,nosuid,size=64m",
        "/var/run/postgresql": "rw,noexec,nosuid,size=8m",
      },
      mounts: [
        {
          type: "volume",
          source: "platform-dev-db-files",
          target: "/run/platform",
          readOnly: true,
        },
        { type: "volume", source: "platform-dev-db-data", target: "/var/lib/postgresql/data" },
      ],
      networksAdvanced: [{ name: "platform-dev-net-data", aliases: ["db"] }],
    });
    expect(c.props.healthcheck).to.deep.equal({
      tests: ["CMD", "pg_isready", "-h", "127.0.0.1", "-p", "5432", "-U", "app", "-d", "app"],
      interval: "10s",
      timeout: "5s",
      retries: 5,
      startPeriod: "60s",
    });
    expect(c.props.ports).to.equal(undefined);
    // Without destroyGraceSeconds the provider stops with a 0 s timeout: SIGKILL on every replace or
    // destroy (terraform-provider-docker resource_docker_container_funcs.go, read 2026-11-30).
    expect(c.props.destroyGraceSeconds).to.equal(60);
    expect(labelsOf(c)["platform.service"]).to.equal("db");
    expect(labelsOf(c)["platform.files-sha256"]).to.match(/^[0-9a-f]{64}$/);
  });

  it("uploads the rendered postgresql.conf and pg_hba.conf, the certificate, and the key and password as secrets", () => {
    const loader = named(doc, "platform-db-postgres-files-loader");
    expect(upload(loader, f("postgresql.conf"))).to.deep.equal({
      file: f("postgresql.conf"),
      content: renderPostgresConf({
        certFile: f("server.crt"),
        keyFile: f("server.key"),
        caFile: f("ca.crt"),
        hbaFile: f("pg_hba.conf"),
      }),
      owner: "999",
      group: "999",
      permissions: "0444",
    });
    expect(upload(loader, f("pg_hba.conf")).content).to.equal(renderPgHba());
    expect(upload(loader, f("server.crt")).content).to.equal(CERT("platform-encryption-db-cert"));
    expect(upload(loader, f("ca.crt")).content).to.equal(CA);
    expect(upload(loader, f("server.key"))).to.deep.include({
      content: "[secret]",
      owner: "999",
      permissions: "0600",
    });
    expect(upload(loader, f("postgres-password"))).to.deep.include({
      content: "[secret]",
      owner: "999",
      permissions: "0400",
    });
    expect(uploadsOf(loader)).to.have.lengthOf(6);
  });
});

describe("Cache (Docker)", () => {
  let doc: SynthDocument;
  before(async () => {
    doc = await devStack();
  });

  it("runs redis-server as its own user on its rendered config, TLS only, persisted to a volume", () => {
    const c = named(doc, "platform-cache-redis");
    expect(c.props).to.deep.include({
      name: "platform-dev-cache",
      user: "999:999",
      memory: 256,
      command: ["redis-server", "/run/platform/redis.conf"],
      tmpfs: { "/tmp": "rw,noexec,nosuid,size=16m" },
      mounts: [
        {
          type: "volume",
          source: "platform-dev-cache-files",
          target: "/run/platform",
          readOnly: true,
        },
        { type: "volume", source: "platform-dev-cache-data", target: "/data" },
      ],
      networksAdvanced: [{ name: "platform-dev-net-data", aliases: ["cache"] }],
    });
    // Redis gets 30 s to write its final save before it is killed.
    expect(c.props.destroyGraceSeconds).to.equal(30);
    // No password on the command line or in the environment.
    expect(c.props.envs).to.equal(undefined);
    expect(JSON.stringify(c.props.command)).to.not.include("requirepass");
    const [kind, script] = (c.props as any).healthcheck.tests as string[];
    expect(kind).to.equal("CMD-SHELL");
    expect(script).to.equal(
      `REDISCLI_AUTH="$(sed -n 's/^requirepass //p' /run/platform/redis.conf)" redis-cli --tls --cacert /run/platform/ca.crt -h 127.0.0.1 -p 6379 ping | grep -q PONG`,
    );
  });

  it("delivers redis.conf as a secret file equal to the renderer's output with the generated password", async () => {
    const loader = named(doc, "platform-cache-redis-files-loader");
    expect(upload(loader, f("redis.conf"))).to.deep.equal({
      file: f("redis.conf"),
      content: "[secret]",
      owner: "999",
      group: "999",
      permissions: "0400",
    });
    expect(await clearUpload("platform-cache-redis-files-loader", f("redis.conf"))).to.equal(
      renderRedisConf({
        tlsPort: 6379,
        certFile: f("server.crt"),
        keyFile: f("server.key"),
        caFile: f("ca.crt"),
        password: "mock-platform-cache-password-value",
        dataDir: "/data",
      }),
    );
    expect(upload(loader, f("server.key"))).to.deep.include({
      content: "[secret]",
      permissions: "0600",
      owner: "999",
    });
    expect(upload(loader, f("server.crt")).content).to.equal(
      CERT("platform-encryption-cache-cert"),
    );
  });

  it("hands the workload REDIS_URL (rediss://, with the password) as a secret file", async () => {
    expect(upload(named(doc, "platform-web-app-files-loader"), f("redis-url")).content).to.equal(
      "[secret]",
    );
    expect(await clearUpload("platform-web-app-files-loader", f("redis-url"))).to.equal(
      "rediss://:mock-platform-cache-password-value@cache:6379",
    );
  });
});

describe("ObjectStore (Docker)", () => {
  let doc: SynthDocument;
  before(async () => {
    doc = await devStack();
  });

  it("runs MinIO as a non-root user from its rendered entrypoint, objects on a tmpfs it owns", () => {
    const c = named(doc, "platform-uploads-minio");
    expect(c.props).to.deep.include({
      name: "platform-dev-objectstore",
      user: "10002:10002",
      memory: 1024,
      entrypoints: ["/bin/sh", "/run/platform/entrypoint.sh"],
      tmpfs: {
        "/tmp": "rw,noexec,nosuid,size=64m",
        "/data": "rw,noexec,nosuid,nodev,size=512m,uid=10002,gid=10002,mode=0700",
      },
      mounts: [
        {
          type: "volume",
          source: "platform-dev-objectstore-files",
          target: "/run/platform",
          readOnly: true,
        },
      ],
      networksAdvanced: [{ name: "platform-dev-net-data", aliases: ["objectstore"] }],
    });
    const env = objectStoreEnvironment({
      endpoint: "http://file-processor:8080/events",
      queueDir: "/tmp/minio-events",
    });
    expect(c.props.envs).to.deep.equal([
      "HOME=/tmp",
      ...Object.keys(env)
        .sort()
        .map((k) => `${k}=${env[k]}`),
    ]);
    expect((c.props as any).healthcheck.tests).to.deep.equal([
      "CMD-SHELL",
      "test -f /tmp/objectstore-ready",
    ]);
  });

  it("uploads the rendered entrypoint and policy, TLS files for --certs-dir, and every credential as a secret", () => {
    const loader = named(doc, "platform-uploads-minio-files-loader");
    expect(upload(loader, f("entrypoint.sh")).content).to.equal(
      renderObjectStoreEntrypoint({
        bucket: "platform-dev-uploads",
        filesDir: FILES_DIR,
        dataDir: "/data",
        scratchDir: "/tmp",
      }),
    );
    expect(JSON.parse(upload(loader, f("app-policy.json")).content)).to.deep.equal(
      appObjectStorePolicy("platform-dev-uploads"),
    );
    expect(upload(loader, f("certs/public.crt")).content).to.equal(
      CERT("platform-encryption-objectStore-cert"),
    );
    expect(upload(loader, f("certs/CAs/ca.crt")).content).to.equal(CA);
    expect(upload(loader, f("certs/private.key"))).to.deep.include({
      content: "[secret]",
      permissions: "0600",
      owner: "10002",
    });
    for (const secret of [
      "root-user",
      "root-password",
      "app-access-key",
      "app-secret-key",
      "webhook-token",
    ]) {
      expect(upload(loader, f(secret)), secret).to.deep.include({
        content: "[secret]",
        permissions: "0400",
        owner: "10002",
      });
    }
  });

  it("serves the bucket name and the TLS endpoint of the contract", () => {
    const spec = devPkiSpec({ project: "platform", environment: "dev" });
    expect(spec.servers.objectStore.dnsNames).to.include("objectstore");
    const env = (named(doc, "platform-web-app").props.envs as string[]).filter((e) =>
      e.startsWith("S3_"),
    );
    expect(env).to.deep.equal([
      "S3_BUCKET=platform-dev-uploads",
      "S3_ENDPOINT=https://objectstore:9000",
    ]);
  });
});
