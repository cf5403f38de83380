import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireBinary } from "./binaries";
import { canConnect, freePort, LOOPBACK, waitUntil } from "./ports";
import { ManagedProcess } from "./processes";

export interface RedisTls {
  readonly certFile: string;
  readonly keyFile: string;
  /** CA bundle (`tls-ca-cert-file`); redis-server requires one even when client certificates are off. */
  readonly caFile: string;
  /** Require client certificates. @default false */
  readonly requireClientCerts?: boolean;
}

export interface RedisOptions {
  /** Serve TLS only (`port 0`, `tls-port`). Without it, plaintext only. */
  readonly tls?: RedisTls;
  /** `requirepass`. @default none */
  readonly password?: string;
  /** Extra redis.conf text (e.g. rendered by the dev stack), before the harness's own lines. */
  readonly redisConf?: string;
  /** Milliseconds to wait for the server to accept connections. @default 20000 */
  readonly startTimeoutMs?: number;
}

/** A running throwaway redis-server on 127.0.0.1. */
export interface RedisServer {
  readonly host: string;
  /** The TLS port when TLS is on, otherwise the plaintext port. */
  readonly port: number;
  readonly tls: boolean;
  readonly password: string | undefined;
  readonly isRunning: boolean;
  /** Stops the server (its folder stays, so `start` brings it back on the same port). */
  stop(): Promise<void>;
  /** Starts it again after `stop`, on the same port. */
  start(): Promise<void>;
  /** Stops it and deletes its folder. Safe to call twice. */
  dispose(): Promise<void>;
}

/** Starts `redis-server` (Debian package `redis-server`) on a free loopback port. */
export async function startRedis(options: RedisOptions = {}): Promise<RedisServer> {
  const bin = requireBinary("redis-server", "redis-server");
  const dir = mkdtempSync(join(tmpdir(), "platform-redis-"));
  const port = await freePort();
  const lines = [
    options.redisConf ?? "",
    `bind ${LOOPBACK}`,
    "protected-mode yes",
    `dir ${dir}`,
    'save ""',
    "appendonly no",
    "daemonize no",
    'logfile ""',
  ];
  if (options.tls !== undefined) {
    lines.push(
      "port 0",
      `tls-port ${port}`,
      `tls-cert-file ${options.tls.certFile}`,
      `tls-key-file ${options.tls.keyFile}`,
      `tls-ca-cert-file ${options.tls.caFile}`,
      `tls-auth-clients ${options.tls.requireClientCerts === true ? "yes" : "no"}`,
      'tls-protocols "TLSv1.2 TLSv1.3"',
    );
  } else {
    lines.push(`port ${port}`);
  }
  if (options.password !== undefined) lines.push(`requirepass ${options.password}`);
  const confFile = join(dir, "redis.conf");
  writeFileSync(confFile, `${lines.join("\n")}\n`, { mode: 0o600 });

  let proc: ManagedProcess | undefined;
  const start = async (): Promise<void> => {
    if (proc?.isRunning === true) return;
    const p = ManagedProcess.start({ name: "redis-server", command: bin, args: [confFile] });
    proc = p;
    try {
      await waitUntil(
        `redis-server on ${LOOPBACK}:${port}`,
        async () => {
          if (!p.isRunning) throw p.describeExit();
          return canConnect(port);
        },
        { timeoutMs: options.startTimeoutMs ?? 20_000 },
      );
    } catch (err) {
      await p.stop();
      throw new Error(`${(err as Error).message}\nredis-server output:\n${p.recentOutput}`);
    }
  };
  const stop = async (): Promise<void> => {
    await proc?.stop();
  };
  let disposed = false;
  await start().catch((err: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });
  return {
    host: LOOPBACK,
    port,
    tls: options.tls !== undefined,
    password: options.password,
    get isRunning() {
      return proc?.isRunning === true;
    },
    stop,
    start,
    async dispose() {
      if (disposed) return;
      disposed = true;
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
