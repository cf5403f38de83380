/**
 * A preview's own database and login role in the shared preview PostgreSQL
 * instance: created and dropped by the small in-VPC function each preview
 * invokes (CI runners cannot reach the isolated subnets). Pure: the SQL and
 * the order it runs in, over any client that can run a query.
 *
 * What a preview's role may do: log in, connect to its own database (which it
 * owns, so its migrations can create tables there) and nothing else — no other
 * database accepts it (CONNECT is revoked from PUBLIC on each preview database
 * and on the admin database), it cannot create databases or roles, and it is
 * not a member of any role. Every step is idempotent: running `ensure` or
 * `drop` twice gives the same result as once.
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
 * The statements that create (or repair) a preview's role and database, in
 * order. `CREATE DATABASE` cannot run in a transaction or a DO block, so the
 * caller runs it only when `databaseExists` says the database is missing.
 */
export function ensureStatements(
  p: PreviewDatabase,
  password: string,
  adminDatabase: string,
): { role: string[]; createDatabase: string; database: string[] } {
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
      `REVOKE CONNECT, TEMPORARY ON DATABASE ${adminIdent(adminDatabase)} FROM PUBLIC`,
    ],
    createDatabase: `CREATE DATABASE ${db} OWNER ${role}`,
    database: [
      `ALTER DATABASE ${db} OWNER TO ${role}`,
      `REVOKE ALL ON DATABASE ${db} FROM PUBLIC`,
      `GRANT CONNECT, TEMPORARY ON DATABASE ${db} TO ${role}`,
    ],
  };
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
 */
export async function ensurePreviewDatabase(
  client: SqlClient,
  p: PreviewDatabase,
  password: string,
  adminDatabase: string,
): Promise<void> {
  const s = ensureStatements(p, password, adminDatabase);
  for (const sql of s.role) await client.query(sql);
  if (!(await databaseExists(client, p.database))) await client.query(s.createDatabase);
  for (const sql of s.database) await client.query(sql);
}

/** Drops the preview's database and role; nothing else is touched, and a missing pair is fine. */
export async function dropPreviewDatabase(client: SqlClient, p: PreviewDatabase): Promise<void> {
  for (const sql of dropStatements(p)) await client.query(sql);
}
