/**
 * Seeding a throw-away database for the migrations check: the public tables
 * in foreign-key order, generated rows that satisfy each column's type,
 * NOT NULL, foreign keys and the CHECKs it can satisfy, and the row counts
 * before and after a migration.
 */
import { Client } from "pg";

interface ColumnInfo {
  name: string;
  type: string;
  category: string;
  typtype: string;
  notnull: boolean;
  identity: string;
  generated: string;
  fk_table: string | null;
  fk_column: string | null;
}

/** Public tables (quoted names), parents before the tables that reference them. */
export async function tablesInFkOrder(c: Client): Promise<string[]> {
  const tables = (
    await c.query<{ name: string; parents: string[] | null }>(
      `SELECT format('%I.%I', n.nspname, cl.relname) AS name,
              array_remove(array_agg(DISTINCT CASE WHEN p.oid IS NOT NULL THEN format('%I.%I', pn.nspname, p.relname) END), NULL) AS parents
         FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace
         LEFT JOIN pg_constraint k ON k.conrelid = cl.oid AND k.contype = 'f' AND k.confrelid <> cl.oid
         LEFT JOIN pg_class p ON p.oid = k.confrelid LEFT JOIN pg_namespace pn ON pn.oid = p.relnamespace
        WHERE cl.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg_toast%' AND cl.relname <> 'schema_migrations'
        GROUP BY 1 ORDER BY 1`,
    )
  ).rows;
  const out: string[] = [];
  const placed = new Set<string>();
  const byName = new Map(tables.map((t) => [t.name, t.parents ?? []]));
  const visit = (name: string, path: Set<string>): void => {
    if (placed.has(name) || path.has(name) || !byName.has(name)) return;
    path.add(name);
    for (const p of byName.get(name) ?? []) visit(p, path);
    placed.add(name);
    out.push(name);
  };
  for (const t of tables) visit(t.name, new Set());
  return out;
}

/** The tables `names` (unqualified, lower case) and every table they reference, parents first. */
export async function withParents(c: Client, names: readonly string[]): Promise<string[]> {
  const order = await tablesInFkOrder(c);
  const parents = new Map<string, string[]>();
  for (const t of order) {
    const r = await c.query<{ p: string }>(
      `SELECT DISTINCT k.confrelid::regclass::text AS p FROM pg_constraint k
        WHERE k.conrelid = $1::regclass AND k.contype = 'f' AND k.confrelid <> k.conrelid`,
      [t],
    );
    parents.set(
      t,
      r.rows.map((x) => (x.p.includes(".") ? x.p : `public.${x.p}`)),
    );
  }
  const wanted = new Set<string>();
  const add = (t: string): void => {
    if (wanted.has(t)) return;
    wanted.add(t);
    for (const p of parents.get(t) ?? []) add(p);
  };
  for (const t of order) {
    const bare = t.split(".").at(-1)?.replace(/^"|"$/g, "").toLowerCase();
    if (bare !== undefined && names.includes(bare)) add(t);
  }
  return order.filter((t) => wanted.has(t));
}

/**
 * The expression generating a column's value from row number `g.i`, or undefined when
 * this check cannot make one up (then the column gets NULL, or the table is not seeded).
 */
