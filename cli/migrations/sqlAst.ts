/**
 * Reading libpg-query's JSON parse tree (PostgreSQL's own `{ Kind: {...} }`
 * nodes) and mapping its byte offsets back to the migration's text.
 */
/** A node of libpg-query's JSON parse tree. */
export type Node = Record<string, unknown>;

export const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null;

/** The only key of a `{ Kind: {...} }` wrapper and its body. */
export function unwrap(n: unknown): [string, Node] | undefined {
  if (!isNode(n)) return undefined;
  const keys = Object.keys(n);
  if (keys.length !== 1) return undefined;
  const body = n[keys[0] as string];
  return isNode(body) ? [keys[0] as string, body] : undefined;
}

export function relname(v: unknown): string | undefined {
  return isNode(v) && typeof v.relname === "string" ? v.relname.toLowerCase() : undefined;
}

/** Every FuncCall name and TypeName anywhere under `n`. */
export function walk(n: unknown, visit: (kind: string, body: Node) => void): void {
  if (Array.isArray(n)) {
    for (const x of n) walk(x, visit);
    return;
  }
  if (!isNode(n)) return;
  for (const [k, v] of Object.entries(n)) {
    if (isNode(v) && !Array.isArray(v) && /^[A-Z]/.test(k)) visit(k, v);
    walk(v, visit);
  }
}

export function names(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((x) => {
    const u = unwrap(x);
    return u !== undefined && typeof u[1].sval === "string" ? u[1].sval : "";
  });
}

/** Line (1-based) of the first character of the statement after whitespace and comments. */
export function lineOf(sql: string, from: number): number {
  let i = from;
  for (;;) {
    while (i < sql.length && /\s/.test(sql[i] as string)) i++;
    if (sql.startsWith("--", i)) {
      const nl = sql.indexOf("\n", i);
      i = nl === -1 ? sql.length : nl + 1;
    } else if (sql.startsWith("/*", i)) {
      const end = sql.indexOf("*/", i);
      i = end === -1 ? sql.length : end + 2;
    } else break;
  }
  return sql.slice(0, i).split("\n").length;
}

export function excerpt(text: string): string {
  const lines = text
    .split("\n")
    .map((l) => l.replace(/--.*$/, ""))
    .join(" ");
  const flat = lines
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}

/** Byte offsets from libpg-query are UTF-8; convert to a JS string index. */
export function charIndex(sql: string, byteOffset: number): number {
  return Buffer.from(sql, "utf8").subarray(0, byteOffset).toString("utf8").length;
}
