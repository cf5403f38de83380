import { isIP } from "node:net";
import { DatabaseEndpoint, parseDatabaseUrl } from "./database-url";
import { ConfigError } from "./errors";
import { NotifyTarget, parseNotifyTarget } from "./notify-target";
import { RedisEndpoint, parseRedisUrl } from "./redis-url";
import { resolveContractValue, ResolvedValue, SecretSources } from "./resolve";
import {
  checkCaBundle,
  Environment,
  LogLevel,
  parseBucketName,
  parseEnvironment,
  parseInteger,
  parseLogLevel,
  parseS3Endpoint,
} from "./scalars";

/** Which program is starting; each reads only the part of the contract it uses. */
export type Role = "web" | "processor" | "migrate";

export interface DatabaseConfig extends DatabaseEndpoint {
  /** Secret. */
  readonly password: string;
}

export interface RedisConfig extends RedisEndpoint {
  /** Every key is prefixed `<ENVIRONMENT>:`. */
  readonly keyPrefix: string;
}

export interface ObjectStoreConfig {
  readonly bucket: string;
  /** S3-compatible endpoint with path-style addressing; undefined on AWS (SDK default endpoint). */
  readonly endpoint: string | undefined;
  readonly region: string;
  /** Static credentials for an S3-compatible server (from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, plain or _FILE); undefined means the SDK's default chain. */
  readonly credentials:
    { readonly accessKeyId: string; readonly secretAccessKey: string } | undefined;
}

/** The PEM bundle used to verify the database, Redis, S3-compatible endpoint and webhook certificates. */
export interface CaBundle {
  readonly file: string;
  readonly pem: string;
}

export interface AppConfig {
  readonly role: Role;
  readonly environment: Environment;
  readonly logLevel: LogLevel;
  /** HTTP port of the web service or the worker's webhook server. @default 8080 */
  readonly port: number;
  /** Address the HTTP server binds (HOST). @default 0.0.0.0 (all interfaces, as a container needs) */
  readonly host: string;
  readonly database: DatabaseConfig;
  /** Present for the web service. */
  readonly redis: RedisConfig | undefined;
  /** Present for the web service and the processor. */
  readonly objectStore: ObjectStoreConfig | undefined;
  /** Present for the processor. */
  readonly notify: NotifyTarget | undefined;
  /** undefined: Node's default trust store. */
  readonly caBundle: CaBundle | undefined;
  /** Largest file the processor accepts. @default 10 MiB */
  readonly maxFileBytes: number;
  /** APP_SECRET_KEY (optional, at least 32 characters): reserved for signing sessions and tokens. Secret. */
  readonly appSecretKey: string | undefined;
  /** Bearer token the worker's webhook requires (MinIO's `auth_token`); undefined: none. Secret. */
  readonly webhookToken: string | undefined;
  /** Per-dependency timeout of /readyz checks. @default 2000 */
  readonly readinessTimeoutMs: number;
  /** How long shutdown waits for in-flight requests. @default 10000 */
  readonly shutdownTimeoutMs: number;
}

export const DEFAULT_PORT = 8080;
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Every secret value in a config, for the logger's last-resort redaction. */
export function secretValues(config: AppConfig): string[] {
  return [
    config.database.password,
    config.redis?.password,
    config.objectStore?.credentials?.secretAccessKey,
    config.webhookToken,
    config.appSecretKey,
  ].filter((v): v is string => v !== undefined && v.length >= 4);
}

/**
 * Reads and validates the application contract for `role`. Every problem found is reported
 * (one line each, naming the variable, the redacted value and the expectation) in one ConfigError.
 */
