import { expect } from "chai";
import { Encryption, keyPolicy } from "../../../components/aws/encryption";
import { build, json, one, props, STAGING } from "../../support/mockRun";

describe("components/aws/encryption", () => {
  it("creates a rotating customer-managed key with the environment's alias", async () => {
    const rs = await build(
      () =>
        new Encryption("platform-encryption", {
          naming: STAGING,
          region: "eu-west-1",
          deletionWindowDays: 7,
        }),
    );
    const key = props(one(rs, "aws:kms/key:Key", "platform-encryption-key"));
    expect(key.enableKeyRotation).to.equal(true);
    expect(key.rotationPeriodInDays).to.equal(365);
    expect(key.deletionWindowInDays).to.equal(7);
    expect(key.customerMasterKeySpec).to.equal("SYMMETRIC_DEFAULT");
    expect(props(one(rs, "aws:kms/alias:Alias")).name).to.equal("alias/platform-staging");
    expect(one(rs, "platform:security:Encryption").name).to.equal("platform-encryption");
  });

  it("lets CloudWatch Logs, SNS and the data services of this account use the key", async () => {
    const rs = await build(
      () => new Encryption("platform-encryption", { naming: STAGING, region: "eu-west-1" }),
    );
    const policy = json(props(one(rs, "aws:kms/key:Key")).policy);
    expect(policy).to.deep.equal(keyPolicy("123456789012", "eu-west-1"));
    const sids = policy.Statement.map((s: { Sid: string }) => s.Sid);
    expect(sids).to.deep.equal([
      "AccountAdministersTheKey",
      "CloudWatchLogsEncryptLogGroups",
      "SnsAndAlarmsUseEncryptedTopics",
      "CloudTrailEncryptLogs",
      "CloudTrailDescribeKey",
      "ServicesOfThisAccountUseTheKey",
    ]);
    expect(policy.Statement[3]).to.deep.equal({
      Sid: "CloudTrailEncryptLogs",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:GenerateDataKey*",
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceAccount": "123456789012" },
        StringLike: {
          "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:123456789012:trail/*",
        },
      },
    });
    expect(policy.Statement[2].Principal.Service).to.deep.equal([
      "sns.amazonaws.com",
      "cloudwatch.amazonaws.com",
      "events.amazonaws.com",
      "budgets.amazonaws.com",
    ]);
    expect(policy.Statement[2].Action).to.deep.equal(["kms:Decrypt", "kms:GenerateDataKey*"]);
    const logs = policy.Statement[1];
    expect(logs.Principal).to.deep.equal({ Service: "logs.eu-west-1.amazonaws.com" });
    expect(logs.Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"]).to.equal(
      "arn:aws:logs:eu-west-1:123456789012:log-group:*",
    );
    const via = policy.Statement[5].Condition.StringEquals["kms:ViaService"];
    expect(via).to.include.members([
      "rds.eu-west-1.amazonaws.com",
      "elasticache.eu-west-1.amazonaws.com",
      "secretsmanager.eu-west-1.amazonaws.com",
      "s3.eu-west-1.amazonaws.com",
    ]);
  });

  it("protects the key when asked and defaults to a 30-day deletion window", async () => {
    const rs = await build(
      () =>
        new Encryption("platform-encryption", {
          naming: STAGING,
          region: "eu-west-1",
          protect: true,
        }),
    );
    const key = one(rs, "aws:kms/key:Key");
    expect(key.opts?.protect).to.equal(true);
    expect(props(key).deletionWindowInDays).to.equal(30);
  });

  it("refuses a deletion window outside 7–30 days with the value in the message", async () => {
    let message = "";
    try {
      await build(
        () =>
          new Encryption("platform-encryption", {
            naming: STAGING,
            region: "eu-west-1",
            deletionWindowDays: 3,
          }),
      );
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).to.equal("encryption.deletionWindowDays must be between 7 and 30, got 3");
  });
});
