import { context } from "@opentelemetry/api";
import {
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_SYSTEM_NAME,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from "@opentelemetry/semantic-conventions";
import Redis, { Command, RedisOptions } from "ioredis";
import type { CaBundle, RedisConfig } from "../config";
import { trustedCas } from "../tls";
import { childSpan, recordFailure, SpanKind } from "../tracing";

/**
 * The ioredis settings for the contract's cache: TLS (certificate and host name verified against
 * Node's roots plus CA_BUNDLE_FILE), AUTH, and the `<ENVIRONMENT>:` key prefix. Commands fail fast
 * instead of queueing forever while Redis is away, so /readyz can say so.
 */
export function redisOptions(redis: RedisConfig, caBundle: CaBundle | undefined): RedisOptions {
  const ca = trustedCas(caBundle);
  return {
    host: redis.host,
    port: redis.port,
    username: redis.username,
    password: redis.password,
    db: redis.db,
    keyPrefix: redis.keyPrefix,
    tls: { rejectUnauthorized: true, ...(ca === undefined ? {} : { ca }) },
    connectTimeout: 5000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    lazyConnect: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  };
}

/** A Redis client for the contract; connection errors are reported, not thrown at the process. */
export function createRedis(options: RedisOptions, onError: (err: Error) => void): Redis {
  const client = new Redis(options);
  client.on("error", onError);
  traceCommands(client, options);
  return client;
}

/**
 * Gives each command sent inside a traced operation a client span named after the command
 * (`GET`, `SET`, `PING`) with the database semantic conventions
 * (https://opentelemetry.io/docs/specs/semconv/database/redis/, read 2026-11-30). Keys and
 * values are not recorded. A command waiting in the offline queue passes through sendCommand
 * again when the connection is up; it keeps its first span.
 */
export function traceCommands(client: Redis, options: RedisOptions): void {
  const traced = new WeakSet<Command>();
  const original = client.sendCommand.bind(client);
  client.sendCommand = (command: Command, stream?: Parameters<Redis["sendCommand"]>[1]) => {
    if (traced.has(command)) return original(command, stream);
    const name = command.name.toUpperCase();
    const started = childSpan(name, SpanKind.CLIENT, {
      // "redis" is an incubating db.system.name value: not exported by the stable entry point.
      [ATTR_DB_SYSTEM_NAME]: "redis",
      [ATTR_DB_OPERATION_NAME]: name,
      [ATTR_DB_NAMESPACE]: String(options.db ?? 0),
      ...(options.host === undefined ? {} : { [ATTR_SERVER_ADDRESS]: options.host }),
      ...(options.port === undefined ? {} : { [ATTR_SERVER_PORT]: options.port }),
    });
    if (started === undefined) return original(command, stream);
    traced.add(command);
    command.promise.then(
      () => started.span.end(),
      (err: unknown) => {
        recordFailure(started.span, err);
        started.span.end();
      },
    );
    return context.with(started.ctx, () => original(command, stream));
  };
}
