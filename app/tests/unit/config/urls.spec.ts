import { expect } from "chai";
import {
  ConfigError,
  parseDatabaseUrl,
  parseNotifyTarget,
  parseRedisUrl,
  parseS3Endpoint,
  redactUrl,
} from "../../../src/config";
import { failFor, hostNameOf, parseUrl } from "../../../src/config/url-value";

describe("config: parseDatabaseUrl", () => {
  it("parses the contract's example", () => {
    expect(
      parseDatabaseUrl("postgres://app@db.internal:5432/app?sslmode=verify-full"),
    ).to.deep.equal({
      host: "db.internal",
      port: 5432,
      database: "app",
      user: "app",
      sslmode: "verify-full",
      applicationName: undefined,
      connectTimeoutMs: 10_000,
    });
  });

  it("defaults the port, decodes names and reads application_name and connect_timeout", () => {
    expect(
      parseDatabaseUrl(
        "postgresql://app%40x@127.0.0.1/my%20db?sslmode=verify-full&application_name=web&connect_timeout=3",
      ),
    ).to.deep.equal({
      host: "127.0.0.1",
      port: 5432,
      database: "my db",
      user: "app@x",
      sslmode: "verify-full",
      applicationName: "web",
      connectTimeoutMs: 3000,
    });
  });

  const cases: Array<[string, string]> = [
    [
      "not a url",
      'DATABASE_URL="not a url": expected a URL such as postgres://app@db.internal:5432/app?sslmode=verify-full',
    ],
    [
      "mysql://app@db/app?sslmode=verify-full",
      'DATABASE_URL="mysql://app@db/app?sslmode=verify-full": expected the scheme postgres:// or postgresql://, got mysql://',
    ],
    [
      "postgres://app:hunter2@db/app?sslmode=verify-full",
      'DATABASE_URL="postgres://app:***@db/app?sslmode=verify-full": expected no password in the URL (pass it in DATABASE_PASSWORD)',
    ],
    [
      "postgres://db/app?sslmode=verify-full",
      'DATABASE_URL="postgres://db/app?sslmode=verify-full": expected a user name, as in postgres://app@db.internal:5432/app?sslmode=verify-full',
    ],
    [
      "postgres://app@db?sslmode=verify-full",
      'DATABASE_URL="postgres://app@db?sslmode=verify-full": expected one database name as the path, as in postgres://app@db.internal:5432/app?sslmode=verify-full',
    ],
    [
      "postgres://app@db/app",
      'DATABASE_URL="postgres://app@db/app": expected sslmode=verify-full (TLS with CA and host name verification), got no sslmode',
    ],
    [
      "postgres://app@db/app?sslmode=require",
      'DATABASE_URL="postgres://app@db/app?sslmode=require": expected sslmode=verify-full (TLS with CA and host name verification), got sslmode=require',
    ],
    [
      "postgres://app@db/app?sslmode=verify-full&sslrootcert=/ca.pem",
      'DATABASE_URL="postgres://app@db/app?sslmode=verify-full&sslrootcert=/ca.pem": expected only the query parameters sslmode, application_name, connect_timeout, got sslrootcert (set CA_BUNDLE_FILE for the CA bundle)',
    ],
    [
      "postgres://app@db/app?sslmode=verify-full&connect_timeout=0",
      'DATABASE_URL="postgres://app@db/app?sslmode=verify-full&connect_timeout=0": expected connect_timeout in whole seconds between 1 and 300, got 0',
    ],
  ];
  for (const [input, message] of cases) {
    it(`rejects ${input}`, () => {
      expect(() => parseDatabaseUrl(input))
        .to.throw(ConfigError)
        .with.property("message", message);
    });
  }
});

describe("config: parseRedisUrl", () => {
  it("parses rediss:// with a token, default port and db", () => {
    expect(parseRedisUrl("rediss://:t%2Fok@cache.internal")).to.deep.equal({
      host: "cache.internal",
      port: 6379,
      username: undefined,
      password: "t/ok",
      db: 0,
    });
  });

  it("parses an ACL user, port and db", () => {
    expect(parseRedisUrl("rediss://app:tok@127.0.0.1:6380/2")).to.deep.equal({
      host: "127.0.0.1",
      port: 6380,
      username: "app",
      password: "tok",
      db: 2,
    });
  });

  it("refuses plaintext redis:// and never prints the token", () => {
    expect(() => parseRedisUrl("redis://:sekrit@cache:6379"))
      .to.throw(ConfigError)
      .with.property(
        "message",
        'REDIS_URL="redis://:***@cache:6379": expected the scheme rediss:// (Redis over TLS), got redis://',
      );
  });

  it("requires an auth token", () => {
    expect(() => parseRedisUrl("rediss://cache:6379"))
      .to.throw(ConfigError)
      .with.property(
        "message",
        'REDIS_URL="rediss://cache:6379": expected an auth token in the URL, as in rediss://:<token>@cache.internal:6379',
      );
  });

  it("uses the label it is given (the file the value came from)", () => {
    expect(() => parseRedisUrl("rediss://:x@c/abc", 'REDIS_URL (from REDIS_URL_FILE="/s")'))
      .to.throw(ConfigError)
      .with.property(
        "message",
        'REDIS_URL (from REDIS_URL_FILE="/s")="rediss://:***@c/abc": expected an optional database number as the path (/0), got /abc',
      );
  });
});

