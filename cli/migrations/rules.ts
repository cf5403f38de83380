/**
 * The rules `platform migrations check` applies to each new SQL migration.
 * docs/migrations.md is generated from this table (`npm run migrations:docs`);
 * a test fails when the two disagree.
 */

export type Severity = "critical" | "high" | "medium" | "low";

/** Critical and high findings fail the check unless an escape allows them. */
export const FAILING: ReadonlySet<Severity> = new Set(["critical", "high"]);

export interface MigrationRule {
  readonly id: string;
  readonly severity: Severity;
  /** What the rule catches (one sentence). */
  readonly catches: string;
  /** How to make the migration safe instead. */
  readonly fix: string;
}

/** Every statement rule, in the order the docs list them. */
export const RULES: readonly MigrationRule[] = [
  {
    id: "drop-table",
    severity: "critical",
    catches:
      "`DROP TABLE`: the table and every row in it are gone, and code still reading it fails.",
    fix: "Stop reading and writing the table in one release, keep a backup, and drop it in a later migration with an escape that names the ticket.",
  },
  {
    id: "drop-column",
    severity: "critical",
    catches:
      "`ALTER TABLE … DROP COLUMN`: the column's data is lost and running code that selects it fails.",
    fix: "Deploy code that no longer uses the column first; drop it in a later migration with an escape.",
  },
  {
    id: "drop-schema",
    severity: "critical",
    catches: "`DROP SCHEMA`: every object in the schema (with CASCADE) is gone.",
    fix: "Move what is still used out of the schema first; drop it with an escape.",
  },
  {
    id: "rename",
    severity: "critical",
    catches:
      "`ALTER … RENAME` of a table, column, constraint or other object: code deployed before the migration uses the old name and fails.",
    fix: "Expand and contract: add the new column or table, write both, backfill, switch readers, then drop the old one later.",
  },
  {
    id: "truncate",
    severity: "critical",
    catches: "`TRUNCATE`: every row of the table is deleted, under an ACCESS EXCLUSIVE lock.",
    fix: "Delete the rows you mean to delete with a bounded `DELETE … WHERE`, or escape it if the table is disposable.",
  },
  {
    id: "column-type-change",
    severity: "high",
    catches:
      "`ALTER COLUMN … TYPE`: most type changes rewrite the whole table under an ACCESS EXCLUSIVE lock, and a narrowing change fails on existing values.",
    fix: "Add a new column of the new type, backfill it in batches, switch the code, then drop the old column. A binary-coercible change (e.g. `varchar(n)` → `text`) does not rewrite: escape it with that reason.",
  },
  {
    id: "set-not-null",
    severity: "high",
    catches:
      "`ALTER COLUMN … SET NOT NULL` on an existing table: a full scan under an ACCESS EXCLUSIVE lock, and the migration fails if a row is NULL.",
    fix: "Add `CHECK (col IS NOT NULL) NOT VALID`, `VALIDATE CONSTRAINT` it in a later migration, then `SET NOT NULL` (PostgreSQL 12+ skips the scan when a valid check proves it).",
  },
  {
    id: "add-column-volatile-default",
    severity: "high",
    catches:
      "`ADD COLUMN` with a volatile default (`random()`, `gen_random_uuid()`, `clock_timestamp()`, `nextval`, a serial or identity column) or a stored generated column on an existing table: PostgreSQL rewrites every row under an ACCESS EXCLUSIVE lock. A constant or stable default (`now()`) is instant since PostgreSQL 11.",
    fix: "Add the column without a default (or with a constant one), backfill it in batches, then set the default for new rows.",
  },
  {
    id: "create-index-blocking",
    severity: "high",
    catches:
      "`CREATE INDEX` without `CONCURRENTLY` on a table that existed before the migration: writes to the table block until the index is built.",
    fix: "`CREATE INDEX CONCURRENTLY` in a migration of its own that starts with `-- migration: no-transaction` (CONCURRENTLY cannot run inside a transaction).",
  },
  {
    id: "add-constraint-validating",
    severity: "high",
    catches:
      "`ADD CONSTRAINT` (CHECK or FOREIGN KEY without `NOT VALID`, or UNIQUE/PRIMARY KEY without `USING INDEX`) on an existing table: every row is checked, or an index built, while writes are blocked.",
    fix: "Add CHECK and FOREIGN KEY constraints `NOT VALID` and `VALIDATE CONSTRAINT` them in a later migration; for UNIQUE or PRIMARY KEY build the index `CONCURRENTLY` first and add the constraint `USING INDEX`.",
  },
  {
    id: "concurrently-in-transaction",
    severity: "high",
    catches:
      "`CREATE/DROP INDEX CONCURRENTLY` in a migration without the `-- migration: no-transaction` header: PostgreSQL refuses CONCURRENTLY inside the transaction the runner wraps each migration in.",
    fix: "Put the statement alone in its own migration whose first line is `-- migration: no-transaction`.",
  },
  {
    id: "no-transaction-single-statement",
    severity: "high",
    catches:
      "A `-- migration: no-transaction` migration with more or fewer than one statement: without a transaction a failure halfway leaves the schema half-changed.",
    fix: "Keep exactly one statement in each no-transaction migration.",
  },
  {
    id: "lock-timeout-missing",
    severity: "medium",
    catches:
      "A statement that takes a strong lock on an existing table (ALTER TABLE, non-concurrent index changes, DROP, TRUNCATE, triggers) with no `SET lock_timeout` before it: waiting behind a long query, it queues every other query on the table behind itself.",
    fix: "Start the migration with `SET lock_timeout = '5s';` (the runner's transaction keeps it local to the migration) and retry the deploy if it times out.",
  },
  {
    id: "drop-index-blocking",
    severity: "medium",
    catches:
      "`DROP INDEX` without `CONCURRENTLY`: an ACCESS EXCLUSIVE lock on the index's table while it is dropped.",
    fix: "`DROP INDEX CONCURRENTLY` alone in a `-- migration: no-transaction` migration.",
  },
  {
    id: "unclassified",
    severity: "medium",
    catches:
      "A statement this check has no rule for (e.g. `UPDATE`, `DELETE`, `ALTER TYPE`): it is listed for a reviewer to judge.",
    fix: "Make sure it is bounded and safe on a large table; nothing to do when it is.",
  },
  {
    id: "additive",
    severity: "low",
    catches:
      "Purely additive changes: `CREATE TABLE`, `CREATE INDEX` on a table created in the same migration or `CONCURRENTLY`, `ADD COLUMN` without a volatile default, `NOT VALID` constraints, `VALIDATE CONSTRAINT`, comments, settings, new views, functions, types and sequences.",
    fix: "Nothing: these are safe.",
  },
];

