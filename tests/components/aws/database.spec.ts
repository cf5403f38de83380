import { expect } from "chai";
import { Database, databaseUrl, parameterGroupFamily } from "../../../components/aws/database";
import { PROFILES } from "../../../config/profiles";
import { build, KEY_ARN, one, props, PROD, STAGING } from "../../support/mockRun";

const base = {
  kmsKeyArn: KEY_ARN,
  subnetIds: ["subnet-iso-a", "subnet-iso-b"],
  securityGroupId: "sg-db",
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
      finalSnapshotIdentifier: "platform-prod-db-final",
      backupRetentionPeriod: 14,
    });
    expect(instance.opts?.protect).to.equal(true);
  });

  it("hands the app a CA-verified URL without the password", () => {
    expect(databaseUrl("db.example", 5432)).to.equal(
      "postgres://app_admin@db.example:5432/app?sslmode=verify-full",
    );
    expect(parameterGroupFamily("16.4")).to.equal("postgres16");
  });

  it("refuses backups longer than RDS allows, naming the value", async () => {
    let message = "";
    try {
      await build(
        () =>
          new Database("platform-db", {
            ...base,
            naming: STAGING,
            profile: { ...PROFILES.staging.database, backupRetentionDays: 90 },
          }),
      );
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).to.equal("database.backupRetentionDays must be between 1 and 35, got 90");
  });
});
