import { expect } from "chai";
import { waitUntil } from "../../../test-support";
import { KIND, OtlpReceiver, ReceivedSpan, startOtlpReceiver } from "./otlp";
import { AppProcess, httpRequest, runApp, s3Event, Stack, startApp, startStack } from "./stack";

const CSV = "sku,name,quantity,price\nA-1,Apple,3,1.50\nB-2,Banana,10,0.25\n";
// A caller's W3C trace context (https://www.w3.org/TR/trace-context/#traceparent-header).
const CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN = "00f067aa0ba902b7";

/** The children of `parent`, oldest first, as `name` strings. */
function childNames(spans: readonly ReceivedSpan[], parent: ReceivedSpan): string[] {
  return spans
    .filter((s) => s.traceId === parent.traceId && s.parentSpanId === parent.spanId)
    .sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1))
    .map((s) => s.name);
}

function only(spans: readonly ReceivedSpan[], predicate: (s: ReceivedSpan) => boolean) {
  const found = spans.filter(predicate);
  expect(found.map((s) => s.name)).to.have.length(1);
  return found[0] as ReceivedSpan;
}

describe("integration: OpenTelemetry traces to an OTLP/HTTP receiver, trace ids in the logs", function () {
  this.timeout(120_000);
  let stack: Stack;
  let otlp: OtlpReceiver;
  let worker: AppProcess;
  let web: AppProcess;

  before(async () => {
    [stack, otlp] = await Promise.all([startStack(), startOtlpReceiver()]);
    // A short batch delay so spans arrive within the test (the default is 5 s).
    const tracingEnv = {
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: "100",
    };
    worker = await startApp("worker.ts", { ...stack.env, ...tracingEnv });
    web = await startApp("main.ts", { ...stack.env, ...tracingEnv });
  });

  after(async () => {
    await web?.process.stop();
    await worker?.process.stop();
    await Promise.allSettled([stack?.stop(), otlp?.close()]);
  });

  it("traces a file event under the caller's traceparent: request, event, file, S3, SQL, webhook", async () => {
    const etag = await stack.put("traced/good.csv", CSV);
    const res = await httpRequest(
      "POST",
      `${worker.baseUrl}/events`,
      s3Event("traced/good.csv", etag, CSV.length),
      {
        traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01`,
      },
    );
    expect(res.status, res.body).to.equal(200);
    const fileId = res.json<{ records: Array<{ fileId: number }> }>().records[0]?.fileId;

    const request = await otlp.waitForSpan(
      "the worker's server span",
      (s) => s.name === "POST /events",
    );
    const file = await otlp.waitForSpan(
      "the file span",
      (s) => s.name === "process file" && s.attributes["aws.s3.key"] === "traced/good.csv",
    );
    await otlp.waitForSpan(
      "the last SQL span",
      (s) => s.name === "UPDATE files" && s.parentSpanId === file.spanId,
    );
    const spans = otlp.spans.filter((s) => s.traceId === CALLER_TRACE);

    expect([request.traceId, request.parentSpanId, request.kind, request.scope]).to.deep.equal([
      CALLER_TRACE,
      CALLER_SPAN,
      KIND.server,
      "platform-app",
    ]);
    expect(request.attributes).to.deep.include({
      "http.request.method": "POST",
      "http.route": "/events",
      "url.path": "/events",
      "http.response.status_code": 200,
    });
    expect(request.resource).to.deep.include({
      "service.name": "worker",
      "service.version": "0.1.0",
      "deployment.environment.name": "dev",
    });
    expect(childNames(spans, request)).to.deep.equal(["process event"]);
    const event = only(spans, (s) => s.name === "process event");
    expect(childNames(spans, event)).to.deep.equal(["process file"]);
    expect([file.parentSpanId, file.kind]).to.deep.equal([event.spanId, KIND.internal]);
    expect(file.attributes).to.deep.equal({
      "aws.s3.bucket": "platform-dev-uploads",
      "aws.s3.key": "traced/good.csv",
      "app.file.outcome": "processed",
      "app.file.id": fileId,
      "app.file.row_count": 2,
    });
    expect(childNames(spans, file)).to.deep.equal([
      "SELECT files", // the dedupe lookup
      "S3.GetObject",
      "BEGIN",
      "INSERT files",
      "INSERT file_rows",
      "COMMIT",
      "SELECT files", // the record the notification carries
      "POST", // the webhook
      "UPDATE files", // notified_at
    ]);
    const insert = only(spans, (s) => s.name === "INSERT file_rows");
    expect([
      insert.kind,
      insert.attributes["db.system.name"],
      insert.attributes["db.namespace"],
    ]).to.deep.equal([KIND.client, "postgresql", "app"]);
    expect(insert.attributes["db.query.text"]).to.match(
      /^INSERT INTO file_rows \(file_id, line_number/,
    );
    const fetch = only(spans, (s) => s.name === "S3.GetObject");
    expect(fetch.attributes).to.deep.include({
      "rpc.service": "S3",
      "aws.s3.key": "traced/good.csv",
      "app.fetch.result": "ok",
    });

    // The webhook carried the trace on: its traceparent names the client span that sent it.
    const post = only(spans, (s) => s.name === "POST" && s.parentSpanId === file.spanId);
    const delivered =
      stack.sink.headers[
        stack.sink.received.findIndex((n) => (n as { fileId: number }).fileId === fileId)
      ];
    expect(delivered?.traceparent).to.equal(`00-${CALLER_TRACE}-${post.spanId}-01`);

    // Every log line of the request carries the trace id (and the span that was active).
    const linesOf = () => worker.logLines().filter((l) => l.traceId === CALLER_TRACE);
    await waitUntil("the request's log lines", async () =>
      linesOf().some((l) => l.msg === "request"),
    );
    const lines = linesOf();
    expect(lines.map((l) => [l.msg, l.spanId])).to.deep.equal([
      ["file processed", file.spanId],
      ["request", request.spanId],
    ]);
  });

  it("traces a read through the cache: a miss reads PostgreSQL and fills Redis, a hit does not", async () => {
    const etag = await stack.put("traced/read.csv", CSV);
    const processed = await httpRequest(
      "POST",
      `${worker.baseUrl}/events`,
      s3Event("traced/read.csv", etag, CSV.length),
    );
    const id = processed.json<{ records: Array<{ fileId: number }> }>().records[0]
      ?.fileId as number;

    const miss = await httpRequest("GET", `${web.baseUrl}/files/${id}`);
    const hit = await httpRequest("GET", `${web.baseUrl}/files/${id}`);
    expect([miss.headers["x-cache"], hit.headers["x-cache"]]).to.deep.equal(["miss", "hit"]);

    const requestLinesOf = () =>
      web.logLines().filter((l) => l.msg === "request" && l.path === `/files/${id}`);
    await waitUntil("both request log lines", async () => requestLinesOf().length === 2);
    const requestLines = requestLinesOf();
    const [missTrace, hitTrace] = requestLines.map((l) => String(l.traceId));
    expect(missTrace).to.match(/^[0-9a-f]{32}$/);
    expect(hitTrace).to.match(/^[0-9a-f]{32}$/);
    expect(hitTrace).not.to.equal(missTrace);

    const missSpan = await otlp.waitForSpan(
      "the miss's server span",
      (s) => s.traceId === missTrace && s.kind === KIND.server,
    );
    const hitSpan = await otlp.waitForSpan(
      "the hit's server span",
      (s) => s.traceId === hitTrace && s.kind === KIND.server,
    );
    await otlp.waitForSpan("the cache fill", (s) => s.traceId === missTrace && s.name === "SET");
    expect([
      missSpan.name,
      missSpan.parentSpanId,
      missSpan.attributes["http.route"],
      missSpan.resource["service.name"],
    ]).to.deep.equal(["GET /files/:id", "", "/files/:id", "web"]);
    expect(requestLines[0]?.spanId).to.equal(missSpan.spanId);
    expect(childNames(otlp.spans, missSpan)).to.deep.equal([
      "GET",
      "SELECT files",
      "SELECT file_rows",
      "SET",
    ]);
    expect(childNames(otlp.spans, hitSpan)).to.deep.equal(["GET"]);
    const cacheGet = only(otlp.spans, (s) => s.traceId === hitTrace && s.name === "GET");
    expect([
      cacheGet.kind,
      cacheGet.attributes["db.system.name"],
      cacheGet.attributes["db.operation.name"],
    ]).to.deep.equal([KIND.client, "redis", "GET"]);
    expect(otlp.contentTypes.every((t) => t === "application/json")).to.equal(true);
  });

  it("refuses to start with a malformed OTEL_EXPORTER_OTLP_ENDPOINT, naming it", async () => {
    const run = await runApp("main.ts", {
      ...stack.env,
      OTEL_EXPORTER_OTLP_ENDPOINT: "jaeger:4318",
    });
    expect(run.code).to.equal(1);
    const lines = run.output.split("\n").filter((l) => l.startsWith("{"));
    expect(lines.map((l) => (JSON.parse(l) as { message: string }).message)).to.deep.equal([
      'OTEL_EXPORTER_OTLP_ENDPOINT="jaeger:4318": expected an http:// or https:// URL',
    ]);
  });
});
