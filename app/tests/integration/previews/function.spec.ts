/**
 * The preview database function as deployed: the bundled Lambda package (npm run build:lambda)
 * and its `previewDatabaseHandler` export, given the events aws.lambda.Invocation sends with
 * lifecycleScope "CRUD" (create → `prev_input` null, update → the old input, delete → the last
 * input: terraform-provider-aws internal/service/lambda/invocation.go `buildInput`, read
 * 2026-11-30), against a real PostgreSQL (Debian's package) that accepts TLS only, with a
 * certificate from a throwaway CA shipped as CA_BUNDLE_FILE.
 *
 * Secrets Manager is faked at the boundary: a loopback HTTP server answering the SDK's
 * GetSecretValue (JSON 1.1 protocol: `X-Amz-Target: secretsmanager.GetSecretValue`, body
 * `{"SecretId"}`, answer `{"ARN","Name","SecretString"}`:
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html, read
 * 2026-11-30), reached through the SDK's AWS_ENDPOINT_URL_SECRETS_MANAGER. The admin is a
 * CREATEDB CREATEROLE non-superuser that owns `postgres` and `template1`, as the RDS master user
 * is; what RDS adds (rds_superuser, rdsadmin, IAM, the VPC) is not reproduced, and nothing here
 * ran on AWS.
 */
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, IncomingMessage, Server } from "node:http";
import { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import {
  createDevCa,
  DevCa,
  issueCert,
  LOOPBACK,
  PostgresServer,
  startPostgres,
} from "../../../../test-support";
import { LIFECYCLE_KEY, previewDatabaseInput } from "../../../src/previews/event";
import type { PreviewDatabaseOutcome } from "../../../src/previews/function";

const APP_DIR = join(__dirname, "..", "..", "..");
const ACCOUNT = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:";
const ADMIN_ARN = `${ACCOUNT}rds!db-0a1b2c3d-AbCdEf`;
const ADMIN = { username: "previews_admin", password: "AdminPassw0rdForTheTest0123456789" };
const ADMIN_DB = "previews";
const own = (pr: number) => ({
  arn: `${ACCOUNT}platform/pr${pr}/db-password-Xy${pr}Zw`,
  username: `pr_${pr}_app`,
  password: `PreviewPassw0rd${pr}abcdefghijklmnop`,
});

interface Handler {
  previewDatabaseHandler(event: unknown): Promise<PreviewDatabaseOutcome>;
}

/** The event the provider sends for pull request `pr`. */
function crud(pr: number, action: "create" | "update" | "delete"): unknown {
  const input = previewDatabaseInput(pr, own(pr).arn);
  return { ...input, [LIFECYCLE_KEY]: { action, prev_input: action === "create" ? null : input } };
}

describe("integration: the preview database function (bundled) on a TLS-only PostgreSQL", function () {
  this.timeout(120_000);
  let outdir: string;
  let ca: DevCa;
  let pg: PostgresServer;
  let sm: Server;
  let fn: Handler;
  /** What the function asked Secrets Manager for, in order. */
  const asked: string[] = [];
  const secrets = new Map<string, string>();
  const logLines: string[] = [];
  const realWrite = process.stdout.write.bind(process.stdout);
  const ENV_KEYS = [
    "ADMIN_SECRET_ARN",
    "ADMIN_DATABASE",
    "DATABASE_HOST",
    "DATABASE_PORT",
    "CA_BUNDLE_FILE",
    "AWS_ENDPOINT_URL_SECRETS_MANAGER",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_REGION",
  ];
  const saved: Record<string, string | undefined> = {};

  const q = (sql: string, db?: string) => pg.psql(sql, db).trim();

  /** Logs in over TLS (the test CA) as `user`, runs `sql`; the error code and message if refused. */
  async function tryAs(
    user: string,
    password: string,
    database: string,
    sql = "SELECT 1 AS one",
  ): Promise<{ rows?: Record<string, unknown>[]; error?: { code?: string; message: string } }> {
    const c = new Client({
      host: pg.host,
      port: pg.port,
      user,
      password,
      database,
      ssl: { rejectUnauthorized: true, ca: ca.certPem },
    });
    try {
      await c.connect();
      // Several statements give one result each: the last one's rows.
      const r = (await c.query(sql)) as unknown;
      const last = (Array.isArray(r) ? r.at(-1) : r) as { rows: Record<string, unknown>[] };
      return { rows: last.rows };
    } catch (e) {
      const err = e as { code?: string; message: string };
      return {
        error: { ...(err.code !== undefined ? { code: err.code } : {}), message: err.message },
      };
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  /** The grants and role attributes the function manages. */
  const snapshot = () =>
    q(
      "SELECT datname, pg_get_userbyid(datdba), datallowconn, datacl FROM pg_database WHERE datname LIKE 'pr\\_%' OR datname IN ('previews', 'postgres', 'template1') ORDER BY 1; " +
        "SELECT rolname, rolsuper, rolcreatedb, rolcreaterole, rolinherit, rolcanlogin, rolconnlimit FROM pg_roles WHERE rolname LIKE 'pr\\_%' ORDER BY 1",
    );

  const fails = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: Error) => e,
    );

  before(async () => {
    outdir = mkdtempSync(join(tmpdir(), "platform-preview-fn-"));
    execFileSync(
      process.execPath,
      [join(APP_DIR, "scripts", "build-lambda.mjs"), "--outdir", outdir],
      { stdio: "pipe" },
    );
    ca = createDevCa();
    const cert = issueCert(ca, { name: "previews-db", dnsNames: [], ipAddresses: [LOOPBACK] });
    pg = await startPostgres({ tls: cert });
    // The RDS master user: creates databases and roles, no superuser, owns the admin database
    // and, as on RDS, the instance's `postgres` and `template1`.
    pg.psql(
      `CREATE ROLE ${ADMIN.username} LOGIN NOSUPERUSER CREATEDB CREATEROLE PASSWORD '${ADMIN.password}'`,
    );
    pg.psql(`CREATE DATABASE ${ADMIN_DB} OWNER ${ADMIN.username}`);
    pg.psql(
      `ALTER DATABASE postgres OWNER TO ${ADMIN.username}; ALTER DATABASE template1 OWNER TO ${ADMIN.username}`,
    );
    pg.psql("CREATE TABLE admin_notes (body text)", ADMIN_DB);

    secrets.set(ADMIN_ARN, JSON.stringify(ADMIN));
    for (const pr of [7, 8]) {
      const s = own(pr);
      secrets.set(s.arn, JSON.stringify({ username: s.username, password: s.password }));
    }
    sm = createServer((req: IncomingMessage, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString("utf8")));
      req.on("end", () => {
        const target = req.headers["x-amz-target"];
        const id = (JSON.parse(body) as { SecretId?: string }).SecretId ?? "";
        asked.push(`${String(target)} ${id}`);
        const value = secrets.get(id);
        res.setHeader("content-type", "application/x-amz-json-1.1");
        if (target !== "secretsmanager.GetSecretValue" || value === undefined) {
          res.statusCode = 400;
          res.end(
            JSON.stringify({
              __type: "ResourceNotFoundException",
              message: "Secrets Manager can't find the specified secret.",
            }),
          );
          return;
        }
        res.end(JSON.stringify({ ARN: id, Name: id.split(":secret:")[1], SecretString: value }));
      });
    });
    await new Promise<void>((resolve) => sm.listen(0, LOOPBACK, resolve));

    for (const k of ENV_KEYS) saved[k] = process.env[k];
    Object.assign(process.env, {
      ADMIN_SECRET_ARN: ADMIN_ARN,
      ADMIN_DATABASE: ADMIN_DB,
      DATABASE_HOST: pg.host,
      DATABASE_PORT: String(pg.port),
      CA_BUNDLE_FILE: ca.certFile,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://${LOOPBACK}:${(sm.address() as AddressInfo).port}`,
      AWS_ACCESS_KEY_ID: "AKIDTESTTESTTEST",
      AWS_SECRET_ACCESS_KEY: "test-secret-key",
      AWS_REGION: "eu-west-1",
    });
    // Keep the function's JSON lines (what CloudWatch would get) out of the report.
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      if (text.startsWith('{"level":')) {
        logLines.push(...text.split("\n").filter((l) => l !== ""));
        return true;
      }
      return (realWrite as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    fn = require(join(outdir, "lambda.js")) as Handler;
  });

  after(async () => {
    process.stdout.write = realWrite;
    for (const k of ENV_KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await new Promise<void>((resolve) => (sm ? sm.close(() => resolve()) : resolve()));
    await pg?.stop();
    if (ca) rmSync(ca.dir, { recursive: true, force: true });
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  it("is exported by the package under the handler name the program deploys", () => {
    expect(typeof fn.previewDatabaseHandler).to.equal("function");
  });

  it("on create reads the admin's and the preview's secrets and creates each preview's database and role", async () => {
    asked.length = 0;
    expect(await fn.previewDatabaseHandler(crud(7, "create"))).to.deep.equal({
      action: "create",
      pullRequest: 7,
      database: "pr_7",
      role: "pr_7_app",
      outcome: "created",
    });
    expect(asked).to.deep.equal([
      `secretsmanager.GetSecretValue ${ADMIN_ARN}`,
      `secretsmanager.GetSecretValue ${own(7).arn}`,
    ]);
    expect((await fn.previewDatabaseHandler(crud(8, "create"))).outcome).to.equal("created");
    expect(
      q(
        "SELECT datname, pg_get_userbyid(datdba) FROM pg_database WHERE datname LIKE 'pr\\_%' ORDER BY 1",
      ),
    ).to.equal("pr_7|pr_7_app\npr_8|pr_8_app");
    // The log line and the result hold names only.
    expect(logLines.join("\n")).to.not.include(own(7).password);
    expect(logLines.join("\n")).to.not.include(ADMIN.password);
  });

  it("lets the preview's role log in over TLS to its own database and write there", async () => {
    const s = own(7);
    expect(
      await tryAs(
        s.username,
        s.password,
        "pr_7",
        "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('seven'); SELECT body FROM notes",
      ),
    ).to.deep.equal({ rows: [{ body: "seven" }] });
    const e = own(8);
    expect(
      await tryAs(
        e.username,
        e.password,
        "pr_8",
        "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('eight'); SELECT body FROM notes",
      ),
    ).to.deep.equal({ rows: [{ body: "eight" }] });
  });

  it("refuses the role on another preview's database, the admin database, postgres and template1", async () => {
    const s = own(7);
    expect(await tryAs(s.username, s.password, "pr_8")).to.deep.equal({
      error: { code: "42501", message: 'permission denied for database "pr_8"' },
    });
    expect(await tryAs(s.username, s.password, ADMIN_DB)).to.deep.equal({
      error: { code: "42501", message: 'permission denied for database "previews"' },
    });
    // The admin owns `postgres` and `template1` (as the RDS master user does), so the function
    // closed them to PUBLIC too.
    for (const db of ["postgres", "template1"]) {
      expect(await tryAs(s.username, s.password, db)).to.deep.equal({
        error: { code: "42501", message: `permission denied for database "${db}"` },
      });
    }
  });

  it("is idempotent: a second create, and an update, change no grant and keep the data", async () => {
    const before = snapshot();
    expect((await fn.previewDatabaseHandler(crud(7, "create"))).outcome).to.equal("repaired");
    expect((await fn.previewDatabaseHandler(crud(7, "update"))).outcome).to.equal("repaired");
    expect(snapshot()).to.equal(before);
    const s = own(7);
    expect(await tryAs(s.username, s.password, "pr_7", "SELECT body FROM notes")).to.deep.equal({
      rows: [{ body: "seven" }],
    });
  });

  it("on delete drops the preview's database and role, reads only the admin's secret, and leaves the other preview alone", async () => {
    asked.length = 0;
    expect(await fn.previewDatabaseHandler(crud(7, "delete"))).to.deep.equal({
      action: "delete",
      pullRequest: 7,
      database: "pr_7",
      role: "pr_7_app",
      outcome: "dropped",
    });
    expect(asked).to.deep.equal([`secretsmanager.GetSecretValue ${ADMIN_ARN}`]);
    expect(q("SELECT datname FROM pg_database WHERE datname LIKE 'pr\\_%'")).to.equal("pr_8");
    expect(q("SELECT rolname FROM pg_roles WHERE rolname LIKE 'pr\\_%'")).to.equal("pr_8_app");
    const e = own(8);
    expect(await tryAs(e.username, e.password, "pr_8", "SELECT body FROM notes")).to.deep.equal({
      rows: [{ body: "eight" }],
    });
    // A second delete (a retried destroy) finds nothing to drop.
    expect((await fn.previewDatabaseHandler(crud(7, "delete"))).outcome).to.equal("absent");
  });

  it("refuses a bad event before it reads a secret or connects", async () => {
    asked.length = 0;
    const err = await fails(
      fn.previewDatabaseHandler({
        ...previewDatabaseInput(9, own(9).arn),
        tf: { action: "create" },
      }),
    );
    expect(err?.message).to.equal(
      'preview database event: lifecycle: expected the CRUD lifecycle object (aws.lambda.Invocation with lifecycleScope "CRUD" and terraformKey "lifecycle"), got nothing',
    );
    expect(asked).to.deep.equal([]);
  });

  it("verifies the server's certificate: without the CA bundle it connects nowhere and creates nothing", async () => {
    const s9 = own(9);
    secrets.set(s9.arn, JSON.stringify({ username: s9.username, password: s9.password }));
    delete process.env.CA_BUNDLE_FILE;
    try {
      const err = await fails(fn.previewDatabaseHandler(crud(9, "create")));
      expect(err?.message).to.equal("self-signed certificate in certificate chain");
    } finally {
      process.env.CA_BUNDLE_FILE = ca.certFile;
    }
    expect(q("SELECT count(*) FROM pg_roles WHERE rolname = 'pr_9_app'")).to.equal("0");
  });

  it("fails with Secrets Manager's answer when a secret is missing", async () => {
    const err = await fails(fn.previewDatabaseHandler(crud(10, "create")));
    expect(err?.name).to.equal("ResourceNotFoundException");
    expect(err?.message).to.equal("Secrets Manager can't find the specified secret.");
    expect(q("SELECT count(*) FROM pg_database WHERE datname = 'pr_10'")).to.equal("0");
  });
});
