import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { context, SpanStatusCode, trace } from "@opentelemetry/api";
import {
  ATTR_CLIENT_ADDRESS,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
} from "@opentelemetry/semantic-conventions";
import { errorFields, Logger } from "../log";
import type { Metrics } from "../metrics";
import { extractContext, recordFailure, SpanKind, tracer } from "../tracing";

/** A request handler that returns the route template it matched (for metrics and logs). */
export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<string>;

/** Headers on every response. */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
};

/** Sends a JSON body with a status. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = Buffer.from(`${JSON.stringify(body)}\n`);
  res.writeHead(status, {
    ...BASE_HEADERS,
    "content-type": "application/json; charset=utf-8",
    "content-length": String(payload.length),
    ...headers,
  });
  res.end(payload);
}

/** Sends plain text. */
export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  contentType = "text/plain; charset=utf-8",
): void {
  const payload = Buffer.from(text);
  res.writeHead(status, {
    ...BASE_HEADERS,
    "content-type": contentType,
    "content-length": String(payload.length),
  });
  res.end(payload);
}

/** Thrown by readBody when the body exceeds its limit. */
export class BodyTooLargeError extends Error {
  constructor(limit: number) {
    super(`request body is larger than ${limit} bytes`);
    this.name = "BodyTooLargeError";
  }
}

/** Reads a request body up to `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limit) throw new BodyTooLargeError(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Routes that are not templates: the span keeps the bare method as its name. */
const NOT_A_ROUTE = new Set(["not found", "error"]);

/**
 * Wraps a handler with what every request gets: a request id (kept from `x-request-id` when
 * well-formed), a server span (a child of the caller's `traceparent` when there is one) that
 * is active while the handler runs, one JSON log line (with the span's trace id), request
 * count and latency metrics, and a 500 for any error the handler did not answer. The log line
 * and span have the path without the query string.
 */
export function instrument(handler: Handler, log: Logger, metrics: Metrics) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = process.hrtime.bigint();
    const incoming = req.headers["x-request-id"];
    const requestId =
      typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader("x-request-id", requestId);
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://localhost");
    } catch {
      url = new URL("http://localhost/");
    }
    const method = req.method ?? "GET";
    const parent = extractContext(req.headers);
    // Span name and attributes: https://opentelemetry.io/docs/specs/semconv/http/http-spans/
    // (read 2026-11-30): "{method} {http.route}", the bare method when there is no route.
    const span = tracer().startSpan(
      method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: method,
          [ATTR_URL_PATH]: url.pathname,
          [ATTR_URL_SCHEME]: "http",
          ...(req.headers["user-agent"] === undefined
            ? {}
            : { [ATTR_USER_AGENT_ORIGINAL]: req.headers["user-agent"] }),
          ...(req.socket.remoteAddress === undefined
            ? {}
            : { [ATTR_CLIENT_ADDRESS]: req.socket.remoteAddress }),
          "app.request_id": requestId,
        },
      },
      parent,
    );
    const finish = (route: string): void => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const status = String(res.statusCode);
      metrics.inc("http_requests_total", { method, route, status });
      metrics.observe("http_request_duration_seconds", { method, route }, seconds);
      log.info("request", {
        requestId,
        method,
        path: url.pathname,
        route,
        status: res.statusCode,
        durationMs: Math.round(seconds * 1e6) / 1e3,
        bytes: Number(res.getHeader("content-length") ?? 0),
        remoteAddress: req.socket.remoteAddress,
        userAgent: req.headers["user-agent"],
      });
      if (!NOT_A_ROUTE.has(route)) {
        span.updateName(`${method} ${route}`);
        span.setAttribute(ATTR_HTTP_ROUTE, route);
      }
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, res.statusCode);
      if (res.statusCode >= 500 && route !== "error") {
        span.setAttribute(ATTR_ERROR_TYPE, status);
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    };
    context.with(trace.setSpan(parent, span), () => {
      handler(req, res, url).then(
        (route) => finish(route),
        (err: unknown) => {
          recordFailure(span, err);
          log.error("request failed", { requestId, path: url.pathname, ...errorFields(err) });
          if (!res.headersSent) sendJson(res, 500, { error: "internal error", requestId });
          else res.destroy();
          finish("error");
        },
      );
    });
  };
}
