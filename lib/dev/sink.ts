/**
 * The dev stack's notification sink: a dependency-free Node.js HTTP server
 * that prints every JSON body POSTed to it as one line on stdout, so a
 * developer reads the file processor's notifications with
 * `docker logs -f <project>-dev-notifications`. NOTIFY_TARGET points at it.
 */

export const SINK_PORT = 8080;
export const SINK_PATH = "/notifications";

export interface SinkScriptOptions {
  /** @default 8080 */
  readonly port?: number;
  /** @default "0.0.0.0" (every interface of the container) */
  readonly host?: string;
}

export function renderSinkScript(o: SinkScriptOptions = {}): string {
  const port = o.port ?? SINK_PORT;
  const host = o.host ?? "0.0.0.0";
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`renderSinkScript: port must be a port number, got ${port}`);
  }
  if (!/^[0-9a-f.:]+$/i.test(host))
    throw new Error(`renderSinkScript: host must be an IP address, got ${JSON.stringify(host)}`);
  return `"use strict";
// Notification sink of the dev stack (rendered by lib/dev/sink.ts): logs every
// JSON body POSTed to it as one line on stdout. Read it with \`docker logs\`.
const http = require("node:http");
const MAX_BYTES = 1024 * 1024;

const server = http.createServer((req, res) => {
  if (req.url === "/healthz") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"status":"ok"}');
    return;
  }
  if (req.method !== "POST") {
    res.writeHead(405, { allow: "POST" });
    res.end();
    return;
  }
  const chunks = [];
  let size = 0;
  req.on("data", (chunk) => {
    size += chunk.length;
    if (size > MAX_BYTES) {
      res.writeHead(413);
      res.end();
      req.destroy();
      return;
    }
    chunks.push(chunk);
  });
  req.on("end", () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      res.writeHead(400, { "content-type": "application/json" });
      res.end('{"error":"the body is not JSON"}');
      return;
    }
    process.stdout.write(JSON.stringify({ time: new Date().toISOString(), path: req.url, notification: body }) + "\\n");
    res.writeHead(204);
    res.end();
  });
});

server.listen(${port}, ${JSON.stringify(host)}, () => {
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), message: "notification sink listening", port: ${port} }) + "\\n");
});
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
`;
}
