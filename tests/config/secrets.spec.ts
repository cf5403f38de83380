import { expect } from "chai";
import { ConfigError, invalid } from "../../config/errors";
import { readPlatformConfig } from "../../config/schema";
import { hideSecrets, looksSecret } from "../../config/secrets";

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

function errorOf(raw: Record<string, string>, secret: readonly string[] = []): string {
  try {
    readPlatformConfig(raw, {
      project: "platform",
      stack: "staging",
      isSecret: (k) => secret.includes(k),
    });
  } catch (e) {
    expect(e).to.be.instanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("config/secrets: an error never shows a secret value", () => {
  it("names a failing secret key and what was expected, not its value", () => {
    const owner = "Hunter2 <not tag-safe>";
    const message = errorOf({ ...staging, "platform:owner": owner }, ["platform:owner"]);
    expect(message).to.equal(
      "platform:owner must be a tag-safe name of 1–256 characters, got a secret value (not shown)",
    );
  });

  it("still shows a value that is not secret", () => {
    expect(errorOf({ ...staging, "platform:owner": "a<b" })).to.equal(
      'platform:owner must be a tag-safe name of 1–256 characters, got "a<b"',
    );
  });

  it("hides a secret value another key's message would quote", () => {
    // backupCopyRegion's rule names the stack's region; here the region is secret.
    const message = errorOf(
      { ...staging, "aws:region": "eu-west-1", "platform:backupCopyRegion": "eu-west-1" },
      ["aws:region"],
    );
    expect(message).to.equal(
      "platform:backupCopyRegion must be a region other than the stack's own ([secret]), got [secret]",
    );
    expect(message).not.to.include("eu-west-1");
  });

  it("hides the values of keys whose names look secret, secure or not", () => {
    for (const key of [
      "platform:dbPassword",
      "app:apiToken",
      "aws:secretKey",
      "platform:signing-key",
      "x:privateKey",
      "platform:pwd",
    ]) {
      expect(looksSecret(key), key).to.equal(true);
    }
    for (const key of ["platform:owner", "platform:hostedZoneId", "aws:region", "x:keyName"]) {
      expect(looksSecret(key), key).to.equal(false);
    }
    const e = hideSecrets(
      invalid("app:apiToken", "tok-123", "a token of 40 characters"),
      {
        "app:apiToken": "tok-123",
      },
      () => false,
    );
    expect(e.message).to.equal(
      "app:apiToken must be a token of 40 characters, got a secret value (not shown)",
    );
  });

  it("hides a value also when the message quotes it trimmed, and leaves other errors alone", () => {
    const raw = { "platform:owner": "  s3cr3t-value  " };
    const e = hideSecrets(
      new ConfigError('platform:costCenter must differ from owner "s3cr3t-value"'),
      raw,
      (k) => k === "platform:owner",
    );
    expect(e.message).to.equal("platform:costCenter must differ from owner [secret]");
    const plain = new ConfigError("platform:owner is required for stack qa: expected a team");
    expect(hideSecrets(plain, raw, () => true)).to.equal(plain);
  });
});
