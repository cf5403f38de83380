/**
 * Runs redis-server (Debian's package) with exactly the redis.conf the dev
 * stack renders: the shared harness (test-support/redis.ts) appends its own
 * `save ""` / `appendonly no`, which would hide the persistence under test.
 * As root, the server runs as the `redis` user, like the container's.
 */
import { chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  asUser,
  canConnect,
  ManagedProcess,
  requireBinary,
  runningAsRoot,
  SystemUser,
  systemUser,
  waitUntil,
} from "../../../test-support";

export interface DevRedis {
  readonly dir: string;
  readonly dataDir: string;
  readonly user: SystemUser | undefined;
  readonly output: () => string;
  /** Starts the server with `conf` (write it with `writeConf` first). */
  start(): Promise<void>;
  /** SIGTERM: a clean shutdown. */
  stop(): Promise<void>;
  /** SIGKILL: no chance to save on the way out. */
  kill(): Promise<void>;
  dispose(): Promise<void>;
  writeConf(conf: string): void;
}

export function prepareRedis(): DevRedis {
  const bin = requireBinary("redis-server", "redis-server");
  const user = runningAsRoot() ? systemUser("redis", "redis-server") : undefined;
  const dir = mkdtempSync(join(tmpdir(), "platform-dev-redis-"));
  const dataDir = join(dir, "data");
  mkdirSync(dataDir, { mode: 0o700 });
  if (user) for (const p of [dir, dataDir]) chownSync(p, user.uid, user.gid);
  const confFile = join(dir, "redis.conf");
  let proc: ManagedProcess | undefined;
  let port = 0;
  let lastOutput = "";
  return {
    dir,
    dataDir,
    user,
    output: () => proc?.recentOutput ?? lastOutput,
    writeConf(conf: string) {
      const m = /^tls-port (\d+)$/m.exec(conf);
      if (!m) throw new Error("the redis.conf under test has no tls-port");
      port = Number(m[1]);
      writeFileSync(confFile, conf, { mode: 0o600 });
      if (user) chownSync(confFile, user.uid, user.gid);
    },
    async start() {
      const cmd = asUser(user, bin, [confFile]);
      const p = ManagedProcess.start({
        name: "redis-server",
        command: cmd.command,
        args: cmd.args,
      });
      proc = p;
      try {
        await waitUntil(`redis-server on 127.0.0.1:${port}`, async () => {
          if (!p.isRunning) throw p.describeExit();
          return canConnect(port);
        });
      } catch (err) {
        await p.stop();
        throw new Error(`${(err as Error).message}\nredis-server output:\n${p.recentOutput}`);
      }
    },
    async stop() {
      lastOutput = proc?.recentOutput ?? lastOutput;
      await proc?.stop();
    },
    async kill() {
      if (proc?.isRunning) {
        proc.child.kill("SIGKILL");
        await proc.waitForExit();
      }
      lastOutput = proc?.recentOutput ?? lastOutput;
    },
    async dispose() {
      await proc?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
