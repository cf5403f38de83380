/**
 * The dev (Docker) stack's own settings: the server images, pinned by tag
 * (point them at a mirror or a local registry to work offline), and the
 * host ports the reverse proxy publishes on 127.0.0.1. Read and validated
 * with the rest of the configuration by `readPlatformConfig`.
 */
import { ConfigError, invalid } from "../../config/errors";
import { parseInteger } from "../../config/parse";

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
}

export interface DevSettings {
  readonly images: DevImages;
  /** Host (and container) port of HTTPS on 127.0.0.1. @default 8443 */
  readonly httpsPort: number;
  /** Host (and container) port of the HTTP → HTTPS redirect on 127.0.0.1. @default 8080 */
  readonly httpPort: number;
}

export const DEV_IMAGE_DEFAULTS: DevImages = {
  postgres: "docker.io/library/postgres:16.4",
  redis: "docker.io/library/redis:7.2.6",
  objectStore: "quay.io/minio/minio:RELEASE.2024-11-07T00-52-20Z",
  proxy: "docker.io/nginxinc/nginx-unprivileged:1.27.3",
  node: "docker.io/library/node:20.18.1-bookworm-slim",
};

export const DEV_DEFAULTS: DevSettings = {
  images: DEV_IMAGE_DEFAULTS,
  httpsPort: 8443,
  httpPort: 8080,
};

/** The `platform:` keys of the dev stack, by the setting they set. */
export const DEV_IMAGE_KEYS: Readonly<Record<keyof DevImages, string>> = {
  postgres: "devPostgresImage",
  redis: "devRedisImage",
  objectStore: "devObjectStoreImage",
  proxy: "devProxyImage",
  node: "devNodeImage",
};
export const DEV_PORT_KEYS = { httpsPort: "devHttpsPort", httpPort: "devHttpPort" } as const;
export const DEV_KEYS: readonly string[] = [
  ...Object.values(DEV_IMAGE_KEYS),
  ...Object.values(DEV_PORT_KEYS),
];

/** `registry/repository:tag` or `…@sha256:<digest>`; never `:latest`, never untagged. */
const PINNED_IMAGE =
  /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[0-9a-f]{64})$/;

export function isPinnedImage(ref: string): boolean {
  return PINNED_IMAGE.test(ref) && !ref.endsWith(":latest");
}

/**
 * Reads the dev settings. `get(name)` returns the raw value of `platform:<name>`
 * (undefined when unset); `key(name)` its full key for messages. On an AWS
 * target every dev key is refused: it would silently do nothing there.
 */
export function readDevSettings(
  get: (name: string) => string | undefined,
  key: (name: string) => string,
  target: "docker" | "aws",
  stack: string,
): DevSettings {
  if (target !== "docker") {
    const set = DEV_KEYS.find((k) => get(k) !== undefined);
    if (set !== undefined) {
      throw new ConfigError(
        `${key(set)} is read only by the dev (Docker) stack, not by ${stack}: remove it from Pulumi.${stack}.yaml`,
      );
    }
    return DEV_DEFAULTS;
  }
  const images = { ...DEV_IMAGE_DEFAULTS };
  for (const [setting, name] of Object.entries(DEV_IMAGE_KEYS) as [keyof DevImages, string][]) {
    const raw = get(name);
    if (raw === undefined) continue;
    const ref = raw.trim();
    if (!isPinnedImage(ref)) {
      throw invalid(
        key(name),
        raw,
        `an image pinned by tag or digest, such as ${DEV_IMAGE_DEFAULTS[setting]} (not :latest)`,
      );
    }
    images[setting] = ref;
  }
  const port = (name: string, fallback: number) => {
    const raw = get(name);
    return raw === undefined ? fallback : parseInteger(key(name), raw, 1024, 65535);
  };
  const httpsPort = port(DEV_PORT_KEYS.httpsPort, DEV_DEFAULTS.httpsPort);
  const httpPort = port(DEV_PORT_KEYS.httpPort, DEV_DEFAULTS.httpPort);
  if (httpsPort === httpPort) {
    throw invalid(
      key(DEV_PORT_KEYS.httpPort),
      String(httpPort),
      `a port other than ${key(DEV_PORT_KEYS.httpsPort)} (${httpsPort})`,
    );
  }
  return { images, httpsPort, httpPort };
}
