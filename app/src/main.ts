/**
 * The web service: `node dist/main.js`. Applies migrations, then serves /healthz, /readyz,
 * /files, /files/:id and /metrics on PORT until SIGTERM, when it drains and closes its pools.
 */
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { createRedis, redisOptions } from "./cache/redis";
import { Metrics } from "./metrics";
import {
  applyMigrations,
  databasePool,
  exitOnStartupFailure,
  loadConfigOrReport,
  loggerFor,
  s3Client,
  throttled,
} from "./runtime";
import { startTracing } from "./tracing";
import { webHandler } from "./web/app";
import { FilesRepository } from "./web/files-repo";
import { instrument } from "./web/http";
import { listen, onTerminate } from "./web/server";

/** How long a file's JSON stays in Redis. */
const FILE_CACHE_TTL_SECONDS = 60;

async function main(): Promise<void> {
  const config = await loadConfigOrReport(process.env, "web", "web");
  const tracing = startTracing({ service: "web", environment: config.environment });
  const log = loggerFor(config, "web");
  if (tracing.enabled) log.info("exporting traces", { endpoint: tracing.endpoint });
  const metrics = new Metrics();
  const pool = databasePool(config, log, 10);
  await applyMigrations(pool, log, process.env, __dirname);

  const redisConfig = config.redis;
  const store = config.objectStore;
  if (redisConfig === undefined || store === undefined)
    throw new Error("web configuration lacks Redis or the object store");
  const redis = createRedis(
    redisOptions(redisConfig, config.caBundle),
    throttled(log, "redis error"),
  );
  redis.connect().catch(() => undefined); // failures surface through the error handler and /readyz
  const s3 = s3Client(config);

  let shuttingDown = false;
  const handler = webHandler({
    files: new FilesRepository(pool),
    cache: {
      get: (id) => redis.get(`files:${id}`),
      set: async (id, json) => {
        await redis.set(`files:${id}`, json, "EX", FILE_CACHE_TTL_SECONDS);
      },
    },
    checks: [
      {
        name: "database",
        // A fresh login, not a pooled session: open sessions outlive a password change,
        // so only a new login tells whether the password the app holds still works.
        check: async () => {
          await pool.checkLogin();
        },
      },
      {
        name: "cache",
        check: async () => {
          const pong = await redis.ping();
          if (pong !== "PONG") throw new Error(`unexpected PING answer ${pong}`);
        },
      },
      {
        name: "objectStore",
        check: async (signal) => {
          await s3.send(new HeadBucketCommand({ Bucket: store.bucket }), { abortSignal: signal });
        },
      },
    ],
    readinessTimeoutMs: config.readinessTimeoutMs,
    metrics,
    log,
    isShuttingDown: () => shuttingDown,
  });
  const server = await listen(instrument(handler, log, metrics), config.port, config.host, log);
  log.info("listening", { host: config.host, port: server.port });

  onTerminate(async () => {
    shuttingDown = true;
    await server.close(config.shutdownTimeoutMs);
    await Promise.allSettled([pool.end(), redis.quit(), Promise.resolve(s3.destroy())]);
    await tracing.shutdown();
  }, log);
}

main().catch(exitOnStartupFailure("web", "web service"));
