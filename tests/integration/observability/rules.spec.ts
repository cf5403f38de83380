/**
 * The dev stack's alerting rules, rendered from the one alert definition, in
 * the real `promtool` (Debian's `prometheus` package): `check rules`, and
 * `test rules` with synthetic series for every alert — it fires just past its
 * threshold and stays quiet at or just below it (the comparison is strict,
 * like CloudWatch's GreaterThanThreshold/LessThanThreshold). The series below
 * are written by hand, so a changed threshold or a broken expression fails
 * here. promtool's unit-test format: https://prometheus.io/docs/prometheus/latest/configuration/unit_testing_rules/
 * (read 2026-11-30).
 */
import { expect } from "chai";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { ALERTS, alertById, DevLimits } from "../../../lib/observability/alerts";
import { renderRulesFile, RULES_FILE } from "../../../lib/observability/prometheus";
import { requireBinary } from "../../../test-support";

const LIMITS: DevLimits = {
  appMemoryBytes: 512 * 1024 ** 2,
  appCpus: 1,
  databaseStorageBytes: 10 * 1024 ** 3,
};

interface Case {
  /** Series in promtool's expanding notation, one sample a minute. */
  readonly series: Record<string, string>;
  readonly evalMinutes: number;
  /** Labels the firing alert carries beyond `severity` and `id` (those of the series it came from). */
  readonly seriesLabels?: Record<string, string>;
}

