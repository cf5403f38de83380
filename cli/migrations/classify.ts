/**
 * Classifies every statement of a migration with PostgreSQL's own parser
 * (libpg-query: the server's grammar compiled to WebAssembly, no install
 * script). Pure apart from loading the parser.
 */
import { parse } from "libpg-query";
import { isNoTransaction } from "../../app/src/migrations/checksum";
import { ruleById, Severity } from "./rules";
import { charIndex, excerpt, isNode, lineOf, names, Node, relname, unwrap, walk } from "./sqlAst";

/** The app runner's own test for the header that applies a migration outside a transaction. */
export { isNoTransaction };

export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  /** 1-based line of the statement in its file. */
  readonly line: number;
  /** The statement, whitespace collapsed, cut at 120 characters. */
  readonly statement: string;
  readonly message: string;
}

export interface Classification {
  readonly findings: readonly Finding[];
  /** Tables the migration names that it did not create itself (lower case, without schema). */
  readonly touchedTables: readonly string[];
  readonly statements: number;
  readonly noTransaction: boolean;
}

/** The SQL could not be parsed; message is PostgreSQL's, with the line. */
export class SqlParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SqlParseError";
  }
}

/**
 * Functions a default must not call on an existing table: each is `provolatile = 'v'` in
 * pg_proc (checked against the real server by tests/integration/migrations). `now()` and
 * `current_timestamp` are stable, so their defaults are instant (PostgreSQL 11+).
 */
export const VOLATILE_FUNCTIONS: readonly string[] = [
  "clock_timestamp",
  "gen_random_uuid",
  "nextval",
  "random",
  "timeofday",
  "uuid_generate_v1",
  "uuid_generate_v4",
];

/** Types that add a sequence default (nextval) to a column. */
const SERIAL_TYPES = new Set([
  "serial",
  "serial4",
  "bigserial",
  "serial8",
  "smallserial",
  "serial2",
]);

interface Raw {
  readonly rule: string;
  readonly message: string;
}

