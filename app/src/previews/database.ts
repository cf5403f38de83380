/**
 * A preview's own database and login role in the shared preview PostgreSQL
 * instance: created and dropped by the small in-VPC function each preview
 * invokes (CI runners cannot reach the isolated subnets). Pure: the SQL and
 * the order it runs in, over any client that can run a query.
 *
 * What a preview's role may do: log in, connect to its own database (which it
 * owns, so its migrations can create tables there) and nothing else. No other
 * database accepts it: CONNECT is revoked from PUBLIC on each preview
 * database, on the admin database and on the instance's own `postgres` and
 * `template1`, and the function checks that no database but the preview's own
 * is left open to PUBLIC or to the role (it refuses to go on otherwise). The
 * role cannot create databases or roles, and it is not a member of any role.
 * Every step is idempotent: running `ensure` or `drop` twice gives the same
 * result as once.
 *
 * Why the function can close `postgres` and `template1` on RDS (sources read 2026-11-30):
 * - Only a database's owner (or a superuser) can revoke PUBLIC's default CONNECT and
 *   TEMPORARY on it; another role holding any right there (PUBLIC's CONNECT is one) gets a
 *   WARNING "no privileges could be revoked" and nothing changes
 *   (https://www.postgresql.org/docs/current/sql-revoke.html, Notes;
 *   https://www.postgresql.org/docs/current/ddl-priv.html; reproduced on Debian's
 *   PostgreSQL 15 by app/tests/integration/previews/database.spec.ts).
 * - The RDS master user is no superuser: `CREATE ROLE postgres WITH LOGIN NOSUPERUSER INHERIT
 *   CREATEDB CREATEROLE NOREPLICATION VALID UNTIL 'infinity'`, a member of rds_superuser
 *   (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.PostgreSQL.CommonDBATasks.Roles.rds_superuser.html;
 *   whatever name it is given:
 *   https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.PostgreSQL.CommonDBATasks.Roles.html).
 * - It owns `postgres` and `template1`; `template0` and `rdsadmin` belong to `rdsadmin`, and
 *   `rdsadmin` is closed to PUBLIC. AWS states no owner in words; this is what `\l` shows on
 *   RDS, e.g. github.com/prayagupa/rdb db/pg/README.md at commit
 *   094c7527e97bc2a036b193decef02ad5d08a0b8d (RDS for PostgreSQL 11.4, master user `postgres`:
 *   `postgres | postgres` with the default ACL, `template1 | postgres | =c/postgres
 *   postgres=CTc/postgres`, `rdsadmin | rdsadmin | rdsadmin=CTc/rdsadmin`). If an instance
 *   differs, the checks below stop the function with the databases' names instead of leaving
 *   them open.
 * - The owner keeps CONNECT (its own `CTc` entry), so the master user still reaches both.
 * - `CREATE DATABASE` still copies `template1` without CONNECT on it: a template
 *   (`datistemplate`) may be cloned by any role with CREATEDB, and the copy gets the default
 *   database privileges, not the template's
 *   (https://www.postgresql.org/docs/current/manage-ag-templatedbs.html).
 * - GRANT and REVOKE rewrite the database's catalog row even when nothing changes, so two
 *   previews deployed at once could fail with "tuple concurrently updated"
 *   (https://github.com/cyrilgdn/terraform-provider-postgresql/issues/178); the revoke holds
 *   a transaction-scoped advisory lock, so runs take turns.
 */