/** The check's own findings (not statement rules): they always fail and cannot be escaped. */
export const CHECKS: readonly {
  readonly id: string;
  readonly catches: string;
  readonly fix: string;
}[] = [
  {
    id: "immutable",
    catches:
      "A migration that is on the base branch was edited or deleted (applied databases record its sha256 and refuse to start).",
    fix: "Revert the edit and add a new migration with the change.",
  },
  {
    id: "numbering",
    catches:
      "Migration files not named `NNNN_name.sql`, numbered with a gap or a duplicate, or a new file numbered before a base migration.",
    fix: "Number the new migration one past the highest existing number.",
  },
  {
    id: "down-missing",
    catches:
      "A migration without a down file `app/migrations/down/NNNN_name.sql`, or a down file without its migration.",
    fix: "Write the down file that undoes the migration.",
  },
  {
    id: "snapshot",
    catches:
      "`app/schema.sql` differs from the schema the migrations produce: a migration without a snapshot update (“schema snapshot out of date”) or a snapshot edit without a migration (“migration required”).",
    fix: "Run `npx platform migrations snapshot` after adding a migration; never edit app/schema.sql by hand.",
  },
  {
    id: "rollback",
    catches:
      "A down migration that does not restore the schema from before its migration, or an up that does not give the same schema again after its down.",
    fix: "Make the down file undo exactly what the up did (drop what it created, re-create what it dropped).",
  },
  {
    id: "escape",
    catches:
      "An escape comment without a reason, without an expiry or past its expiry, for an unknown rule, or for a check that cannot be escaped.",
    fix: 'Give every escape `reason="…"` and a future `expires=YYYY-MM-DD`, or remove it and make the migration safe.',
  },
  {
    id: "sql",
    catches: "A migration or down file the PostgreSQL parser or server rejects.",
    fix: "Fix the SQL; the message has PostgreSQL's error.",
  },
];

export function ruleById(id: string): MigrationRule | undefined {
  return RULES.find((r) => r.id === id);
}
