import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { postgresBinDir } from "./binaries";
import { freePort, LOOPBACK, waitUntil } from "./ports";
import { ManagedProcess } from "./processes";
import { asUser, chownRecursive, runningAsRoot, SystemUser, systemUser } from "./users";
import { randomBytes } from "node:crypto";

export interface PostgresTls {
  readonly certFile: string;
  readonly keyFile: string;
  /** CA for client certificates (`ssl_ca_file`); optional. */
  readonly caFile?: string;
}

export interface PostgresOptions {
  /** Turn TLS on with this certificate. Without it the server speaks plaintext only. */
  readonly tls?: PostgresTls;
  /**
   * pg_hba.conf lines for TCP clients. The harness always prepends `local all postgres trust`
   * (its own admin access through a private Unix socket folder).
   * @default TLS: `hostssl all all 127.0.0.1/32 scram-sha-256` only (plaintext refused); no TLS: `host … scram-sha-256`
   */
  readonly hba?: readonly string[];
  /** Extra postgresql.conf text (e.g. a file rendered by the dev stack), written before `settings`. */
  readonly postgresqlConf?: string;
  /** Extra settings, written last to postgresql.conf (they win over postgresqlConf). */
  readonly settings?: Readonly<Record<string, string>>;
  /** Superuser password for TCP logins. @default random */
  readonly superuserPassword?: string;
  /** Milliseconds to wait for the server to accept connections. @default 60000 */
  readonly startTimeoutMs?: number;
}

/** A running throwaway PostgreSQL cluster, listening on 127.0.0.1 only. */
export interface PostgresServer {
  readonly host: string;
  readonly port: number;
  readonly superuser: "postgres";
  readonly superuserPassword: string;
  readonly dataDir: string;
  /** Runs SQL as the superuser over the private Unix socket; returns psql's unaligned output. */
  psql(sql: string, database?: string): string;
  /** Creates a login role with a password and a database it owns. */
  createUserAndDatabase(user: string, password: string, database: string): void;
  /** Fast shutdown, then the cluster's folder is deleted. Safe to call twice. */
  stop(): Promise<void>;
  readonly process: ManagedProcess;
}

/** Quotes an SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes an SQL string literal. */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function conf(settings: Readonly<Record<string, string>>): string {
  return Object.entries(settings)
    .map(([k, v]) => `${k} = ${quoteLiteral(v)}`)
    .join("\n");
}

/**
 * Starts PostgreSQL from Debian's server binaries (package `postgresql`) in a temporary folder,
 * on a free loopback port. As root, the server runs as the `postgres` system user.
 */
export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const user: SystemUser | undefined = runningAsRoot()
    ? systemUser("postgres", "postgresql")
    : undefined;
  const base = mkdtempSync(join(tmpdir(), "platform-pg-"));
  const dataDir = join(base, "data");
  const socketDir = join(base, "socket");
  mkdirSync(socketDir);
  const superuserPassword = options.superuserPassword ?? randomBytes(12).toString("hex");
  writeFileSync(join(base, "pwfile"), `${superuserPassword}\n`);

  const tlsSettings: Record<string, string> = {};
  if (options.tls !== undefined) {
    copyFileSync(options.tls.certFile, join(base, "server.crt"));
    copyFileSync(options.tls.keyFile, join(base, "server.key"));
    chmodSync(join(base, "server.key"), 0o600);
    tlsSettings.ssl = "on";
    tlsSettings.ssl_cert_file = join(base, "server.crt");
    tlsSettings.ssl_key_file = join(base, "server.key");
    tlsSettings.ssl_min_protocol_version = "TLSv1.2";
    if (options.tls.caFile !== undefined) {
      copyFileSync(options.tls.caFile, join(base, "ca.crt"));
      tlsSettings.ssl_ca_file = join(base, "ca.crt");
    }
  }
  if (user !== undefined) chownRecursive(base, user);

  const initdb = asUser(user, join(bin, "initdb"), [
    "-D",
    dataDir,
    "-U",
    "postgres",
    "--pwfile",
    join(base, "pwfile"),
    "--auth-local",
    "trust",
    "--auth-host",
    "scram-sha-256",
    "--encoding",
    "UTF8",
    "--no-locale",
    "--no-sync",
  ]);
  try {
    execFileSync(initdb.command, initdb.args, { stdio: ["ignore", "pipe", "pipe"] });
  } catch (err) {
    rmSync(base, { recursive: true, force: true });
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? String(err);
    throw new Error(`initdb failed: ${stderr.trim()}`);
  }

  const port = await freePort();
  const hba = options.hba ?? [
    options.tls !== undefined
      ? "hostssl all all 127.0.0.1/32 scram-sha-256"
      : "host all all 127.0.0.1/32 scram-sha-256",
  ];
  writeFileSync(join(dataDir, "pg_hba.conf"), ["local all postgres trust", ...hba, ""].join("\n"));
  const harnessSettings: Record<string, string> = {
    fsync: "off",
    synchronous_commit: "off",
    full_page_writes: "off",
    logging_collector: "off",
    log_destination: "stderr",
    ...tlsSettings,
  };
  writeFileSync(
    join(dataDir, "postgresql.conf"),
    [conf(harnessSettings), options.postgresqlConf ?? "", conf(options.settings ?? {}), ""].join(
      "\n",
    ),
  );
  if (user !== undefined) chownRecursive(base, user);

  // Address, port and socket folder go on the command line so no configuration can move them.
  const server = asUser(user, join(bin, "postgres"), [
    "-D",
    dataDir,
    "-c",
    `listen_addresses=${LOOPBACK}`,
    "-c",
    `port=${port}`,
    "-c",
    `unix_socket_directories=${socketDir}`,
  ]);
  const proc = ManagedProcess.start({
    name: "postgres",
    command: server.command,
    args: server.args,
    stopSignal: "SIGINT",
  });

  const psql = (sql: string, database = "postgres"): string => {
    try {
      return execFileSync(
        join(bin, "psql"),
        [
          "-h",
          socketDir,
          "-p",
          String(port),
          "-U",
          "postgres",
          "-d",
          database,
          "-v",
          "ON_ERROR_STOP=1",
          "-X",
          "-q",
          "-At",
          "-c",
          sql,
        ],
        { stdio: ["ignore", "pipe", "pipe"] },
      ).toString();
    } catch (err) {
      const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? String(err);
      throw new Error(`psql failed: ${stderr.trim()}`);
    }
  };

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await proc.stop();
    rmSync(base, { recursive: true, force: true });
  };

  try {
    await waitUntil(
      `postgres on ${LOOPBACK}:${port}`,
      async () => {
        if (!proc.isRunning) throw proc.describeExit();
        psql("SELECT 1");
        return true;
      },
      { timeoutMs: options.startTimeoutMs ?? 60_000, intervalMs: 200 },
    );
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\npostgres output:\n${proc.recentOutput}`);
  }

  return {
    host: LOOPBACK,
    port,
    superuser: "postgres",
    superuserPassword,
    dataDir,
    psql,
    createUserAndDatabase(name: string, password: string, database: string): void {
      psql(`CREATE ROLE ${quoteIdent(name)} LOGIN PASSWORD ${quoteLiteral(password)}`);
      psql(`CREATE DATABASE ${quoteIdent(database)} OWNER ${quoteIdent(name)}`);
    },
    stop,
    process: proc,
  };
}
