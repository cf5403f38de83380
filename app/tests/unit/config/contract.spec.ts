import { expect } from "chai";
import { ConfigError, loadConfig, secretValues } from "../../../src/config";
import { fakeSources } from "./fakes";

const CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const DB_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1-AbCdEf";

/** The environment the dev stack hands the containers (secrets as files). */
const devEnv = {
  ENVIRONMENT: "dev",
  DATABASE_URL: "postgres://app@postgres:5432/app?sslmode=verify-full",
  DATABASE_PASSWORD_FILE: "/run/secrets/database_password",
  REDIS_URL_FILE: "/run/secrets/redis_url",
  S3_BUCKET: "platform-dev-uploads",
  S3_ENDPOINT: "https://objectstore:9000",
  AWS_ACCESS_KEY_ID: "minio",
  AWS_SECRET_ACCESS_KEY_FILE: "/run/secrets/s3_secret_key",
  NOTIFY_TARGET: "http://notify-sink:8080/notify",
  CA_BUNDLE_FILE: "/etc/platform/ca.pem",
};
const devFiles = {
  "/run/secrets/database_password": "db-password\n",
  "/run/secrets/redis_url": "rediss://:redis-token@redis:6379\n",
  "/run/secrets/s3_secret_key": "minio-secret\n",
  "/etc/platform/ca.pem": CA_PEM,
};

/** What ECS and Lambda hand the workload on AWS. */
const awsEnv = {
  ENVIRONMENT: "prod",
  AWS_REGION: "eu-west-1",
  DATABASE_URL:
    "postgres://app@platform-prod.abc.eu-west-1.rds.amazonaws.com:5432/app?sslmode=verify-full",
  DATABASE_PASSWORD_SECRET_ARN: DB_ARN,
  REDIS_URL: "rediss://:elasticache-token@master.platform-prod.abc.euw1.cache.amazonaws.com:6379",
  S3_BUCKET: "platform-prod-uploads",
  S3_ENDPOINT: "",
  NOTIFY_TARGET: "arn:aws:sns:eu-west-1:123456789012:platform-prod-files",
};

async function problems(
  env: NodeJS.ProcessEnv,
  role: "web" | "processor" | "migrate",
  files: Record<string, string> = {},
): Promise<string[]> {
  try {
    await loadConfig(env, fakeSources(files), role);
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return [...(err as ConfigError).problems];
  }
  throw new Error("expected a ConfigError");
}