/** What a query needs from a client (`pg`'s Client and Pool fit). */
export interface SqlClient {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** One preview's database and role. */
export interface PreviewDatabase {
  /** The database, `pr_<N>`. */
  readonly database: string;
  /** Its login role, `pr_<N>_app`. */
  readonly role: string;
}

/**
 * The databases RDS for PostgreSQL creates that accept connections and that its master user
 * owns; open to PUBLIC until the function closes them.
 */
export const INSTANCE_DATABASES = ["postgres", "template1"] as const;

/**
 * The advisory lock (one bigint key, any session of the instance) the function holds while it
 * revokes PUBLIC's rights on the shared databases, so concurrent runs take turns.
 */
export const SHARED_ACL_LOCK = 7_201_700_017;

/** The largest PR number a preview's names are derived for (the program's naming has the same bound). */
export const MAX_PULL_REQUEST = 10_000_000;

/** The database and role of pull request `pr`: `pr_7`, `pr_7_app`. */
export function previewDatabase(pr: number): PreviewDatabase {
  if (!Number.isInteger(pr) || pr < 1 || pr > MAX_PULL_REQUEST) {
    throw new Error(
      `the pull request number must be an integer from 1 to ${MAX_PULL_REQUEST}, got ${pr}`,
    );
  }
  return { database: `pr_${pr}`, role: `pr_${pr}_app` };
}

const IDENT = /^pr_[1-9][0-9]{0,7}(_app)?$/;
/** Passwords the program generates: letters and digits only (random.RandomPassword, special: false). */
const PASSWORD = /^[A-Za-z0-9]{16,128}$/;

/** A quoted identifier, refused unless it is one of the names previewDatabase derives. */
function ident(name: string): string {
  if (!IDENT.test(name))
    throw new Error(`not a preview database or role name: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** The admin database the function connects to, quoted (any ordinary identifier). */
function adminIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new Error(`not an admin database name: ${JSON.stringify(name)}`);
  }
  return `"${name}"`;
}

/**
 * The statement that closes the databases every preview shares (the admin database,
 * `postgres`, `template1`) to PUBLIC, one run at a time. Only their owner can; the check
 * of `openDatabases` tells whether it did.
 */
export function closeSharedStatement(adminDatabase: string): string {
  const names = [...new Set([adminDatabase, ...INSTANCE_DATABASES])].map(adminIdent).join(", ");
  return `DO $$ BEGIN
  PERFORM pg_catalog.pg_advisory_xact_lock(${SHARED_ACL_LOCK});
  REVOKE CONNECT, TEMPORARY ON DATABASE ${names} FROM PUBLIC;
END $$`;
}

/**
 * The statements that create (or repair) a preview's role and database, in
 * order. `CREATE DATABASE` cannot run in a transaction or a DO block, so the
 * caller runs it only when `databaseExists` says the database is missing.
 */
export function ensureStatements(
  p: PreviewDatabase,
  password: string,
  adminDatabase: string,
): { close: string; role: string[]; createDatabase: string; database: string[] } {
  if (!PASSWORD.test(password)) {
    throw new Error("the preview role's password must be 16–128 letters and digits");
  }
  const role = ident(p.role);
  const db = ident(p.database);
  // INHERIT: the role is a member of no role, but it reaches its own database's public schema
  // through the implicit pg_database_owner membership (PostgreSQL 15+), which NOINHERIT would cut.
  const attrs = "LOGIN NOCREATEDB NOCREATEROLE INHERIT CONNECTION LIMIT 20";
  // Only a superuser may even restate SUPERUSER, REPLICATION or BYPASSRLS (an ALTER by the RDS
  // master user fails), so they are said once, at creation; nobody but a superuser can set them.
  const createOnly = "NOSUPERUSER NOREPLICATION NOBYPASSRLS";
  return {
    close: closeSharedStatement(adminDatabase),
    role: [
      // The password is letters and digits only (checked above), so the literal needs no escaping.
      `DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '${p.role}') THEN
    CREATE ROLE ${role} ${attrs} ${createOnly} PASSWORD '${password}';
  ELSE
    ALTER ROLE ${role} ${attrs} PASSWORD '${password}';
  END IF;
END $$`,
      // PostgreSQL 16 lets a CREATEROLE user (the RDS master user) create a database owned by
      // another role only when it may SET ROLE to it; membership gives it that, and nothing to the role.
      `GRANT ${role} TO CURRENT_USER`,
    ],
    // A new database gets PUBLIC's default CONNECT; it accepts no connection at all until that
    // is revoked, so no other role can open a session in it meanwhile (and keep it afterwards).
    // ALLOW_CONNECTIONS: https://www.postgresql.org/docs/current/sql-createdatabase.html (read
    // 2026-11-30); without it the concurrent test saw other previews' roles able to connect.
    createDatabase: `CREATE DATABASE ${db} OWNER ${role} ALLOW_CONNECTIONS false`,
    database: [
      `ALTER DATABASE ${db} OWNER TO ${role}`,
      `REVOKE ALL ON DATABASE ${db} FROM PUBLIC`,
      `GRANT CONNECT, TEMPORARY ON DATABASE ${db} TO ${role}`,
      `ALTER DATABASE ${db} ALLOW_CONNECTIONS true`,
    ],
  };
}

/** The databases that accept connections from `grantee` (a role or `public`), but for `except`. */
export const OPEN_DATABASES_SQL =
  "SELECT datname FROM pg_catalog.pg_database WHERE datallowconn AND datname <> $2 AND pg_catalog.has_database_privilege($1, oid, 'CONNECT') ORDER BY datname";

/** Names the databases `grantee` (a role, or `public` for every role) may connect to, but for `except`. */
export async function openDatabases(
  client: SqlClient,
  grantee: string,
  except = "",
): Promise<string[]> {
  const r = await client.query(OPEN_DATABASES_SQL, [grantee, except]);
  return r.rows.map((row) => String(row.datname));
}

/** The function would leave a preview's role a way into a database that is not its own. */
export class PreviewIsolationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PreviewIsolationError";
  }
}

/** The statements that drop a preview's database (closing its sessions) and role. */
export function dropStatements(p: PreviewDatabase): string[] {
  return [
    `DROP DATABASE IF EXISTS ${ident(p.database)} WITH (FORCE)`,
    `DROP ROLE IF EXISTS ${ident(p.role)}`,
  ];
}

/** Does the database exist? */
export async function databaseExists(client: SqlClient, database: string): Promise<boolean> {
  const r = await client.query("SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1", [
    database,
  ]);
  return r.rows.length > 0;
}

/**
 * Creates the preview's role and database, or brings an existing pair back to
 * exactly the grants above (a second run changes nothing but the password).
 * `client` is connected to `adminDatabase` as the instance's admin user.
 *
 * Before it creates anything it closes the shared databases and checks that no database is
 * left open to PUBLIC; after, that the role reaches no database but its own. Either check
 * failing throws a PreviewIsolationError naming the databases (before: nothing created).
 */
export async function ensurePreviewDatabase(
  client: SqlClient,
  p: PreviewDatabase,
  password: string,
  adminDatabase: string,
): Promise<void> {
  const s = ensureStatements(p, password, adminDatabase);
  await client.query(s.close);
  const open = await openDatabases(client, "public");
  if (open.length > 0) {
    throw new PreviewIsolationError(
      `database(s) ${open.join(", ")} still accept every role (CONNECT granted to PUBLIC), and the admin user could not revoke it: only a database's owner can (on RDS the master user owns postgres and template1); nothing was created for ${p.database}`,
    );
  }
  for (const sql of s.role) await client.query(sql);
  if (!(await databaseExists(client, p.database))) await client.query(s.createDatabase);
  for (const sql of s.database) await client.query(sql);
  const reach = await openDatabases(client, p.role, p.database);
  if (reach.length > 0) {
    throw new PreviewIsolationError(
      `the role ${p.role} can connect to database(s) ${reach.join(", ")} besides ${p.database} (CONNECT granted to it or to a role it belongs to): revoke it there`,
    );
  }
}

/** Drops the preview's database and role; nothing else is touched, and a missing pair is fine. */
export async function dropPreviewDatabase(client: SqlClient, p: PreviewDatabase): Promise<void> {
  for (const sql of dropStatements(p)) await client.query(sql);
}
