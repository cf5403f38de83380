import { expect } from "chai";
import { Metrics, metricsBody, renderProcessMetrics } from "../../../src/metrics";

describe("metrics: Prometheus text", () => {
  it("renders counters and histograms with sorted labels", () => {
    const m = new Metrics();
    m.inc("http_requests_total", { route: "/files", method: "GET", status: "200" });
    m.inc("http_requests_total", { method: "GET", route: "/files", status: "200" });
    m.inc("http_requests_total", { method: "GET", route: "/healthz", status: "200" });
    m.observe("http_request_duration_seconds", { method: "GET", route: "/files" }, 0.02);
    m.observe("http_request_duration_seconds", { method: "GET", route: "/files" }, 3);
    expect(m.render()).to.equal(
      [
        "# HELP http_requests_total HTTP requests served, by method, route and status.",
        "# TYPE http_requests_total counter",
        'http_requests_total{method="GET",route="/files",status="200"} 2',
        'http_requests_total{method="GET",route="/healthz",status="200"} 1',
        "# HELP http_request_duration_seconds HTTP request latency in seconds, by method and route.",
        "# TYPE http_request_duration_seconds histogram",
        'http_request_duration_seconds_bucket{method="GET",route="/files",le="0.005"} 0',
        'http_request_duration_seconds_bucket{method="GET",route="/files",le="0.01"} 0',
        'http_request_duration_seconds_bucket{method="GET",route="/files",le="0.025"} 1',
        'http_request_duration_seconds_bucket{method="GET",route="/files",le="0.05"} 1',
        'http_request_duration_seconds_bucket{method="GET",route="/files",le="0.1"} 1',
        'http_request_duration_seconds_bucket{method="GET",route="/files",le="0.25"} 1',
        'http_request_duration_seconds_bucket{method="GET",route="/files",le="0.5"} 1',
        'http_request_duration_seconds_bucket{method="GET",route="/files",le="1"} 1',
        'http_request_duration_seconds_bucket{method="GET",route="/files",le="2.5"} 1',
        'http_request_duration_seconds_bucket{method="GET",route="/files",le="5"} 2',
        'http_request_duration_seconds_bucket{method="GET",route="/files",le="10"} 2',
        'http_request_duration_seconds_bucket{method="GET",route="/files",le="+Inf"} 2',
        'http_request_duration_seconds_sum{method="GET",route="/files"} 3.02',
        'http_request_duration_seconds_count{method="GET",route="/files"} 2',
        "",
      ].join("\n"),
    );
    expect(
      m.counter("http_requests_total", { status: "200", method: "GET", route: "/files" }),
    ).to.equal(2);
  });

  it("escapes label values", () => {
    const m = new Metrics();
    m.inc("files_total", { outcome: 'a"b\\c\nd' });
    expect(m.render()).to.include('files_total{outcome="a\\"b\\\\c\\nd"} 1');
  });
});

describe("metrics: process series", () => {
  it("renders CPU seconds, resident memory and start time under the standard names", () => {
    expect(
      renderProcessMetrics({
        cpu: { user: 1_250_000, system: 250_000 },
        residentBytes: 73_400_320,
        startTimeSeconds: 1_764_500_000,
      }),
    ).to.equal(
      [
        "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.",
        "# TYPE process_cpu_seconds_total counter",
        "process_cpu_seconds_total 1.5",
        "# HELP process_resident_memory_bytes Resident memory size in bytes.",
        "# TYPE process_resident_memory_bytes gauge",
        "process_resident_memory_bytes 73400320",
        "# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.",
        "# TYPE process_start_time_seconds gauge",
        "process_start_time_seconds 1764500000",
        "",
      ].join("\n"),
    );
  });

  it("appends this process's series to the workload's in the /metrics body", () => {
    const m = new Metrics();
    m.inc("files_total", { outcome: "processed" });
    const body = metricsBody(m);
    expect(body.startsWith(m.render())).to.equal(true);
    expect(body).to.match(/\nprocess_cpu_seconds_total \d+(\.\d+)?\n/);
    expect(body).to.match(/\nprocess_resident_memory_bytes [1-9]\d*\n/);
  });
});
