import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import type { Pool } from "pg";
import {
  AppConfig,
  awsSecretSources,
  ConfigError,
  loadConfig,
  resolveContractValue,
  Role,
  secretValues,
} from "./config";
import type { SecretSources } from "./config";
import { DatabasePassword } from "./db/credentials";
import { createPool, poolConfig, RotatingPool } from "./db/pool";
import { createLogger, errorFields, Logger } from "./log";
import { Metrics } from "./metrics";
import { findMigrationsDir, readMigrationFiles } from "./migrations/files";
import { migrate } from "./migrations/runner";
import { SnsNotifier } from "./notify/sns";
import { WebhookNotifier } from "./notify/webhook";
import { PgFileStore } from "./processor/pg-store";
import type { Notifier } from "./processor/ports";
import type { ProcessorDeps } from "./processor/process";
import { s3ClientConfig, S3ObjectReader } from "./storage/s3";
import { trustedCas } from "./tls";
import { traceLogFields } from "./tracing";

/**
 * Loads the contract for `role`. On a configuration problem, prints one JSON line per problem
 * to stderr and throws (entry points then exit 1).
 */
export async function loadConfigOrReport(
  env: NodeJS.ProcessEnv,
  role: Role,
  service: string,
): Promise<AppConfig> {
  try {
    return await loadConfig(env, awsSecretSources(), role);
  } catch (err) {
    if (err instanceof ConfigError) {
      const log = createLogger({
        base: { service },
        write: (line) => process.stderr.write(`${line}\n`),
      });
      for (const p of err.problems) log.error(`invalid configuration: ${p}`);
    }
    throw err;
  }
}

let warningsCaptured = false;

/**
 * Prints why an entry point could not start (one JSON line on stderr) and exits 1. Configuration
 * problems were already printed one per line by loadConfigOrReport.
 */
export function exitOnStartupFailure(service: string, what: string): (err: unknown) => never {
  return (err) => {
    if (!(err instanceof ConfigError)) {
      const log = createLogger({
        base: { service },
        write: (line) => process.stderr.write(`${line}\n`),
      });
      log.error(`${what} failed to start`, errorFields(err));
    }
    process.exit(1);
  };
}

/** The JSON logger for a service, redacting every secret value of its config. */
export function loggerFor(config: AppConfig, service: string): Logger {
  const log = createLogger({
    level: config.logLevel,
    base: { service, environment: config.environment },
    secrets: secretValues(config),
    context: traceLogFields,
  });
  if (!warningsCaptured) {
    warningsCaptured = true;
    logProcessWarnings(log);
  }
  return log;
}

/**
 * Sends process warnings (deprecations, the AWS SDK's Node version notice) through the JSON
 * logger. Run node with --no-warnings (the image does) so they are not also printed raw.
 */
export function logProcessWarnings(log: Logger): void {
  process.on("warning", (w) =>
    log.warn("process warning", { warning: w.name, message: w.message.split("\n")[0] }),
  );
}

/** Logs a repeating error (e.g. Redis reconnecting) at most once per interval. */
export function throttled(log: Logger, msg: string, intervalMs = 30_000): (err: Error) => void {
  let last = 0;
  return (err) => {
    const now = Date.now();
    if (now - last < intervalMs) return;
    last = now;
    log.error(msg, errorFields(err));
  };
}

/**
 * The connection pool for the contract's database. When PostgreSQL refuses the password (RDS
 * rotated its secret), the pool reads DATABASE_PASSWORD again from where the contract
 * delivers it (`_FILE` or `_SECRET_ARN`) and logs in with the new one.
 */
export function databasePool(
  config: AppConfig,
  log: Logger,
  max: number,
  env: NodeJS.ProcessEnv = process.env,
  sources: SecretSources = awsSecretSources(),
): RotatingPool {
  const password = new DatabasePassword(config.database.password, async () => {
    const resolved = await resolveContractValue(env, "DATABASE_PASSWORD", sources);
    if (resolved === undefined) throw new Error("DATABASE_PASSWORD is no longer set");
    return resolved.value;
  });
  const report = throttled(log, "database pool error");
  return createPool(
    poolConfig(config.database, config.caBundle, {
      max,
      applicationName: `platform-app-${config.role}`,
    }),
    (err) =>
      err.message.startsWith("database login refused") ? log.warn(err.message) : report(err),
    password,
  );
}

/** Applies pending migrations from the folder beside `here` (or MIGRATIONS_DIR). */
export async function applyMigrations(
  pool: Pool,
  log: Logger,
  env: NodeJS.ProcessEnv,
  here: string,
): Promise<string[]> {
  const dir = findMigrationsDir(env, here);
  return migrate(pool, readMigrationFiles(dir), log.child({ component: "migrations" }));
}

/** The S3 client for the contract's object store. */
export function s3Client(config: AppConfig): S3Client {
  if (config.objectStore === undefined)
    throw new Error("the object store is not configured for this role");
  return new S3Client(s3ClientConfig(config.objectStore, config.caBundle));
}

/** SNS for an ARN target, an HTTP POST for a URL target. */
export function notifierFor(config: AppConfig): Notifier {
  const target = config.notify;
  if (target === undefined) throw new Error("NOTIFY_TARGET is not configured for this role");
  if (target.kind === "sns")
    return new SnsNotifier(new SNSClient({ region: target.region }), target.topicArn, target.fifo);
  return new WebhookNotifier(target.url, trustedCas(config.caBundle));
}

/** Everything the file processor needs, built from the config. */
export interface ProcessorRuntime {
  readonly config: AppConfig;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly pool: RotatingPool;
  readonly deps: ProcessorDeps;
  close(): Promise<void>;
}

/** Builds the processor's dependencies and applies migrations. */
export async function processorRuntime(
  config: AppConfig,
  service: string,
  here: string,
  poolSize: number,
): Promise<ProcessorRuntime> {
  const log = loggerFor(config, service);
  const metrics = new Metrics();
  const pool = databasePool(config, log, poolSize);
  await applyMigrations(pool, log, process.env, here);
  const s3 = s3Client(config);
  const deps: ProcessorDeps = {
    bucket: (config.objectStore as NonNullable<AppConfig["objectStore"]>).bucket,
    environment: config.environment,
    maxFileBytes: config.maxFileBytes,
    objects: new S3ObjectReader(s3),
    store: new PgFileStore(pool),
    notifier: notifierFor(config),
    log: log.child({ component: "processor" }),
    metrics,
  };
  return {
    config,
    log,
    metrics,
    pool,
    deps,
    async close() {
      s3.destroy();
      await pool.end();
    },
  };
}
