/**
 * The PostgreSQL configuration the dev stack hands its database container,
 * rendered by pure functions so the integration tests load exactly the same
 * text into a real server.
 */

/** The database and the login role of the workload (DATABASE_URL's path and user). */
export const DEV_DATABASE_NAME = "app";
export const DEV_DATABASE_USER = "app";
export const POSTGRES_PORT = 5432;

/**
 * pg_hba.conf: TCP clients must use TLS and SCRAM; every other TCP
 * connection (plaintext, GSSAPI-encrypted) is rejected. The Unix socket,
 * which only `docker exec` reaches, also needs the password.
 */
export const PG_HBA_RULES: readonly string[] = [
  "local     all  all        scram-sha-256",
  "hostssl   all  all  all   scram-sha-256",
  "host      all  all  all   reject",
];

export function renderPgHba(): string {
  return [
    "# pg_hba.conf of the dev database (rendered by lib/dev/postgres.ts).",
    "# TLS + SCRAM only; anything else is rejected. First match wins.",
    "# TYPE   DATABASE USER ADDRESS METHOD",
    ...PG_HBA_RULES,
    "",
  ].join("\n");
}

export interface PostgresConfOptions {
  /** The server certificate (PEM), signed by the dev CA. */
  readonly certFile: string;
  /** Its private key: PostgreSQL refuses to start unless it is 0600 and owned by the server's user. */
  readonly keyFile: string;
  /** The dev CA (`ssl_ca_file`). */
  readonly caFile: string;
  /** Where pg_hba.conf is; unset keeps the data directory's. */
  readonly hbaFile?: string;
  /** @default 5432 */
  readonly port?: number;
}

function quote(value: string): string {
  if (/[\n\r]/.test(value))
    throw new Error(
      `renderPostgresConf: a setting may not contain a newline, got ${JSON.stringify(value)}`,
    );
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

/** The settings of postgresql.conf, in order. */
export function postgresSettings(o: PostgresConfOptions): [string, string][] {
  const settings: [string, string][] = [
    ["listen_addresses", quote("*")],
    ["port", String(o.port ?? POSTGRES_PORT)],
    ["max_connections", "50"],
    ["shared_buffers", quote("128MB")],
    ["password_encryption", quote("scram-sha-256")],
    ["ssl", "on"],
    ["ssl_cert_file", quote(o.certFile)],
    ["ssl_key_file", quote(o.keyFile)],
    ["ssl_ca_file", quote(o.caFile)],
    ["ssl_min_protocol_version", quote("TLSv1.2")],
    ["ssl_prefer_server_ciphers", "on"],
  ];
  if (o.hbaFile !== undefined) settings.push(["hba_file", quote(o.hbaFile)]);
  settings.push(
    ["logging_collector", "off"],
    ["log_destination", quote("stderr")],
    ["log_connections", "on"],
    ["log_min_duration_statement", "500"],
  );
  return settings;
}

/** postgresql.conf: TLS on with the dev CA's certificate, TLS 1.2 at least, SCRAM passwords, logs to stderr (`docker logs`). */
export function renderPostgresConf(o: PostgresConfOptions): string {
  return [
    "# postgresql.conf of the dev database (rendered by lib/dev/postgres.ts).",
    ...postgresSettings(o).map(([k, v]) => `${k} = ${v}`),
    "",
  ].join("\n");
}
