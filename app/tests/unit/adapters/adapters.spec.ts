import { expect } from "chai";
import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import { rootCertificates } from "node:tls";
import { redisOptions } from "../../../src/cache/redis";
import { poolConfig } from "../../../src/db/pool";
import { snsPublishInput } from "../../../src/notify/sns";
import type { FileNotification } from "../../../src/processor/ports";
import { readLimited, s3ClientConfig } from "../../../src/storage/s3";
import { authorised } from "../../../src/worker";

const CA = {
  file: "/ca.pem",
  pem: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
};

describe("adapters: connection settings", () => {
  it("pg: verify-full TLS against Node's roots plus the bundle, pooled, with timeouts", () => {
    const config = poolConfig(
      {
        host: "db",
        port: 5432,
        database: "app",
        user: "app",
        password: "pw",
        sslmode: "verify-full",
        applicationName: undefined,
        connectTimeoutMs: 3000,
      },
      CA,
      { max: 4, applicationName: "platform-app-web" },
    );
    expect(config).to.deep.equal({
      host: "db",
      port: 5432,
      database: "app",
      user: "app",
      password: "pw",
      ssl: { rejectUnauthorized: true, ca: [...rootCertificates, CA.pem] },
      application_name: "platform-app-web",
      max: 4,
      connectionTimeoutMillis: 3000,
      idleTimeoutMillis: 30_000,
      statement_timeout: 30_000,
      query_timeout: 35_000,
    });
  });

  it("pg: Node's default store when no bundle is set", () => {
    const config = poolConfig(
      {
        host: "db",
        port: 5432,
        database: "app",
        user: "app",
        password: "pw",
        sslmode: "verify-full",
        applicationName: "x",
        connectTimeoutMs: 1,
      },
      undefined,
    );
    expect(config.ssl).to.deep.equal({ rejectUnauthorized: true, ca: undefined });
    expect(config.application_name).to.equal("x");
  });

  it("redis: TLS verified, AUTH, environment key prefix, fail-fast commands", () => {
    const options = redisOptions(
      {
        host: "cache",
        port: 6379,
        username: undefined,
        password: "tok",
        db: 0,
        keyPrefix: "staging:",
      },
      undefined,
    );
    expect(options).to.deep.include({
      host: "cache",
      port: 6379,
      username: undefined,
      password: "tok",
      db: 0,
      keyPrefix: "staging:",
      tls: { rejectUnauthorized: true },
      maxRetriesPerRequest: 1,
      lazyConnect: true,
    });
    expect(
      redisOptions(
        { host: "c", port: 1, username: "u", password: "p", db: 1, keyPrefix: "dev:" },
        CA,
      ).tls,
    ).to.deep.equal({
      rejectUnauthorized: true,
      ca: [...rootCertificates, CA.pem],
    });
  });

  it("s3: path-style custom endpoint with static credentials in dev, SDK defaults on AWS", () => {
    const dev = s3ClientConfig(
      {
        bucket: "b",
        endpoint: "https://objectstore:9000",
        region: "us-east-1",
        credentials: { accessKeyId: "minio", secretAccessKey: "s" },
      },
      CA,
    );
    expect({
      endpoint: dev.endpoint,
      forcePathStyle: dev.forcePathStyle,
      credentials: dev.credentials,
      region: dev.region,
    }).to.deep.equal({
      endpoint: "https://objectstore:9000",
      forcePathStyle: true,
      credentials: { accessKeyId: "minio", secretAccessKey: "s" },
      region: "us-east-1",
    });
    const aws = s3ClientConfig(
      { bucket: "b", endpoint: undefined, region: "eu-west-1", credentials: undefined },
      undefined,
    );
    expect({
      endpoint: aws.endpoint,
      forcePathStyle: aws.forcePathStyle,
      credentials: aws.credentials,
      region: aws.region,
    }).to.deep.equal({
      endpoint: undefined,
      forcePathStyle: undefined,
      credentials: undefined,
      region: "eu-west-1",
    });
  });
});

describe("adapters: SNS publish input", () => {
  const n: FileNotification = {
    type: "file.failed",
    environment: "prod",
    fileId: 9,
    bucket: "platform-prod-uploads",
    key: "a.csv",
    etag: "e",
    versionId: null,
    status: "failed",
    rowCount: 0,
    reason: "the file has a header but no data rows",
    recordedAt: "2026-11-22T10:00:00.000Z",
  };

  it("sends the notification as JSON with type and environment attributes", () => {
    expect(snsPublishInput("arn:aws:sns:eu-west-1:123456789012:files", false, n)).to.deep.equal({
      TopicArn: "arn:aws:sns:eu-west-1:123456789012:files",
      Subject: "file.failed prod",
      Message: JSON.stringify(n),
      MessageAttributes: {
        type: { DataType: "String", StringValue: "file.failed" },
        environment: { DataType: "String", StringValue: "prod" },
      },
    });
  });

  it("adds a group and deduplication id for FIFO topics", () => {
    expect(
      snsPublishInput("arn:aws:sns:eu-west-1:123456789012:files.fifo", true, n),
    ).to.deep.include({
      MessageGroupId: "platform-prod-uploads",
      MessageDeduplicationId: "file-9",
    });
  });
});

describe("adapters: readLimited", () => {
  it("reads a stream within the limit", async () => {
    expect(
      await readLimited(Readable.from([Buffer.from("ab"), Buffer.from("cd")]), 4),
    ).to.deep.equal({ body: Buffer.from("abcd") });
  });

  it("stops past the limit and reports the size read so far", async () => {
    expect(
      await readLimited(
        Readable.from([Buffer.from("ab"), Buffer.from("cde"), Buffer.from("never read")]),
        4,
      ),
    ).to.deep.equal({ tooLarge: 5 });
  });
});

describe("worker: authorised", () => {
  const req = (authorization?: string) =>
    ({ headers: authorization === undefined ? {} : { authorization } }) as IncomingMessage;

  it("accepts anything when no token is configured", () => {
    expect(authorised(req(), undefined)).to.equal(true);
  });

  it("requires the exact bearer token when one is configured", () => {
    expect(authorised(req("Bearer s3cret-token"), "s3cret-token")).to.equal(true);
    expect(authorised(req("Bearer wrong"), "s3cret-token")).to.equal(false);
    expect(authorised(req(), "s3cret-token")).to.equal(false);
  });
});
