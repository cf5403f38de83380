/**
 * The preview database function around its SQL, with Secrets Manager and the connection faked
 * at the boundary: what it reads, in which order, what it connects with, and that a bad event
 * or secret stops it before it connects. The SQL itself runs on a real PostgreSQL in
 * tests/integration/previews/function.spec.ts.
 */
import { expect } from "chai";
import { ClientConfig } from "pg";
import { SecretSources } from "../../../src/config";
import { OPEN_DATABASES_SQL } from "../../../src/previews/database";
import { LIFECYCLE_KEY, previewDatabaseInput } from "../../../src/previews/event";
import {
  AdminSession,
  handlePreviewDatabaseEvent,
  parseCredentials,
  previewDatabaseConfig,
} from "../../../src/previews/function";

const ADMIN_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1234-AbCdEf";
const OWN_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:platform/pr7/db-password-XyZ";
const ENV = {
  ADMIN_SECRET_ARN: ADMIN_ARN,
  ADMIN_DATABASE: "previews",
  DATABASE_HOST: "previews.abc.eu-west-1.rds.amazonaws.com",
  DATABASE_PORT: "5432",
};
const ADMIN_SECRET = JSON.stringify({ username: "platform_admin", password: "AdminPassw0rd0123" });
const OWN_SECRET = JSON.stringify({ username: "pr_7_app", password: "OwnPassw0rdOwnPassw0rd" });

const event = (action: string) => ({
  ...previewDatabaseInput(7, OWN_ARN),
  [LIFECYCLE_KEY]: {
    action,
    prev_input: action === "create" ? null : previewDatabaseInput(7, OWN_ARN),
  },
});

