/**
 * Measures what policy-pack/data/process-footprints.json records: the peak
 * resident memory of the dev stack's Node.js health check, and of a Node.js
 * server (the notification sink) after it has answered a request. Each
 * process reports its own peak (VmHWM, KiB) through a preloaded module, so
 * the command measured is exactly the health check's.
 *
 *   npx tsx scripts/measure-footprints.ts   # prints the figures as JSON
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nodeHealthcheck } from "../components/docker/notifications";
import { renderSinkScript } from "../lib/dev/sink";

/**
 * Preload: print this process's peak resident set (KiB) on stderr as it
 * exits, or on SIGTERM. It reads VmHWM from /proc/self/status (Linux), the
 * high-water mark of this process's own address space: getrusage's
 * ru_maxrss (process.resourceUsage().maxRSS) is kept across execve, so a
 * child of a large parent would report the parent's peak.
 */
const REPORT_PEAK = `"use strict";
const report = () => {
  const hwm = /^VmHWM:\\s+(\\d+) kB/m.exec(require("node:fs").readFileSync("/proc/self/status", "utf8"));
  process.stderr.write("maxRSS=" + (hwm ? hwm[1] : "unknown") + "\\n");
};
process.on("exit", report);
process.on("SIGTERM", () => process.exit(0));
`;

export interface NodeFootprint {
  /** The largest peak RSS (MiB) of the health-check runs. */
  readonly healthcheckPeakMiB: number;
  /** The sink server's peak RSS (MiB) after one request. */
  readonly serverMiB: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface Run {
  readonly code: number | null;
  readonly maxRssKiB: number;
}

/** Runs `node --require <preload> ...args` and resolves with its exit code and peak RSS. */
function runNode(
  preload: string,
  args: readonly string[],
  onStart?: (stop: () => void) => void,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--require", preload, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout.on("data", () => undefined);
    child.once("error", reject);
    child.once("close", (code) => {
      const m = /maxRSS=(\d+)/.exec(stderr);
      if (!m)
        reject(
          new Error(`node ${args.join(" ")} reported no maxRSS (exit ${code}): ${stderr.trim()}`),
        );
      else resolve({ code, maxRssKiB: Number(m[1]) });
    });
    onStart?.(() => child.kill("SIGTERM"));
  });
}

async function waitForHealthz(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the sink on 127.0.0.1:${port} never answered /healthz`);
}

/** Starts the sink, checks it `runs` times with the dev health check, and reports both peaks. */
export async function measureNodeFootprint(runs = 3): Promise<NodeFootprint> {
  const dir = mkdtempSync(join(tmpdir(), "footprint-"));
  try {
    const preload = join(dir, "report-peak.js");
    writeFileSync(preload, REPORT_PEAK);
    const port = await freePort();
    const sink = join(dir, "sink.js");
    writeFileSync(sink, renderSinkScript({ port, host: "127.0.0.1" }));
    let stop: () => void = () => undefined;
    const server = runNode(preload, [sink], (s) => (stop = s));
    try {
      await waitForHealthz(port);
      const [program, ...checkArgs] = nodeHealthcheck(port).slice(1);
      if (program !== "node") throw new Error(`the dev health check runs ${program}, not node`);
      let peak = 0;
      for (let i = 0; i < runs; i++) {
        const check = await runNode(preload, checkArgs);
        if (check.code !== 0) throw new Error(`the health check exited ${check.code}`);
        peak = Math.max(peak, check.maxRssKiB);
      }
      stop();
      const served = await server;
      return { healthcheckPeakMiB: peak / 1024, serverMiB: served.maxRssKiB / 1024 };
    } finally {
      stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  measureNodeFootprint(5).then(
    (f) =>
      console.log(
        JSON.stringify({
          node: process.version,
          healthcheckPeakMiB: Math.round(f.healthcheckPeakMiB * 10) / 10,
          serverMiB: Math.round(f.serverMiB * 10) / 10,
        }),
      ),
    (e: Error) => {
      console.error(`measure-footprints: ${e.message}`);
      process.exit(1);
    },
  );
}
