/**
 * OpenTelemetry tracing for the workload: one span per HTTP request, database query, cache
 * command, object fetch, notification and processed file, exported over OTLP/HTTP.
 *
 * Tracing is on when the standard `OTEL_EXPORTER_OTLP_ENDPOINT` (or the traces-only
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set, and a no-op otherwise: no provider is
 * registered, so every span is the API's non-recording span and log lines carry no trace id.
 * `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none` also turn it off.
 * Variables: https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/
 * and https://opentelemetry.io/docs/specs/otel/protocol/exporter/ (read 2026-11-30): the
 * generic endpoint gets `v1/traces` appended, the per-signal one is used as is.
 *
 * Context travels in W3C Trace Context headers (`traceparent`, `tracestate`): read from every
 * incoming request, written on the webhook notifications (https://www.w3.org/TR/trace-context/).
 */
import {
  context,
  ROOT_CONTEXT,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type SpanOptions,
  type TextMapGetter,
  type Tracer,
} from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { AWSXRayIdGenerator } from "@opentelemetry/id-generator-aws-xray";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-node";
import {
  ATTR_ERROR_TYPE,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
} from "@opentelemetry/semantic-conventions";
import type { LogFields } from "./log";

/** The instrumentation scope of every span the workload makes. */
export const TRACER_NAME = "platform-app";
/** The workload's version, reported as `service.version` (app/package.json). */
export const SERVICE_VERSION = "0.1.0";

/**
 * The workload's tracer: a no-op until startTracing registers a provider. Looked up on each use
 * (the provider caches it) because a tracer taken before a provider was replaced keeps
 * delegating to the old one.
 */
export function tracer(): Tracer {
  return trace.getTracer(TRACER_NAME, SERVICE_VERSION);
}

/** What startTracing returns: whether spans are exported, and how to flush them. */
export interface Tracing {
  readonly enabled: boolean;
  /** Where spans go (the OTLP/HTTP traces URL), when enabled. */
  readonly endpoint: string | undefined;
  /** Exports the spans ended so far (Lambda calls it before the invocation returns). */
  flush(): Promise<void>;
  /** Flushes and stops exporting (on SIGTERM). */
  shutdown(): Promise<void>;
}

const DISABLED: Tracing = {
  enabled: false,
  endpoint: undefined,
  flush: async () => undefined,
  shutdown: async () => undefined,
};

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === "" ? undefined : trimmed;
}

function checkUrl(name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name}=${JSON.stringify(value)}: expected an http:// or https:// URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new Error(`${name}=${JSON.stringify(value)}: expected an http:// or https:// URL`);
  if (url.username !== "" || url.password !== "")
    throw new Error(
      `${name}: credentials in the URL are not allowed (use OTEL_EXPORTER_OTLP_HEADERS)`,
    );
  return url;
}

/**
 * The OTLP/HTTP traces URL the environment asks for, or undefined when tracing is off.
 * Throws one line naming the variable when a URL is malformed.
 */
export function tracesEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  if (nonEmpty(env.OTEL_SDK_DISABLED)?.toLowerCase() === "true") return undefined;
  if (nonEmpty(env.OTEL_TRACES_EXPORTER)?.toLowerCase() === "none") return undefined;
  const specific = nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  if (specific !== undefined)
    return checkUrl("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", specific).toString();
  const generic = nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  if (generic === undefined) return undefined;
  const base = checkUrl("OTEL_EXPORTER_OTLP_ENDPOINT", generic).toString();
  return `${base.endsWith("/") ? base : `${base}/`}v1/traces`;
}

export interface TracingOptions {
  /** `service.name` of every span (web, worker, file-processor). */
  readonly service: string;
  /** `deployment.environment.name` (dev, staging, prod, preview). */
  readonly environment: string;
  /** Where the endpoint comes from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Replaces the OTLP exporter (tests). */
  readonly exporter?: SpanExporter;
  /** Export each span as it ends instead of in batches (tests, Lambda). @default false */
  readonly immediate?: boolean;
}

