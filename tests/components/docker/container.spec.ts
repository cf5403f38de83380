/**
 * The Docker container helpers built directly, with their guards: a service
 * never runs as root or as a named user, never publishes a port beyond
 * 127.0.0.1, and its files are owned by a numeric user under FILES_DIR.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import {
  containerFiles,
  ContainerFilesArgs,
  FILES_DIR,
  serviceContainer,
} from "../../../components/docker/container";
import { build, one, props } from "../../support/mockRun";
import { HELPER_CTX as DEV, serviceArgs as service, TestParent as Parent } from "./support";

const CONTAINER = "docker:index/container:Container";

const files = (over: Partial<ContainerFilesArgs> = {}): ContainerFilesArgs => ({
  naming: DEV,
  labels: {},
  service: "app",
  image: "app:1",
  files: [{ path: "token", content: "t", owner: "10001:10001", mode: "0400", secret: true }],
  ...over,
});

/** The message of the error the program throws, or undefined when it builds. */
async function refusal(program: (parent: pulumi.Resource) => unknown): Promise<string | undefined> {
  return build(() => program(new Parent())).then(
    () => undefined,
    (e: Error) => e.message,
  );
}

describe("components/docker/container: serviceContainer", () => {
  it("hardens the container: read-only, no capabilities, no new privileges, memory without swap, health-checked", async () => {
    const rs = await build(() => serviceContainer("app", service(), new Parent()));
    expect(props(one(rs, CONTAINER, "app"))).to.deep.include({
      name: "platform-dev-app",
      user: "10001:10001",
      readOnly: true,
      capabilities: { drops: ["ALL"] },
      securityOpts: ["no-new-privileges:true"],
      memory: 128,
      memorySwap: 128,
      restart: "unless-stopped",
      init: false,
      wait: true,
      healthcheck: {
        tests: ["CMD", "true"],
        interval: "10s",
        timeout: "5s",
        retries: 5,
        startPeriod: "30s",
      },
      labels: [
        { label: "platform.environment", value: "dev" },
        { label: "platform.service", value: "app" },
      ],
    });
    // A stateless service is killed at once on replace (no grace period set).
    expect(props(one(rs, CONTAINER, "app")).destroyGraceSeconds).to.equal(undefined);
  });

  it("publishes a port bound to 127.0.0.1", async () => {
    const ports = [{ internal: 8443, external: 8443, ip: "127.0.0.1" }];
    const rs = await build(() => serviceContainer("app", service({ ports }), new Parent()));
    expect(props(one(rs, CONTAINER, "app")).ports).to.deep.equal([
      { internal: 8443, external: 8443, ip: "127.0.0.1" },
    ]);
  });

  for (const [user, why] of [
    ["0:0", "root"],
    ["0:10001", "uid 0"],
    ["node", "a name"],
    ["10001", "no group"],
  ] as const) {
    it(`refuses the user ${JSON.stringify(user)} (${why})`, async () => {
      expect(await refusal((p) => serviceContainer("app", service({ user }), p))).to.equal(
        `app: user must be a numeric non-root uid:gid, got "${user}"`,
      );
    });
  }

  it("refuses a port published on every interface, or without an address", async () => {
    for (const ports of [
      [{ internal: 80, external: 8080, ip: "0.0.0.0" }],
      [{ internal: 80, external: 8080 }],
    ]) {
      expect(await refusal((p) => serviceContainer("app", service({ ports }), p))).to.equal(
        "app: published ports must be bound to 127.0.0.1",
      );
    }
  });
});

describe("components/docker/container: containerFiles", () => {
  it("loads the files into a volume through a loader that never starts, and mounts it read-only", async () => {
    let mount: unknown;
    const rs = await build(() => {
      mount = containerFiles("app", files(), new Parent()).mount;
    });
    expect(mount).to.deep.include({ type: "volume", target: FILES_DIR, readOnly: true });
    const loader = props(one(rs, CONTAINER, "app-files-loader"));
    expect(loader).to.deep.include({
      name: "platform-dev-app-files-loader",
      start: false,
      mustRun: false,
      networkMode: "none",
      uploads: [
        {
          file: `${FILES_DIR}/token`,
          content: "[secret]",
          owner: "10001",
          group: "10001",
          permissions: "0400",
        },
      ],
    });
  });

  it("refuses an owner that is not a numeric uid:gid", async () => {
    const bad = files({ files: [{ path: "a", content: "x", owner: "app", mode: "0400" }] });
    expect(await refusal((p) => containerFiles("app", bad, p))).to.equal(
      'file a: owner must be numeric uid:gid, got "app"',
    );
  });

  it("refuses a path outside FILES_DIR", async () => {
    for (const path of ["/etc/passwd", "../escape", "certs/../../x"]) {
      const bad = files({ files: [{ path, content: "x", owner: "1:1", mode: "0400" }] });
      expect(await refusal((p) => containerFiles("app", bad, p))).to.equal(
        `file ${path}: path must be relative to ${FILES_DIR}`,
      );
    }
  });
});