function valueExpr(col: ColumnInfo, checks: readonly string[], offset: number): string | undefined {
  const v = `(${offset} + g.i)`;
  const escaped = col.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  for (const def of checks) {
    const m = new RegExp(`\\(?"?${escaped}"?\\)? = ANY \\(ARRAY\\['((?:[^']|'')*)'`).exec(def);
    if (m !== null) return `${`'${m[1]}'`}::${col.type}`;
  }
  if (col.typtype === "e") return `(enum_range(NULL::${col.type}))[1]`;
  if (col.category === "A") return `'{}'::${col.type}`;
  const base = col.type.replace(/\(.*$/, "");
  switch (base) {
    case "smallint":
      return `((g.i % 30000) + 2)::smallint`;
    case "integer":
    case "bigint":
    case "numeric":
    case "real":
    case "double precision":
      return `${v}::${col.type}`;
    case "text":
    case "character varying":
    case "character":
    case "citext":
      return `('s' || ${v})::${col.type}`;
    case "boolean":
      return "(g.i % 2 = 0)";
    case "timestamp with time zone":
    case "timestamp without time zone":
    case "date":
      return `(now() - g.i * interval '1 second')::${col.type}`;
    case "time without time zone":
      return `'12:00'::time`;
    case "interval":
      return "make_interval(secs => g.i)";
    case "uuid":
      return "gen_random_uuid()";
    case "json":
    case "jsonb":
      return `'{}'::${col.type}`;
    case "bytea":
      return `'\\x00'::bytea`;
    case "inet":
    case "cidr":
      return `'127.0.0.1'::${col.type}`;
    default:
      return undefined;
  }
}

/** Values of one seeding round never reach the next round's (so --rows stays below it). */
export const ROUND_STRIDE = 1_000_000;

export interface SeedResult {
  readonly table: string;
  readonly rows: number;
  /** Why the table could not be seeded, when it could not. */
  readonly error?: string;
}

/**
 * Inserts `rows` generated rows into each of `tables` (parents first), with
 * values unique per round (`round`) so repeated seeding never collides and
 * foreign keys point at the parent rows of the same round. Tries every
 * column filled first, then NULL in the nullable columns a CHECK mentions,
 * then NULL in every nullable column.
 */
export async function seedTables(
  c: Client,
  tables: readonly string[],
  rows: number,
  round: number,
): Promise<SeedResult[]> {
  const offset = round * ROUND_STRIDE;
  const results: SeedResult[] = [];
  const exprs = new Map<string, Map<string, string>>();
  for (const table of tables) {
    const cols = (
      await c.query<ColumnInfo>(
        `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, t.typcategory AS category,
                t.typtype, a.attnotnull AS notnull, a.attidentity AS identity, a.attgenerated AS generated,
                (SELECT k.confrelid::regclass::text FROM pg_constraint k
                  WHERE k.conrelid = a.attrelid AND k.contype = 'f' AND a.attnum = ANY (k.conkey) LIMIT 1) AS fk_table,
                (SELECT pa.attname FROM pg_constraint k JOIN pg_attribute pa ON pa.attrelid = k.confrelid
                    AND pa.attnum = k.confkey[array_position(k.conkey, a.attnum)]
                  WHERE k.conrelid = a.attrelid AND k.contype = 'f' AND a.attnum = ANY (k.conkey) LIMIT 1) AS fk_column
           FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
          WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
        [table],
      )
    ).rows;
    const checks = (
      await c.query<{ def: string }>(
        "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'c'",
        [table],
      )
    ).rows.map((r) => r.def);
    const mine = new Map<string, string>();
    const inACheck = (name: string) =>
      checks.some((d) =>
        new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`).test(d),
      );
    /** all: every column; unchecked: nullable columns no CHECK mentions; required: NOT NULL only. */
    const attempt = async (mode: "all" | "unchecked" | "required"): Promise<string | undefined> => {
      const fillNullable = (col: ColumnInfo) =>
        mode === "all" || (mode === "unchecked" && !inACheck(col.name));
      const names: string[] = [];
      const values: string[] = [];
      mine.clear();
      for (const col of cols) {
        if (col.generated !== "") continue;
        let e: string | undefined;
        if (col.fk_table !== null && col.fk_column !== null) {
          const parent = exprs.get(
            col.fk_table.includes(".") ? col.fk_table : `public.${col.fk_table}`,
          );
          e = parent?.get(col.fk_column);
        } else if (col.notnull || fillNullable(col)) e = valueExpr(col, checks, offset);
        if (e === undefined) {
          if (col.notnull && col.identity === "")
            return `no value for the NOT NULL column ${col.name} (${col.type})`;
          continue;
        }
        names.push(`"${col.name.replace(/"/g, '""')}"`);
        values.push(e);
        mine.set(col.name, e);
      }
      const insert = (n: number) =>
        `INSERT INTO ${table} (${names.join(", ")}) OVERRIDING SYSTEM VALUE SELECT ${values.join(", ")} FROM generate_series(1, ${n}) AS g(i)`;
      try {
        // One row first, rolled back: a failing form costs one row, not all of them.
        await c.query("BEGIN");
        try {
          await c.query(insert(1));
        } finally {
          await c.query("ROLLBACK");
        }
        await c.query(insert(rows));
        return undefined;
      } catch (e) {
        mine.clear();
        return (e as Error).message;
      }
    };
    let error = await attempt("all");
    if (error !== undefined) error = await attempt("unchecked");
    if (error !== undefined) error = await attempt("required");
    if (error === undefined) exprs.set(table, mine);
    results.push({
      table,
      rows: error === undefined ? rows : 0,
      ...(error !== undefined ? { error } : {}),
    });
  }
  return results;
}

/** Row count and non-NULL count per column of every table: what a down could lose. */
export async function dataCounts(c: Client): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>();
  for (const table of await tablesInFkOrder(c)) {
    const cols = (
      await c.query<{ name: string }>(
        "SELECT attname AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
        [table],
      )
    ).rows.map((r) => r.name);
    const q = (n: string) => `"${n.replace(/"/g, '""')}"`;
    const r = await c.query<Record<string, string>>(
      `SELECT count(*) AS "*rows", ${cols.map((n, i) => `count(${q(n)}) AS c${i}`).join(", ")} FROM ${table}`,
    );
    const row = r.rows[0] ?? {};
    const m = new Map<string, number>([["*rows", Number(row["*rows"])]]);
    cols.forEach((n, i) => m.set(n, Number(row[`c${i}`])));
    out.set(table, m);
  }
  return out;
}
