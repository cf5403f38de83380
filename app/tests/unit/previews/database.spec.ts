import { expect } from "chai";
import {
  closeSharedStatement,
  dropStatements,
  ensurePreviewDatabase,
  ensureStatements,
  OPEN_DATABASES_SQL,
  previewDatabase,
  SqlClient,
} from "../../../src/previews/database";
import { previewCacheAccessString, previewCacheUser } from "../../../src/previews/cache";

describe("a preview's database and role (pure)", () => {
  it("derives the names from the pull request number, and refuses anything else", () => {
    expect(previewDatabase(7)).to.deep.equal({ database: "pr_7", role: "pr_7_app" });
    expect(previewDatabase(10_000_000)).to.deep.equal({
      database: "pr_10000000",
      role: "pr_10000000_app",
    });
    for (const bad of [0, -1, 1.5, 10_000_001, Number.NaN]) {
      expect(() => previewDatabase(bad)).to.throw(
        `the pull request number must be an integer from 1 to 10000000, got ${bad}`,
      );
      expect(() => previewCacheUser(bad)).to.throw(
        `the pull request number must be an integer from 1 to 10000000, got ${bad}`,
      );
    }
  });

  it("writes the exact statements, the password only in the role's", () => {
    const s = ensureStatements(previewDatabase(7), "Passw0rdPassw0rd", "previews");
    expect(s.close).to.equal(`DO $$ BEGIN
  PERFORM pg_catalog.pg_advisory_xact_lock(7201700017);
  REVOKE CONNECT, TEMPORARY ON DATABASE "previews", "postgres", "template1" FROM PUBLIC;
END $$`);
    expect(s.role).to.have.length(2);
    expect(s.role[1]).to.equal('GRANT "pr_7_app" TO CURRENT_USER');
    expect(s.role[0]).to.contain(
      `CREATE ROLE "pr_7_app" LOGIN NOCREATEDB NOCREATEROLE INHERIT CONNECTION LIMIT 20 NOSUPERUSER NOREPLICATION NOBYPASSRLS PASSWORD 'Passw0rdPassw0rd';`,
    );
    expect(s.role[0]).to.contain(
      `ALTER ROLE "pr_7_app" LOGIN NOCREATEDB NOCREATEROLE INHERIT CONNECTION LIMIT 20 PASSWORD 'Passw0rdPassw0rd';`,
    );
    expect(s.createDatabase).to.equal(
      'CREATE DATABASE "pr_7" OWNER "pr_7_app" ALLOW_CONNECTIONS false',
    );
    expect(s.database).to.deep.equal([
      'ALTER DATABASE "pr_7" OWNER TO "pr_7_app"',
      'REVOKE ALL ON DATABASE "pr_7" FROM PUBLIC',
      'GRANT CONNECT, TEMPORARY ON DATABASE "pr_7" TO "pr_7_app"',
      'ALTER DATABASE "pr_7" ALLOW_CONNECTIONS true',
    ]);
    expect(dropStatements(previewDatabase(7))).to.deep.equal([
      'DROP DATABASE IF EXISTS "pr_7" WITH (FORCE)',
      'DROP ROLE IF EXISTS "pr_7_app"',
    ]);
  });

  it("names each shared database once when the admin database is one of the instance's own", () => {
    expect(closeSharedStatement("postgres")).to.contain(
      'REVOKE CONNECT, TEMPORARY ON DATABASE "postgres", "template1" FROM PUBLIC;',
    );
  });

  it("refuses a password or a name that would need quoting", () => {
    expect(() => ensureStatements(previewDatabase(7), "short", "postgres")).to.throw(
      "the preview role's password must be 16–128 letters and digits",
    );
    expect(() =>
      ensureStatements(previewDatabase(7), "x'; DROP ROLE postgres; --aaaa", "postgres"),
    ).to.throw("the preview role's password must be 16–128 letters and digits");
    expect(() =>
      ensureStatements(
        { database: 'pr_7"; DROP', role: "pr_7_app" },
        "Passw0rdPassw0rd",
        "postgres",
      ),
    ).to.throw('not a preview database or role name: "pr_7\\"; DROP"');
    expect(() => ensureStatements(previewDatabase(7), "Passw0rdPassw0rd", "Bad-Name")).to.throw(
      'not an admin database name: "Bad-Name"',
    );
    expect(() => closeSharedStatement('x"; DROP DATABASE y; --')).to.throw(
      'not an admin database name: "x\\"; DROP DATABASE y; --"',
    );
  });

  it("creates the database only when it is missing", async () => {
    const seen: string[] = [];
    const client = (exists: boolean): SqlClient => ({
      query: async (sql) => {
        seen.push(sql.split("\n")[0] ?? sql);
        return {
          rows: sql.startsWith("SELECT 1 FROM pg_catalog.pg_database") && exists ? [{}] : [],
        };
      },
    });
    await ensurePreviewDatabase(client(true), previewDatabase(7), "Passw0rdPassw0rd", "postgres");
    expect(seen.filter((s) => s.startsWith("CREATE DATABASE"))).to.deep.equal([]);
    seen.length = 0;
    await ensurePreviewDatabase(client(false), previewDatabase(7), "Passw0rdPassw0rd", "postgres");
    expect(seen.filter((s) => s.startsWith("CREATE DATABASE"))).to.deep.equal([
      'CREATE DATABASE "pr_7" OWNER "pr_7_app" ALLOW_CONNECTIONS false',
    ]);
  });

  it("checks for open databases before creating anything and after, and names them", async () => {
    /** A client whose `has_database_privilege` query finds `open[grantee]`; records the statements. */
    const fake = (open: Record<string, string[]>) => {
      const seen: string[] = [];
      const client: SqlClient = {
        query: async (sql, params) => {
          seen.push(sql.split("\n")[0] ?? sql);
          if (sql === OPEN_DATABASES_SQL) {
            return { rows: (open[String(params?.[0])] ?? []).map((datname) => ({ datname })) };
          }
          return { rows: [] };
        },
      };
      return { client, seen };
    };
    const fails = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: Error) => `${e.name}: ${e.message}`,
      );
    const pr = previewDatabase(7);

    const closed = fake({});
    expect(
      await fails(ensurePreviewDatabase(closed.client, pr, "Passw0rdPassw0rd", "previews")),
    ).to.equal(undefined);
    expect(closed.seen.filter((s) => s === OPEN_DATABASES_SQL)).to.have.length(2);

    const publicOpen = fake({ public: ["postgres", "template1"] });
    expect(
      await fails(ensurePreviewDatabase(publicOpen.client, pr, "Passw0rdPassw0rd", "previews")),
    ).to.equal(
      "PreviewIsolationError: database(s) postgres, template1 still accept every role (CONNECT granted to PUBLIC), and the admin user could not revoke it: only a database's owner can (on RDS the master user owns postgres and template1); nothing was created for pr_7",
    );
    expect(publicOpen.seen).to.deep.equal(["DO $$ BEGIN", OPEN_DATABASES_SQL]);

    const roleOpen = fake({ pr_7_app: ["staging"] });
    expect(
      await fails(ensurePreviewDatabase(roleOpen.client, pr, "Passw0rdPassw0rd", "previews")),
    ).to.equal(
      "PreviewIsolationError: the role pr_7_app can connect to database(s) staging besides pr_7 (CONNECT granted to it or to a role it belongs to): revoke it there",
    );
  });

  it("gives the cache user exactly its own prefix", () => {
    expect(previewCacheAccessString(42)).to.equal(
      "on ~pr-42:* -@all +@read +@write +@connection -@dangerous -scan -randomkey -dbsize -function",
    );
  });
});
