import { expect } from "chai";
import { Metrics } from "../../../src/metrics";
import { encodeS3Key, EventError } from "../../../src/processor/event";
import { NotificationError, processEvent, ProcessorDeps } from "../../../src/processor/process";
import { FakeNotifier, FakeObjects, FakeStore, memoryLogger } from "./fakes";

const BUCKET = "platform-dev-uploads";
const GOOD = "sku,name,quantity,price\nA-1,Apple,3,1.50\nB-2,Banana,10,0.25\n";

function event(
  key: string,
  options: { bucket?: string; size?: number; etag?: string; versionId?: string } = {},
) {
  return {
    Records: [
      {
        eventName: "ObjectCreated:Put",
        s3: {
          bucket: { name: options.bucket ?? BUCKET },
          object: {
            key: encodeS3Key(key),
            size: options.size ?? 10,
            eTag: options.etag ?? "etag-1",
            ...(options.versionId ? { versionId: options.versionId } : {}),
          },
        },
      },
    ],
  };
}

function setup(objects: Record<string, string> = {}, maxFileBytes = 1024) {
  const store = new FakeStore();
  const notifier = new FakeNotifier();
  const reader = new FakeObjects(objects);
  const log = memoryLogger();
  const metrics = new Metrics();
  const deps: ProcessorDeps = {
    bucket: BUCKET,
    environment: "dev",
    maxFileBytes,
    objects: reader,
    store,
    notifier,
    log,
    metrics,
  };
  return { store, notifier, reader, log, metrics, deps };
}

