import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { errorFields, Logger } from "../log";
import type { Metrics } from "../metrics";

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

/**
 * Wraps a handler with what every request gets: a request id (kept from `x-request-id` when
 * well-formed), one JSON log line, request count and latency metrics, and a 500 for any error
 * the handler did not answer. The log line has the path without the query string.
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
    const finish = (route: string): void => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const method = req.method ?? "GET";
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
    };
    handler(req, res, url).then(
      (route) => finish(route),
      (err: unknown) => {
        log.error("request failed", { requestId, path: url.pathname, ...errorFields(err) });
        if (!res.headersSent) sendJson(res, 500, { error: "internal error", requestId });
        else res.destroy();
        finish("error");
      },
    );
  };
}
