import { expect } from "chai";
import { decodeS3Key, encodeS3Key, EventError, parseS3Event } from "../../../src/processor/event";

/** A record as AWS S3 sends it to Lambda. */
function awsRecord(key: string, extra: Record<string, unknown> = {}) {
  return {
    eventVersion: "2.1",
    eventSource: "aws:s3",
    awsRegion: "eu-west-1",
    eventTime: "2026-11-22T10:00:00.000Z",
    eventName: "ObjectCreated:Put",
    s3: {
      s3SchemaVersion: "1.0",
      configurationId: "uploads",
      bucket: { name: "platform-prod-uploads", arn: "arn:aws:s3:::platform-prod-uploads" },
      object: {
        key,
        size: 42,
        eTag: "0123456789abcdef0123456789abcdef",
        sequencer: "0062E99A88DC407460",
        ...extra,
      },
    },
  };
}

describe("processor/event: parseS3Event", () => {
  it("decodes AWS records, URL-decoding the key (+ is a space)", () => {
    expect(
      parseS3Event({
        Records: [awsRecord("incoming/stock+2026%2F11+%C3%A9t%C3%A9.csv", { versionId: "v1" })],
      }),
    ).to.deep.equal({
      objects: [
        {
          index: 0,
          eventName: "ObjectCreated:Put",
          bucket: "platform-prod-uploads",
          key: "incoming/stock 2026/11 été.csv",
          size: 42,
          etag: "0123456789abcdef0123456789abcdef",
          versionId: "v1",
          sequencer: "0062E99A88DC407460",
        },
      ],
      ignored: [],
    });
  });

  it("accepts MinIO's webhook body (EventName, Key and s3:-prefixed event names)", () => {
    const minio = {
      EventName: "s3:ObjectCreated:Put",
      Key: "platform-dev-uploads/a+b.csv",
      Records: [
        { ...awsRecord("a+b.csv"), eventSource: "minio:s3", eventName: "s3:ObjectCreated:Put" },
      ],
    };
    const parsed = parseS3Event(minio);
    expect(parsed.objects.map((o) => [o.eventName, o.key])).to.deep.equal([
      ["ObjectCreated:Put", "a b.csv"],
    ]);
  });

  it("strips quotes from the ETag and tolerates a missing size, ETag and version", () => {
    const record = awsRecord("k.csv");
    record.s3.object = { key: "k.csv" } as typeof record.s3.object;
    const quoted = awsRecord("q.csv", { eTag: '"abc"' });
    const parsed = parseS3Event({ Records: [record, quoted] });
    expect(parsed.objects.map((o) => [o.size, o.etag, o.versionId, o.sequencer])).to.deep.equal([
      [undefined, "", undefined, undefined],
      [42, "abc", undefined, "0062E99A88DC407460"],
    ]);
  });

  it("ignores records that are not object-created", () => {
    const removed = { ...awsRecord("gone.csv"), eventName: "ObjectRemoved:Delete" };
    expect(parseS3Event({ Records: [removed, awsRecord("new.csv")] })).to.deep.include({
      ignored: [{ index: 0, eventName: "ObjectRemoved:Delete" }],
    });
  });

  const malformed: Array<[string, unknown, string]> = [
    [
      "no Records",
      { Event: "s3:TestEvent" },
      "event has no Records array (expected an S3 event notification)",
    ],
    ["a non-object record", { Records: [42] }, "Records[0] is not an object"],
    ["no eventName", { Records: [{ s3: {} }] }, "Records[0].eventName is missing"],
    [
      "no s3 block",
      { Records: [{ eventName: "ObjectCreated:Put" }] },
      "Records[0].s3 must hold bucket and object",
    ],
    [
      "no bucket name",
      { Records: [{ ...awsRecord("k"), s3: { bucket: {}, object: { key: "k" } } }] },
      "Records[0].s3.bucket.name is missing",
    ],
    ["no key", { Records: [awsRecord("")] }, "Records[0].s3.object.key is missing"],
    [
      "a bad size",
      { Records: [awsRecord("k", { size: "12" })] },
      'Records[0].s3.object.size must be a whole number of bytes, got "12"',
    ],
    [
      "a bad escape",
      { Records: [awsRecord("bad%zz.csv")] },
      'object key "bad%zz.csv" is not valid URL encoding',
    ],
  ];
  for (const [what, event, message] of malformed) {
    it(`rejects ${what}`, () => {
      expect(() => parseS3Event(event)).to.throw(EventError, message);
    });
  }
});

describe("processor/event: S3 key encoding", () => {
  it("round-trips keys with spaces, plus signs, slashes and unicode", () => {
    for (const key of ["a b.csv", "a+b.csv", "dir/sub dir/ü.csv", "100% real.csv"])
      expect(decodeS3Key(encodeS3Key(key))).to.equal(key);
    expect(encodeS3Key("a+b c.csv")).to.equal("a%2Bb+c.csv");
  });
});
