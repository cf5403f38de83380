import { expect } from "chai";
import { ConfigError, pickSecretValue, resolveContractValue } from "../../../src/config";
import { fakeSources } from "./fakes";

const ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1a2b3c-AbCdEf";

async function rejection(p: Promise<unknown>): Promise<ConfigError> {
  try {
    await p;
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("config/resolve: resolveContractValue", () => {
  it("returns a plain variable as is", async () => {
    const v = await resolveContractValue(
      { DATABASE_PASSWORD: "pw" },
      "DATABASE_PASSWORD",
      fakeSources(),
    );
    expect(v).to.deep.equal({ value: "pw", source: "DATABASE_PASSWORD" });
  });

  it("returns undefined when no form is set, and treats empty as unset", async () => {
    expect(await resolveContractValue({}, "S3_ENDPOINT", fakeSources())).to.equal(undefined);
    expect(await resolveContractValue({ S3_ENDPOINT: "" }, "S3_ENDPOINT", fakeSources())).to.equal(
      undefined,
    );
  });

  it("reads X_FILE and trims the trailing newline only", async () => {
    const v = await resolveContractValue(
      { REDIS_URL_FILE: "/run/secrets/redis" },
      "REDIS_URL",
      fakeSources({ "/run/secrets/redis": " rediss://:t@h:6379 \r\n\n" }),
    );
    expect(v).to.deep.equal({
      value: " rediss://:t@h:6379 ",
      source: 'REDIS_URL_FILE="/run/secrets/redis"',
    });
  });

  it("names the file and the error code when the file cannot be read", async () => {
    const err = await rejection(
      resolveContractValue({ DATABASE_PASSWORD_FILE: "/nope" }, "DATABASE_PASSWORD", fakeSources()),
    );
    expect(err.message).to.equal(
      'DATABASE_PASSWORD_FILE="/nope": expected a readable file holding DATABASE_PASSWORD, got ENOENT',
    );
  });

  it("rejects an empty file", async () => {
    const err = await rejection(
      resolveContractValue(
        { DATABASE_PASSWORD_FILE: "/e" },
        "DATABASE_PASSWORD",
        fakeSources({ "/e": "\n" }),
      ),
    );
    expect(err.message).to.equal(
      'DATABASE_PASSWORD_FILE="/e": expected a file holding DATABASE_PASSWORD, got an empty file',
    );
  });

  it("rejects more than one form, naming them", async () => {
    const err = await rejection(
      resolveContractValue(
        { DATABASE_PASSWORD: "a", DATABASE_PASSWORD_SECRET_ARN: ARN },
        "DATABASE_PASSWORD",
        fakeSources(),
      ),
    );
    expect(err.message).to.equal(
      "DATABASE_PASSWORD: expected exactly one of DATABASE_PASSWORD, DATABASE_PASSWORD_FILE, DATABASE_PASSWORD_SECRET_ARN; got DATABASE_PASSWORD and DATABASE_PASSWORD_SECRET_ARN",
    );
  });

  it("takes the password key of an RDS-managed JSON secret by default", async () => {
    const sources = fakeSources(
      {},
      { [ARN]: JSON.stringify({ username: "app", password: "s3cr3t" }) },
    );
    const v = await resolveContractValue(
      { DATABASE_PASSWORD_SECRET_ARN: ARN },
      "DATABASE_PASSWORD",
      sources,
    );
    expect(v).to.deep.equal({ value: "s3cr3t", source: `DATABASE_PASSWORD_SECRET_ARN="${ARN}"` });
    expect(sources.secretReads).to.deep.equal([ARN]);
  });

  it("takes the key named by X_SECRET_KEY", async () => {
    const sources = fakeSources({}, { [ARN]: JSON.stringify({ token: "tok", password: "no" }) });
    const v = await resolveContractValue(
      { REDIS_URL_SECRET_ARN: ARN, REDIS_URL_SECRET_KEY: "token" },
      "REDIS_URL",
      sources,
    );
    expect(v?.value).to.equal("tok");
  });

  it("takes the whole string of a non-JSON secret", async () => {
    const v = await resolveContractValue(
      { X_SECRET_ARN: ARN },
      "X",
      fakeSources({}, { [ARN]: "plain-secret" }),
    );
    expect(v?.value).to.equal("plain-secret");
  });

  it("rejects X_SECRET_KEY without X_SECRET_ARN", async () => {
    const err = await rejection(
      resolveContractValue({ X: "v", X_SECRET_KEY: "k" }, "X", fakeSources()),
    );
    expect(err.message).to.equal("X_SECRET_KEY: is set, so expected X_SECRET_ARN to be set too");
  });

  it("rejects a malformed secret ARN", async () => {
    const err = await rejection(
      resolveContractValue(
        { X_SECRET_ARN: "arn:aws:ssm:eu-west-1:1:parameter/x" },
        "X",
        fakeSources(),
      ),
    );
    expect(err.message).to.equal(
      'X_SECRET_ARN="arn:aws:ssm:eu-west-1:1:parameter/x": expected a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)',
    );
  });

  it("reports a Secrets Manager failure with its error name", async () => {
    const err = await rejection(resolveContractValue({ X_SECRET_ARN: ARN }, "X", fakeSources()));
    expect(err.message).to.equal(
      `X_SECRET_ARN="${ARN}": could not read the secret (ResourceNotFoundException: Secrets Manager can't find the specified secret.)`,
    );
  });
});

describe("config/resolve: pickSecretValue", () => {
  it("names the available keys, never the values, when the key is missing", () => {
    expect(() =>
      pickSecretValue(JSON.stringify({ username: "app", pass: "hunter2" }), "password", "SRC"),
    ).to.throw(
      ConfigError,
      'SRC: expected the secret\'s JSON to have the key "password", got keys pass, username',
    );
  });

  it("rejects a non-string value under the key", () => {
    expect(() => pickSecretValue('{"password": 42}', "password", "SRC")).to.throw(
      ConfigError,
      'SRC: expected the secret\'s JSON key "password" to hold a string, got number',
    );
  });

  it("treats JSON that is not an object as a plain string", () => {
    expect(pickSecretValue("12345", "password", "SRC")).to.equal("12345");
    expect(pickSecretValue('"quoted"', "password", "SRC")).to.equal('"quoted"');
  });
});
