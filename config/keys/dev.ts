/**
 * The dev (Docker) stack's own keys: the server images, pinned by tag (point
 * them at a mirror or a local registry to work offline), and the host ports
 * the reverse proxy publishes on 127.0.0.1. Any of them on an AWS stack is an
 * error: it would silently do nothing there.
 */
import { invalid } from "../errors";
import { parseInteger } from "../parse";
import type { DefaultedKey } from "./types";

export interface DevImages {
  /** PostgreSQL server (official image; runs as uid 999). */
  readonly postgres: string;
  /** Redis server built with TLS (official image; runs as uid 999). */
  readonly redis: string;
  /** MinIO, the S3-compatible object store. */
  readonly objectStore: string;
  /** nginx-unprivileged, the reverse proxy (runs as uid 101). */
  readonly proxy: string;
  /** Node.js, for the notification sink (runs as the image's `node` user, uid 1000). */
  readonly node: string;
  /** Prometheus (busybox-based; runs as nobody, uid 65534). */
  readonly prometheus: string;
  /** Alertmanager (busybox-based; runs as nobody). */
  readonly alertmanager: string;
  /** Grafana (Alpine-based; runs as uid 472). */
  readonly grafana: string;
  /** Loki, the log store (Alpine-based; runs as uid 10001). */
  readonly loki: string;
  /** Vector, which ships the containers' logs to Loki (Alpine variant, for its wget). */
  readonly logShipper: string;
  /** blackbox_exporter, which probes the proxy's certificate (busybox-based). */
  readonly blackbox: string;
  /** postgres_exporter (busybox-based). */
  readonly postgresExporter: string;
  /** redis_exporter (Alpine variant, for its wget). */
  readonly redisExporter: string;
  /** Jaeger, the trace store (OTLP in, UI out; Alpine-based, uid 10001). */
  readonly traces: string;
}

export interface DevSettings {
  readonly images: DevImages;
  /**
   * Host (and container) port of HTTPS on 127.0.0.1: high and uncommon, so it
   * rarely collides with another local server (8443/8080 often do). @default 18443
   */
  readonly httpsPort: number;
  /** Host (and container) port of the HTTP → HTTPS redirect on 127.0.0.1. @default 18080 */
  readonly httpPort: number;
}

export const DEV_IMAGE_DEFAULTS: DevImages = {
  postgres: "docker.io/library/postgres:16.4",
  redis: "docker.io/library/redis:7.2.6",
  objectStore: "quay.io/minio/minio:RELEASE.2024-11-07T00-52-20Z",
  proxy: "docker.io/nginxinc/nginx-unprivileged:1.27.3",
  node: "docker.io/library/node:24.21.0-bookworm-slim",
  prometheus: "docker.io/prom/prometheus:v2.53.4",
  alertmanager: "docker.io/prom/alertmanager:v0.28.1",
  grafana: "docker.io/grafana/grafana:11.6.1",
  loki: "docker.io/grafana/loki:3.5.1",
  logShipper: "docker.io/timberio/vector:0.46.1-alpine",
  blackbox: "docker.io/prom/blackbox-exporter:v0.26.0",
  postgresExporter: "quay.io/prometheuscommunity/postgres-exporter:v0.17.1",
  redisExporter: "docker.io/oliver006/redis_exporter:v1.72.1-alpine",
  traces: "docker.io/jaegertracing/jaeger:2.5.0",
};

export const DEV_DEFAULTS: DevSettings = {
  images: DEV_IMAGE_DEFAULTS,
  httpsPort: 18443,
  httpPort: 18080,
};

/** `registry/repository:tag` or `…@sha256:<digest>`; never `:latest`, never untagged. */
const PINNED_IMAGE =
  /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[0-9a-f]{64})$/;

export function isPinnedImage(ref: string): boolean {
  return PINNED_IMAGE.test(ref) && !ref.endsWith(":latest");
}

function imageKey(setting: keyof DevImages, name: string, what: string): DefaultedKey<string> {
  return {
    name,
    doc: `the ${what} image, pinned by tag or digest`,
    scope: "docker",
    required: "no",
    default: DEV_IMAGE_DEFAULTS[setting],
    parse: (raw, key) => {
      const ref = raw.trim();
      if (!isPinnedImage(ref)) {
        throw invalid(
          key,
          raw,
          `an image pinned by tag or digest, such as ${DEV_IMAGE_DEFAULTS[setting]} (not :latest)`,
        );
      }
      return ref;
    },
  };
}

function portKey(name: string, what: string, fallback: number): DefaultedKey<number> {
  return {
    name,
    doc: `host port of ${what} on 127.0.0.1`,
    scope: "docker",
    required: "no",
    type: "integer",
    default: String(fallback),
    parse: (raw, key) => parseInteger(key, raw, 1024, 65535),
  };
}

/** The dev stack's image keys, by the image they set. */
export const DEV_IMAGE_KEYS: Readonly<Record<keyof DevImages, DefaultedKey<string>>> = {
  postgres: imageKey("postgres", "devPostgresImage", "PostgreSQL"),
  redis: imageKey("redis", "devRedisImage", "Redis"),
  objectStore: imageKey("objectStore", "devObjectStoreImage", "MinIO object store"),
  proxy: imageKey("proxy", "devProxyImage", "nginx-unprivileged proxy"),
  node: imageKey("node", "devNodeImage", "Node.js (notification sink)"),
  prometheus: imageKey("prometheus", "devPrometheusImage", "Prometheus"),
  alertmanager: imageKey("alertmanager", "devAlertmanagerImage", "Alertmanager"),
  grafana: imageKey("grafana", "devGrafanaImage", "Grafana"),
  loki: imageKey("loki", "devLokiImage", "Loki log store"),
  logShipper: imageKey("logShipper", "devLogShipperImage", "Vector log shipper"),
  blackbox: imageKey("blackbox", "devBlackboxImage", "blackbox_exporter"),
  postgresExporter: imageKey("postgresExporter", "devPostgresExporterImage", "postgres_exporter"),
  redisExporter: imageKey("redisExporter", "devRedisExporterImage", "redis_exporter"),
  traces: imageKey("traces", "devTracesImage", "Jaeger trace store"),
};
/** Every image of the dev stack, each read through its key. */
export function devImages(image: (setting: keyof DevImages) => string): DevImages {
  const images: Partial<Record<keyof DevImages, string>> = {};
  for (const setting of Object.keys(DEV_IMAGE_KEYS) as (keyof DevImages)[]) {
    images[setting] = image(setting);
  }
  return images as DevImages;
}
export const DEV_HTTPS_PORT = portKey("devHttpsPort", "HTTPS", DEV_DEFAULTS.httpsPort);
export const DEV_HTTP_PORT = portKey(
  "devHttpPort",
  "the HTTP → HTTPS redirect",
  DEV_DEFAULTS.httpPort,
);

/** Every dev key, in the order they are read. */
export const DEV_KEYS: readonly DefaultedKey<unknown>[] = [
  ...Object.values(DEV_IMAGE_KEYS),
  DEV_HTTPS_PORT,
  DEV_HTTP_PORT,
];

/** The dev settings from their values; the two ports must differ. */
export function devSettings(
  images: DevImages,
  httpsPort: number,
  httpPort: number,
  key: (name: string) => string,
): DevSettings {
  if (httpsPort === httpPort) {
    throw invalid(
      key(DEV_HTTP_PORT.name),
      String(httpPort),
      `a port other than ${key(DEV_HTTPS_PORT.name)} (${httpsPort})`,
    );
  }
  return { images, httpsPort, httpPort };
}
