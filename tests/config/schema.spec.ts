import { expect } from "chai";
import * as fc from "fast-check";
import { ConfigError } from "../../config/errors";
import { PROFILES } from "../../config/profiles";
import { previewNumber, readPlatformConfig } from "../../config/schema";

const ctx = { project: "platform", stack: "staging" };
const staging: Record<string, string> = {
  "aws:region": "eu-west-1",
  "platform:environment": "staging",
  "platform:owner": "team-platform",
  "platform:costCenter": "cc-1234",
  "platform:domain": "staging.example.com",
  "platform:certificateArn":
    "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-4000-8000-000000000001",
  "platform:appImage": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.0.0",
};

function errorOf(raw: Record<string, string>, c = ctx): string {
  try {
    readPlatformConfig(raw, c);
  } catch (e) {
    expect(e).to.be.instanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("config/schema", () => {
  it("reads a valid staging config with the staging profile", () => {
    const cfg = readPlatformConfig(staging, ctx);
    expect(cfg).to.include({
      environment: "staging",
      target: "aws",
      owner: "team-platform",
      costCenter: "cc-1234",
      region: "eu-west-1",
      vpcCidr: "10.20.0.0/16",
    });
    expect(cfg.profile).to.deep.equal(PROFILES.staging);
    expect(cfg.target === "aws" && cfg.pullRequest).to.equal(undefined);
  });

  it("derives the environment from the stack name when unset", () => {
    const { ["platform:environment"]: _, ...rest } = staging;
    expect(readPlatformConfig(rest, { project: "platform", stack: "prod" }).environment).to.equal(
      "prod",
    );
  });

  it("applies single-key overrides on top of the profile", () => {
    const cfg = readPlatformConfig(
      {
        ...staging,
        "platform:dbInstanceClass": "db.r7g.large",
        "platform:cacheNodes": "3",
        "platform:logRetentionDays": "90",
      },
      ctx,
    );
    expect(cfg.profile.database.instanceClass).to.equal("db.r7g.large");
    expect(cfg.profile.cache.numCacheClusters).to.equal(3);
    expect(cfg.profile.observability.logRetentionDays).to.equal(90);
    expect(cfg.profile.database.multiAz).to.equal(false);
  });

  it("pins a PostgreSQL minor only through dbEngineVersion and turns storage autoscaling off with 0", () => {
    expect(PROFILES.staging.database.engineVersion).to.equal("16");
    expect(PROFILES.preview.database.maxAllocatedStorageGb).to.equal(0);
    const cfg = readPlatformConfig(
      {
        ...staging,
        "platform:dbEngineVersion": "16.11",
        "platform:dbMaxAllocatedStorageGb": "0",
      },
      ctx,
    );
    expect(cfg.profile.database.engineVersion).to.equal("16.11");
    expect(cfg.profile.database.maxAllocatedStorageGb).to.equal(0);
  });

  const cases: [string, Record<string, string>, string][] = [
    [
      "an unknown environment",
      { "platform:environment": "banana" },
      'platform:environment must be one of dev, staging, prod, preview, got "banana"',
    ],
    [
      "a bad region",
      { "aws:region": "mars-1" },
      'aws:region must be an AWS region such as eu-west-1, got "mars-1"',
    ],
    [
      "a bad certificate ARN",
      { "platform:certificateArn": "nope" },
      'platform:certificateArn must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>), got "nope"',
    ],
    [
      "a certificate from another region",
      {
        "platform:certificateArn":
          "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-8000-000000000001",
      },
      'platform:certificateArn must be a certificate in the stack\'s region eu-west-1 (an ALB needs a regional certificate), got "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-8000-000000000001"',
    ],
    [
      "an unpinned image",
      { "platform:appImage": "app:latest" },
      'platform:appImage must be an image pinned by tag or digest, not :latest, got "app:latest"',
    ],
    [
      "backups beyond 35 days",
      { "platform:dbBackupRetentionDays": "90" },
      'platform:dbBackupRetentionDays must be a whole number from 1 to 35, got "90"',
    ],
    [
      // RDS release calendar (https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html, read 2026-11-30)
      "a pinned PostgreSQL minor RDS no longer creates",
      { "platform:dbEngineVersion": "16.8" },
      'platform:dbEngineVersion must be a version RDS still creates (RDS refuses new instances on 16.8 since 2026-05-01; see the Amazon RDS for PostgreSQL release calendar), got "16.8"',
    ],
    [
      "an engine version that is not one",
      { "platform:dbEngineVersion": "16.4.1" },
      'platform:dbEngineVersion must be a PostgreSQL major version such as 16, or a minor version such as 16.11, got "16.4.1"',
    ],
    [
      // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.Autoscaling.html (read 2026-11-30)
      "a storage ceiling equal to the allocated storage",
      { "platform:dbAllocatedStorageGb": "100", "platform:dbMaxAllocatedStorageGb": "100" },
      'platform:dbMaxAllocatedStorageGb must be 0 (storage autoscaling off) or at least 110 (RDS requires 10 % above the allocated 100 GiB) with dbAllocatedStorageGb 100, got "100"',
    ],
    [
      "an allocated storage that outgrows the profile's ceiling",
      { "platform:dbAllocatedStorageGb": "100" },
      'platform:dbMaxAllocatedStorageGb must be 0 (storage autoscaling off) or at least 110 (RDS requires 10 % above the allocated 100 GiB) with dbAllocatedStorageGb 100, got "100"',
    ],
    [
      "a non-boolean",
      { "platform:dbMultiAz": "yes" },
      'platform:dbMultiAz must be true or false, got "yes"',
    ],
    [
      "a Fargate size AWS does not offer",
      { "platform:webMemoryMb": "4096" },
      'platform:webMemoryMb must be one of 512, 1024, 2048 with webCpu 256, got "4096"',
    ],
    [
      "a log retention CloudWatch refuses",
      { "platform:logRetentionDays": "10" },
      'platform:logRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got "10"',
    ],
    [
      "a public VPC range",
      { "platform:vpcCidr": "8.8.0.0/16" },
      'platform:vpcCidr must be a private /16 such as 10.20.0.0/16 (in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, no leading zeros), got "8.8.0.0/16"',
    ],
    [
      "min above max",
      { "platform:webMinCount": "5" },
      'platform:webMinCount must be at most webMaxCount (3), got "5"',
    ],
    [
      "a typo'd key",
      { "platform:dbInstanceClas": "db.t4g.small" },
      "platform:dbInstanceClas is not a setting of this program: expected one of",
    ],
    [
      "the preview environment on a named stack",
      { "platform:environment": "preview" },
      'platform:environment must be set only on stacks named pr-<N>, not on staging, got "preview"',
    ],
  ];
  for (const [what, change, message] of cases) {
    it(`refuses ${what} with one line naming the key and value`, () => {
      const got = errorOf({ ...staging, ...change });
      expect(got.startsWith(message), got).to.equal(true);
      expect(got).not.to.contain("\n");
    });
  }

  it("requires the owner, cost center, domain and certificate on AWS", () => {
    for (const key of ["owner", "costCenter", "domain", "certificateArn"]) {
      const { [`platform:${key}`]: _, ...rest } = staging;
      expect(errorOf(rest)).to.match(
        new RegExp(`^platform:${key} is required for stack staging: expected `),
      );
    }
  });

  it("reads organizationTrail as a boolean, false by default, and refuses it on prod and dev", () => {
    const cfg = (raw: Record<string, string>) => {
      const c = readPlatformConfig(raw, ctx);
      return c.target === "aws" ? c.organizationTrail : undefined;
    };
    expect(cfg(staging)).to.equal(false);
    expect(cfg({ ...staging, "platform:organizationTrail": "true" })).to.equal(true);
    expect(errorOf({ ...staging, "platform:organizationTrail": "yes" })).to.equal(
      'platform:organizationTrail must be true or false, got "yes"',
    );
    expect(
      errorOf(
        { ...staging, "platform:environment": "prod", "platform:organizationTrail": "true" },
        { project: "platform", stack: "prod" },
      ),
    ).to.equal(
      'platform:organizationTrail must be false on prod (only staging and previews may rely on an organisation trail), got "true"',
    );
  });

  it("runs one web service in Docker and says so", () => {
    const dev = {
      "platform:owner": "team-platform",
      "platform:costCenter": "cc-1234",
      "platform:services": "2",
    };
    expect(errorOf(dev, { project: "platform", stack: "dev" })).to.equal(
      'platform:services must be 1 on dev (the Docker environment runs one web service), got "2"',
    );
    expect(readPlatformConfig({ ...staging, "platform:services": "7" }, ctx).services).to.equal(7);
  });

  it("asks for platform:environment on a stack whose name says nothing", () => {
    const { ["platform:environment"]: _, ...rest } = staging;
    expect(errorOf(rest, { project: "platform", stack: "sandbox" })).to.equal(
      'platform:environment is required for stack "sandbox": set it to one of dev, staging, prod (or name the stack pr-<N> for a preview)',
    );
  });

  it("recognises preview stacks by name only", () => {
    expect(previewNumber("pr-42")).to.equal(42);
    expect(previewNumber("pr-0")).to.equal(undefined);
    expect(previewNumber("pr-042")).to.equal(undefined);
    expect(previewNumber("staging")).to.equal(undefined);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9_999_999 }), (n) => previewNumber(`pr-${n}`) === n),
    );
  });

  it("accepts every whole number in range and nothing else for integer keys", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), (n) => {
        const raw = { ...staging, "platform:dbBackupRetentionDays": String(n) };
        if (n >= 1 && n <= 35)
          return readPlatformConfig(raw, ctx).profile.database.backupRetentionDays === n;
        return (
          errorOf(raw) ===
          `platform:dbBackupRetentionDays must be a whole number from 1 to 35, got "${n}"`
        );
      }),
    );
  });

  it("never accepts an environment outside the four, whatever the string", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        fc.pre(!["dev", "staging", "prod", "preview", ""].includes(s.trim()) && s.trim() !== "");
        return errorOf({ ...staging, "platform:environment": s }).startsWith(
          "platform:environment must be one of dev, staging, prod, preview, got ",
        );
      }),
    );
  });
});
