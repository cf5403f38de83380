import { ConfigError } from "./errors";
import { redactUrl } from "./redact";
import { failFor, parseUrl } from "./url-value";

export const ENVIRONMENTS = ["dev", "staging", "prod", "preview"] as const;
/** The environment the workload runs in; it prefixes every Redis key (`<env>:`). */
export type Environment = (typeof ENVIRONMENTS)[number];

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Parses `ENVIRONMENT`. */
export function parseEnvironment(raw: string, name = "ENVIRONMENT"): Environment {
  if ((ENVIRONMENTS as readonly string[]).includes(raw)) return raw as Environment;
  throw new ConfigError([
    `${name}=${JSON.stringify(raw)}: expected one of ${ENVIRONMENTS.join(", ")}`,
  ]);
}

/** Parses `LOG_LEVEL`. */
export function parseLogLevel(raw: string, name = "LOG_LEVEL"): LogLevel {
  if ((LOG_LEVELS as readonly string[]).includes(raw)) return raw as LogLevel;
  throw new ConfigError([
    `${name}=${JSON.stringify(raw)}: expected one of ${LOG_LEVELS.join(", ")}`,
  ]);
}

/** Parses a whole number within [min, max]. */
export function parseInteger(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError([
      `${name}=${JSON.stringify(raw)}: expected a whole number between ${min} and ${max}`,
    ]);
  }
  return Number(raw);
}

/** S3 bucket naming rules: 3–63 characters of a-z, 0-9, dots and hyphens, starting and ending with a letter or digit. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Parses `S3_BUCKET`. */
export function parseBucketName(raw: string, name = "S3_BUCKET"): string {
  if (!BUCKET.test(raw) || raw.includes("..") || /^\d+\.\d+\.\d+\.\d+$/.test(raw)) {
    throw new ConfigError([
      `${name}=${JSON.stringify(raw)}: expected an S3 bucket name (3-63 characters: a-z, 0-9, dots and hyphens)`,
    ]);
  }
  return raw;
}

/**
 * Parses `S3_ENDPOINT` (already known to be non-empty): an https:// URL of an S3-compatible
 * server, or http:// only when ENVIRONMENT=dev. Path-style addressing is used with it.
 */
export function parseS3Endpoint(
  raw: string,
  environment: Environment,
  name = "S3_ENDPOINT",
): string {
  // Shown as given, unless it carries credentials (refused below): then without the password.
  const fail = failFor(name, raw.includes("@") ? redactUrl(raw) : raw);
  const url = parseUrl(raw, fail, "an https:// URL of an S3-compatible server, or empty on AWS");
  if (url.username !== "" || url.password !== "") fail("no credentials in the URL");
  if (url.pathname !== "/" || url.search !== "")
    fail("a URL with no path or query, such as https://objectstore:9000");
  if (url.protocol === "https:") return raw.replace(/\/$/, "");
  if (url.protocol === "http:" && environment === "dev") return raw.replace(/\/$/, "");
  if (url.protocol === "http:") {
    return fail(
      `an https:// URL (plain http:// is accepted only when ENVIRONMENT=dev, got ENVIRONMENT=${environment})`,
    );
  }
  return fail(`an https:// URL, got the scheme ${url.protocol}//`);
}

/** The PEM block every CA bundle must contain. */
const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/** Checks the content of `CA_BUNDLE_FILE` holds at least one PEM certificate. */
export function checkCaBundle(path: string, pem: string, name = "CA_BUNDLE_FILE"): string {
  if (!PEM_CERT.test(pem)) {
    throw new ConfigError([
      `${name}=${JSON.stringify(path)}: expected a PEM bundle with at least one -----BEGIN CERTIFICATE----- block`,
    ]);
  }
  return pem;
}
