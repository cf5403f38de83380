import { expect } from "chai";
import Redis from "ioredis";
import { waitUntil } from "../../../test-support";
import { AppProcess, BUCKET, httpRequest, s3Event, Stack, startApp, startStack } from "./stack";

const CSV = "sku,name,quantity,price\nA-1,Apple,3,1.50\nB-2,Banana,10,0.25\n";

describe("integration: web service against PostgreSQL, Redis and S3 over TLS", function () {
  this.timeout(120_000);
  let stack: Stack;
  let worker: AppProcess;
  let web: AppProcess;
  let goodId: number;

  before(async () => {
    stack = await startStack();
    // The worker applies the migrations and records two files for the web service to show.
    worker = await startApp("worker.ts", stack.env);
    const etag = await stack.put("in/good.csv", CSV);
    const good = await httpRequest(
      "POST",
      `${worker.baseUrl}/events`,
      s3Event("in/good.csv", etag, CSV.length),
    );
    goodId = good.json<{ records: Array<{ fileId: number }> }>().records[0]?.fileId as number;
    const badEtag = await stack.put("in/bad.csv", "sku,name\n");
    await httpRequest("POST", `${worker.baseUrl}/events`, s3Event("in/bad.csv", badEtag, 9));
    await worker.process.stop();
    web = await startApp("main.ts", { ...stack.env, APP_SECRET_KEY: "k".repeat(48) });
  });

  after(async () => {
    await web?.process.stop();
    await worker?.process.stop();
    await stack?.stop();
  });

  it("answers /healthz", async () => {
    const res = await httpRequest("GET", `${web.baseUrl}/healthz`);
    expect([
      res.status,
      res.json(),
      res.headers["content-type"],
      res.headers["x-content-type-options"],
    ]).to.deep.equal([200, { status: "ok" }, "application/json; charset=utf-8", "nosniff"]);
  });

  it("is ready when the database, the cache and the object store all answer", async () => {
    const res = await httpRequest("GET", `${web.baseUrl}/readyz`);
    const body = res.json<{
      status: string;
      failed: string[];
      checks: Record<string, { ok: boolean }>;
    }>();
    expect([res.status, body.status, body.failed]).to.deep.equal([200, "ready", []]);
    expect(Object.entries(body.checks).map(([name, c]) => [name, c.ok])).to.deep.equal([
      ["database", true],
      ["cache", true],
      ["objectStore", true],
    ]);
  });

  it("lists the processed and failed files, newest first, with filters", async () => {
    const all = await httpRequest("GET", `${web.baseUrl}/files`);
    const files = all.json<{ files: Array<Record<string, unknown>>; next: number | null }>();
    expect(files.files.map((f) => [f.id, f.key, f.status, f.rowCount])).to.deep.equal([
      [goodId + 1, "in/bad.csv", "failed", 0],
      [goodId, "in/good.csv", "processed", 2],
    ]);
    expect(files.next).to.equal(null);
    expect(files.files[0]).to.deep.include({
      bucket: BUCKET,
      reason: "line 1: expected the header sku,name,quantity,price, got sku,name",
    });
    const failed = await httpRequest("GET", `${web.baseUrl}/files?status=failed&limit=1`);
    expect(failed.json<{ files: Array<{ key: string }>; next: number | null }>()).to.deep.include({
      next: goodId + 1,
    });
    const bad = await httpRequest("GET", `${web.baseUrl}/files?limit=500`);
    expect([bad.status, bad.json()]).to.deep.equal([
      400,
      { error: 'limit must be a whole number from 1 to 200, got "500"' },
    ]);
  });

  it("shows one file with its rows, cached in Redis under the environment prefix", async () => {
    const first = await httpRequest("GET", `${web.baseUrl}/files/${goodId}`);
    expect(first.status).to.equal(200);
    expect(first.headers["x-cache"]).to.equal("miss");
    const file = first.json<Record<string, unknown>>();
    expect(file).to.deep.include({
      id: goodId,
      bucket: BUCKET,
      key: "in/good.csv",
      status: "processed",
      reason: null,
      rowCount: 2,
    });
    expect(file.rows).to.deep.equal([
      { line: 2, sku: "A-1", name: "Apple", quantity: 3, price: "1.50" },
      { line: 3, sku: "B-2", name: "Banana", quantity: 10, price: "0.25" },
    ]);
    const second = await httpRequest("GET", `${web.baseUrl}/files/${goodId}`);
    expect([second.headers["x-cache"], second.body]).to.deep.equal(["hit", first.body]);

    const raw = new Redis({
      host: stack.redis.host,
      port: stack.redis.port,
      password: stack.redisToken,
      tls: { ca: stack.ca.certPem },
      lazyConnect: true,
    });
    try {
      await raw.connect();
      expect(await raw.keys("*")).to.deep.equal([`dev:files:${goodId}`]);
      expect(await raw.ttl(`dev:files:${goodId}`)).to.be.within(1, 60);
    } finally {
      raw.disconnect();
    }
  });

  it("answers 404 for an unknown file and 400 for a bad id", async () => {
    expect((await httpRequest("GET", `${web.baseUrl}/files/999999`)).json()).to.deep.equal({
      error: "file 999999 not found",
    });
    const bad = await httpRequest("GET", `${web.baseUrl}/files/abc`);
    expect([bad.status, bad.json()]).to.deep.equal([
      400,
      { error: 'file id must be a positive whole number, got "abc"' },
    ]);
    expect((await httpRequest("POST", `${web.baseUrl}/files`)).status).to.equal(405);
    expect((await httpRequest("GET", `${web.baseUrl}/nope`)).status).to.equal(404);
  });

  it("exposes request counts and latency in the Prometheus format", async () => {
    const res = await httpRequest("GET", `${web.baseUrl}/metrics`);
    expect(res.headers["content-type"]).to.equal("text/plain; version=0.0.4; charset=utf-8");
    expect(res.body).to.include(
      'http_requests_total{method="GET",route="/files/:id",status="200"} 2',
    );
    expect(res.body).to.include('http_requests_total{method="GET",route="/readyz",status="200"} 1');
    expect(res.body).to.match(
      /http_request_duration_seconds_count\{method="GET",route="\/files"\} 3/,
    );
  });

  it("logs one JSON line per request with the request id, and never a secret", async () => {
    const res = await httpRequest("GET", `${web.baseUrl}/healthz`, undefined, {
      "x-request-id": "trace-abc-123",
    });
    expect(res.headers["x-request-id"]).to.equal("trace-abc-123");
    // The line is written when the response has finished; give the pipe a moment.
    const find = () =>
      web.logLines().find((l) => l.msg === "request" && l.requestId === "trace-abc-123");
    await waitUntil("the request's log line", async () => find() !== undefined, {
      timeoutMs: 5000,
    });
    const line = find();
    expect(line).to.deep.include({
      level: "info",
      service: "web",
      environment: "dev",
      method: "GET",
      path: "/healthz",
      route: "/healthz",
      status: 200,
    });
    const out = web.output();
    for (const secret of [stack.dbPassword, stack.redisToken, "k".repeat(48)])
      expect(out).not.to.include(secret);
  });

  it("names the cache when Redis is down, and recovers when it is back", async () => {
    await stack.redis.stop();
    const down = await httpRequest("GET", `${web.baseUrl}/readyz`);
    const body = down.json<{
      status: string;
      failed: string[];
      checks: Record<string, { ok: boolean; error?: string }>;
    }>();
    expect([down.status, body.status, body.failed]).to.deep.equal([503, "not ready", ["cache"]]);
    expect(body.checks.database?.ok).to.equal(true);
    expect(body.checks.objectStore?.ok).to.equal(true);
    expect(body.checks.cache?.error).to.be.a("string").and.not.equal("");
    // The data still comes from PostgreSQL while the cache is away.
    const file = await httpRequest("GET", `${web.baseUrl}/files/${goodId + 1}`);
    expect([file.status, file.headers["x-cache"]]).to.deep.equal([200, "bypass"]);

    await stack.redis.start();
    let ready = 0;
    for (let i = 0; i < 50 && ready !== 200; i += 1) {
      await new Promise((r) => setTimeout(r, 200));
      ready = (await httpRequest("GET", `${web.baseUrl}/readyz`)).status;
    }
    expect(ready).to.equal(200);
  });

  it("on SIGTERM finishes the request in flight, refuses new ones, closes its pools and exits 0", async () => {
    // CLIENT PAUSE holds every Redis command for 1.5 s, so /readyz waits for its cache check to
    // time out (READINESS_TIMEOUT_MS=1000): a request deterministically in flight when the signal arrives.
    const raw = new Redis({
      host: stack.redis.host,
      port: stack.redis.port,
      password: stack.redisToken,
      tls: { ca: stack.ca.certPem },
      lazyConnect: true,
    });
    await raw.connect();
    await raw.call("CLIENT", "PAUSE", "1500", "ALL");
    raw.disconnect();
    const started = Date.now();
    const inFlight = httpRequest("GET", `${web.baseUrl}/readyz`);
    await new Promise((r) => setTimeout(r, 300));
    web.process.child.kill("SIGTERM");
    const res = await inFlight;
    const elapsed = Date.now() - started;
    expect(elapsed).to.be.at.least(1000);
    const body = res.json<{ failed: string[]; checks: Record<string, { error?: string }> }>();
    expect([res.status, body.failed, body.checks.cache?.error]).to.deep.equal([
      503,
      ["cache"],
      "timed out after 1000 ms",
    ]);
    await web.process.waitForExit();
    expect(web.process.exitCode).to.equal(0);
    expect(web.logLines().map((l) => l.msg)).to.include.members([
      "shutting down",
      "shutdown complete",
    ]);
    let refused: unknown;
    await httpRequest("GET", `${web.baseUrl}/healthz`).catch((err: unknown) => {
      refused = err;
    });
    expect((refused as NodeJS.ErrnoException).code).to.equal("ECONNREFUSED");
  });
});
