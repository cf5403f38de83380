import { expect } from "chai";
import { parse } from "yaml";
import {
  AWS_TRACES_ENDPOINT,
  DEV_TRACES_ENDPOINT,
  renderAdotCollectorConfig,
  xrayTraceId,
} from "../../../lib/observability/tracing";

describe("lib/observability/tracing", () => {
  it("points dev at Jaeger's OTLP/HTTP port and ECS at the collector on the task's loopback", () => {
    expect([DEV_TRACES_ENDPOINT, AWS_TRACES_ENDPOINT]).to.deep.equal([
      "http://traces:4318",
      "http://127.0.0.1:4318",
    ]);
  });

  it("receives on the loopback only and exports to X-Ray in the stack's region", () => {
    const config = parse(renderAdotCollectorConfig({ region: "us-east-2" }));
    expect(config.receivers.otlp.protocols).to.deep.equal({
      http: { endpoint: "127.0.0.1:4318" },
    });
    expect(config.exporters.awsxray.region).to.equal("us-east-2");
    expect(config.service.pipelines).to.deep.equal({
      traces: {
        receivers: ["otlp"],
        processors: ["memory_limiter", "batch"],
        exporters: ["awsxray"],
      },
    });
  });

  it("writes a trace id the way X-Ray shows it, and refuses anything else", () => {
    expect(xrayTraceId("6748a1f2a006649127e371903a2de979")).to.equal(
      "1-6748a1f2-a006649127e371903a2de979",
    );
    expect(() => xrayTraceId("1-6748a1f2-a006649127e371903a2de979")).to.throw(
      'trace id "1-6748a1f2-a006649127e371903a2de979": expected 32 lower-case hex digits',
    );
  });
});
