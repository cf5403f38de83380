import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-node";
import { querySummary } from "../../src/db/tracing";
import { createLogger } from "../../src/log";
import {
  childSpan,
  extractContext,
  injectContext,
  inSpan,
  SERVICE_VERSION,
  SpanKind,
  startTracing,
  traceLogFields,
  tracesEndpoint,
  Tracing,
} from "../../src/tracing";
import { context, trace } from "@opentelemetry/api";

describe("tracing: tracesEndpoint (the OTLP/HTTP traces URL from the environment)", () => {
  it("is off when no endpoint is set", () => {
    expect(tracesEndpoint({})).to.equal(undefined);
    expect(tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: "  " })).to.equal(undefined);
  });

  it("appends v1/traces to the generic endpoint, keeping its path", () => {
    expect(tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://traces:4318" })).to.equal(
      "http://traces:4318/v1/traces",
    );
    expect(tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: "https://otel.example/base/" })).to.equal(
      "https://otel.example/base/v1/traces",
    );
  });

  it("uses the traces-only endpoint as given, ahead of the generic one", () => {
    expect(
      tracesEndpoint({
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://a:4318",
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://b:4318/custom",
      }),
    ).to.equal("http://b:4318/custom");
  });

  it("is off when the SDK is disabled or the traces exporter is none", () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://traces:4318" };
    expect(tracesEndpoint({ ...endpoint, OTEL_SDK_DISABLED: "TRUE" })).to.equal(undefined);
    expect(tracesEndpoint({ ...endpoint, OTEL_TRACES_EXPORTER: "none" })).to.equal(undefined);
    expect(tracesEndpoint({ ...endpoint, OTEL_SDK_DISABLED: "false" })).to.equal(
      "http://traces:4318/v1/traces",
    );
  });

  it("names the variable and what was expected when a URL is malformed", () => {
    expect(() => tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: "traces:4318" })).to.throw(
      'OTEL_EXPORTER_OTLP_ENDPOINT="traces:4318": expected an http:// or https:// URL',
    );
    expect(() =>
      tracesEndpoint({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "grpc://traces:4317" }),
    ).to.throw(
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="grpc://traces:4317": expected an http:// or https:// URL',
    );
    expect(() =>
      tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: "https://user:s3cret@otel.example" }),
    ).to.throw(
      "OTEL_EXPORTER_OTLP_ENDPOINT: credentials in the URL are not allowed (use OTEL_EXPORTER_OTLP_HEADERS)",
    );
  });
});

describe("tracing: off by default", () => {
  it("registers nothing without an endpoint: no trace fields, no child spans", async () => {
    const tracing = startTracing({ service: "web", environment: "dev", env: {} });
    expect([tracing.enabled, tracing.endpoint]).to.deep.equal([false, undefined]);
    await inSpan("work", {}, async () => {
      expect(traceLogFields()).to.deep.equal({});
    });
    expect(childSpan("SELECT files", SpanKind.CLIENT, {})).to.equal(undefined);
  });
});

