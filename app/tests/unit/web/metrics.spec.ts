import { expect } from "chai";
import { Metrics } from "../../../src/metrics";

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
