import { expect } from "chai";
import { Client } from "pg";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  APP_DIR,
  AppProcess,
  BUCKET,
  httpRequest,
  s3Event,
  Stack,
  startApp,
  startStack,
} from "./stack";

const GOOD =
  'sku,name,quantity,price\nA-1,Apple,3,1.50\nB-2,"Banana, ripe",10,0.25\nC-3,Cherry,0,12\n';

describe("integration: file processor webhook (worker) against PostgreSQL, S3 and a sink", function () {
  this.timeout(120_000);
  let stack: Stack;
  let worker: AppProcess;
  let db: Client;

  before(async () => {
    stack = await startStack();
    worker = await startApp("worker.ts", {
      ...stack.env,
      MAX_FILE_BYTES: "4096",
      WEBHOOK_TOKEN: "hook-token-123",
    });
    db = new Client({
      host: stack.pg.host,
      port: stack.pg.port,
      user: "postgres",
      password: stack.pg.superuserPassword,
      database: "app",
      ssl: { ca: stack.ca.certPem },
    });
    await db.connect();
  });

  after(async () => {
    await db?.end();
    await worker?.process.stop();
    await stack?.stop();
  });

  const deliver = (event: unknown, token = "hook-token-123") =>
    httpRequest("POST", `${worker.baseUrl}/events`, event, { authorization: `Bearer ${token}` });

  it("applied the migrations at start-up and tracked their checksums", async () => {
    const { rows } = await db.query("SELECT name, sha256 FROM schema_migrations ORDER BY name");
    const manifest = JSON.parse(
      readFileSync(join(APP_DIR, "migrations", "checksums.json"), "utf8"),
    ) as Record<string, string>;
    expect(rows).to.deep.equal(
      Object.entries(manifest).map(([name, sha256]) => ({ name, sha256 })),
    );
  });

  it("processes an uploaded CSV: rows in one transaction, status processed, a notification", async () => {
    const key = "incoming/stock 2026+11.csv";
    const etag = await stack.put(key, GOOD);
    const res = await deliver(s3Event(key, etag, GOOD.length));
    expect(res.status).to.equal(200);
    expect(res.json()).to.deep.equal({
      records: [
        {
          index: 0,
          bucket: BUCKET,
          key,
          outcome: "processed",
          fileId: 1,
          rowCount: 3,
          reason: null,
        },
      ],
      ignored: 0,
    });
    const files = await db.query(
      "SELECT bucket, key, etag, status, reason, row_count, notified_at IS NOT NULL AS notified FROM files",
    );
    expect(files.rows).to.deep.equal([
      {
        bucket: BUCKET,
        key,
        etag,
        status: "processed",
        reason: null,
        row_count: 3,
        notified: true,
      },
    ]);
    const rows = await db.query(
      "SELECT line_number, sku, name, quantity, price::text FROM file_rows WHERE file_id = 1 ORDER BY line_number",
    );
    expect(rows.rows).to.deep.equal([
      { line_number: 2, sku: "A-1", name: "Apple", quantity: 3, price: "1.50" },
      { line_number: 3, sku: "B-2", name: "Banana, ripe", quantity: 10, price: "0.25" },
      { line_number: 4, sku: "C-3", name: "Cherry", quantity: 0, price: "12.00" },
    ]);
    expect(stack.sink.received).to.have.length(1);
    expect(stack.sink.received[0]).to.deep.include({
      type: "file.processed",
      environment: "dev",
      fileId: 1,
      bucket: BUCKET,
      key,
      etag,
      status: "processed",
      rowCount: 3,
      reason: null,
    });
  });

  it("writes the rows once when the same event is delivered twice", async () => {
    const key = "incoming/stock 2026+11.csv";
    const etag = (await db.query<{ etag: string }>("SELECT etag FROM files WHERE id = 1")).rows[0]
      ?.etag as string;
    const res = await deliver(s3Event(key, etag, GOOD.length));
    expect(res.json()).to.deep.equal({
      records: [
        {
          index: 0,
          bucket: BUCKET,
          key,
          outcome: "duplicate",
          fileId: 1,
          rowCount: 3,
          reason: null,
        },
      ],
      ignored: 0,
    });
    expect((await db.query("SELECT count(*)::int AS n FROM file_rows")).rows[0]).to.deep.equal({
      n: 3,
    });
    expect((await db.query("SELECT count(*)::int AS n FROM files")).rows[0]).to.deep.equal({
      n: 1,
    });
    expect(stack.sink.received).to.have.length(1);
  });

  const bad: Array<[string, string, string | undefined, string]> = [
    [
      "malformed CSV",
      "bad/broken.csv",
      'sku,name,quantity,price\nA,"never closed,1,1\n',
      "malformed CSV: line 2: a quoted field is never closed",
    ],
    [
      "invalid rows",
      "bad/invalid.csv",
      "sku,name,quantity,price\nA,Apple,-3,1\nA,Again,1,1.999\n",
      'line 2: quantity must be a whole number from 0 to 1000000, got "-3"; line 3: sku "A" repeats line 2; line 3: price must be an amount of at least 0 with at most 2 decimals, got "1.999"',
    ],
    [
      "an oversized file",
      "bad/huge.csv",
      `sku,name,quantity,price\n${"X,Y,1,1\n".repeat(1000)}`,
      "the file is 8024 bytes, larger than the limit of 4096 bytes (MAX_FILE_BYTES)",
    ],
  ];
  for (const [what, key, body, reason] of bad) {
    it(`records ${what} as failed with a clear reason, and keeps running`, async () => {
      const etag = await stack.put(key, body as string);
      const res = await deliver(s3Event(key, etag, Buffer.byteLength(body as string)));
      expect(res.status).to.equal(200);
      const record = res.json<{ records: Array<Record<string, unknown>> }>().records[0];
      expect(record).to.deep.include({ key, outcome: "failed", rowCount: 0, reason });
      const row = await db.query("SELECT status, reason, row_count FROM files WHERE key = $1", [
        key,
      ]);
      expect(row.rows).to.deep.equal([{ status: "failed", reason, row_count: 0 }]);
      expect(stack.sink.received.at(-1)).to.deep.include({ type: "file.failed", key, reason });
      expect((await httpRequest("GET", `${worker.baseUrl}/healthz`)).status).to.equal(200);
    });
  }

  it("measures the object itself when the event understates its size", async () => {
    const body = `sku,name,quantity,price\n${"X,Y,1,1\n".repeat(1000)}`;
    const etag = await stack.put("bad/understated.csv", body);
    const res = await deliver(s3Event("bad/understated.csv", etag, 10));
    expect(res.json<{ records: Array<Record<string, unknown>> }>().records[0]).to.deep.include({
      outcome: "failed",
      reason: "the file is 8024 bytes, larger than the limit of 4096 bytes (MAX_FILE_BYTES)",
    });
  });

  it("records an event for another bucket as failed without fetching it", async () => {
    const res = await deliver(s3Event("x.csv", "abc", 10, "not-our-bucket"));
    expect(res.json<{ records: Array<Record<string, unknown>> }>().records[0]).to.deep.include({
      bucket: "not-our-bucket",
      outcome: "failed",
      reason: 'bucket "not-our-bucket" is not the uploads bucket "platform-dev-uploads"',
    });
  });

  it("records an object deleted before processing as failed", async () => {
    const res = await deliver(s3Event("never/uploaded.csv", "abc", 10));
    expect(res.json<{ records: Array<Record<string, unknown>> }>().records[0]).to.deep.include({
      outcome: "failed",
      reason: "the object no longer exists (deleted before it was processed)",
    });
  });

  it("answers 400 for a body that is not an S3 event, 401 without the token, 405 for GET", async () => {
    const notJson = await httpRequest("POST", `${worker.baseUrl}/events`, "{nope", {
      authorization: "Bearer hook-token-123",
    });
    expect([notJson.status, notJson.json()]).to.deep.equal([
      400,
      { error: "the body is not JSON" },
    ]);
    const notEvent = await deliver({ Event: "s3:TestEvent" });
    expect([notEvent.status, notEvent.json()]).to.deep.equal([
      400,
      { error: "event has no Records array (expected an S3 event notification)" },
    ]);
    expect((await deliver(s3Event("a.csv", "e", 1), "wrong")).status).to.equal(401);
    expect((await httpRequest("GET", `${worker.baseUrl}/events`)).status).to.equal(405);
  });

  it("answers 500 while the sink is down, and sends the notification on redelivery without writing twice", async () => {
    const key = "retry/stock.csv";
    const etag = await stack.put(key, GOOD);
    stack.sink.status = 503;
    const first = await deliver(s3Event(key, etag, GOOD.length));
    expect([first.status, first.json()]).to.deep.equal([
      500,
      { error: "processing failed; retry" },
    ]);
    stack.sink.status = 204;
    const second = await deliver(s3Event(key, etag, GOOD.length));
    expect(second.json<{ records: Array<Record<string, unknown>> }>().records[0]).to.deep.include({
      outcome: "renotified",
      rowCount: 3,
    });
    expect(
      (await db.query("SELECT count(*)::int AS n FROM files WHERE key = $1", [key])).rows[0],
    ).to.deep.equal({ n: 1 });
    expect(stack.sink.received.at(-1)).to.deep.include({ type: "file.processed", key });
  });

  it("logs one JSON line per request and never a secret", () => {
    const requests = worker.logLines().filter((l) => l.msg === "request");
    expect(requests.length).to.be.greaterThan(5);
    expect(
      requests.every(
        (l) =>
          l.service === "worker" &&
          typeof l.status === "number" &&
          typeof l.durationMs === "number",
      ),
    ).to.equal(true);
    const out = worker.output();
    for (const secret of [stack.dbPassword, stack.redisToken, "hook-token-123"])
      expect(out).not.to.include(secret);
  });

  it("drains and exits 0 on SIGTERM", async () => {
    worker.process.child.kill("SIGTERM");
    await worker.process.waitForExit();
    expect(worker.process.exitCode).to.equal(0);
    expect(worker.logLines().map((l) => l.msg)).to.include.members([
      "shutting down",
      "drained",
      "shutdown complete",
    ]);
  });
});
