export { ConfigError, problem } from "./errors";
export { REDACTED, redactUrl } from "./redact";
export { DEFAULT_SECRET_KEY, pickSecretValue, resolveContractValue, SECRET_ARN } from "./resolve";
export type { ResolvedValue, SecretSources } from "./resolve";
export { parseDatabaseUrl } from "./database-url";
export { parseRedisUrl } from "./redis-url";
export { parseNotifyTarget } from "./notify-target";
// Every scalar parser and the ENVIRONMENTS and LOG_LEVELS vocabularies.
export * from "./scalars";
export { DEFAULT_MAX_FILE_BYTES, DEFAULT_PORT, loadConfig, secretValues } from "./contract";
export type {
  AppConfig,
  CaBundle,
  DatabaseConfig,
  DatabaseEndpoint,
  NotifyTarget,
  ObjectStoreConfig,
  RedisConfig,
  RedisEndpoint,
  Role,
} from "./contract";
export { awsSecretSources } from "./sources";
