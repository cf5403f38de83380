import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import { APP_DIR, BUCKET, s3Event, Stack, startStack } from "./stack";

interface LambdaModule {
  handler(
    event: unknown,
  ): Promise<{ records: Array<Record<string, unknown>>; ignored: number; rejected?: string }>;
  closeRuntime(): Promise<void>;
}

describe("integration: the bundled Lambda package (npm run build:lambda) against PostgreSQL, S3 and a sink", function () {
  this.timeout(120_000);
  let stack: Stack;
  let outdir: string;
  let lambda: LambdaModule;
  const savedEnv = { ...process.env };
  const logLines: string[] = [];
  const realWrite = process.stdout.write.bind(process.stdout);

  before(async () => {
    outdir = mkdtempSync(join(tmpdir(), "platform-lambda-"));
    execFileSync(
      process.execPath,
      [join(APP_DIR, "scripts", "build-lambda.mjs"), "--outdir", outdir],
      { stdio: "pipe" },
    );
    stack = await startStack();
    // What the Lambda runtime would hold: the contract, nothing else of the test's environment.
    for (const k of Object.keys(process.env))
      if (!["PATH", "HOME"].includes(k)) delete process.env[k];
    const { REDIS_URL_FILE: _r, HOST: _h, ...contract } = stack.env;
    void _r;
    void _h;
    Object.assign(process.env, contract, {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    });
    // Keep the function's JSON log lines (what CloudWatch would get) out of the test report.
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      if (text.startsWith('{"time":')) {
        logLines.push(...text.split("\n").filter((l) => l !== ""));
        return true;
      }
      return (realWrite as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    lambda = require(join(outdir, "lambda.js")) as LambdaModule;
  });

  after(async () => {
    await lambda?.closeRuntime();
    process.stdout.write = realWrite;
    for (const k of Object.keys(process.env)) delete process.env[k];
    Object.assign(process.env, savedEnv);
    await stack?.stop();
    rmSync(outdir, { recursive: true, force: true });
  });

  it("exports handler from lambda.js, the file the platform's handler setting (lambda.handler) names", () => {
    expect(typeof lambda.handler).to.equal("function");
  });

  it("processes an S3 event: migrations applied on the cold start, rows written, notification sent", async () => {
    const csv = "sku,name,quantity,price\nL-1,Lemon,7,0.40\n";
    const etag = await stack.put("lambda/in put.csv", csv);
    const result = await lambda.handler(s3Event("lambda/in put.csv", etag, csv.length));
    expect(result).to.deep.equal({
      records: [
        {
          index: 0,
          bucket: BUCKET,
          key: "lambda/in put.csv",
          outcome: "processed",
          fileId: 1,
          rowCount: 1,
          reason: null,
        },
      ],
      ignored: 0,
    });
    const db = new Client({
      host: stack.pg.host,
      port: stack.pg.port,
      user: "postgres",
      password: stack.pg.superuserPassword,
      database: "app",
      ssl: { ca: stack.ca.certPem },
    });
    await db.connect();
    try {
      expect(
        (await db.query("SELECT sku, name, quantity, price::text FROM file_rows")).rows,
      ).to.deep.equal([{ sku: "L-1", name: "Lemon", quantity: 7, price: "0.40" }]);
      expect(
        (await db.query("SELECT count(*)::int AS n FROM schema_migrations")).rows[0],
      ).to.deep.equal({ n: 2 });
    } finally {
      await db.end();
    }
    expect(stack.sink.received).to.have.length(1);
    expect(stack.sink.received[0]).to.deep.include({
      type: "file.processed",
      fileId: 1,
      key: "lambda/in put.csv",
    });
  });

  it("does nothing for a redelivered event", async () => {
    const csv = "sku,name,quantity,price\nL-1,Lemon,7,0.40\n";
    const etag = await stack.put("lambda/in put.csv", csv);
    const result = await lambda.handler(s3Event("lambda/in put.csv", etag, csv.length));
    expect(result.records.map((r) => r.outcome)).to.deep.equal(["duplicate"]);
    expect(stack.sink.received).to.have.length(1);
  });

  it("records a bad file as failed and returns normally (no Lambda retry)", async () => {
    const etag = await stack.put("lambda/empty.csv", "");
    const result = await lambda.handler(s3Event("lambda/empty.csv", etag, 0));
    expect(result.records[0]).to.deep.include({
      outcome: "failed",
      reason: "the file is empty (expected the header sku,name,quantity,price)",
    });
  });

  it("drops a malformed event with the reason instead of throwing", async () => {
    expect(await lambda.handler({ not: "an s3 event" })).to.deep.equal({
      records: [],
      ignored: 0,
      rejected: "event has no Records array (expected an S3 event notification)",
    });
  });

  it("throws when the notification target is down, so Lambda retries the event", async () => {
    stack.sink.status = 500;
    const csv = "sku,name,quantity,price\nM-1,Mango,1,2\n";
    const etag = await stack.put("lambda/retry.csv", csv);
    let error: unknown;
    try {
      await lambda.handler(s3Event("lambda/retry.csv", etag, csv.length));
    } catch (err) {
      error = err;
    }
    expect((error as Error).name).to.equal("NotificationError");
    stack.sink.status = 204;
    const retried = await lambda.handler(s3Event("lambda/retry.csv", etag, csv.length));
    expect(retried.records.map((r) => r.outcome)).to.deep.equal(["renotified"]);
  });

  it("logs JSON lines without secrets", () => {
    const msgs = logLines.map((l) => (JSON.parse(l) as { msg: string; service: string }).msg);
    expect(msgs).to.include.members([
      "migration applied",
      "file processed",
      "file failed",
      "event rejected",
      "event processing failed",
    ]);
    expect(logLines.join("\n")).not.to.include(stack.dbPassword);
  });
});
