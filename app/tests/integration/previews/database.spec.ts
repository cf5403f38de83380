/**
 * The preview database function's SQL (src/previews/database.ts) on a real
 * PostgreSQL (Debian's package), run as an admin role with the rights of the
 * RDS master user (CREATEDB, CREATEROLE, not a superuser) that, as on RDS, owns
 * the cluster's `postgres` and `template1`: two previews get their own
 * database and role; neither can connect to the other's database, the admin
 * database, `postgres` or `template1`, read the other's tables, or create
 * databases and roles; the admin still connects to all three; dropping one
 * leaves the other intact; running it twice changes nothing; concurrent runs
 * take turns; a database the admin cannot close stops it before it creates
 * anything. What RDS itself adds (rds_superuser, rdsadmin, its own hooks) is
 * not reproduced here.
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
  /** The shared databases' owners and ACLs before the function first ran. */
  let initialAcls = "";
  const SHARED_ACLS =
    "SELECT datname, pg_get_userbyid(datdba), datacl FROM pg_database WHERE datname IN ('postgres', 'template1', 'previews') ORDER BY 1";

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
      "SELECT datname, pg_get_userbyid(datdba), datallowconn, datacl FROM pg_database WHERE datname LIKE 'pr\\_%' OR datname IN ('previews', 'postgres', 'template1') ORDER BY 1; " +
        "SELECT rolname, rolsuper, rolcreatedb, rolcreaterole, rolinherit, rolreplication, rolbypassrls, rolcanlogin, rolconnlimit FROM pg_roles WHERE rolname LIKE 'pr\\_%' ORDER BY 1; " +
        "SELECT r.rolname, m.rolname FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member WHERE r.rolname LIKE 'pr\\_%' OR m.rolname LIKE 'pr\\_%' ORDER BY 1, 2",
    );
  }

  before(async () => {
    pg = await startPostgres();
    // The RDS master user: creates databases and roles, is no superuser, owns the admin database
    // and, as on RDS, the instance's `postgres` and `template1` (open to PUBLIC until the function runs).
    pg.psql(
      `CREATE ROLE ${ADMIN} LOGIN NOSUPERUSER CREATEDB CREATEROLE PASSWORD '${ADMIN_PASSWORD}'`,
    );
    pg.psql(`CREATE DATABASE ${ADMIN_DB} OWNER ${ADMIN}`);
    pg.psql(
      `ALTER DATABASE postgres OWNER TO ${ADMIN}; ALTER DATABASE template1 OWNER TO ${ADMIN}`,
    );
    initialAcls = q(SHARED_ACLS);
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
        "SELECT datname, pg_get_userbyid(datdba), datallowconn, datacl FROM pg_database WHERE datname LIKE 'pr\\_%' ORDER BY 1",
      ),
    ).to.equal("pr_7|pr_7_app|t|{pr_7_app=CTc/pr_7_app}\npr_8|pr_8_app|t|{pr_8_app=CTc/pr_8_app}");
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

  it("refuses both roles on the instance's postgres and template1, which the admin owns", async () => {
    for (const [p, pw] of [
      [A, PASSWORD_A],
      [B, PASSWORD_B],
    ] as const) {
      for (const db of ["postgres", "template1"]) {
        expect(await tryAs(p.role, pw, db)).to.deep.equal({
          error: { code: "42501", message: `permission denied for database "${db}"` },
        });
      }
    }
  });

  it("leaves the admin, their owner, its way into postgres, template1 and the admin database", async () => {
    // Before: the defaults (postgres's ACL empty; initdb leaves PUBLIC CONNECT on template1).
    expect(initialAcls).to.equal(
      "postgres|previews_admin|\npreviews|previews_admin|\ntemplate1|previews_admin|{=c/previews_admin,previews_admin=CTc/previews_admin}",
    );
    // After: PUBLIC has nothing there, the owner keeps CONNECT, TEMPORARY and CREATE.
    expect(q(SHARED_ACLS)).to.equal(
      "postgres|previews_admin|{previews_admin=CTc/previews_admin}\npreviews|previews_admin|{previews_admin=CTc/previews_admin}\ntemplate1|previews_admin|{previews_admin=CTc/previews_admin}",
    );
    for (const db of ["postgres", "template1", ADMIN_DB]) {
      expect(
        await tryAs(ADMIN, ADMIN_PASSWORD, db, "SELECT current_database() AS db"),
      ).to.deep.equal({ rows: [{ db }] });
    }
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
  it("lets concurrent runs take turns on the shared databases' grants (six previews at once)", async () => {
    // GRANT and REVOKE rewrite a database's catalog row even when nothing changes; without the
    // advisory lock two sessions revoking on `postgres` at once fail with "tuple concurrently
    // updated" (here: in 5 of 7 runs of this spec with the lock taken out; timing-dependent).
    // Without ALLOW_CONNECTIONS false, the other roles' check caught each new database open to
    // PUBLIC between its CREATE and its REVOKE.
    const prs = [11, 12, 13, 14, 15, 16].map((n) => previewDatabase(n));
    const password = (n: number) => `Concurrent${n}Passw0rd0123`;
    // Six admin sessions, all logged in before any starts, each creating (then four times repairing)
    // its preview at the same moment as the others.
    const sessions = await Promise.all(prs.map(() => connect(ADMIN, ADMIN_PASSWORD, ADMIN_DB)));
    const failures: string[] = [];
    try {
      for (let round = 0; round < 5; round++) {
        const results = await Promise.allSettled(
          prs.map((p, i) => ensurePreviewDatabase(sessions[i]!, p, password(11 + i), ADMIN_DB)),
        );
        for (const r of results) if (r.status === "rejected") failures.push(String(r.reason));
      }
    } finally {
      await Promise.all(sessions.map((c) => c.end()));
    }
    expect(failures).to.deep.equal([]);
    expect(
      q(
        "SELECT datname, pg_get_userbyid(datdba) FROM pg_database WHERE datname ~ '^pr_1[1-6]$' ORDER BY 1",
      ),
    ).to.equal(prs.map((p) => `${p.database}|${p.role}`).join("\n"));
    // The new databases were copied from template1, now closed to PUBLIC, and are each closed too.
    expect(await tryAs(prs[0]!.role, password(11), prs[1]!.database)).to.deep.equal({
      error: { code: "42501", message: 'permission denied for database "pr_12"' },
    });
    await Promise.all(prs.map((p) => asAdmin((c) => dropPreviewDatabase(c, p))));
    expect(q("SELECT datname FROM pg_database WHERE datname LIKE 'pr\\_%' ORDER BY 1")).to.equal(
      "pr_8",
    );
  });

  it("stops before it creates anything when a database it cannot close is open to PUBLIC", async () => {
    // A database the admin does not own (here the superuser's) keeps PUBLIC's default CONNECT:
    // the admin's REVOKE there only warns, so the function checks and refuses.
    pg.psql("CREATE DATABASE elsewhere");
    try {
      const before = snapshot();
      const err = await asAdmin((c) =>
        ensurePreviewDatabase(c, previewDatabase(9), "PrNinePassword0123456789abc", ADMIN_DB).then(
          () => undefined,
          (e: Error) => `${e.name}: ${e.message}`,
        ),
      );
      expect(err).to.equal(
        "PreviewIsolationError: database(s) elsewhere still accept every role (CONNECT granted to PUBLIC), and the admin user could not revoke it: only a database's owner can (on RDS the master user owns postgres and template1); nothing was created for pr_9",
      );
      expect(snapshot()).to.equal(before);
      expect(q("SELECT count(*) FROM pg_roles WHERE rolname = 'pr_9_app'")).to.equal("0");
    } finally {
      pg.psql("DROP DATABASE elsewhere");
    }
  });
});