/** Per alert: series just past the threshold (fires) and at or just below it (quiet). */
const CASES: Record<string, { fires: Case; quiet: Case }> = {
  // histogram_quantile interpolates inside (0.1, 0.25]: p95 = 0.1 + 0.15 × (95 − a) / (100 − a)
  // with a requests of 100 a minute at or below 0.1 s: a = 84 → 0.203 s, a = 86 → 0.196 s.
  "web-p95-latency": {
    fires: {
      series: {
        'http_request_duration_seconds_bucket{job="app",le="0.1"}': "0+84x30",
        'http_request_duration_seconds_bucket{job="app",le="0.25"}': "0+100x30",
        'http_request_duration_seconds_bucket{job="app",le="+Inf"}': "0+100x30",
      },
      evalMinutes: 15,
    },
    quiet: {
      series: {
        'http_request_duration_seconds_bucket{job="app",le="0.1"}': "0+86x30",
        'http_request_duration_seconds_bucket{job="app",le="0.25"}': "0+100x30",
        'http_request_duration_seconds_bucket{job="app",le="+Inf"}': "0+100x30",
      },
      evalMinutes: 15,
    },
  },
  // 51 of 1000 requests a minute answered 500 (5.1 %) fires; 49 of 1000 (4.9 %) does not.
  "web-5xx-ratio": {
    fires: {
      series: {
        'http_requests_total{job="app",status="500"}': "0+51x30",
        'http_requests_total{job="app",status="200"}': "0+949x30",
      },
      evalMinutes: 15,
    },
    quiet: {
      series: {
        'http_requests_total{job="app",status="500"}': "0+49x30",
        'http_requests_total{job="app",status="200"}': "0+951x30",
      },
      evalMinutes: 15,
    },
  },
  // 49.2 CPU-seconds a minute on 1 CPU = 82 %; 47.4 = 79 %.
  "web-cpu": {
    fires: {
      series: { 'process_cpu_seconds_total{job="app",instance="app:8080"}': "0+49.2x30" },
      evalMinutes: 15,
      seriesLabels: { job: "app", instance: "app:8080" },
    },
    quiet: {
      series: { 'process_cpu_seconds_total{job="app",instance="app:8080"}': "0+47.4x30" },
      evalMinutes: 15,
    },
  },
  // 81 % and 79 % of 512 MiB.
  "web-memory": {
    fires: {
      series: { 'process_resident_memory_bytes{job="app",instance="app:8080"}': "434865459x30" },
      evalMinutes: 15,
      seriesLabels: { job: "app", instance: "app:8080" },
    },
    quiet: {
      series: { 'process_resident_memory_bytes{job="app",instance="app:8080"}': "424128020x30" },
      evalMinutes: 15,
    },
  },
  "db-connections": {
    fires: {
      series: {
        'pg_stat_database_numbackends{job="postgres",datname="app"}': "70x30",
        'pg_stat_database_numbackends{job="postgres",datname="postgres"}': "11x30",
      },
      evalMinutes: 15,
    },
    quiet: {
      series: {
        'pg_stat_database_numbackends{job="postgres",datname="app"}': "70x30",
        'pg_stat_database_numbackends{job="postgres",datname="postgres"}': "10x30",
      },
      evalMinutes: 15,
    },
  },
  // 81 % and 80 % (exactly the threshold: quiet) of 10 GiB.
  "db-storage": {
    fires: {
      series: { 'pg_database_size_bytes{job="postgres",datname="app"}': "8697308775x30" },
      evalMinutes: 25,
    },
    quiet: {
      series: { 'pg_database_size_bytes{job="postgres",datname="app"}': "8589934592x30" },
      evalMinutes: 25,
    },
  },
  "cache-memory": {
    fires: {
      series: {
        'redis_memory_used_bytes{job="redis",instance="cache:9121"}': "81x30",
        'redis_memory_max_bytes{job="redis",instance="cache:9121"}': "100x30",
      },
      evalMinutes: 15,
      seriesLabels: { job: "redis", instance: "cache:9121" },
    },
    quiet: {
      series: {
        'redis_memory_used_bytes{job="redis",instance="cache:9121"}': "80x30",
        'redis_memory_max_bytes{job="redis",instance="cache:9121"}': "100x30",
      },
      evalMinutes: 15,
    },
  },
  // 0.492 CPU-seconds a second (sys + user) = 82 % of Redis's engine thread; 0.474 = 79 %.
  "cache-cpu": {
    fires: {
      series: {
        'redis_cpu_sys_seconds_total{job="redis",instance="cache:9121"}': "0+9.6x30",
        'redis_cpu_user_seconds_total{job="redis",instance="cache:9121"}': "0+39.6x30",
      },
      evalMinutes: 15,
      seriesLabels: { job: "redis", instance: "cache:9121" },
    },
    quiet: {
      series: {
        'redis_cpu_sys_seconds_total{job="redis",instance="cache:9121"}': "0+9x30",
        'redis_cpu_user_seconds_total{job="redis",instance="cache:9121"}': "0+38.4x30",
      },
      evalMinutes: 15,
    },
  },
  "cache-evictions": {
    fires: {
      series: { 'redis_evicted_keys_total{job="redis",instance="cache:9121"}': "0+1x30" },
      evalMinutes: 15,
      seriesLabels: { job: "redis", instance: "cache:9121" },
    },
    quiet: {
      series: { 'redis_evicted_keys_total{job="redis",instance="cache:9121"}': "7x30" },
      evalMinutes: 15,
    },
  },
  "file-processor-failures": {
    fires: {
      series: {
        'files_total{job="file-processor",outcome="failed"}': "0x5 1x25",
        'files_total{job="file-processor",outcome="processed"}': "0+3x30",
      },
      evalMinutes: 8,
    },
    quiet: {
      series: {
        'files_total{job="file-processor",outcome="failed"}': "2x30",
        'files_total{job="file-processor",outcome="processed"}': "0+3x30",
      },
      evalMinutes: 8,
    },
  },
  "file-processor-dlq": {
    fires: {
      series: { 'events_rejected_total{job="file-processor"}': "0x5 1x25" },
      evalMinutes: 8,
    },
    quiet: {
      series: { 'events_rejected_total{job="file-processor"}': "4x30" },
      evalMinutes: 8,
    },
  },
  // At 120 minutes, time() = 7200 s: a certificate ending at 7200 + 29.9 days is inside 30 days;
  // one ending at 7200 + 30 days (exactly the threshold) is not.
  "certificate-expiry": {
    fires: {
      series: {
        'probe_ssl_earliest_cert_expiry{job="blackbox",instance="https://proxy:8443"}': `${7200 + 29.9 * 86400}x200`,
      },
      evalMinutes: 120,
    },
    quiet: {
      series: {
        'probe_ssl_earliest_cert_expiry{job="blackbox",instance="https://proxy:8443"}': `${7200 + 30 * 86400}x200`,
      },
      evalMinutes: 120,
    },
  },
  "web-no-data": {
    // A target that is down, and no target at all, both mean no data.
    fires: { series: { 'up{job="app",instance="app:8080"}': "0x30" }, evalMinutes: 15 },
    quiet: { series: { 'up{job="app",instance="app:8080"}': "1x30" }, evalMinutes: 15 },
  },
};