describe("tracing: spans, propagation and log fields", () => {
  let exporter: InMemorySpanExporter;
  let tracing: Tracing;

  beforeEach(() => {
    exporter = new InMemorySpanExporter();
    tracing = startTracing({
      service: "worker",
      environment: "staging",
      env: {},
      exporter,
      immediate: true,
    });
  });

  afterEach(async () => {
    await tracing.shutdown();
  });

  it("nests spans, puts the active span's ids on log lines and marks failures", async () => {
    const lines: string[] = [];
    const log = createLogger({
      write: (l) => lines.push(l),
      now: () => new Date("2026-11-30T12:00:00.000Z"),
      context: traceLogFields,
    });
    const failure = inSpan("outer", {}, async (outer) => {
      log.info("inside", { n: 1 });
      await inSpan("inner", { kind: SpanKind.CLIENT }, async () => {
        throw new TypeError("boom");
      });
      return outer;
    });
    await failure.then(
      () => expect.fail("inSpan should rethrow"),
      (err: Error) => expect(err.message).to.equal("boom"),
    );
    log.info("outside");
    const [inner, outer] = exporter.getFinishedSpans();
    expect([inner?.name, outer?.name]).to.deep.equal(["inner", "outer"]);
    expect(inner?.parentSpanContext?.spanId).to.equal(outer?.spanContext().spanId);
    expect([inner?.status, inner?.attributes["error.type"]]).to.deep.equal([
      { code: 2, message: "boom" },
      "TypeError",
    ]);
    expect(outer?.resource.attributes).to.deep.include({
      "service.name": "worker",
      "service.version": SERVICE_VERSION,
      "deployment.environment.name": "staging",
    });
    const traceId = outer?.spanContext().traceId;
    // X-Ray-compatible ids: the first 4 bytes are the start time in Unix seconds.
    const startedAt = Number.parseInt(String(traceId).slice(0, 8), 16);
    expect(Math.abs(startedAt - Date.now() / 1000)).to.be.lessThan(60);
    expect(lines).to.deep.equal([
      `{"time":"2026-11-30T12:00:00.000Z","level":"info","msg":"inside","traceId":"${traceId}","spanId":"${outer?.spanContext().spanId}","n":1}`,
      '{"time":"2026-11-30T12:00:00.000Z","level":"info","msg":"outside"}',
    ]);
  });

  it("continues a caller's traceparent and writes the active span's on outgoing headers", async () => {
    const parent = extractContext({
      traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    });
    let headers: Record<string, string> = {};
    await context.with(parent, () =>
      inSpan("handle", {}, async (span) => {
        headers = injectContext({ "content-type": "application/json" });
        expect(span.spanContext().traceId).to.equal("4bf92f3577b34da6a3ce929d0e0e4736");
      }),
    );
    const [span] = exporter.getFinishedSpans();
    expect(span?.parentSpanContext?.spanId).to.equal("00f067aa0ba902b7");
    expect(headers).to.deep.equal({
      "content-type": "application/json",
      traceparent: `00-4bf92f3577b34da6a3ce929d0e0e4736-${span?.spanContext().spanId}-01`,
    });
  });

  it("makes child spans only inside a traced operation", async () => {
    expect(childSpan("GET", SpanKind.CLIENT, {})).to.equal(undefined);
    await inSpan("request", {}, async () => {
      const child = childSpan("GET", SpanKind.CLIENT, { "db.system.name": "redis" });
      expect(trace.getSpan(child?.ctx ?? context.active())).to.equal(child?.span);
      child?.span.end();
    });
    expect(exporter.getFinishedSpans().map((s) => s.name)).to.deep.equal(["GET", "request"]);
  });

  it("ignores a malformed traceparent (a new trace starts)", async () => {
    const parent = extractContext({ traceparent: "00-zz-00f067aa0ba902b7-01" });
    await context.with(parent, () => inSpan("handle", {}, async () => undefined));
    const [span] = exporter.getFinishedSpans();
    expect(span?.parentSpanContext).to.equal(undefined);
  });
});

describe("tracing: querySummary (the SQL span's name)", () => {
  it("names the operation and its table", () => {
    expect(
      [
        "SELECT id::int AS id FROM files WHERE bucket = $1",
        "INSERT INTO file_rows (file_id) SELECT $1, * FROM unnest($2::int[])",
        "UPDATE files SET notified_at = now() WHERE id = $1",
        "DELETE FROM files WHERE id = $1",
        "BEGIN",
        "select 1",
        '-- a comment\n  SELECT * FROM "files"',
      ].map(querySummary),
    ).to.deep.equal([
      { operation: "SELECT", collection: "files" },
      { operation: "INSERT", collection: "file_rows" },
      { operation: "UPDATE", collection: "files" },
      { operation: "DELETE", collection: "files" },
      { operation: "BEGIN", collection: undefined },
      { operation: "SELECT", collection: undefined },
      { operation: "SELECT", collection: '"files"' },
    ]);
  });
});

describe("tracing: SERVICE_VERSION", () => {
  it("is app/package.json's version", () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as {
      version: string;
    };
    expect(SERVICE_VERSION).to.equal(pkg.version);
  });
});
