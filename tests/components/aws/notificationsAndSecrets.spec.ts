import { expect } from "chai";
import { Notifications } from "../../../components/aws/notifications";
import { Secrets } from "../../../components/aws/secrets";
import { build, KEY_ARN, one, props, STAGING } from "../../support/mockRun";

describe("components/aws/notifications", () => {
  it("encrypts the topic with the CMK", async () => {
    const rs = await build(
      () => new Notifications("platform-notifications", { naming: STAGING, kmsKeyArn: KEY_ARN }),
    );
    expect(props(one(rs, "aws:sns/topic:Topic"))).to.include({
      name: "platform-staging-notifications",
      kmsMasterKeyId: KEY_ARN,
    });
  });
});

describe("components/aws/secrets", () => {
  it("stores a generated APP_SECRET_KEY under the CMK and never in plain text", async () => {
    const rs = await build(
      () => new Secrets("platform-secrets", { naming: STAGING, kmsKeyArn: KEY_ARN }),
    );
    expect(props(one(rs, "aws:secretsmanager/secret:Secret"))).to.include({
      name: "platform/staging/app-secret-key",
      kmsKeyId: KEY_ARN,
      recoveryWindowInDays: 7,
    });
    expect(props(one(rs, "aws:secretsmanager/secretVersion:SecretVersion")).secretString).to.equal(
      "[secret]",
    );
    expect(JSON.stringify(rs)).not.to.contain("mock-platform-secrets-app-secret-key-value");
  });

  it("refuses a recovery window AWS does not accept", async () => {
    let message = "";
    try {
      await build(
        () =>
          new Secrets("platform-secrets", {
            naming: STAGING,
            kmsKeyArn: KEY_ARN,
            recoveryWindowDays: 3,
          }),
      );
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).to.equal("secrets.recoveryWindowDays must be 0 or between 7 and 30, got 3");
  });
});
