/**
 * A real Prometheus (Debian's `prometheus` package) scraping the real web
 * service (app/src/main.ts against real PostgreSQL and Redis over TLS), with
 * the scrape configuration and rules rendered by the same functions as the
 * dev stack's: the request-latency histogram it stored is read back through
 * Prometheus's HTTP API and matches the requests this test made; the
 * latency alert's expression evaluates on the scraped data.
 */
import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AppProcess,
  httpRequest,
  Stack,
  startApp,
  startStack,
} from "../../../app/tests/integration/stack";
import { alertById } from "../../../lib/observability/alerts";
import {
  renderPrometheusConfig,
  renderRulesFile,
  RULES_FILE,
} from "../../../lib/observability/prometheus";
import {
  freePort,
  LOOPBACK,
  ManagedProcess,
  requireBinary,
  waitUntil,
} from "../../../test-support";

const LIMITS = {
  appMemoryBytes: 512 * 1024 ** 2,
  appCpus: 1,
  databaseStorageBytes: 10 * 1024 ** 3,
};

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

describe("a real Prometheus scraping the real web service", function () {
  this.timeout(180_000);
  let stack: Stack;
  let web: AppProcess;
  let prometheus: ManagedProcess;
  let promUrl: string;
  let dir: string;
  let output = "";

  async function query(expr: string): Promise<Sample[]> {
    const res = await httpRequest(
      "GET",
      `${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`,
    );
    const body = res.json<{ status: string; data: { result: Sample[] } }>();
    if (body.status !== "success") throw new Error(`query ${expr}: ${res.body}`);
    return body.data.result;
  }

  before(async () => {
    stack = await startStack();
    web = await startApp("main.ts", { ...stack.env, APP_SECRET_KEY: "k".repeat(48) });
    dir = mkdtempSync(join(tmpdir(), "platform-prometheus-"));
    const port = await freePort();
    writeFileSync(
      join(dir, "prometheus.yml"),
      renderPrometheusConfig({
        scrapeIntervalSeconds: 1,
        alertmanager: `${LOOPBACK}:${await freePort()}`,
        jobs: [{ job: "app", targets: [`${LOOPBACK}:${web.port}`] }],
      }),
    );
    writeFileSync(join(dir, RULES_FILE), renderRulesFile(LIMITS));
    prometheus = ManagedProcess.start({
      name: "prometheus",
      command: requireBinary("prometheus", "prometheus"),
      args: [
        `--config.file=${join(dir, "prometheus.yml")}`,
        `--storage.tsdb.path=${join(dir, "data")}`,
        `--web.listen-address=${LOOPBACK}:${port}`,
      ],
      onOutput: (t) => {
        output += t;
      },
    });
    promUrl = `http://${LOOPBACK}:${port}`;
    await waitUntil("prometheus ready", async () => {
      if (!prometheus.isRunning) throw new Error(`prometheus exited:\n${output}`);
      return (await httpRequest("GET", `${promUrl}/-/ready`)).status === 200;
    });
  });

  after(async () => {
    await prometheus?.stop();
    await web?.process.stop();
    await stack?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("stores the request-latency histogram of exactly the requests made", async () => {
    for (let i = 0; i < 25; i++) {
      expect((await httpRequest("GET", `${web.baseUrl}/files`)).status).to.equal(200);
    }
    const expr = 'http_request_duration_seconds_count{job="app",route="/files",method="GET"}';
    let samples: Sample[] = [];
    await waitUntil("25 /files requests scraped", async () => {
      samples = await query(expr);
      return samples.length === 1 && samples[0].value[1] === "25";
    });
    expect(samples[0].metric).to.include({
      __name__: "http_request_duration_seconds_count",
      job: "app",
      route: "/files",
      method: "GET",
      instance: `${LOOPBACK}:${web.port}`,
    });
    const buckets = await query(
      'http_request_duration_seconds_bucket{job="app",route="/files",method="GET"}',
    );
    expect(buckets.map((b) => b.metric.le)).to.have.members([
      "0.005",
      "0.01",
      "0.025",
      "0.05",
      "0.1",
      "0.25",
      "0.5",
      "1",
      "2.5",
      "5",
      "10",
      "+Inf",
    ]);
    expect(buckets.find((b) => b.metric.le === "+Inf")?.value[1]).to.equal("25");
  });

  it("scrapes the process series the CPU and memory alerts read", async () => {
    const rss = await query('process_resident_memory_bytes{job="app"}');
    expect(rss).to.have.lengthOf(1);
    expect(Number(rss[0].value[1])).to.be.greaterThan(10 * 1024 ** 2);
    expect(await query('process_cpu_seconds_total{job="app"}')).to.have.lengthOf(1);
  });

  it("evaluates the latency alert's expression on the scraped data: a fast service is below 200 ms", async () => {
    const expr = alertById("web-p95-latency").dev(LIMITS);
    let samples: Sample[] = [];
    await waitUntil("p95 computable", async () => {
      samples = await query(expr);
      return samples.length === 1 && samples[0].value[1] !== "NaN";
    });
    expect(Number(samples[0].value[1])).to.be.greaterThan(0).and.lessThan(0.2);
  });
});
