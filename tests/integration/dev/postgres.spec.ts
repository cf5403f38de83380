/**
 * The dev database's configuration in a real PostgreSQL (Debian's package):
 * postgresql.conf and pg_hba.conf rendered by the same functions the stack
 * uploads into its container, the dev CA's certificate for `db`. Plaintext
 * and wrong passwords are refused; TLS with full verification works.
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { devPkiSpec } from "../../../lib/dev/certs";
import {
  DEV_DATABASE_NAME,
  DEV_DATABASE_USER,
  renderPgHba,
  renderPostgresConf,
} from "../../../lib/dev/postgres";
import {
  postgresBinDir,
  PostgresServer,
  runningAsRoot,
  startPostgres,
  systemUser,
} from "../../../test-support";
import { createDevPki, DevPki } from "./pki";

interface PsqlResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one query through libpq with a connection string; never throws. */
function psql(conninfo: string, password: string, sql: string): Promise<PsqlResult> {
  return new Promise((resolve) => {
    execFile(
      join(postgresBinDir(), "psql"),
      [conninfo, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql],
      { env: { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: "5" }, timeout: 20_000 },
      (err, stdout, stderr) =>
        resolve({ ok: err === null, stdout: stdout.trim(), stderr: stderr.trim() }),
    );
  });
}

describe("dev database configuration in a real PostgreSQL", function () {
  this.timeout(120_000);
  const password = "dev-db-password-for-the-test-0123456789";
  let pki: DevPki;
  let pg: PostgresServer;
  /** Connects to 127.0.0.1 but checks the certificate against `host` (the name the app dials). */
  const conn = (options: Record<string, string>) =>
    Object.entries({
      host: "db",
      hostaddr: "127.0.0.1",
      port: String(pg.port),
      user: DEV_DATABASE_USER,
      dbname: DEV_DATABASE_NAME,
      ...options,
    })
      .map(([k, v]) => `${k}=${v}`)
      .join(" ");

  before(async () => {
    pki = createDevPki(devPkiSpec({ project: "platform", environment: "dev" }));
    const owner = runningAsRoot() ? systemUser("postgres", "postgresql") : undefined;
    const db = pki.server("db", owner);
    pg = await startPostgres({
      postgresqlConf: renderPostgresConf({
        certFile: db.certFile,
        keyFile: db.keyFile,
        caFile: pki.caFile,
      }),
      // The harness keeps its own first line (local postgres trust) for set-up; ours follow.
      hba: renderPgHba().split("\n"),
    });
    pg.createUserAndDatabase(DEV_DATABASE_USER, password, DEV_DATABASE_NAME);
  });
  after(async () => {
    await pg?.stop();
    if (pki !== undefined) rmSync(pki.dir, { recursive: true, force: true });
  });

  it("loads the rendered settings: TLS on, at least TLS 1.2, SCRAM", () => {
    expect(pg.psql("SHOW ssl")).to.equal("on\n");
    expect(pg.psql("SHOW ssl_min_protocol_version")).to.equal("TLSv1.2\n");
    expect(pg.psql("SHOW password_encryption")).to.equal("scram-sha-256\n");
    expect(
      pg.psql(`SELECT left(rolpassword, 14) FROM pg_authid WHERE rolname = '${DEV_DATABASE_USER}'`),
    ).to.equal("SCRAM-SHA-256$\n");
  });

  it("refuses sslmode=disable", async () => {
    const r = await psql(conn({ sslmode: "disable" }), password, "SELECT 1");
    expect(r.ok).to.equal(false);
    expect(r.stderr).to.match(
      /pg_hba\.conf rejects connection for host "127\.0\.0\.1", user "app", database "app", no encryption/,
    );
  });

  it("accepts sslmode=verify-full with the dev CA, over TLS 1.2 or newer", async () => {
    const r = await psql(
      conn({ sslmode: "verify-full", sslrootcert: pki.caFile }),
      password,
      "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
    );
    expect(r.stderr).to.equal("");
    expect(r.ok).to.equal(true);
    expect(r.stdout).to.match(/^t\|TLSv1\.[23]$/);
  });

  it("refuses a wrong password over TLS", async () => {
    const r = await psql(
      conn({ sslmode: "verify-full", sslrootcert: pki.caFile }),
      "wrong-password",
      "SELECT 1",
    );
    expect(r.ok).to.equal(false);
    expect(r.stderr).to.include('password authentication failed for user "app"');
  });

  it("is not trusted under a name the certificate does not carry", async () => {
    const r = await psql(
      conn({ host: "localhost", sslmode: "verify-full", sslrootcert: pki.caFile }),
      password,
      "SELECT 1",
    );
    expect(r.ok).to.equal(false);
    expect(r.stderr).to.match(
      /server certificate for "db" \(and \d+ other names?\) does not match host name "localhost"/,
    );
  });

  it("refuses TLS 1.1", async () => {
    const r = await psql(
      conn({
        sslmode: "verify-full",
        sslrootcert: pki.caFile,
        ssl_min_protocol_version: "TLSv1",
        ssl_max_protocol_version: "TLSv1.1",
      }),
      password,
      "SELECT 1",
    );
    expect(r.ok).to.equal(false);
    // The alert comes from the server (ssl_min_protocol_version), not from the client's own policy.
    expect(r.stderr).to.include("SSL error: tlsv1 alert protocol version");
  });
});
