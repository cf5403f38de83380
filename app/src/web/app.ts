import type { IncomingMessage, ServerResponse } from "node:http";
import { errorFields, Logger } from "../log";
import { metricsBody, type Metrics } from "../metrics";
import type { FilesRepository } from "./files-repo";
import { Handler, sendJson, sendText } from "./http";
import { parseId, parseListQuery } from "./query";
import { ReadinessCheck, runReadiness } from "./readiness";

/** A read-through cache for file details (Redis in production). */
export interface FileCache {
  get(id: number): Promise<string | null>;
  set(id: number, json: string): Promise<void>;
}

export interface WebDeps {
  readonly files: FilesRepository;
  readonly cache: FileCache;
  readonly checks: readonly ReadinessCheck[];
  readonly readinessTimeoutMs: number;
  readonly metrics: Metrics;
  readonly log: Logger;
  /** True once SIGTERM arrived: /readyz answers 503 so the load balancer drains us. */
  readonly isShuttingDown: () => boolean;
}

const FILE_ROUTE = /^\/files\/([^/]+)$/;

function methodNotAllowed(res: ServerResponse, allow: string): void {
  sendJson(res, 405, { error: "method not allowed" }, { allow });
}

/** The web service's routes. */
export function webHandler(deps: WebDeps): Handler {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<string> => {
    const path = url.pathname;
    const isGet = req.method === "GET" || req.method === "HEAD";

    if (path === "/healthz") {
      if (!isGet) return (methodNotAllowed(res, "GET"), "/healthz");
      sendJson(res, 200, { status: "ok" });
      return "/healthz";
    }

    if (path === "/readyz") {
      if (!isGet) return (methodNotAllowed(res, "GET"), "/readyz");
      if (deps.isShuttingDown()) {
        sendJson(res, 503, { status: "shutting down", checks: {}, failed: [] });
        return "/readyz";
      }
      const report = await runReadiness(deps.checks, deps.readinessTimeoutMs);
      if (report.failed.length > 0) deps.log.warn("not ready", { failed: report.failed });
      sendJson(res, report.failed.length === 0 ? 200 : 503, report);
      return "/readyz";
    }

    if (path === "/metrics") {
      if (!isGet) return (methodNotAllowed(res, "GET"), "/metrics");
      sendText(res, 200, metricsBody(deps.metrics), "text/plain; version=0.0.4; charset=utf-8");
      return "/metrics";
    }

    if (path === "/files") {
      if (!isGet) return (methodNotAllowed(res, "GET"), "/files");
      const parsed = parseListQuery(url.searchParams);
      if (!parsed.ok) {
        sendJson(res, 400, { error: parsed.error });
        return "/files";
      }
      const files = await deps.files.list(parsed.query);
      const last = files.at(-1);
      sendJson(res, 200, {
        files,
        next: files.length === parsed.query.limit && last !== undefined ? last.id : null,
      });
      return "/files";
    }

    const m = FILE_ROUTE.exec(path);
    if (m !== null) {
      if (!isGet) return (methodNotAllowed(res, "GET"), "/files/:id");
      const id = parseId(decodeURIComponent(m[1] as string));
      if (id === undefined) {
        sendJson(res, 400, {
          error: `file id must be a positive whole number, got ${JSON.stringify(m[1])}`,
        });
        return "/files/:id";
      }
      let cached: string | null = null;
      let cacheState = "miss";
      try {
        cached = await deps.cache.get(id);
      } catch (err) {
        cacheState = "bypass";
        deps.log.warn("cache read failed", { fileId: id, ...errorFields(err) });
      }
      if (cached !== null) {
        res.setHeader("x-cache", "hit");
        sendText(res, 200, cached, "application/json; charset=utf-8");
        return "/files/:id";
      }
      const file = await deps.files.get(id);
      if (file === undefined) {
        sendJson(res, 404, { error: `file ${id} not found` });
        return "/files/:id";
      }
      const body = `${JSON.stringify(file)}\n`;
      if (cacheState === "miss" && file.notifiedAt !== null) {
        // A recorded and notified file never changes again, so a cached copy is never stale; the TTL only bounds memory.
        await deps.cache
          .set(id, body)
          .catch((err: unknown) =>
            deps.log.warn("cache write failed", { fileId: id, ...errorFields(err) }),
          );
      }
      res.setHeader("x-cache", cacheState);
      sendText(res, 200, body, "application/json; charset=utf-8");
      return "/files/:id";
    }

    sendJson(res, 404, { error: `no route for ${req.method ?? "GET"} ${path}` });
    return "not found";
  };
}