export async function loadConfig(
  env: NodeJS.ProcessEnv,
  sources: SecretSources,
  role: Role,
): Promise<AppConfig> {
  const problems: string[] = [];
  /** Runs a parser, collecting its ConfigError lines; returns undefined on failure. */
  const attempt = async <T>(fn: () => T | Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof ConfigError) {
        problems.push(...err.problems);
        return undefined;
      }
      throw err;
    }
  };
  const resolve = (name: string): Promise<ResolvedValue | undefined> =>
    resolveContractValue(env, name, sources);
  const required = async (name: string): Promise<ResolvedValue> => {
    const v = await resolve(name);
    if (v === undefined)
      throw new ConfigError([
        `${name}: expected a value (set ${name}, ${name}_FILE or ${name}_SECRET_ARN)`,
      ]);
    return v;
  };
  /** `NAME`, or `NAME (from NAME_FILE="…")` when the value came from a file or secret. */
  const label = (name: string, v: ResolvedValue): string =>
    v.source === name ? name : `${name} (from ${v.source})`;
  const plain = (name: string): string | undefined =>
    env[name] === undefined || env[name] === "" ? undefined : env[name];

  const environment = await attempt(async () => {
    const v = await required("ENVIRONMENT");
    return parseEnvironment(v.value, label("ENVIRONMENT", v));
  });
  // Later checks depend on the environment (http:// allowed in dev only); assume the strictest when it is invalid.
  const envOrStrict: Environment = environment ?? "prod";
  const logLevel = await attempt(() => parseLogLevel(plain("LOG_LEVEL") ?? "info"));
  const port = await attempt(() =>
    parseInteger("PORT", plain("PORT") ?? String(DEFAULT_PORT), 1, 65535),
  );
  const host = await attempt(() => {
    const raw = plain("HOST") ?? "0.0.0.0";
    if (isIP(raw) === 0)
      throw new ConfigError([
        `HOST=${JSON.stringify(raw)}: expected an IP address to listen on, such as 0.0.0.0 or 127.0.0.1`,
      ]);
    return raw;
  });

  const endpoint = await attempt(async () => {
    const v = await required("DATABASE_URL");
    return parseDatabaseUrl(v.value, label("DATABASE_URL", v));
  });
  const password = await attempt(async () => (await required("DATABASE_PASSWORD")).value);

  const redis =
    role === "web"
      ? await attempt(async () => {
          const v = await required("REDIS_URL");
          return parseRedisUrl(v.value, label("REDIS_URL", v));
        })
      : undefined;

  const objectStore =
    role === "migrate"
      ? undefined
      : await attempt(async () => {
          const b = await required("S3_BUCKET");
          const bucket = parseBucketName(b.value, label("S3_BUCKET", b));
          const e = await resolve("S3_ENDPOINT");
          const s3Endpoint =
            e === undefined
              ? undefined
              : parseS3Endpoint(e.value, envOrStrict, label("S3_ENDPOINT", e));
          const region =
            plain("AWS_REGION") ??
            plain("AWS_DEFAULT_REGION") ??
            (s3Endpoint !== undefined ? "us-east-1" : undefined);
          if (region === undefined) {
            throw new ConfigError([
              "AWS_REGION: expected the AWS region (e.g. eu-west-1) when S3_ENDPOINT is empty",
            ]);
          }
          let credentials: ObjectStoreConfig["credentials"];
          if (s3Endpoint !== undefined) {
            const id = await resolve("AWS_ACCESS_KEY_ID");
            const secret = await resolve("AWS_SECRET_ACCESS_KEY");
            if ((id === undefined) !== (secret === undefined)) {
              throw new ConfigError([
                `${id === undefined ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY"}: expected a value, since ${
                  id === undefined ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID"
                } is set (S3_ENDPOINT needs both or neither)`,
              ]);
            }
            if (id !== undefined && secret !== undefined)
              credentials = { accessKeyId: id.value, secretAccessKey: secret.value };
          }
          return { bucket, endpoint: s3Endpoint, region, credentials };
        });

  const notify =
    role === "processor"
      ? await attempt(async () => {
          const v = await required("NOTIFY_TARGET");
          return parseNotifyTarget(v.value, envOrStrict, label("NOTIFY_TARGET", v));
        })
      : undefined;

  const caBundle = await attempt(async () => {
    const file = plain("CA_BUNDLE_FILE");
    if (file === undefined) return undefined;
    let pem: string;
    try {
      pem = await sources.readFile(file);
    } catch (err) {
      throw new ConfigError([
        `CA_BUNDLE_FILE=${JSON.stringify(file)}: expected a readable PEM file, got ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      ]);
    }
    return { file, pem: checkCaBundle(file, pem) };
  });

  const maxFileBytes = await attempt(() =>
    parseInteger(
      "MAX_FILE_BYTES",
      plain("MAX_FILE_BYTES") ?? String(DEFAULT_MAX_FILE_BYTES),
      1,
      512 * 1024 * 1024,
    ),
  );
  const webhookToken =
    role === "processor"
      ? await attempt(async () => (await resolve("WEBHOOK_TOKEN"))?.value)
      : undefined;
  const appSecretKey =
    role === "web"
      ? await attempt(async () => {
          const v = await resolve("APP_SECRET_KEY");
          if (v !== undefined && v.value.length < 32) {
            throw new ConfigError([
              `${label("APP_SECRET_KEY", v)}: expected at least 32 characters, got ${v.value.length}`,
            ]);
          }
          return v?.value;
        })
      : undefined;
  const readinessTimeoutMs = await attempt(() =>
    parseInteger("READINESS_TIMEOUT_MS", plain("READINESS_TIMEOUT_MS") ?? "2000", 100, 30_000),
  );
  const shutdownTimeoutMs = await attempt(() =>
    parseInteger("SHUTDOWN_TIMEOUT_MS", plain("SHUTDOWN_TIMEOUT_MS") ?? "10000", 0, 120_000),
  );

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    role,
    environment: environment as Environment,
    logLevel: logLevel as LogLevel,
    port: port as number,
    host: host as string,
    database: { ...(endpoint as DatabaseEndpoint), password: password as string },
    redis:
      redis === undefined
        ? undefined
        : // A user of its own (a preview's ElastiCache RBAC user, allowed only `<user>:` keys) is
          // the prefix; otherwise (AUTH token, requirepass, `default`) the environment is.
          {
            ...redis,
            keyPrefix: `${redis.username !== undefined && redis.username !== "default" ? redis.username : (environment as Environment)}:`,
          },
    objectStore,
    notify,
    caBundle,
    maxFileBytes: maxFileBytes as number,
    appSecretKey,
    webhookToken,
    readinessTimeoutMs: readinessTimeoutMs as number,
    shutdownTimeoutMs: shutdownTimeoutMs as number,
  };
}

export type { NotifyTarget, RedisEndpoint, DatabaseEndpoint, Environment, LogLevel };