describe("config/contract: loadConfig", () => {
  it("loads the dev stack's web configuration with secrets from files", async () => {
    const config = await loadConfig(devEnv, fakeSources(devFiles), "web");
    expect(config).to.deep.equal({
      role: "web",
      environment: "dev",
      logLevel: "info",
      port: 8080,
      host: "0.0.0.0",
      database: {
        host: "postgres",
        port: 5432,
        database: "app",
        user: "app",
        sslmode: "verify-full",
        applicationName: undefined,
        connectTimeoutMs: 10_000,
        password: "db-password",
      },
      redis: {
        host: "redis",
        port: 6379,
        username: undefined,
        password: "redis-token",
        db: 0,
        keyPrefix: "dev:",
      },
      objectStore: {
        bucket: "platform-dev-uploads",
        endpoint: "https://objectstore:9000",
        region: "us-east-1",
        credentials: { accessKeyId: "minio", secretAccessKey: "minio-secret" },
      },
      notify: undefined,
      caBundle: { file: "/etc/platform/ca.pem", pem: CA_PEM },
      maxFileBytes: 10 * 1024 * 1024,
      appSecretKey: undefined,
      webhookToken: undefined,
      readinessTimeoutMs: 2000,
      shutdownTimeoutMs: 10_000,
    });
  });

  it("loads the AWS processor configuration: RDS secret, SDK endpoint and region, SNS, no Redis", async () => {
    const sources = fakeSources(
      {},
      { [DB_ARN]: JSON.stringify({ username: "app", password: "rds-password" }) },
    );
    const config = await loadConfig(awsEnv, sources, "processor");
    expect(config.database.password).to.equal("rds-password");
    expect(config.redis).to.equal(undefined);
    expect(config.objectStore).to.deep.equal({
      bucket: "platform-prod-uploads",
      endpoint: undefined,
      region: "eu-west-1",
      credentials: undefined,
    });
    expect(config.notify).to.deep.equal({
      kind: "sns",
      topicArn: "arn:aws:sns:eu-west-1:123456789012:platform-prod-files",
      region: "eu-west-1",
      fifo: false,
    });
    expect(config.caBundle).to.equal(undefined);
    expect(config.redis).to.equal(undefined);
  });

  it("prefixes Redis keys with the environment", async () => {
    const sources = fakeSources({}, { [DB_ARN]: '{"password":"p"}' });
    const config = await loadConfig({ ...awsEnv, ENVIRONMENT: "preview" }, sources, "web");
    expect(config.redis?.keyPrefix).to.equal("preview:");
  });

  it("prefixes Redis keys with its own Redis user (a preview on the shared tier), not `default`", async () => {
    const sources = fakeSources({}, { [DB_ARN]: '{"password":"p"}' });
    const host = "master.previews.abc.euw1.cache.amazonaws.com:6379";
    const shared = await loadConfig(
      {
        ...awsEnv,
        ENVIRONMENT: "preview",
        REDIS_URL: `rediss://pr-7:userPassword0123456789@${host}`,
      },
      sources,
      "web",
    );
    expect(shared.redis?.keyPrefix).to.equal("pr-7:");
    const byDefault = await loadConfig(
      {
        ...awsEnv,
        ENVIRONMENT: "preview",
        REDIS_URL: `rediss://default:token0123456789abcd@${host}`,
      },
      sources,
      "web",
    );
    expect(byDefault.redis?.keyPrefix).to.equal("preview:");
  });

  it("the migrate command needs only the database", async () => {
    const config = await loadConfig(
      {
        ENVIRONMENT: "staging",
        DATABASE_URL: "postgres://app@db/app?sslmode=verify-full",
        DATABASE_PASSWORD: "p",
      },
      fakeSources(),
      "migrate",
    );
    expect(config.objectStore).to.equal(undefined);
    expect(config.redis).to.equal(undefined);
  });

  it("reports every problem at once, one line each, without secret values", async () => {
    const env = {
      ENVIRONMENT: "qa",
      PORT: "80800",
      HOST: "localhost",
      DATABASE_URL: "postgres://app:leaked-pw@db/app?sslmode=disable",
      DATABASE_PASSWORD: "a",
      DATABASE_PASSWORD_FILE: "/x",
      REDIS_URL: "redis://:leaked-token@cache:6379",
      S3_BUCKET: "Bad_Bucket",
      MAX_FILE_BYTES: "-1",
    };
    const lines = await problems(env, "web");
    expect(lines).to.deep.equal([
      'ENVIRONMENT="qa": expected one of dev, staging, prod, preview',
      'PORT="80800": expected a whole number between 1 and 65535',
      'HOST="localhost": expected an IP address to listen on, such as 0.0.0.0 or 127.0.0.1',
      'DATABASE_URL="postgres://app:***@db/app?sslmode=disable": expected no password in the URL (pass it in DATABASE_PASSWORD)',
      "DATABASE_PASSWORD: expected exactly one of DATABASE_PASSWORD, DATABASE_PASSWORD_FILE, DATABASE_PASSWORD_SECRET_ARN; got DATABASE_PASSWORD and DATABASE_PASSWORD_FILE",
      'REDIS_URL="redis://:***@cache:6379": expected the scheme rediss:// (Redis over TLS), got redis://',
      'S3_BUCKET="Bad_Bucket": expected an S3 bucket name (3-63 characters: a-z, 0-9, dots and hyphens)',
      'MAX_FILE_BYTES="-1": expected a whole number between 1 and 536870912',
    ]);
    expect(lines.join("\n")).not.to.include("leaked");
  });

  it("names each missing required variable and its three forms", async () => {
    expect(await problems({}, "processor")).to.deep.equal([
      "ENVIRONMENT: expected a value (set ENVIRONMENT, ENVIRONMENT_FILE or ENVIRONMENT_SECRET_ARN)",
      "DATABASE_URL: expected a value (set DATABASE_URL, DATABASE_URL_FILE or DATABASE_URL_SECRET_ARN)",
      "DATABASE_PASSWORD: expected a value (set DATABASE_PASSWORD, DATABASE_PASSWORD_FILE or DATABASE_PASSWORD_SECRET_ARN)",
      "S3_BUCKET: expected a value (set S3_BUCKET, S3_BUCKET_FILE or S3_BUCKET_SECRET_ARN)",
      "NOTIFY_TARGET: expected a value (set NOTIFY_TARGET, NOTIFY_TARGET_FILE or NOTIFY_TARGET_SECRET_ARN)",
    ]);
  });

  it("requires AWS_REGION when S3_ENDPOINT is empty", async () => {
    const { AWS_REGION: _omit, ...env } = awsEnv;
    void _omit;
    const lines = await problems(
      { ...env, DATABASE_PASSWORD_SECRET_ARN: undefined, DATABASE_PASSWORD: "p" },
      "processor",
    );
    expect(lines).to.deep.equal([
      "AWS_REGION: expected the AWS region (e.g. eu-west-1) when S3_ENDPOINT is empty",
    ]);
  });

  it("labels a bad value read from a file with the file it came from", async () => {
    const lines = await problems({ ...devEnv }, "web", {
      ...devFiles,
      "/run/secrets/redis_url": "rediss://redis:6379\n",
    });
    expect(lines).to.deep.equal([
      'REDIS_URL (from REDIS_URL_FILE="/run/secrets/redis_url")="rediss://redis:6379": expected an auth token in the URL, as in rediss://:<token>@cache.internal:6379',
    ]);
  });

  it("refuses http:// endpoints outside dev, judging an invalid ENVIRONMENT as strictly as prod", async () => {
    const lines = await problems(
      { ...devEnv, ENVIRONMENT: "staging", S3_ENDPOINT: "http://objectstore:9000" },
      "processor",
      devFiles,
    );
    expect(lines).to.deep.equal([
      'S3_ENDPOINT="http://objectstore:9000": expected an https:// URL (plain http:// is accepted only when ENVIRONMENT=dev, got ENVIRONMENT=staging)',
      'NOTIFY_TARGET="http://notify-sink:8080/notify": expected an https:// webhook URL (plain http:// is accepted only when ENVIRONMENT=dev, got ENVIRONMENT=staging)',
    ]);
  });

  it("needs both S3 access keys or neither", async () => {
    const { AWS_SECRET_ACCESS_KEY_FILE: _omit, ...env } = devEnv;
    void _omit;
    expect(await problems(env, "processor", devFiles)).to.deep.equal([
      "AWS_SECRET_ACCESS_KEY: expected a value, since AWS_ACCESS_KEY_ID is set (S3_ENDPOINT needs both or neither)",
    ]);
  });

  it("rejects a CA bundle that is missing or holds no certificate", async () => {
    expect(
      await problems({ ...devEnv, CA_BUNDLE_FILE: "/missing.pem" }, "processor", devFiles),
    ).to.deep.equal(['CA_BUNDLE_FILE="/missing.pem": expected a readable PEM file, got ENOENT']);
    expect(
      await problems(devEnv, "processor", { ...devFiles, "/etc/platform/ca.pem": "junk" }),
    ).to.deep.equal([
      'CA_BUNDLE_FILE="/etc/platform/ca.pem": expected a PEM bundle with at least one -----BEGIN CERTIFICATE----- block',
    ]);
  });

  it("reads an optional APP_SECRET_KEY of at least 32 characters for the web service", async () => {
    const key = "k".repeat(32);
    expect(
      (await loadConfig({ ...devEnv, APP_SECRET_KEY: key }, fakeSources(devFiles), "web"))
        .appSecretKey,
    ).to.equal(key);
    expect(
      await problems({ ...devEnv, APP_SECRET_KEY_FILE: "/run/secrets/app_key" }, "web", {
        ...devFiles,
        "/run/secrets/app_key": "short\n",
      }),
    ).to.deep.equal([
      'APP_SECRET_KEY (from APP_SECRET_KEY_FILE="/run/secrets/app_key"): expected at least 32 characters, got 5',
    ]);
  });

  it("lists the secret values for log redaction", async () => {
    const config = await loadConfig(
      { ...devEnv, WEBHOOK_TOKEN: "hook-token", APP_SECRET_KEY: "a".repeat(40) },
      fakeSources(devFiles),
      "web",
    );
    expect(secretValues(config)).to.deep.equal([
      "db-password",
      "redis-token",
      "minio-secret",
      "a".repeat(40),
    ]);
    const processor = await loadConfig(
      { ...devEnv, WEBHOOK_TOKEN: "hook-token" },
      fakeSources(devFiles),
      "processor",
    );
    expect(secretValues(processor)).to.deep.equal(["db-password", "minio-secret", "hook-token"]);
  });
});
