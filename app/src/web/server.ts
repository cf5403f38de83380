import { createServer, IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { errorFields, Logger } from "../log";

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  /** Stops accepting, waits for in-flight requests (up to the timeout), then closes what is left. */
  close(timeoutMs: number): Promise<void>;
}

/**
 * Starts an HTTP server on `port` (0: any free port) and `host`. Keep-alive outlasts a load
 * balancer's 60 s idle timeout so it never reuses a connection the server is closing.
 */
export function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  port: number,
  host: string | undefined,
  log: Logger,
): Promise<RunningServer> {
  const server = createServer(handler);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 60_000;
  const sockets = new Set<Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  });
  server.on("clientError", (err, socket) => {
    log.debug("client error", errorFields(err));
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n");
    else socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      const actual = typeof address === "object" && address !== null ? address.port : port;
      resolve({
        server,
        port: actual,
        close: (timeoutMs) =>
          new Promise<void>((done) => {
            const timer = setTimeout(() => {
              log.warn("shutdown timeout: closing remaining connections", { open: sockets.size });
              server.closeAllConnections();
            }, timeoutMs);
            timer.unref();
            server.close(() => {
              clearTimeout(timer);
              done();
            });
            // Idle keep-alive connections would otherwise hold close() open.
            server.closeIdleConnections();
          }),
      });
    });
  });
}

/**
 * Runs `shutdown` once on SIGTERM or SIGINT, then exits 0 (1 if shutdown failed). A second
 * signal exits at once.
 */
export function onTerminate(shutdown: (signal: string) => Promise<void>, log: Logger): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log.warn("second signal: exiting now", { signal });
      process.exit(1);
    }
    stopping = true;
    log.info("shutting down", { signal });
    shutdown(signal).then(
      () => {
        log.info("shutdown complete", { signal });
        process.exit(0);
      },
      (err: unknown) => {
        log.error("shutdown failed", errorFields(err));
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", handle);
  process.on("SIGINT", handle);
}
