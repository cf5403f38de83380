import { expect } from "chai";
import { DEV_DEFAULTS, DEV_IMAGE_DEFAULTS, isPinnedImage } from "../../../config/keys/dev";
import { readPlatformConfig } from "../../../config/schema";

const STAGING: Record<string, string> = {
  "aws:region": "eu-west-1",
  "platform:domain": "staging.example.com",
  "platform:certificateArn":
    "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-4000-8000-000000000001",
  "platform:appImage": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.0.0",
};

/** The configuration of dev (or staging) with `values` (key names without `platform:`). */
function readConfig(values: Record<string, string>, target: "docker" | "aws") {
  const raw: Record<string, string> = {
    "platform:owner": "team-platform",
    "platform:costCenter": "cc-1234",
    ...(target === "aws" ? STAGING : {}),
  };
  for (const [name, value] of Object.entries(values)) raw[`platform:${name}`] = value;
  return readPlatformConfig(raw, {
    project: "platform",
    stack: target === "docker" ? "dev" : "staging",
  });
}

function read(values: Record<string, string>) {
  const cfg = readConfig(values, "docker");
  if (cfg.target !== "docker") throw new Error("dev must target Docker");
  return cfg.dev;
}

describe("config/keys/dev", () => {
  it("defaults to pinned images and the uncommon ports 18443/18080", () => {
    expect(read({})).to.deep.equal(DEV_DEFAULTS);
    for (const ref of Object.values(DEV_IMAGE_DEFAULTS))
      expect(isPinnedImage(ref), ref).to.equal(true);
    expect(DEV_DEFAULTS).to.include({ httpsPort: 18443, httpPort: 18080 });
  });

  it("takes a mirror's image and other ports", () => {
    const s = read({
      devPostgresImage: "registry.local:5000/mirror/postgres:16.4",
      devRedisImage: `redis@sha256:${"a".repeat(64)}`,
      devHttpsPort: "9443",
      devHttpPort: "9080",
    });
    expect(s.images.postgres).to.equal("registry.local:5000/mirror/postgres:16.4");
    expect(s.images.redis).to.equal(`redis@sha256:${"a".repeat(64)}`);
    expect(s.images.proxy).to.equal(DEV_IMAGE_DEFAULTS.proxy);
    expect(s).to.include({ httpsPort: 9443, httpPort: 9080 });
  });

  it("refuses an image that is not pinned", () => {
    for (const ref of ["postgres", "postgres:latest", "Postgres:16"]) {
      expect(() => read({ devPostgresImage: ref })).to.throw(
        `platform:devPostgresImage must be an image pinned by tag or digest, such as ${DEV_IMAGE_DEFAULTS.postgres} (not :latest), got ${JSON.stringify(ref)}`,
      );
    }
  });

  it("refuses privileged, out-of-range or equal ports", () => {
    expect(() => read({ devHttpsPort: "443" })).to.throw(
      'platform:devHttpsPort must be a whole number from 1024 to 65535, got "443"',
    );
    expect(() => read({ devHttpsPort: "9000", devHttpPort: "9000" })).to.throw(
      'platform:devHttpPort must be a port other than platform:devHttpsPort (9000), got "9000"',
    );
  });

  it("refuses dev keys on an AWS stack, where they would do nothing", () => {
    expect(() => readConfig({ devHttpsPort: "9443" }, "aws")).to.throw(
      "platform:devHttpsPort is read only by the dev (Docker) stack, not by staging: remove it from Pulumi.staging.yaml",
    );
    expect(readConfig({}, "aws")).to.not.have.property("dev");
  });
});
