/**
 * Shared helpers that start real servers for integration tests: a throwaway CA and
 * certificates, PostgreSQL, Redis and nginx on free 127.0.0.1 ports, and reliable
 * teardown. A missing server binary throws a MissingBinaryError naming the Debian
 * package; nothing here ever skips a test.
 */
export { MissingBinaryError, postgresBinDir, requireBinary, which } from "./binaries";
export { createDevCa, issueCert } from "./certs";
export type { DevCa, IssuedCert, IssueOptions } from "./certs";
export { canConnect, freePort, LOOPBACK, waitUntil } from "./ports";
export { killAllManagedProcesses, ManagedProcess } from "./processes";
export type { StartOptions } from "./processes";
export { quoteIdent, quoteLiteral, startPostgres } from "./postgres";
export type { PostgresOptions, PostgresServer, PostgresTls } from "./postgres";
export { startRedis } from "./redis";
export type { RedisOptions, RedisServer, RedisTls } from "./redis";
export { renderNginxConf, startNginx, testNginxConf } from "./nginx";
export type { NginxOptions, NginxServer } from "./nginx";
export { tlsProbe } from "./tls-probe";
export type { TlsProbeOptions, TlsProbeResult } from "./tls-probe";
export { asUser, chownRecursive, runningAsRoot, systemUser } from "./users";
export type { SystemUser } from "./users";
