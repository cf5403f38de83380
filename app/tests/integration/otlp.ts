/**
 * A minimal OTLP/HTTP traces receiver for tests: accepts `POST /v1/traces` with the JSON
 * encoding of `ExportTraceServiceRequest` (what @opentelemetry/exporter-trace-otlp-http sends,
 * `Content-Type: application/json`) and keeps every span.
 *
 * The shape decoded here is the OTLP/JSON mapping of opentelemetry-proto's trace.proto:
 * https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding (read 2026-11-30) —
 * `resourceSpans[].resource.attributes`, `resourceSpans[].scopeSpans[].scope` and `.spans[]`;
 * trace and span ids are hex strings (not base64), enums (`kind`, `status.code`) are integers,
 * 64-bit integers may be strings or numbers, and attribute values are `AnyValue` objects
 * (`stringValue`, `intValue`, `boolValue`, `doubleValue`).
 * https://github.com/open-telemetry/opentelemetry-proto/blob/main/opentelemetry/proto/trace/v1/trace.proto
 * (read 2026-11-30): SpanKind 1 internal, 2 server, 3 client; Status.code 2 error.
 */
import { createServer, Server } from "node:http";
import { freePort, LOOPBACK, waitUntil } from "../../../test-support";

/** SpanKind numbers of trace.proto. */
export const KIND = { internal: 1, server: 2, client: 3 } as const;

type AnyValue = {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
};
type KeyValue = { key: string; value: AnyValue };
interface JsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string | number;
  attributes?: KeyValue[];
  status?: { code?: number; message?: string };
}
interface JsonRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: Array<{ scope?: { name?: string }; spans?: JsonSpan[] }>;
  }>;
}

/** One received span, its attributes flattened to plain values. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** Empty for a root span. */
  readonly parentSpanId: string;
  readonly name: string;
  readonly kind: number;
  /** Nanoseconds since the epoch (a string in OTLP/JSON: it is a fixed64). */
  readonly startTimeUnixNano: bigint;
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
  readonly statusCode: number;
  readonly scope: string;
  readonly resource: Readonly<Record<string, string | number | boolean>>;
}

function plain(value: AnyValue): string | number | boolean {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.doubleValue !== undefined) return value.doubleValue;
  throw new Error(`unexpected AnyValue ${JSON.stringify(value)}`);
}

function flatten(kvs: KeyValue[] | undefined): Record<string, string | number | boolean> {
  return Object.fromEntries((kvs ?? []).map((kv) => [kv.key, plain(kv.value)]));
}

/** Decodes one ExportTraceServiceRequest (OTLP/JSON) into spans. */
export function decodeTraceRequest(body: string): ReceivedSpan[] {
  const request = JSON.parse(body) as JsonRequest;
  const out: ReceivedSpan[] = [];
  for (const rs of request.resourceSpans ?? []) {
    const resource = flatten(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        out.push({
          traceId: s.traceId,
          spanId: s.spanId,
          parentSpanId: s.parentSpanId ?? "",
          name: s.name,
          kind: s.kind,
          startTimeUnixNano: BigInt(s.startTimeUnixNano),
          attributes: flatten(s.attributes),
          statusCode: s.status?.code ?? 0,
          scope: ss.scope?.name ?? "",
          resource,
        });
      }
    }
  }
  return out;
}

export interface OtlpReceiver {
  /** The value for OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly endpoint: string;
  readonly spans: ReceivedSpan[];
  /** Content types of the requests received. */
  readonly contentTypes: string[];
  /** Waits until a span matching `predicate` arrived; returns it. */
  waitForSpan(what: string, predicate: (s: ReceivedSpan) => boolean): Promise<ReceivedSpan>;
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const port = await freePort();
  const spans: ReceivedSpan[] = [];
  const contentTypes: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/v1/traces") {
        res.writeHead(404).end();
        return;
      }
      contentTypes.push(String(req.headers["content-type"]));
      try {
        spans.push(...decodeTraceRequest(Buffer.concat(chunks).toString("utf8")));
      } catch (err) {
        res.writeHead(400, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: (err as Error).message }));
        return;
      }
      // ExportTraceServiceResponse with no partial_success: an empty object.
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(port, LOOPBACK, resolve));
  return {
    endpoint: `http://${LOOPBACK}:${port}`,
    spans,
    contentTypes,
    async waitForSpan(what, predicate) {
      await waitUntil(what, async () => spans.some(predicate));
      return spans.find(predicate) as ReceivedSpan;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