function testGroup(id: string, c: Case, firing: boolean): Record<string, unknown> {
  const a = alertById(id);
  return {
    name: `${id} ${firing ? "fires" : "quiet"}`,
    interval: "1m",
    input_series: Object.entries(c.series).map(([series, values]) => ({ series, values })),
    alert_rule_test: [
      {
        eval_time: `${c.evalMinutes}m`,
        alertname: a.name,
        exp_alerts: firing
          ? [
              {
                exp_labels: { ...(c.seriesLabels ?? {}), severity: a.severity, id: a.id },
                exp_annotations: {
                  summary: a.summary,
                  threshold: `${a.threshold} ${a.unit}`,
                },
              },
            ]
          : [],
      },
    ],
  };
}

function promtoolTest(dir: string, rules: string, groups: Record<string, unknown>[]) {
  writeFileSync(join(dir, RULES_FILE), rules);
  writeFileSync(
    join(dir, "tests.yml"),
    stringify({ rule_files: [RULES_FILE], evaluation_interval: "1m", tests: groups }),
  );
  return spawnSync(requireBinary("promtool", "prometheus"), ["test", "rules", "tests.yml"], {
    cwd: dir,
    encoding: "utf8",
  });
}

describe("dev alerting rules in the real promtool", function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "platform-rules-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("has a firing and a quiet case for every alert of the definition", () => {
    expect(Object.keys(CASES).sort()).to.deep.equal(ALERTS.map((a) => a.id).sort());
  });

  it("promtool check rules accepts the rendered rules file", () => {
    writeFileSync(join(dir, RULES_FILE), renderRulesFile(LIMITS));
    const out = execFileSync(
      requireBinary("promtool", "prometheus"),
      ["check", "rules", RULES_FILE],
      { cwd: dir, encoding: "utf8" },
    );
    expect(out).to.contain(`SUCCESS: ${ALERTS.length} rules found`);
  });

  it("every alert fires just past its threshold and stays quiet at or below it", () => {
    const groups = Object.entries(CASES).flatMap(([id, c]) => [
      testGroup(id, c.fires, true),
      testGroup(id, c.quiet, false),
    ]);
    const r = promtoolTest(dir, renderRulesFile(LIMITS), groups);
    expect(r.stderr + r.stdout).to.contain("SUCCESS");
    expect(r.status).to.equal(0);
  });

  it("no scraped app target at all counts as no data", () => {
    const r = promtoolTest(dir, renderRulesFile(LIMITS), [
      testGroup("web-no-data", { series: { 'up{job="other"}': "1x30" }, evalMinutes: 15 }, true),
    ]);
    expect(r.status, r.stdout + r.stderr).to.equal(0);
  });

  it("a broken rule fails the same tests: a latency threshold moved to 300 ms never fires", () => {
    const broken = ALERTS.map((a) => (a.id === "web-p95-latency" ? { ...a, threshold: 0.3 } : a));
    const r = promtoolTest(dir, renderRulesFile(LIMITS, broken), [
      testGroup("web-p95-latency", CASES["web-p95-latency"].fires, true),
    ]);
    expect(r.status).to.equal(1);
    expect(r.stdout + r.stderr).to.contain("alertname: WebLatencyP95High");
  });

  it("promtool check rules refuses a rule whose expression does not parse", () => {
    const broken = ALERTS.map((a) =>
      a.id === "db-connections" ? { ...a, dev: () => "sum(pg_stat_database_numbackends" } : a,
    );
    writeFileSync(join(dir, RULES_FILE), renderRulesFile(LIMITS, broken));
    const r = spawnSync(requireBinary("promtool", "prometheus"), ["check", "rules", RULES_FILE], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(r.status).to.equal(1);
    expect(r.stderr + r.stdout).to.match(/unclosed left parenthesis|parse error/);
  });
});