/**
 * Registers the tracer provider (AsyncLocalStorage context, W3C trace-context and baggage
 * propagators, an OTLP/HTTP exporter) when the environment names an endpoint; otherwise
 * leaves the API's no-op in place. Call once per process, before serving.
 */
export function startTracing(options: TracingOptions): Tracing {
  const endpoint = tracesEndpoint(options.env ?? process.env);
  if (endpoint === undefined && options.exporter === undefined) return DISABLED;
  // The exporter reads the URL (and OTEL_EXPORTER_OTLP_HEADERS, _TIMEOUT, _CERTIFICATE) from the
  // environment itself; passing the URL we validated keeps both readings identical.
  const exporter = options.exporter ?? new OTLPTraceExporter({ url: endpoint });
  const provider = new NodeTracerProvider({
    // Trace ids start with the Unix time (4 bytes) then 12 random bytes: still W3C trace ids, and
    // ones X-Ray accepts (the ADOT collector's awsxray exporter drops others). The same in every
    // environment, so a trace id in a log line converts to X-Ray's 1-<8 hex>-<24 hex> everywhere.
    idGenerator: new AWSXRayIdGenerator(),
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.service,
      [ATTR_SERVICE_VERSION]: SERVICE_VERSION,
      // Incubating attribute (not exported by the stable entry point):
      // https://opentelemetry.io/docs/specs/semconv/resource/deployment-environment/ (read 2026-11-30)
      "deployment.environment.name": options.environment,
    }),
    spanProcessors: [
      options.immediate === true
        ? new SimpleSpanProcessor(exporter)
        : new BatchSpanProcessor(exporter),
    ],
  });
  provider.register();
  return {
    enabled: true,
    endpoint,
    flush: () => provider.forceFlush(),
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** `traceId` and `spanId` of the active span, for log lines; empty when there is none. */
export function traceLogFields(): LogFields {
  const span = trace.getSpan(context.active());
  if (span === undefined) return {};
  const sc = span.spanContext();
  if (!trace.isSpanContextValid(sc)) return {};
  return { traceId: sc.traceId, spanId: sc.spanId };
}

/** Marks a span failed with the error's name and message. */
export function recordFailure(span: Span, err: unknown): void {
  const e = err instanceof Error ? err : new Error(String(err));
  span.recordException(e);
  span.setAttribute(ATTR_ERROR_TYPE, e.name);
  span.setStatus({ code: SpanStatusCode.ERROR, message: e.message });
}

/**
 * Runs `fn` inside a new span (a child of the active one), ending it when `fn` settles and
 * marking it failed when `fn` throws.
 */
export async function inSpan<T>(
  name: string,
  options: SpanOptions,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const span = tracer().startSpan(name, options);
  return context.with(trace.setSpan(context.active(), span), async () => {
    try {
      return await fn(span);
    } catch (err) {
      recordFailure(span, err);
      throw err;
    } finally {
      span.end();
    }
  });
}

/**
 * Like inSpan, but only inside a traced operation: a query or cache command outside any
 * request or file (connection set-up, migrations at start-up) makes no root span of its own.
 */
export function childSpan(
  name: string,
  kind: SpanKind,
  attributes: Attributes,
): { span: Span; ctx: Context } | undefined {
  const parent = context.active();
  if (trace.getSpan(parent) === undefined) return undefined;
  const span = tracer().startSpan(name, { kind, attributes }, parent);
  return { span, ctx: trace.setSpan(parent, span) };
}

const headerGetter: TextMapGetter<Readonly<Record<string, string | string[] | undefined>>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key.toLowerCase()],
};

/** The remote parent named by a request's `traceparent` / `tracestate` headers (if any). */
export function extractContext(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Context {
  return propagation.extract(ROOT_CONTEXT, headers, headerGetter);
}

/** Adds `traceparent` (and `tracestate`) for the active span to outgoing headers. */
export function injectContext(headers: Record<string, string>): Record<string, string> {
  propagation.inject(context.active(), headers);
  return headers;
}

export { SpanKind };
