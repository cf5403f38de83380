/**
 * The redis.conf the dev stack hands its cache container: TLS only (the
 * plaintext port is closed), a password, persistence (AOF and snapshots) in
 * the data directory. The password lives in this file, which is delivered as
 * a read-only file, never on the command line where `ps` and `docker
 * inspect` would show it.
 */

export const REDIS_TLS_PORT = 6379;

export interface RedisConfOptions {
  /** The TLS port. @default 6379 */
  readonly tlsPort?: number;
  readonly certFile: string;
  readonly keyFile: string;
  /** The dev CA; redis-server insists on one even when client certificates are off. */
  readonly caFile: string;
  /** `requirepass`: 16-128 URL-safe characters (letters, digits, `-._~`), so neither redis.conf nor REDIS_URL needs quoting. */
  readonly password: string;
  /** Where the AOF and the RDB snapshot are written. */
  readonly dataDir: string;
  /** Addresses to listen on. @default ["0.0.0.0"] (every interface of the container) */
  readonly bind?: readonly string[];
}

const SAFE_PATH = /^[A-Za-z0-9_./-]+$/;

/** The lines of redis.conf, in order. Throws when a value would need quoting. */
export function redisConfLines(o: RedisConfOptions): string[] {
  if (!/^[A-Za-z0-9._~-]{16,128}$/.test(o.password)) {
    throw new Error("renderRedisConf: password must be 16-128 letters, digits or -._~");
  }
  for (const [name, value] of [
    ["certFile", o.certFile],
    ["keyFile", o.keyFile],
    ["caFile", o.caFile],
    ["dataDir", o.dataDir],
  ] as const) {
    if (!SAFE_PATH.test(value)) {
      throw new Error(
        `renderRedisConf: ${name} must be a plain path, got ${JSON.stringify(value)}`,
      );
    }
  }
  const port = o.tlsPort ?? REDIS_TLS_PORT;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`renderRedisConf: tlsPort must be a port number, got ${port}`);
  }
  return [
    `bind ${(o.bind ?? ["0.0.0.0"]).join(" ")}`,
    "protected-mode yes",
    "port 0",
    `tls-port ${port}`,
    `tls-cert-file ${o.certFile}`,
    `tls-key-file ${o.keyFile}`,
    `tls-ca-cert-file ${o.caFile}`,
    "tls-auth-clients no",
    'tls-protocols "TLSv1.2 TLSv1.3"',
    "tls-prefer-server-ciphers yes",
    `requirepass ${o.password}`,
    `dir ${o.dataDir}`,
    "appendonly yes",
    "appendfsync everysec",
    "save 3600 1 300 100 60 10000",
    "daemonize no",
    'logfile ""',
  ];
}

export function renderRedisConf(o: RedisConfOptions): string {
  return [
    "# redis.conf of the dev cache (rendered by lib/dev/redis.ts): TLS only, password, persistence.",
    ...redisConfLines(o),
    "",
  ].join("\n");
}