describe("processor/process: processEvent", () => {
  it("records a good file with its rows, then notifies and marks it notified", async () => {
    const { store, notifier, reader, deps, metrics } = setup({
      [`${BUCKET}/in/stock 1.csv`]: GOOD,
    });
    const outcome = await processEvent(event("in/stock 1.csv"), deps);
    expect(outcome).to.deep.equal({
      records: [
        {
          index: 0,
          bucket: BUCKET,
          key: "in/stock 1.csv",
          outcome: "processed",
          fileId: 1,
          rowCount: 2,
          reason: null,
        },
      ],
      ignored: 0,
    });
    expect(reader.requests).to.deep.equal([
      {
        bucket: BUCKET,
        key: "in/stock 1.csv",
        versionId: undefined,
        etag: "etag-1",
        maxBytes: 1024,
      },
    ]);
    expect(store.rows.get(1)).to.deep.equal([
      { line: 2, sku: "A-1", name: "Apple", quantity: 3, price: "1.50" },
      { line: 3, sku: "B-2", name: "Banana", quantity: 10, price: "0.25" },
    ]);
    expect(notifier.sent).to.deep.equal([
      {
        type: "file.processed",
        environment: "dev",
        fileId: 1,
        bucket: BUCKET,
        key: "in/stock 1.csv",
        etag: "etag-1",
        versionId: null,
        status: "processed",
        rowCount: 2,
        reason: null,
        recordedAt: "2026-11-22T10:00:00.000Z",
      },
    ]);
    expect(store.files[0]?.notifiedAt).to.equal("2026-11-22T10:00:01.000Z");
    expect(metrics.counter("files_total", { outcome: "processed" })).to.equal(1);
  });

  it("writes once when the same event is delivered twice", async () => {
    const { store, notifier, deps } = setup({ [`${BUCKET}/a.csv`]: GOOD });
    await processEvent(event("a.csv"), deps);
    const second = await processEvent(event("a.csv"), deps);
    expect(second.records).to.deep.equal([
      {
        index: 0,
        bucket: BUCKET,
        key: "a.csv",
        outcome: "duplicate",
        fileId: 1,
        rowCount: 2,
        reason: null,
      },
    ]);
    expect(store.files).to.have.length(1);
    expect(notifier.sent).to.have.length(1);
  });

  it("processes a new upload to the same key (new ETag) as a new file", async () => {
    const { store, deps } = setup({ [`${BUCKET}/a.csv`]: GOOD });
    await processEvent(event("a.csv", { etag: "v1" }), deps);
    const second = await processEvent(event("a.csv", { etag: "v2" }), deps);
    expect(second.records[0]?.outcome).to.equal("processed");
    expect(store.files.map((f) => f.etag)).to.deep.equal(["v1", "v2"]);
  });

  it("asks the store for the exact version when the event has one", async () => {
    const { reader, deps } = setup({ [`${BUCKET}/a.csv`]: GOOD });
    await processEvent(event("a.csv", { versionId: "ver-9" }), deps);
    expect(reader.requests[0]?.versionId).to.equal("ver-9");
  });

  const failures: Array<[string, Record<string, string>, ReturnType<typeof event>, string]> = [
    [
      "a bucket other than S3_BUCKET",
      {},
      event("a.csv", { bucket: "someone-elses-bucket" }),
      'bucket "someone-elses-bucket" is not the uploads bucket "platform-dev-uploads"',
    ],
    [
      "a file larger than the limit (by the event's size)",
      {},
      event("big.csv", { size: 2048 }),
      "the file is 2048 bytes, larger than the limit of 1024 bytes (MAX_FILE_BYTES)",
    ],
    [
      "a file larger than the limit (by its content)",
      { [`${BUCKET}/big.csv`]: `sku,name,quantity,price\n${"A,B,1,1\n".repeat(200)}` },
      event("big.csv", { size: 10 }),
      "the file is 1624 bytes, larger than the limit of 1024 bytes (MAX_FILE_BYTES)",
    ],
    [
      "a deleted object",
      {},
      event("gone.csv"),
      "the object no longer exists (deleted before it was processed)",
    ],
    [
      "malformed CSV",
      { [`${BUCKET}/m.csv`]: 'sku,name,quantity,price\nA,"open,1,1\n' },
      event("m.csv"),
      "malformed CSV: line 2: a quoted field is never closed",
    ],
    [
      "invalid rows",
      { [`${BUCKET}/v.csv`]: "sku,name,quantity,price\nA,,x,1\n" },
      event("v.csv"),
      'line 2: name must not be empty; line 2: quantity must be a whole number from 0 to 1000000, got "x"',
    ],
  ];
  for (const [what, objects, ev, reason] of failures) {
    it(`records ${what} as failed with a clear reason and notifies`, async () => {
      const { store, notifier, deps, log } = setup(objects);
      const outcome = await processEvent(ev, deps);
      expect(outcome.records[0]).to.deep.include({
        outcome: "failed",
        fileId: 1,
        rowCount: 0,
        reason,
      });
      expect(store.files[0]).to.deep.include({ status: "failed", reason });
      expect(store.rows.size).to.equal(0);
      expect(notifier.sent.map((n) => [n.type, n.reason])).to.deep.equal([["file.failed", reason]]);
      expect(log.lines.find((l) => l.msg === "file failed")).to.deep.include({
        level: "warn",
        reason,
      });
    });
  }

  it("records an overwritten object as failed", async () => {
    const { deps } = setup();
    deps.objects.getObject = async () => ({ kind: "changed" });
    const outcome = await processEvent(event("a.csv"), deps);
    expect(outcome.records[0]?.reason).to.equal(
      "the object was overwritten before it was processed (the new content is processed by its own event)",
    );
  });

  it("throws a NotificationError when the notification fails, and re-sends it on redelivery without writing again", async () => {
    const { store, notifier, deps } = setup({ [`${BUCKET}/a.csv`]: GOOD });
    notifier.failing = true;
    let error: unknown;
    try {
      await processEvent(event("a.csv"), deps);
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(NotificationError);
    expect((error as Error).message).to.equal(
      "file 1 was recorded but its notification failed: sink unreachable",
    );
    expect(store.files[0]?.notifiedAt).to.equal(null);

    notifier.failing = false;
    const retry = await processEvent(event("a.csv"), deps);
    expect(retry.records[0]).to.deep.include({ outcome: "renotified", fileId: 1, rowCount: 2 });
    expect(store.files).to.have.length(1);
    expect(notifier.sent.map((n) => n.fileId)).to.deep.equal([1]);
    expect(store.files[0]?.notifiedAt).to.equal("2026-11-22T10:00:01.000Z");
  });

  it("reports a duplicate when a concurrent delivery wins the insert", async () => {
    const { store, notifier, deps } = setup({ [`${BUCKET}/a.csv`]: GOOD });
    store.raceWinner = {
      bucket: BUCKET,
      key: "a.csv",
      etag: "etag-1",
      versionId: undefined,
      dedupeKey: "etag:etag-1",
      sizeBytes: 10,
    };
    const outcome = await processEvent(event("a.csv"), deps);
    expect(outcome.records[0]).to.deep.include({ outcome: "duplicate", fileId: 1 });
    expect(notifier.sent).to.deep.equal([]);
  });

  it("propagates infrastructure errors so the delivery is retried", async () => {
    const { deps } = setup();
    deps.objects.getObject = async () => {
      throw Object.assign(new Error("Access Denied"), { name: "AccessDenied" });
    };
    let error: unknown;
    try {
      await processEvent(event("a.csv"), deps);
    } catch (err) {
      error = err;
    }
    expect((error as Error).name).to.equal("AccessDenied");
  });

  it("rejects a malformed event with an EventError and counts it", async () => {
    const { deps, metrics, log } = setup();
    let error: unknown;
    try {
      await processEvent({ hello: "world" }, deps);
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(EventError);
    expect(metrics.counter("events_rejected_total")).to.equal(1);
    expect(log.lines.map((l) => l.msg)).to.deep.equal(["event rejected"]);
  });

  it("ignores records that are not object-created", async () => {
    const { deps } = setup();
    const outcome = await processEvent(
      { Records: [{ eventName: "ObjectRemoved:Delete", s3: {} }] },
      deps,
    );
    expect(outcome).to.deep.equal({ records: [], ignored: 1 });
  });
});
