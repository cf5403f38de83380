import { expect } from "chai";
import { Database, databaseUrl, parameterGroupFamily } from "../../../components/aws/database";
import { DatabaseProfile, PROFILES } from "../../../config/profiles";
import { build, KEY_ARN, ofType, one, props, PROD, STAGING } from "../../support/mockRun";

const base = {
  kmsKeyArn: KEY_ARN,
  subnetIds: ["subnet-iso-a", "subnet-iso-b"],
  securityGroupId: "sg-db",
  logRetentionDays: 30,
};

describe("components/aws/database", () => {
  it("encrypts with the CMK, forces SSL, stays private and lets RDS manage the password", async () => {
    const rs = await build(
      () =>
        new Database("platform-db", {
          ...base,
          naming: STAGING,
          profile: PROFILES.staging.database,
        }),
    );
    const db = props(one(rs, "aws:rds/instance:Instance", "platform-db-instance"));
    expect(db).to.include({
      identifier: "platform-staging-db",
      engine: "postgres",
      instanceClass: "db.t4g.small",
      storageEncrypted: true,
      kmsKeyId: KEY_ARN,
      publiclyAccessible: false,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: KEY_ARN,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: KEY_ARN,
      parameterGroupName: "platform-staging-db-postgres16",
      dbSubnetGroupName: "platform-staging-db-isolated",
      multiAz: false,
      deletionProtection: false,
      skipFinalSnapshot: true,
      backupRetentionPeriod: 7,
    });
    expect(db.password).to.equal(undefined);
    expect(db.vpcSecurityGroupIds).to.deep.equal(["sg-db"]);
    expect(props(one(rs, "aws:rds/subnetGroup:SubnetGroup")).subnetIds).to.deep.equal([
      "subnet-iso-a",
      "subnet-iso-b",
    ]);
    const params = props(one(rs, "aws:rds/parameterGroup:ParameterGroup"));
    expect(params.family).to.equal("postgres16");
    expect(params.parameters).to.deep.include({
      name: "rds.force_ssl",
      value: "1",
      applyMethod: "pending-reboot",
    });
  });

  it("is Multi-AZ, deletion-protected, snapshotted on delete and protected in prod", async () => {
    const rs = await build(
      () =>
        new Database("platform-db", {
          ...base,
          naming: PROD,
          profile: PROFILES.prod.database,
          protect: true,
        }),
      "prod",
    );
    const instance = one(rs, "aws:rds/instance:Instance");
    expect(props(instance)).to.include({
      identifier: "platform-prod-db",
      instanceClass: "db.m7g.large",
      multiAz: true,
      deletionProtection: true,
      skipFinalSnapshot: false,
      backupRetentionPeriod: 14,
    });
    expect(instance.opts?.protect).to.equal(true);
    // A fresh final snapshot name per incarnation: a fixed one collides with the snapshot the
    // previous one left (DBSnapshotAlreadyExists).
    const suffix = one(rs, "random:index/randomId:RandomId");
    expect(props(suffix)).to.deep.equal({
      byteLength: 4,
      keepers: { identifier: "platform-prod-db" },
    });
    expect(props(instance).finalSnapshotIdentifier).to.match(
      /^platform-prod-db-final-[0-9a-f]{8}$/,
    );
  });

  // RDS exports to /aws/rds/instance/<id>/<log>, creating the group itself without a CMK or
  // retention when it is missing
  // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html,
  // read 2026-11-30).
  it("creates the exported log groups first, with the CMK and a retention", async () => {
    const rs = await build(
      () =>
        new Database("platform-db", {
          ...base,
          naming: STAGING,
          profile: PROFILES.staging.database,
        }),
    );
    const groups = ofType(rs, "aws:cloudwatch/logGroup:LogGroup");
    expect(groups.map(props)).to.deep.equal([
      {
        name: "/aws/rds/instance/platform-staging-db/postgresql",
        retentionInDays: 30,
        kmsKeyId: KEY_ARN,
      },
      {
        name: "/aws/rds/instance/platform-staging-db/upgrade",
        retentionInDays: 30,
        kmsKeyId: KEY_ARN,
      },
    ]);
    const instance = one(rs, "aws:rds/instance:Instance");
    expect(props(instance).enabledCloudwatchLogsExports).to.deep.equal(["postgresql", "upgrade"]);
    expect([...(instance.opts?.dependsOn ?? [])].sort()).to.deep.equal(
      groups.map((g) => g.urn).sort(),
    );
    expect(ofType(rs, "random:index/randomId:RandomId")).to.deep.equal([]);
  });

  it("hands the app a CA-verified URL without the password", () => {
    expect(databaseUrl("db.example", 5432)).to.equal(
      "postgres://app_admin@db.example:5432/app?sslmode=verify-full",
    );
    expect(parameterGroupFamily("16")).to.equal("postgres16");
    expect(parameterGroupFamily("16.11")).to.equal("postgres16");
  });

  // The provider accepts a version prefix when autoMinorVersionUpgrade is on
  // (@pulumi/aws 7.48.0 rds/instance.d.ts, `engineVersion`: "If
  // `autoMinorVersionUpgrade` is enabled, you can provide a prefix of the version
  // such as `8.0`"); a pinned minor with upgrades on breaks the next `up` after
  // RDS upgraded the instance (https://github.com/arthur-ai/arthur-engine/pull/726,
  // https://github.com/ministryofjustice/cloud-platform-environments/pull/5464), read 2026-11-30.
  it("asks for the major version and lets RDS keep the minor current", async () => {
    for (const env of ["staging", "prod", "preview"] as const) {
      const rs = await build(
        () =>
          new Database("platform-db", {
            ...base,
            naming: STAGING,
            profile: PROFILES[env].database,
          }),
      );
      expect(props(one(rs, "aws:rds/instance:Instance")), env).to.include({
        engineVersion: "16",
        autoMinorVersionUpgrade: true,
      });
    }
  });

  it("turns automatic minor upgrades off when a minor version is pinned", async () => {
    const rs = await build(
      () =>
        new Database("platform-db", {
          ...base,
          naming: STAGING,
          profile: { ...PROFILES.staging.database, engineVersion: "16.11" },
        }),
    );
    expect(props(one(rs, "aws:rds/instance:Instance"))).to.include({
      engineVersion: "16.11",
      autoMinorVersionUpgrade: false,
    });
    expect(props(one(rs, "aws:rds/parameterGroup:ParameterGroup")).family).to.equal("postgres16");
  });

  it("refuses a pinned minor version RDS no longer creates", async () => {
    expect(await failure({ ...PROFILES.staging.database, engineVersion: "16.4" })).to.equal(
      'database.engineVersion must be a version RDS still creates (RDS refuses new instances on 16.4 since 2025-10-01; see the Amazon RDS for PostgreSQL release calendar), got "16.4"',
    );
  });

  // RDS: "The maximum allocated storage must be increased by at least 10 percent"
  // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.Autoscaling.html,
  // https://github.com/ministryofjustice/cloud-platform-environments/pull/24422, read 2026-11-30).
  it("leaves storage autoscaling off in previews and bounds it elsewhere", async () => {
    const preview = await build(
      () =>
        new Database("platform-db", {
          ...base,
          naming: STAGING,
          profile: PROFILES.preview.database,
        }),
    );
    const p = props(one(preview, "aws:rds/instance:Instance"));
    expect(p.allocatedStorage).to.equal(20);
    expect(p).to.not.have.property("maxAllocatedStorage");
    const prod = await build(
      () => new Database("platform-db", { ...base, naming: PROD, profile: PROFILES.prod.database }),
      "prod",
    );
    expect(props(one(prod, "aws:rds/instance:Instance"))).to.include({
      allocatedStorage: 100,
      maxAllocatedStorage: 500,
    });
  });

  it("refuses a storage ceiling less than 10 % above the allocated storage", async () => {
    expect(
      await failure({
        ...PROFILES.staging.database,
        allocatedStorageGb: 20,
        maxAllocatedStorageGb: 20,
      }),
    ).to.equal(
      "database.maxAllocatedStorageGb must be 0 (storage autoscaling off) or at least 22 (RDS requires 10 % above the allocated 20 GiB), got 20",
    );
  });

  it("refuses backups longer than RDS allows, naming the value", async () => {
    expect(await failure({ ...PROFILES.staging.database, backupRetentionDays: 90 })).to.equal(
      "database.backupRetentionDays must be between 1 and 35, got 90",
    );
  });
});

async function failure(profile: DatabaseProfile): Promise<string> {
  try {
    await build(() => new Database("platform-db", { ...base, naming: STAGING, profile }));
  } catch (e) {
    return (e as Error).message;
  }
  return "no error";
}
