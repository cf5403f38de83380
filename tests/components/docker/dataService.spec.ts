/**
 * The Docker data services built directly (not through the dev stack): the
 * shared helper (components/docker/dataService.ts), and Database and Cache
 * constructed on their own with their arguments, defaults and overrides.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { Resource } from "../../../cli/core/resource";
import { Cache } from "../../../components/docker/cache";
import { FILES_DIR } from "../../../components/docker/container";
import { dataService, DataServiceArgs } from "../../../components/docker/dataService";
import { Database } from "../../../components/docker/database";
import { NameContext } from "../../../lib/naming";
import { build, one, props } from "../../support/mockRun";

const DEV: NameContext = { project: "platform", environment: "dev" };
const LABELS = { "platform.environment": "dev", "platform.project": "platform" };
const CONTAINER = "docker:index/container:Container";
const f = (file: string) => `${FILES_DIR}/${file}`;

/** Args as the dev platform passes them; outputs must be made inside the mock run. */
function args(): DataServiceArgs {
  return {
    naming: DEV,
    labels: LABELS,
    image: "postgres:16.4-bookworm",
    network: "net-data",
    caCertPem: "CA PEM",
    certificate: {
      certPem: pulumi.output("SERVER CERT"),
      privateKeyPem: pulumi.secret("SERVER KEY"),
    },
  };
}

function uploads(rs: Resource[], loader: string): Record<string, unknown>[] {
  return props(one(rs, CONTAINER, loader)).uploads as Record<string, unknown>[];
}

class Parent extends pulumi.ComponentResource {
  constructor(name: string) {
    super("test:index:Parent", name, {});
  }
}

describe("components/docker/dataService", () => {
  it("creates the image, a secret password, the data volume, the files with the TLS ones in place, and the container", async () => {
    let password: pulumi.Output<string> | undefined;
    const rs = await build(() => {
      const parent = new Parent("p");
      password = dataService(
        "svc",
        args(),
        {
          service: "cache",
          server: "srv",
          user: "1000:1000",
          dataDir: "/srv/data",
          passwordLength: 12,
          memoryMb: 64,
          files: (pw, tls) => [
            { path: "own.conf", content: pw, owner: "1000:1000", mode: "0400", secret: true },
            ...tls,
          ],
          container: { command: ["srv", "--conf"], healthcheck: ["CMD", "true"] },
        },
        parent,
      ).password;
    });
    expect(rs.map((r) => `${r.type} ${r.name}`).sort()).to.deep.equal([
      "docker:index/container:Container svc-srv",
      "docker:index/container:Container svc-srv-files-loader",
      "docker:index/remoteImage:RemoteImage svc-image",
      "docker:index/volume:Volume svc-data",
      "docker:index/volume:Volume svc-srv-files",
      "random:index/randomPassword:RandomPassword svc-password",
      "test:index:Parent p",
    ]);
    expect(props(one(rs, "random:index/randomPassword:RandomPassword"))).to.deep.include({
      length: 12,
      special: false,
    });
    expect(props(one(rs, "docker:index/volume:Volume", "svc-data"))).to.deep.equal({
      name: "platform-dev-cache-data",
      labels: [
        { label: "platform.environment", value: "dev" },
        { label: "platform.project", value: "platform" },
        { label: "platform.service", value: "cache" },
      ],
    });
    expect(
      uploads(rs, "svc-srv-files-loader").map((u) => [u.file, u.content, u.owner, u.permissions]),
    ).to.deep.equal([
      [f("own.conf"), "[secret]", "1000", "0400"],
      [f("server.crt"), "SERVER CERT", "1000", "0444"],
      [f("server.key"), "[secret]", "1000", "0600"],
      [f("ca.crt"), "CA PEM", "1000", "0444"],
    ]);
    const c = props(one(rs, CONTAINER, "svc-srv"));
    expect(c).to.deep.include({
      name: "platform-dev-cache",
      user: "1000:1000",
      memory: 64,
      command: ["srv", "--conf"],
      networksAdvanced: [{ name: "net-data", aliases: ["cache"] }],
      // The cache's clean-shutdown grace (STATEFUL_STOP_GRACE_SECONDS).
      destroyGraceSeconds: 30,
    });
    expect(c.mounts).to.deep.equal([
      { type: "volume", source: "platform-dev-cache-files", target: FILES_DIR, readOnly: true },
      { type: "volume", source: "platform-dev-cache-data", target: "/srv/data" },
    ]);
    expect(one(rs, CONTAINER, "svc-srv").parent).to.match(/Parent::p$/);
    expect(pulumi.Output.isInstance(password)).to.equal(true);
    expect(await (password as any).isSecret).to.equal(true);
  });
});

describe("components/docker/database, built directly", () => {
  it("runs PostgreSQL on the data volume with its config, the TLS files and the password file", async () => {
    const rs = await build(() => new Database("db", args()));
    const c = props(one(rs, CONTAINER, "db-postgres"));
    expect(c).to.deep.include({
      name: "platform-dev-db",
      user: "999:999",
      memory: 512,
      memorySwap: 512,
      readOnly: true,
      command: ["postgres", "-c", `config_file=${f("postgresql.conf")}`],
      destroyGraceSeconds: 60,
    });
    expect(c.healthcheck.startPeriod).to.equal("60s");
    expect(
      uploads(rs, "db-postgres-files-loader").map((u) => [u.file, u.permissions]),
    ).to.deep.equal([
      [f("postgresql.conf"), "0444"],
      [f("pg_hba.conf"), "0444"],
      [f("server.crt"), "0444"],
      [f("server.key"), "0600"],
      [f("ca.crt"), "0444"],
      [f("postgres-password"), "0400"],
    ]);
    expect(props(one(rs, "docker:index/volume:Volume", "db-data")).name).to.equal(
      "platform-dev-db-data",
    );
  });

  it("takes another memory limit", async () => {
    const rs = await build(() => new Database("db", { ...args(), memoryMb: 1024 }));
    expect(props(one(rs, CONTAINER, "db-postgres"))).to.deep.include({
      memory: 1024,
      memorySwap: 1024,
    });
  });
});

describe("components/docker/cache, built directly", () => {
  it("runs Redis TLS-only from its secret redis.conf, 256 MiB by default", async () => {
    const rs = await build(() => new Cache("cache", args()));
    const c = props(one(rs, CONTAINER, "cache-redis"));
    expect(c).to.deep.include({
      name: "platform-dev-cache",
      user: "999:999",
      memory: 256,
      command: ["redis-server", f("redis.conf")],
      tmpfs: { "/tmp": "rw,noexec,nosuid,size=16m" },
      destroyGraceSeconds: 30,
    });
    expect(
      uploads(rs, "cache-redis-files-loader").map((u) => [u.file, u.content, u.permissions]),
    ).to.deep.equal([
      [f("redis.conf"), "[secret]", "0400"],
      [f("server.crt"), "SERVER CERT", "0444"],
      [f("server.key"), "[secret]", "0600"],
      [f("ca.crt"), "CA PEM", "0444"],
    ]);
    expect(props(one(rs, "random:index/randomPassword:RandomPassword")).length).to.equal(64);
  });
});
