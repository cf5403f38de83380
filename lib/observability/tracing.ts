/**
 * Where the workload's OpenTelemetry traces go in each environment, as pure data: the value of
 * the contract's `OTEL_EXPORTER_OTLP_ENDPOINT` and, on AWS, the ADOT collector sidecar that
 * turns OTLP into X-Ray segments.
 *
 * - dev (Docker): the app and the worker send OTLP/HTTP to Jaeger (`traces:4318` on the app
 *   network). Jaeger v2's image sets `JAEGER_LISTEN_HOST=0.0.0.0`, and its all-in-one
 *   configuration listens for OTLP/HTTP on `${JAEGER_LISTEN_HOST}:4318`
 *   (jaegertracing/jaeger v2.5.0: cmd/jaeger/Dockerfile, cmd/jaeger/internal/all-in-one.yaml,
 *   read 2026-11-30).
 * - AWS (ECS): the app sends OTLP/HTTP to the AWS Distro for OpenTelemetry collector in the same
 *   task (awsvpc: the task's containers share 127.0.0.1), which exports to X-Ray with the
 *   `awsxray` exporter (PutTraceSegments). The collector reads its whole configuration from the
 *   `AOT_CONFIG_CONTENT` environment variable (aws-observability/aws-otel-collector v0.49.0,
 *   pkg/config/config_factory.go; the image runs as user `aoc`, uid/gid 4317, and ships
 *   `/healthcheck`, which GETs http://127.0.0.1:13133/: cmd/awscollector/Dockerfile,
 *   cmd/healthcheck/main.go, read 2026-11-30).
 *   The awsxray exporter refuses trace ids whose first 4 bytes are not a recent Unix time
 *   (exporter/awsxrayexporter/internal/translator/segment.go, convertToAmazonTraceID), so the
 *   app generates its ids with @opentelemetry/id-generator-aws-xray.
 * - The Lambda file processor: X-Ray active tracing (components/aws/fileProcessor.ts); no
 *   collector runs beside it, so the contract's endpoint is not set there and its spans are
 *   not exported.
 */
import { stringify } from "yaml";
import { SERVICE_HOSTS } from "../dev/services";
import { OBSERVABILITY_PORTS } from "./devStack";

/** The contract value in dev: Jaeger's OTLP/HTTP receiver on the app network. */
export const DEV_TRACES_ENDPOINT = `http://${SERVICE_HOSTS.traces}:${OBSERVABILITY_PORTS.traceOtlpHttp}`;

/** The ADOT collector's OTLP/HTTP port inside the ECS task. */
export const COLLECTOR_OTLP_HTTP_PORT = 4318;
/** The collector's health_check extension (what the image's /healthcheck probes). */
export const COLLECTOR_HEALTH_PORT = 13133;
/** The contract value on ECS: the collector sidecar, over the task's loopback. */
export const AWS_TRACES_ENDPOINT = `http://127.0.0.1:${COLLECTOR_OTLP_HTTP_PORT}`;

/**
 * The ADOT collector image, pinned. Release v0.49.0 of aws-observability/aws-otel-collector
 * (VERSION file, tag of 2026-07-13, read 2026-11-30), published to the public ECR gallery as
 * public.ecr.aws/aws-observability/aws-otel-collector:<version> (the repository's release notes).
 */
export const ADOT_COLLECTOR_IMAGE = "public.ecr.aws/aws-observability/aws-otel-collector:v0.49.0";
/** The image's user (`aoc`, uid and gid 4317 in cmd/awscollector/Dockerfile). */
export const ADOT_COLLECTOR_USER = "4317:4317";
/** The sidecar's container name in the task definition. */
export const COLLECTOR_CONTAINER = "otel-collector";

/** Span attributes the collector turns into X-Ray annotations (searchable in the console). */
export const XRAY_INDEXED_ATTRIBUTES = ["app.request_id", "http.route"] as const;

/**
 * The collector's configuration: OTLP/HTTP in on the task's loopback only, a memory limiter
 * and batching, X-Ray out. Keys follow the collector's component READMEs (otlpreceiver,
 * memorylimiterprocessor, batchprocessor, healthcheckextension, awsxrayexporter:
 * `region`, `indexed_attributes`), read 2026-11-30.
 */
export function renderAdotCollectorConfig(o: { readonly region: string }): string {
  return stringify(
    {
      extensions: {
        health_check: { endpoint: `127.0.0.1:${COLLECTOR_HEALTH_PORT}` },
      },
      receivers: {
        otlp: { protocols: { http: { endpoint: `127.0.0.1:${COLLECTOR_OTLP_HTTP_PORT}` } } },
      },
      processors: {
        memory_limiter: { check_interval: "1s", limit_mib: 100, spike_limit_mib: 25 },
        batch: { timeout: "1s" },
      },
      exporters: {
        awsxray: { region: o.region, indexed_attributes: [...XRAY_INDEXED_ATTRIBUTES] },
      },
      service: {
        extensions: ["health_check"],
        pipelines: {
          traces: {
            receivers: ["otlp"],
            processors: ["memory_limiter", "batch"],
            exporters: ["awsxray"],
          },
        },
      },
    },
    { lineWidth: 0 },
  );
}

/**
 * The X-Ray form of an OpenTelemetry trace id (`1-<first 8 hex>-<last 24 hex>`): what the X-Ray
 * console and `aws xray batch-get-traces` take. The awsxray exporter converts the same way.
 */
export function xrayTraceId(traceId: string): string {
  if (!/^[0-9a-f]{32}$/.test(traceId))
    throw new Error(`trace id ${JSON.stringify(traceId)}: expected 32 lower-case hex digits`);
  return `1-${traceId.slice(0, 8)}-${traceId.slice(8)}`;
}
