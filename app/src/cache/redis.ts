import Redis, { RedisOptions } from "ioredis";
import type { CaBundle, RedisConfig } from "../config";
import { trustedCas } from "../tls";

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
  return client;
}