/** Records every secret read, connection and statement. */
function fakes(
  secrets: Record<string, string> = { [ADMIN_ARN]: ADMIN_SECRET, [OWN_ARN]: OWN_SECRET },
  existing = false,
) {
  const calls: string[] = [];
  const configs: ClientConfig[] = [];
  const sources: SecretSources = {
    readFile: (path) => {
      calls.push(`readFile ${path}`);
      return Promise.resolve("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    },
    getSecretString: (arn) => {
      calls.push(`secret ${arn}`);
      const v = secrets[arn];
      return v === undefined ? Promise.reject(new Error(`no secret ${arn}`)) : Promise.resolve(v);
    },
  };
  const session: AdminSession = {
    query(sql: string) {
      calls.push(sql.split("\n")[0] ?? sql);
      const isExists = sql.startsWith("SELECT 1 FROM pg_catalog.pg_database");
      return Promise.resolve({ rows: isExists && existing ? [{ "?column?": 1 }] : [] });
    },
    end() {
      calls.push("end");
      return Promise.resolve();
    },
  };
  const lines: string[] = [];
  return {
    calls,
    configs,
    lines,
    deps: {
      secrets: sources,
      connect: (c: ClientConfig) => {
        calls.push("connect");
        configs.push(c);
        return Promise.resolve(session);
      },
      log: (l: string) => lines.push(l),
    },
  };
}

describe("the preview database function (fakes at the boundary)", () => {
  it("on create reads both secrets, connects with TLS verified to the admin database, creates the pair", async () => {
    const f = fakes();
    const out = await handlePreviewDatabaseEvent(event("create"), ENV, f.deps);
    expect(out).to.deep.equal({
      action: "create",
      pullRequest: 7,
      database: "pr_7",
      role: "pr_7_app",
      outcome: "created",
    });
    expect(f.calls).to.deep.equal([
      `secret ${ADMIN_ARN}`,
      `secret ${OWN_ARN}`,
      "connect",
      "SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1",
      "DO $$ BEGIN", // PUBLIC's CONNECT revoked on previews, postgres, template1
      OPEN_DATABASES_SQL, // open to PUBLIC?
      "DO $$ BEGIN", // the role
      'GRANT "pr_7_app" TO CURRENT_USER',
      "SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1",
      'CREATE DATABASE "pr_7" OWNER "pr_7_app" ALLOW_CONNECTIONS false',
      'ALTER DATABASE "pr_7" OWNER TO "pr_7_app"',
      'REVOKE ALL ON DATABASE "pr_7" FROM PUBLIC',
      'GRANT CONNECT, TEMPORARY ON DATABASE "pr_7" TO "pr_7_app"',
      'ALTER DATABASE "pr_7" ALLOW_CONNECTIONS true',
      OPEN_DATABASES_SQL, // open to the role?
      "end",
    ]);
    const c = f.configs[0]!;
    expect({ ...c, ssl: undefined }).to.deep.equal({
      host: "previews.abc.eu-west-1.rds.amazonaws.com",
      port: 5432,
      database: "previews",
      user: "platform_admin",
      password: "AdminPassw0rd0123",
      ssl: undefined,
      application_name: "preview-database-function",
      connectionTimeoutMillis: 10_000,
      statement_timeout: 30_000,
      query_timeout: 35_000,
    });
    expect(c.ssl).to.deep.equal({ rejectUnauthorized: true, ca: undefined });
    expect(f.lines).to.deep.equal([
      JSON.stringify({ level: "info", msg: "preview database", ...out }),
    ]);
  });

  it("trusts CA_BUNDLE_FILE beside Node's roots, and refuses a file with no certificate", async () => {
    const f = fakes();
    await handlePreviewDatabaseEvent(
      event("update"),
      { ...ENV, CA_BUNDLE_FILE: "/var/task/certs/ca-bundle.pem" },
      f.deps,
    );
    expect(f.calls.slice(0, 4)).to.deep.equal([
      `secret ${ADMIN_ARN}`,
      `secret ${OWN_ARN}`,
      "readFile /var/task/certs/ca-bundle.pem",
      "connect",
    ]);
    const ca = (f.configs[0]!.ssl as { ca: string[] }).ca;
    expect(ca.at(-1)).to.equal("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    expect(ca.length).to.be.greaterThan(100); // Node's roots come first

    const bad = fakes();
    bad.deps.secrets.readFile = () => Promise.resolve("not a certificate");
    const err = await handlePreviewDatabaseEvent(
      event("create"),
      { ...ENV, CA_BUNDLE_FILE: "/var/task/certs/ca-bundle.pem" },
      bad.deps,
    ).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).to.equal(
      'CA_BUNDLE_FILE="/var/task/certs/ca-bundle.pem": expected a PEM bundle with at least one -----BEGIN CERTIFICATE----- block',
    );
    expect(bad.calls).to.not.include("connect");
  });

  it("on update of an existing pair says repaired; on delete drops without reading the preview's secret", async () => {
    const f = fakes(undefined, true);
    expect((await handlePreviewDatabaseEvent(event("update"), ENV, f.deps)).outcome).to.equal(
      "repaired",
    );
    const d = fakes({ [ADMIN_ARN]: ADMIN_SECRET }, true);
    expect(await handlePreviewDatabaseEvent(event("delete"), ENV, d.deps)).to.deep.equal({
      action: "delete",
      pullRequest: 7,
      database: "pr_7",
      role: "pr_7_app",
      outcome: "dropped",
    });
    expect(d.calls).to.deep.equal([
      `secret ${ADMIN_ARN}`,
      "connect",
      "SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1",
      'DROP DATABASE IF EXISTS "pr_7" WITH (FORCE)',
      'DROP ROLE IF EXISTS "pr_7_app"',
      "end",
    ]);
    const gone = fakes({ [ADMIN_ARN]: ADMIN_SECRET }, false);
    expect((await handlePreviewDatabaseEvent(event("delete"), ENV, gone.deps)).outcome).to.equal(
      "absent",
    );
  });

  it("reads nothing and connects nowhere for a bad event", async () => {
    const f = fakes();
    const err = await handlePreviewDatabaseEvent(
      { ...event("create"), database: "pr_8" },
      ENV,
      f.deps,
    ).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).to.equal(
      'preview database event: input.database: expected "pr_7" for pull request 7, got "pr_8"',
    );
    expect(f.calls).to.deep.equal([]);
  });

  it("refuses a preview secret for another role before it connects", async () => {
    const f = fakes({
      [ADMIN_ARN]: ADMIN_SECRET,
      [OWN_ARN]: JSON.stringify({ username: "pr_8_app", password: "OwnPassw0rdOwnPassw0rd" }),
    });
    const err = await handlePreviewDatabaseEvent(event("create"), ENV, f.deps).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).to.equal(
      `the preview's secret ${OWN_ARN}: expected username "pr_7_app", got "pr_8_app"`,
    );
    expect(f.calls).to.not.include("connect");
  });

  it("names the environment variable that is wrong", () => {
    const { ADMIN_SECRET_ARN: _a, ...noAdmin } = ENV;
    void _a;
    expect(() => previewDatabaseConfig(noAdmin)).to.throw("ADMIN_SECRET_ARN is not set");
    expect(() => previewDatabaseConfig({ ...ENV, ADMIN_SECRET_ARN: "rds!db-1234" })).to.throw(
      'ADMIN_SECRET_ARN="rds!db-1234": expected a Secrets Manager secret ARN',
    );
    expect(() => previewDatabaseConfig({ ...ENV, DATABASE_PORT: "5432x" })).to.throw(
      'DATABASE_PORT="5432x": expected a port from 1 to 65535',
    );
    expect(() => previewDatabaseConfig({ ...ENV, DATABASE_PORT: "70000" })).to.throw(
      'DATABASE_PORT="70000": expected a port from 1 to 65535',
    );
    expect(() => previewDatabaseConfig({ ...ENV, DATABASE_HOST: "" })).to.throw(
      "DATABASE_HOST is not set",
    );
    expect(previewDatabaseConfig(ENV)).to.deep.equal({
      host: "previews.abc.eu-west-1.rds.amazonaws.com",
      port: 5432,
      adminDatabase: "previews",
      adminSecretArn: ADMIN_ARN,
      caBundleFile: undefined,
    });
  });

  it("reads a JSON secret's username and password, and never quotes the secret in an error", () => {
    expect(parseCredentials(ADMIN_SECRET, "the admin secret")).to.deep.equal({
      username: "platform_admin",
      password: "AdminPassw0rd0123",
    });
    expect(() => parseCredentials("AdminPassw0rd0123", "the admin secret")).to.throw(
      "the admin secret: expected a JSON object with username and password, got text that is not JSON",
    );
    expect(() => parseCredentials('{"password":"AdminPassw0rd0123"}', "the admin secret")).to.throw(
      "the admin secret: expected a JSON object with a username",
    );
    expect(() => parseCredentials('{"username":"a","password":""}', "the admin secret")).to.throw(
      "the admin secret: expected a JSON object with a password",
    );
    for (const bad of ["AdminPassw0rd0123", '{"username":"a","password":7}']) {
      try {
        parseCredentials(bad, "s");
      } catch (e) {
        expect((e as Error).message).to.not.include("AdminPassw0rd0123");
      }
    }
  });
});
