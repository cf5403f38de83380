/**
 * The notification sink the dev stack runs (lib/dev/sink.ts), as a real
 * Node.js process: it prints each POSTed notification as one JSON line (what
 * `docker logs` shows the developer) and answers its health check.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nodeHealthcheck, SINK_MEMORY_MB } from "../../../components/docker/notifications";
import { renderSinkScript } from "../../../lib/dev/sink";
import { canConnect, freePort, ManagedProcess, waitUntil } from "../../../test-support";

function send(port: number, method: string, path: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, method, path, headers: { "content-type": "application/json" } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("dev notification sink (node)", function () {
  this.timeout(60_000);
  let dir: string;
  let port: number;
  let sink: ManagedProcess;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "platform-dev-sink-"));
    port = await freePort();
    const file = join(dir, "sink.js");
    writeFileSync(file, renderSinkScript({ port, host: "127.0.0.1" }));
    sink = ManagedProcess.start({ name: "sink", command: process.execPath, args: [file] });
    await waitUntil(`sink on 127.0.0.1:${port}`, async () => {
      if (!sink.isRunning) throw sink.describeExit();
      return canConnect(port);
    });
  });
  after(async () => {
    await sink?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers its health check", async () => {
    expect(await send(port, "GET", "/healthz")).to.equal(200);
  });

  it("logs each notification as one JSON line", async () => {
    const notification = { event: "file.processed", key: "uploads/a.csv", rows: 3 };
    expect(await send(port, "POST", "/notifications", JSON.stringify(notification))).to.equal(204);
    await waitUntil("the notification in the sink's output", async () =>
      sink.recentOutput.includes("file.processed"),
    );
    const line = sink.recentOutput.split("\n").find((l) => l.includes("file.processed")) as string;
    const logged = JSON.parse(line);
    expect(logged.path).to.equal("/notifications");
    expect(logged.notification).to.deep.equal(notification);
    expect(Number.isNaN(Date.parse(logged.time))).to.equal(false);
  });

  it("refuses what is not a JSON POST", async () => {
    expect(await send(port, "POST", "/notifications", "not json")).to.equal(400);
    expect(await send(port, "GET", "/notifications")).to.equal(405);
  });

  // The container's memory limit covers the sink and a run of its health check (a second Node
  // process) at once; 96 MiB was less than the two (issue 10). Peak resident sizes: the sink's
  // VmHWM (/proc), the health check's getrusage maxRSS (reported by a preload on exit).
  it("fits the sink and one run of its health check in the container's memory limit", () => {
    const preload = join(dir, "maxrss.js");
    writeFileSync(
      preload,
      'process.on("exit", () => require("fs").writeSync(2, `maxrss=${process.resourceUsage().maxRSS}\\n`));\n',
    );
    const [, node, ...args] = nodeHealthcheck(port);
    expect(node).to.equal("node");
    const check = spawnSync(process.execPath, ["--require", preload, ...args], {
      encoding: "utf8",
    });
    expect(check.status, check.stderr).to.equal(0);
    const checkKiB = Number(/maxrss=(\d+)/.exec(check.stderr)?.[1]);
    const status = readFileSync(`/proc/${sink.child.pid}/status`, "utf8");
    const sinkKiB = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
    expect(checkKiB).to.be.greaterThan(10_000);
    expect(sinkKiB).to.be.greaterThan(10_000);
    expect(sinkKiB + checkKiB).to.be.lessThan(SINK_MEMORY_MB * 1024);
  });

  it("stops cleanly on SIGTERM", async () => {
    await sink.stop();
    expect(sink.child.exitCode).to.equal(0);
  });
});