describe("config: parseNotifyTarget", () => {
  it("parses an SNS topic ARN with its region", () => {
    expect(
      parseNotifyTarget("arn:aws:sns:eu-west-1:123456789012:platform-prod-files", "prod"),
    ).to.deep.equal({
      kind: "sns",
      topicArn: "arn:aws:sns:eu-west-1:123456789012:platform-prod-files",
      region: "eu-west-1",
      fifo: false,
    });
  });

  it("recognises a FIFO topic", () => {
    expect(
      parseNotifyTarget("arn:aws:sns:us-east-1:123456789012:files.fifo", "prod"),
    ).to.deep.include({ fifo: true });
  });

  it("accepts an https webhook anywhere and http only in dev", () => {
    expect(parseNotifyTarget("https://sink.example/notify", "staging")).to.deep.equal({
      kind: "webhook",
      url: "https://sink.example/notify",
    });
    expect(parseNotifyTarget("http://sink:8080/notify", "dev")).to.deep.equal({
      kind: "webhook",
      url: "http://sink:8080/notify",
    });
    expect(() => parseNotifyTarget("http://sink:8080/notify", "prod"))
      .to.throw(ConfigError)
      .with.property(
        "message",
        'NOTIFY_TARGET="http://sink:8080/notify": expected an https:// webhook URL (plain http:// is accepted only when ENVIRONMENT=dev, got ENVIRONMENT=prod)',
      );
  });

  it("rejects an ARN that is not an SNS topic", () => {
    expect(() => parseNotifyTarget("arn:aws:sqs:eu-west-1:123456789012:q", "prod"))
      .to.throw(ConfigError)
      .with.property(
        "message",
        'NOTIFY_TARGET="arn:aws:sqs:eu-west-1:123456789012:q": expected an SNS topic ARN such as arn:aws:sns:eu-west-1:123456789012:files',
      );
  });

  it("rejects other schemes", () => {
    expect(() => parseNotifyTarget("ftp://x/y", "dev"))
      .to.throw(ConfigError)
      .with.property(
        "message",
        'NOTIFY_TARGET="ftp://x/y": expected an SNS topic ARN (arn:aws:sns:…) or a webhook URL (https://…), got the scheme ftp://',
      );
  });
});

describe("config: redactUrl", () => {
  it("hides the password and keeps the rest", () => {
    expect(redactUrl("rediss://:tok@h:6379")).to.equal("rediss://:***@h:6379");
    expect(redactUrl("https://u:p@h/x")).to.equal("https://u:***@h/x");
    expect(redactUrl("https://h/x")).to.equal("https://h/x");
  });

  it("hides a non-URL value that might hold credentials", () => {
    expect(redactUrl("user:pass@host")).to.equal("***");
    expect(redactUrl("plain")).to.equal("plain");
  });
});

describe("config: parseS3Endpoint", () => {
  it("accepts an https:// endpoint without its trailing slash", () => {
    expect(parseS3Endpoint("https://objectstore:9000/", "staging")).to.equal(
      "https://objectstore:9000",
    );
  });

  it("refuses credentials in the URL without showing the secret key", () => {
    expect(() => parseS3Endpoint("https://AKIA1:s3cr3t@objectstore:9000", "dev"))
      .to.throw(ConfigError)
      .with.property(
        "message",
        'S3_ENDPOINT="https://AKIA1:***@objectstore:9000/": expected no credentials in the URL',
      );
  });

  it("shows a value without credentials as given", () => {
    expect(() => parseS3Endpoint("not a url", "dev"))
      .to.throw(ConfigError)
      .with.property(
        "message",
        'S3_ENDPOINT="not a url": expected an https:// URL of an S3-compatible server, or empty on AWS',
      );
  });
});

describe("config: url-value", () => {
  it("fails with one line naming the variable, the shown value and the expectation", () => {
    expect(() => failFor("X_URL", "https://h/")("an example"))
      .to.throw(ConfigError)
      .with.property("message", 'X_URL="https://h/": expected an example');
  });

  it("parses a URL or fails with the expectation", () => {
    const fail = failFor("X_URL", "nope");
    expect(parseUrl("https://h:1/p", fail, "a URL").port).to.equal("1");
    expect(() => parseUrl("nope", fail, "a URL"))
      .to.throw(ConfigError)
      .with.property("message", 'X_URL="nope": expected a URL');
  });

  it("gives an IPv6 host without its brackets, other hosts unchanged", () => {
    expect(hostNameOf(new URL("rediss://:t@[::1]:6379"))).to.equal("::1");
    expect(hostNameOf(new URL("postgres://u@db.internal/app"))).to.equal("db.internal");
  });
});
