/**
 * The file processor as an HTTP webhook server: `node dist/worker.js`. The dev object store
 * (MinIO) POSTs its bucket notifications (the S3 event JSON) here; the same processing code
 * runs in AWS Lambda through lambda.ts.
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { errorFields } from "./log";
import { metricsBody } from "./metrics";
import { EventError } from "./processor/event";
import { processEvent } from "./processor/process";
import { exitOnStartupFailure, loadConfigOrReport, processorRuntime } from "./runtime";
import { startTracing } from "./tracing";
import { BodyTooLargeError, Handler, instrument, readBody, sendJson, sendText } from "./web/http";
import { listen, onTerminate } from "./web/server";

/** Largest event body accepted (an event lists objects, not their content). */
export const MAX_EVENT_BYTES = 1024 * 1024;

/** True when the request carries `Authorization: Bearer <token>` (constant-time compare). */
export function authorised(req: IncomingMessage, token: string | undefined): boolean {
  if (token === undefined) return true;
  const header = req.headers.authorization ?? "";
  const expected = Buffer.from(`Bearer ${token}`);
  const got = Buffer.from(header);
  return got.length === expected.length && timingSafeEqual(got, expected);
}

async function main(): Promise<void> {
  const config = await loadConfigOrReport(process.env, "processor", "worker");
  const tracing = startTracing({ service: "worker", environment: config.environment });
  const rt = await processorRuntime(config, "worker", __dirname, 5);
  if (tracing.enabled) rt.log.info("exporting traces", { endpoint: tracing.endpoint });
  let inFlight = 0;

  const handler: Handler = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (url.pathname === "/healthz") {
      sendJson(res, 200, { status: "ok" });
      return "/healthz";
    }
    if (url.pathname === "/metrics") {
      sendText(res, 200, metricsBody(rt.metrics), "text/plain; version=0.0.4; charset=utf-8");
      return "/metrics";
    }
    if (url.pathname !== "/" && url.pathname !== "/events") {
      sendJson(res, 404, { error: `no route for ${req.method ?? "GET"} ${url.pathname}` });
      return "not found";
    }
    if (req.method !== "POST") {
      sendJson(res, 405, { error: "method not allowed" }, { allow: "POST" });
      return "/events";
    }
    if (!authorised(req, config.webhookToken)) {
      sendJson(res, 401, { error: "missing or wrong bearer token" });
      return "/events";
    }
    let event: unknown;
    try {
      event = JSON.parse((await readBody(req, MAX_EVENT_BYTES)).toString("utf8"));
    } catch (err) {
      const status = err instanceof BodyTooLargeError ? 413 : 400;
      sendJson(res, status, {
        error: err instanceof BodyTooLargeError ? err.message : "the body is not JSON",
      });
      return "/events";
    }
    inFlight += 1;
    try {
      const outcome = await processEvent(event, rt.deps);
      sendJson(res, 200, outcome);
    } catch (err) {
      if (err instanceof EventError) sendJson(res, 400, { error: err.message });
      else {
        // Infrastructure trouble: answer 500 so the object store delivers the event again.
        rt.log.error("event processing failed", errorFields(err));
        sendJson(res, 500, { error: "processing failed; retry" });
      }
    } finally {
      inFlight -= 1;
    }
    return "/events";
  };

  const server = await listen(
    instrument(handler, rt.log, rt.metrics),
    config.port,
    config.host,
    rt.log,
  );
  rt.log.info("listening", { host: config.host, port: server.port });
  onTerminate(async () => {
    await server.close(config.shutdownTimeoutMs);
    rt.log.info("drained", { inFlight });
    await rt.close();
    await tracing.shutdown();
  }, rt.log);
}

if (require.main === module) {
  main().catch(exitOnStartupFailure("worker", "worker"));
}
