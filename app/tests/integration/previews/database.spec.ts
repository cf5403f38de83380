/**
 * The preview database function's SQL (src/previews/database.ts) on a real
 * PostgreSQL (Debian's package), run as an admin role with the rights of the
 * RDS master user (CREATEDB, CREATEROLE, not a superuser): two previews get
 * their own database and role; neither can connect to the other's database
 * or the admin database, read the other's tables, or create databases and
 * roles; dropping one leaves the other intact; running it twice changes
 * nothing. What RDS itself adds (rds_superuser, its own databases) is not
 * reproduced here.
 */
import { expect } from "chai";
import { Client } from "pg";
import {
  dropPreviewDatabase,
  ensurePreviewDatabase,
  previewDatabase,
} from "../../../src/previews/database";
import { PostgresServer, startPostgres } from "../../../../test-support";

const ADMIN = "previews_admin";
const ADMIN_DB = "previews";
const ADMIN_PASSWORD = "AdminPassw0rdForTheTest0123456789";
const A = previewDatabase(7);
const B = previewDatabase(8);
const PASSWORD_A = "PrSevenPassword0123456789abcdef";
const PASSWORD_B = "PrEightPassword0123456789abcdef";

interface PgError {
  readonly code?: string;
  readonly message: string;
}

describe("integration: a database and role per preview in a real PostgreSQL", function () {
  this.timeout(120_000);
  let pg: PostgresServer;

  /** psql as the superuser, without the trailing newline. */
  const q = (sql: string) => pg.psql(sql).trim();

  async function connect(user: string, password: string, database: string): Promise<Client> {
    const c = new Client({ host: pg.host, port: pg.port, user, password, database });
    await c.connect();
    return c;
  }

  /** Runs `fn` with a fresh admin session on the admin database. */
  async function asAdmin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
    const c = await connect(ADMIN, ADMIN_PASSWORD, ADMIN_DB);
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  }

  /** Logs in as `user` to `database` and runs `sql`; the error (code and message) if it fails. */
  async function tryAs(
    user: string,
    password: string,
    database: string,
    sql = "SELECT 1",
  ): Promise<{ rows?: Record<string, unknown>[]; error?: PgError }> {
    let c: Client | undefined;
    try {
      c = await connect(user, password, database);
      return { rows: (await c.query(sql)).rows };
    } catch (e) {
      const err = e as PgError;
      return {
        error: { ...(err.code !== undefined ? { code: err.code } : {}), message: err.message },
      };
    } finally {
      await c?.end().catch(() => undefined);
    }
  }

  /** The grants and role attributes the function manages, to compare runs. */
  function snapshot(): string {
    return q(
      "SELECT datname, pg_get_userbyid(datdba), datacl FROM pg_database WHERE datname LIKE 'pr\\_%' OR datname = 'previews' ORDER BY 1; " +
        "SELECT rolname, rolsuper, rolcreatedb, rolcreaterole, rolinherit, rolreplication, rolbypassrls, rolcanlogin, rolconnlimit FROM pg_roles WHERE rolname LIKE 'pr\\_%' ORDER BY 1; " +
        "SELECT r.rolname, m.rolname FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member WHERE r.rolname LIKE 'pr\\_%' OR m.rolname LIKE 'pr\\_%' ORDER BY 1, 2",
    );
  }

  before(async () => {
    pg = await startPostgres();
    // The RDS master user: creates databases and roles, is no superuser, owns the admin database.
    pg.psql(`CREATE ROLE ${ADMIN} LOGIN CREATEDB CREATEROLE PASSWORD '${ADMIN_PASSWORD}'`);
    pg.psql(`CREATE DATABASE ${ADMIN_DB} OWNER ${ADMIN}`);
    await asAdmin(async (c) => {
      await ensurePreviewDatabase(c, A, PASSWORD_A, ADMIN_DB);
      await ensurePreviewDatabase(c, B, PASSWORD_B, ADMIN_DB);
    });
    for (const [p, pw, who] of [
      [A, PASSWORD_A, "seven"],
      [B, PASSWORD_B, "eight"],
    ] as const) {
      const c = await connect(p.role, pw, p.database);
      await c.query("CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)");
      await c.query("INSERT INTO notes VALUES (1, $1)", [`written by ${who}`]);
      await c.end();
    }
  });

  after(async () => {
    await pg?.stop();
  });

  it("creates each preview's database, owned by its own login role with no other rights", () => {
    expect(
      q(
        "SELECT datname, pg_get_userbyid(datdba) FROM pg_database WHERE datname LIKE 'pr\\_%' ORDER BY 1",
      ),
    ).to.equal("pr_7|pr_7_app\npr_8|pr_8_app");
    expect(
      q(
        "SELECT rolname, rolsuper, rolcreatedb, rolcreaterole, rolinherit, rolreplication, rolbypassrls, rolcanlogin, rolconnlimit FROM pg_roles WHERE rolname LIKE 'pr\\_%' ORDER BY 1",
      ),
    ).to.equal("pr_7_app|f|f|f|t|f|f|t|20\npr_8_app|f|f|f|t|f|f|t|20");
    // Member of no role (the admin is a member of each, to own their databases).
    expect(
      q(
        "SELECT count(*) FROM pg_auth_members a JOIN pg_roles m ON m.oid = a.member WHERE m.rolname LIKE 'pr\\_%'",
      ),
    ).to.equal("0");
  });

  it("lets each role read and write its own database", async () => {
    expect(
      (await tryAs(A.role, PASSWORD_A, A.database, "SELECT body FROM notes")).rows,
    ).to.deep.equal([{ body: "written by seven" }]);
    expect(
      (await tryAs(B.role, PASSWORD_B, B.database, "SELECT body FROM notes")).rows,
    ).to.deep.equal([{ body: "written by eight" }]);
  });

  it("refuses A's role on B's database and on the admin database", async () => {
    expect(await tryAs(A.role, PASSWORD_A, B.database)).to.deep.equal({
      error: { code: "42501", message: 'permission denied for database "pr_8"' },
    });
    expect(await tryAs(A.role, PASSWORD_A, ADMIN_DB)).to.deep.equal({
      error: { code: "42501", message: 'permission denied for database "previews"' },
    });
    expect(await tryAs(B.role, PASSWORD_B, A.database)).to.deep.equal({
      error: { code: "42501", message: 'permission denied for database "pr_7"' },
    });
  });

  it("gives A no way to read B's tables from its own database", async () => {
    expect(
      await tryAs(A.role, PASSWORD_A, A.database, "SELECT * FROM pr_8.public.notes"),
    ).to.deep.equal({
      error: {
        code: "0A000",
        message: 'cross-database references are not implemented: "pr_8.public.notes"',
      },
    });
  });

  it("refuses A's role creating databases or roles, or taking B's role", async () => {
    expect(await tryAs(A.role, PASSWORD_A, A.database, "CREATE DATABASE sneaky")).to.deep.equal({
      error: { code: "42501", message: "permission denied to create database" },
    });
    expect(await tryAs(A.role, PASSWORD_A, A.database, "CREATE ROLE sneaky")).to.deep.equal({
      error: { code: "42501", message: "permission denied to create role" },
    });
    expect(await tryAs(A.role, PASSWORD_A, A.database, "SET ROLE pr_8_app")).to.deep.equal({
      error: { code: "42501", message: 'permission denied to set role "pr_8_app"' },
    });
  });

  it("is idempotent: a second run of ensure changes no grant and keeps the data", async () => {
    const before = snapshot();
    await asAdmin(async (c) => {
      await ensurePreviewDatabase(c, A, PASSWORD_A, ADMIN_DB);
      await ensurePreviewDatabase(c, B, PASSWORD_B, ADMIN_DB);
    });
    expect(snapshot()).to.equal(before);
    expect(
      (await tryAs(A.role, PASSWORD_A, A.database, "SELECT count(*)::int AS n FROM notes")).rows,
    ).to.deep.equal([{ n: 1 }]);
  });

  it("drops A (even with a session open) and leaves B's database, role and data intact", async () => {
    const open = await connect(A.role, PASSWORD_A, A.database);
    open.on("error", () => undefined); // its session is ended by the drop
    await asAdmin((c) => dropPreviewDatabase(c, A));
    await open.end().catch(() => undefined);
    expect(q("SELECT datname FROM pg_database WHERE datname LIKE 'pr\\_%' ORDER BY 1")).to.equal(
      "pr_8",
    );
    expect(q("SELECT rolname FROM pg_roles WHERE rolname LIKE 'pr\\_%' ORDER BY 1")).to.equal(
      "pr_8_app",
    );
    expect((await tryAs(A.role, PASSWORD_A, A.database)).error?.code).to.equal("28P01");
    expect(
      (await tryAs(B.role, PASSWORD_B, B.database, "SELECT body FROM notes")).rows,
    ).to.deep.equal([{ body: "written by eight" }]);
    // Dropping again is fine, and changes nothing.
    const before = snapshot();
    await asAdmin((c) => dropPreviewDatabase(c, A));
    expect(snapshot()).to.equal(before);
  });
});
