/**
 * Backup and restore of the dev database, and the drill that proves a
 * backup restores: a manifest of every table (row count and an md5 of its
 * rows in a stable order) before the backup must equal the manifest after
 * the restore.
 *
 * PostgreSQL's own tools do the work (`pg_dump --format=custom`,
 * `pg_restore --clean --if-exists`). Where they run is a `PgTools`: inside
 * the dev stack's database container (`docker exec`, the password read from
 * the container's own secret file, never put on a command line), or against
 * any reachable server (the integration test's real PostgreSQL).
 */
import { spawn } from "node:child_process";

/** Runs one PostgreSQL client tool (`pg_dump`, `pg_restore`, `psql`) with arguments and standard input. */
export type PgTools = (
  tool: "pg_dump" | "pg_restore" | "psql",
  args: readonly string[],
  stdin?: Buffer,
) => Promise<Buffer>;

/** Row count and checksum of each table, by `schema.table`. */
export type Manifest = Readonly<Record<string, { readonly rows: number; readonly md5: string }>>;

/** SQL listing every user table with its row count and the md5 of its rows (in text form, sorted). */
export function manifestQuery(tables: readonly string[]): string {
  if (tables.length === 0) return "SELECT NULL WHERE false";
  return tables
    .map((t) => {
      const [schema, table] = t.split(".");
      const ident = `${quoteIdent(schema)}.${quoteIdent(table)}`;
      return `SELECT ${quoteLiteral(t)}, count(*), coalesce(md5(string_agg(r::text, E'\\n' ORDER BY r::text)), '') FROM ${ident} r`;
    })
    .join(" UNION ALL ");
}

/** The user tables of the database (not PostgreSQL's own). */
export const TABLES_QUERY =
  "SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1";

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** psql's arguments for a query whose rows come back unaligned, tab-separated, without headers. */
function psqlQuery(sql: string): string[] {
  return ["--no-psqlrc", "--set=ON_ERROR_STOP=1", "-A", "-t", "-F", "\t", "-c", sql];
}

export async function readManifest(pg: PgTools): Promise<Manifest> {
  const tables = (await pg("psql", psqlQuery(TABLES_QUERY)))
    .toString("utf8")
    .split("\n")
    .filter((l) => l !== "");
  const out: Record<string, { rows: number; md5: string }> = {};
  const lines = (await pg("psql", psqlQuery(manifestQuery(tables)))).toString("utf8").split("\n");
  for (const line of lines.filter((l) => l !== "")) {
    const [table, rows, md5] = line.split("\t");
    out[table] = { rows: Number(rows), md5 };
  }
  return out;
}

/** Every difference between two manifests, one line each (empty when they are equal). */
export function compareManifests(before: Manifest, after: Manifest): string[] {
  const problems: string[] = [];
  for (const t of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    const b = before[t];
    const a = after[t];
    if (a === undefined) problems.push(`${t}: missing after the restore`);
    else if (b === undefined) problems.push(`${t}: not in the backup's source`);
    else if (a.rows !== b.rows) problems.push(`${t}: ${b.rows} rows before, ${a.rows} after`);
    else if (a.md5 !== b.md5) problems.push(`${t}: same row count, different content`);
  }
  return problems;
}

/** A custom-format dump of the whole database (schema and data, no owners or privileges). */
export function dump(pg: PgTools): Promise<Buffer> {
  return pg("pg_dump", ["--format=custom", "--no-owner", "--no-privileges"]);
}

/** Restores a dump over the database, replacing what it holds; stops at the first error. */
export async function restore(pg: PgTools, backup: Buffer): Promise<void> {
  await pg(
    "pg_restore",
    [
      "--clean",
      "--if-exists",
      "--no-owner",
      "--no-privileges",
      "--exit-on-error",
      "--single-transaction",
    ],
    backup,
  );
}

/** The role and database every tool connects as and to, then the tool's own arguments. */
function connectionArgs(
  o: { readonly user: string; readonly database: string },
  args: readonly string[],
): string[] {
  return ["--username", o.user, "--dbname", o.database, ...args];
}

/**
 * `PgTools` inside the dev stack's database container: `docker exec -i
 * <container> sh -c '…'`, the password read from the container's secret file
 * into PGPASSWORD inside the container, so it appears on no command line.
 */
export function dockerPgTools(o: {
  readonly container: string;
  readonly user: string;
  readonly database: string;
  readonly passwordFile: string;
  readonly docker?: string;
}): PgTools {
  for (const [name, value] of Object.entries(o)) {
    if (value !== undefined && !/^[A-Za-z0-9_./-]+$/.test(value)) {
      throw new Error(
        `dockerPgTools: ${name} must be a plain name or path, got ${JSON.stringify(value)}`,
      );
    }
  }
  return (tool, args, stdin) =>
    run(
      tool,
      o.docker ?? "docker",
      [
        "exec",
        "-i",
        o.container,
        "sh",
        "-c",
        `PGPASSWORD="$(cat ${o.passwordFile})" exec "$0" "$@"`,
        tool,
        ...connectionArgs(o, args),
      ],
      stdin,
    );
}

/** `PgTools` against a reachable server, with the tools from `binDir`. */
export function localPgTools(o: {
  readonly binDir: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}): PgTools {
  return (tool, args, stdin) =>
    run(
      tool,
      `${o.binDir}/${tool}`,
      ["--host", o.host, "--port", String(o.port), ...connectionArgs(o, args)],
      stdin,
      { PGPASSWORD: o.password, PGSSLMODE: "disable" },
    );
}

export function run(
  tool: string,
  command: string,
  args: readonly string[],
  stdin?: Buffer,
  env?: Record<string, string>,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // No input: no pipe, so a tool that exits without reading (psql -c) never meets a closed one.
    const options = { env: { ...process.env, ...env } };
    const child =
      stdin === undefined
        ? spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] })
        : spawn(command, args, { ...options, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else {
        const first = Buffer.concat(err).toString("utf8").trim().split("\n")[0] ?? "";
        reject(new Error(`${tool} exited ${code}: ${first}`));
      }
    });
    if (child.stdin !== null) {
      // A tool that exits before reading all of its input closes the pipe (EPIPE): its exit
      // code, reported on "close", is the answer, not an uncaught error.
      child.stdin.on("error", (e: NodeJS.ErrnoException) => {
        if (e.code !== "EPIPE") reject(e);
      });
      child.stdin.end(stdin);
    }
  });
}