/** Parses and classifies one migration's SQL. Throws SqlParseError when it does not parse. */
export async function classifyMigration(sql: string): Promise<Classification> {
  let tree: { stmts?: { stmt: unknown; stmt_location?: number; stmt_len?: number }[] };
  try {
    tree = (await parse(sql)) as typeof tree;
  } catch (e) {
    const err = e as { message: string; sqlDetails?: { cursorPosition?: number } };
    const pos = err.sqlDetails?.cursorPosition;
    const where =
      pos !== undefined ? ` at line ${sql.slice(0, charIndex(sql, pos)).split("\n").length}` : "";
    throw new SqlParseError(`${err.message}${where}`);
  }
  const noTransaction = isNoTransaction(sql);
  const created = new Set<string>();
  const touched = new Set<string>();
  let lockTimeout = false;
  const findings: Finding[] = [];
  const stmts = tree.stmts ?? [];

  for (const s of stmts) {
    const start = charIndex(sql, s.stmt_location ?? 0);
    const end =
      s.stmt_len !== undefined && s.stmt_len > 0
        ? charIndex(sql, (s.stmt_location ?? 0) + s.stmt_len)
        : sql.length;
    const text = sql.slice(start, end);
    const u = unwrap(s.stmt);
    if (u === undefined) continue;
    const [kind, body] = u;
    const raw: Raw[] = [];
    const existing = (t: string | undefined): boolean => t !== undefined && !created.has(t);
    const touch = (t: string | undefined): void => {
      if (existing(t)) touched.add(t as string);
    };
    const needsLockTimeout = (t: string | undefined, what: string): void => {
      if (existing(t) && !lockTimeout)
        raw.push({
          rule: "lock-timeout-missing",
          message: `${what} locks the existing table ${t} with no SET lock_timeout before it`,
        });
    };

    switch (kind) {
      case "VariableSetStmt":
        if (body.name === "lock_timeout") lockTimeout = true;
        raw.push({ rule: "additive", message: `SET ${String(body.name)}` });
        break;
      case "CreateStmt":
      case "CreateTableAsStmt": {
        const t = relname(body.relation) ?? relname(isNode(body.into) ? body.into.rel : undefined);
        if (t !== undefined) created.add(t);
        raw.push({ rule: "additive", message: `creates table ${t ?? "?"}` });
        break;
      }
      case "IndexStmt": {
        const t = relname(body.relation);
        touch(t);
        const name = typeof body.idxname === "string" ? body.idxname : "(unnamed)";
        if (body.concurrent === true) {
          if (!noTransaction)
            raw.push({
              rule: "concurrently-in-transaction",
              message: `CREATE INDEX CONCURRENTLY ${name} in a migration without the -- migration: no-transaction header`,
            });
          else raw.push({ rule: "additive", message: `builds index ${name} concurrently` });
        } else if (existing(t)) {
          raw.push({
            rule: "create-index-blocking",
            message: `CREATE INDEX ${name} on the existing table ${t} without CONCURRENTLY blocks writes while it builds`,
          });
          needsLockTimeout(t, `CREATE INDEX ${name}`);
        } else raw.push({ rule: "additive", message: `index ${name} on the new table ${t}` });
        break;
      }
      case "DropStmt": {
        const objects = Array.isArray(body.objects) ? body.objects : [];
        const objNames = objects.map((o) => {
          const l = unwrap(o);
          if (l === undefined) return "?";
          if (l[0] === "List") return names(l[1].items).join(".");
          return typeof l[1].sval === "string" ? l[1].sval : "?";
        });
        const list = objNames.join(", ");
        if (body.removeType === "OBJECT_TABLE") {
          for (const n of objNames) touch(n.split(".").at(-1)?.toLowerCase());
          raw.push({ rule: "drop-table", message: `DROP TABLE ${list}` });
        } else if (body.removeType === "OBJECT_SCHEMA") {
          raw.push({ rule: "drop-schema", message: `DROP SCHEMA ${list}` });
        } else if (body.removeType === "OBJECT_INDEX") {
          if (body.concurrent === true) {
            if (!noTransaction)
              raw.push({
                rule: "concurrently-in-transaction",
                message: `DROP INDEX CONCURRENTLY ${list} in a migration without the -- migration: no-transaction header`,
              });
            else raw.push({ rule: "additive", message: `drops index ${list} concurrently` });
          } else {
            raw.push({
              rule: "drop-index-blocking",
              message: `DROP INDEX ${list} without CONCURRENTLY locks its table`,
            });
          }
        } else {
          raw.push({
            rule: "unclassified",
            message: `DROP ${String(body.removeType).replace(/^OBJECT_/, "")} ${list}`,
          });
        }
        break;
      }
      case "RenameStmt": {
        const t = relname(body.relation);
        touch(t);
        const what = String(body.renameType)
          .replace(/^OBJECT_/, "")
          .toLowerCase();
        const from =
          typeof body.subname === "string" ? `${t ?? "?"}.${body.subname}` : (t ?? "object");
        raw.push({
          rule: "rename",
          message: `renames ${what} ${from} to ${String(body.newname)}`,
        });
        break;
      }
      case "TruncateStmt": {
        const rels = (Array.isArray(body.relations) ? body.relations : []).map((r) =>
          relname(unwrap(r)?.[1]),
        );
        rels.forEach(touch);
        raw.push({ rule: "truncate", message: `TRUNCATE ${rels.join(", ")}` });
        break;
      }
      case "AlterTableStmt": {
        const t = relname(body.relation);
        touch(t);
        const isTable = body.objtype === undefined || body.objtype === "OBJECT_TABLE";
        let locking = false;
        for (const c of Array.isArray(body.cmds) ? body.cmds : []) {
          const cmd = unwrap(c)?.[1];
          if (cmd === undefined) continue;
          const col = typeof cmd.name === "string" ? cmd.name : "?";
          locking = true;
          switch (cmd.subtype) {
            case "AT_DropColumn":
              raw.push({ rule: "drop-column", message: `DROP COLUMN ${t}.${col}` });
              break;
            case "AT_AlterColumnType":
              raw.push(
                existing(t)
                  ? {
                      rule: "column-type-change",
                      message: `changes the type of ${t}.${col}: may rewrite the table or fail on existing rows`,
                    }
                  : { rule: "additive", message: `type of ${t}.${col} on a new table` },
              );
              break;
            case "AT_SetNotNull":
              raw.push(
                existing(t)
                  ? {
                      rule: "set-not-null",
                      message: `SET NOT NULL on ${t}.${col} scans the existing table under an ACCESS EXCLUSIVE lock`,
                    }
                  : { rule: "additive", message: `NOT NULL on the new table ${t}` },
              );
              break;
            case "AT_AddColumn": {
              const def = unwrap(cmd.def)?.[1] ?? {};
              const colname = typeof def.colname === "string" ? def.colname : "?";
              const why = volatileDefault(def);
              raw.push(
                why !== undefined && existing(t)
                  ? {
                      rule: "add-column-volatile-default",
                      message: `ADD COLUMN ${t}.${colname} with ${why} rewrites every row`,
                    }
                  : { rule: "additive", message: `adds column ${t}.${colname}` },
              );
              break;
            }
            case "AT_AddConstraint": {
              const con = unwrap(cmd.def)?.[1] ?? {};
              const name = typeof con.conname === "string" ? con.conname : "(unnamed)";
              const type = String(con.contype).replace(/^CONSTR_/, "");
              const safe =
                ((con.contype === "CONSTR_CHECK" || con.contype === "CONSTR_FOREIGN") &&
                  con.skip_validation === true) ||
                ((con.contype === "CONSTR_PRIMARY" || con.contype === "CONSTR_UNIQUE") &&
                  typeof con.indexname === "string");
              raw.push(
                !safe && existing(t)
                  ? {
                      rule: "add-constraint-validating",
                      message: `ADD CONSTRAINT ${name} (${type}) on the existing table ${t} ${
                        con.contype === "CONSTR_PRIMARY" || con.contype === "CONSTR_UNIQUE"
                          ? "builds its index while writes are blocked (use USING INDEX)"
                          : "checks every row while writes are blocked (use NOT VALID)"
                      }`,
                    }
                  : { rule: "additive", message: `adds constraint ${name} (${type})` },
              );
              break;
            }
            case "AT_ValidateConstraint":
              locking = false;
              raw.push({ rule: "additive", message: `validates constraint ${col}` });
              break;
            case "AT_DropConstraint":
            case "AT_DropNotNull":
            case "AT_ColumnDefault":
              raw.push({
                rule: "additive",
                message: `${String(cmd.subtype).replace(/^AT_/, "")} on ${t}.${col}`,
              });
              break;
            default:
              raw.push({
                rule: "unclassified",
                message: `ALTER TABLE ${t} ${String(cmd.subtype).replace(/^AT_/, "")}`,
              });
          }
        }
        if (locking && isTable) needsLockTimeout(t, `ALTER TABLE ${t}`);
        break;
      }
      case "CreateTrigStmt": {
        const t = relname(body.relation);
        touch(t);
        needsLockTimeout(t, `CREATE TRIGGER ${String(body.trigname)}`);
        raw.push({ rule: "additive", message: `creates trigger ${String(body.trigname)}` });
        break;
      }
      case "CommentStmt":
      case "ViewStmt":
      case "CreateFunctionStmt":
      case "CreateSeqStmt":
      case "CreateEnumStmt":
      case "CompositeTypeStmt":
      case "CreateSchemaStmt":
      case "CreateExtensionStmt":
      case "CreateDomainStmt":
      case "GrantStmt":
        raw.push({ rule: "additive", message: kind.replace(/Stmt$/, "") });
        break;
      default:
        raw.push({ rule: "unclassified", message: `${kind.replace(/Stmt$/, "")} statement` });
    }

    const line = lineOf(sql, start);
    for (const r of raw) {
      const rule = ruleById(r.rule);
      if (rule === undefined) throw new Error(`unknown rule ${r.rule}`);
      findings.push({
        rule: r.rule,
        severity: rule.severity,
        line,
        statement: excerpt(text),
        message: r.message,
      });
    }
  }

  if (noTransaction && stmts.length !== 1) {
    findings.push({
      rule: "no-transaction-single-statement",
      severity: "high",
      line: 1,
      statement: "-- migration: no-transaction",
      message: `a no-transaction migration must hold exactly one statement, this one has ${stmts.length}`,
    });
  }
  return {
    findings,
    touchedTables: [...touched].sort(),
    statements: stmts.length,
    noTransaction,
  };
}

/** Why a column definition's default rewrites the table, or undefined when it does not. */
function volatileDefault(def: Node): string | undefined {
  const typeNames = names(isNode(def.typeName) ? def.typeName.names : undefined);
  const type = typeNames.at(-1)?.toLowerCase();
  if (type !== undefined && SERIAL_TYPES.has(type)) return `the ${type} type (a nextval default)`;
  for (const c of Array.isArray(def.constraints) ? def.constraints : []) {
    const con = unwrap(c)?.[1];
    if (con === undefined) continue;
    if (con.contype === "CONSTR_IDENTITY") return "an identity (a nextval default)";
    if (con.contype === "CONSTR_GENERATED") return "a stored generated expression";
    if (con.contype === "CONSTR_DEFAULT") {
      let found: string | undefined;
      walk(con.raw_expr, (kind, body) => {
        if (kind !== "FuncCall" || found !== undefined) return;
        const fn = names(body.funcname).at(-1)?.toLowerCase();
        if (fn !== undefined && VOLATILE_FUNCTIONS.includes(fn))
          found = `the volatile default ${fn}()`;
      });
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
