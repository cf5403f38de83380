import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireBinary } from "./binaries";
import { canConnect, waitUntil } from "./ports";
import { ManagedProcess } from "./processes";

export interface NginxOptions {
  /**
   * The contents of the `http { … }` block: server blocks, upstreams, TLS settings.
   * Every `listen` must name 127.0.0.1 (the tests never listen elsewhere).
   */
  readonly httpConf: string;
  /** Ports the server blocks listen on; the harness waits until each accepts connections. */
  readonly ports: readonly number[];
  /** Milliseconds to wait for the ports. @default 20000 */
  readonly startTimeoutMs?: number;
}

/** A running throwaway nginx. */
export interface NginxServer {
  /** The prefix folder (logs, pid, temp paths, nginx.conf). */
  readonly dir: string;
  readonly confFile: string;
  /** The access and error log so far. */
  logs(): string;
  /** Stops nginx and deletes its folder. Safe to call twice. */
  stop(): Promise<void>;
  readonly process: ManagedProcess;
}

/** The full nginx.conf the harness writes around `httpConf`, with every writable path under `dir`. */
export function renderNginxConf(dir: string, httpConf: string): string {
  return [
    "worker_processes 1;",
    `pid ${join(dir, "nginx.pid")};`,
    "error_log stderr notice;",
    "events { worker_connections 64; }",
    "http {",
    `  access_log ${join(dir, "access.log")};`,
    `  client_body_temp_path ${join(dir, "client_body")};`,
    `  proxy_temp_path ${join(dir, "proxy")};`,
    `  fastcgi_temp_path ${join(dir, "fastcgi")};`,
    `  uwsgi_temp_path ${join(dir, "uwsgi")};`,
    `  scgi_temp_path ${join(dir, "scgi")};`,
    httpConf,
    "}",
    "",
  ].join("\n");
}

/** Checks a configuration with `nginx -t`; throws with nginx's message when it is invalid. */
export function testNginxConf(confFile: string, prefix: string): void {
  const bin = requireBinary("nginx", "nginx");
  try {
    execFileSync(bin, ["-t", "-q", "-p", prefix, "-c", confFile], {
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? String(err);
    throw new Error(`nginx -t rejected ${confFile}: ${stderr.trim()}`);
  }
}

/** Starts nginx (Debian package `nginx`) in the foreground with a generated configuration. */
export async function startNginx(options: NginxOptions): Promise<NginxServer> {
  const bin = requireBinary("nginx", "nginx");
  const dir = mkdtempSync(join(tmpdir(), "platform-nginx-"));
  // nginx's workers drop privileges when the master is root: let them reach the folder.
  chmodSync(dir, 0o755);
  const confFile = join(dir, "nginx.conf");
  writeFileSync(confFile, renderNginxConf(dir, options.httpConf));
  try {
    testNginxConf(confFile, dir);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const proc = ManagedProcess.start({
    name: "nginx",
    command: bin,
    args: ["-p", dir, "-c", confFile, "-g", "daemon off;"],
    stopSignal: "SIGTERM",
  });
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await proc.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const port of options.ports) {
      await waitUntil(
        `nginx on 127.0.0.1:${port}`,
        async () => {
          if (!proc.isRunning) throw proc.describeExit();
          return canConnect(port);
        },
        { timeoutMs: options.startTimeoutMs ?? 20_000 },
      );
    }
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\nnginx output:\n${proc.recentOutput}`);
  }
  return {
    dir,
    confFile,
    logs: () => proc.recentOutput,
    stop,
    process: proc,
  };
}
