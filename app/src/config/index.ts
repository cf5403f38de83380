export { ConfigError, problem } from "./errors";
export { REDACTED, redactUrl } from "./redact";
export { DEFAULT_SECRET_KEY, pickSecretValue, resolveContractValue, SECRET_ARN } from "./resolve";
export type { ResolvedValue, SecretSources } from "./resolve";
export { parseDatabaseUrl } from "./database-url";
export { parseRedisUrl } from "./redis-url";
export { parseNotifyTarget } from "./notify-target";
export {
  checkCaBundle,
  ENVIRONMENTS,
  LOG_LEVELS,
  parseBucketName,
  parseEnvironment,
  parseInteger,
  parseLogLevel,
  parseS3Endpoint,
} from "./scalars";
export { DEFAULT_MAX_FILE_BYTES, DEFAULT_PORT, loadConfig, secretValues } from "./contract";
export type {
  AppConfig,
  CaBundle,
  DatabaseConfig,
  DatabaseEndpoint,
  Environment,
  LogLevel,
  NotifyTarget,
  ObjectStoreConfig,
  RedisConfig,
  RedisEndpoint,
  Role,
} from "./contract";
export { awsSecretSources } from "./sources";
