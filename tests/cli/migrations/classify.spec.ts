/**
 * Statement classification with PostgreSQL's parser (libpg-query): every rule
 * of cli/migrations/rules.ts fires on its statement, and its safe form does not.
 */
import { expect } from "chai";
import { classifyMigration, SqlParseError } from "../../../cli/migrations/classify";

async function rules(sql: string): Promise<string[]> {
  return (await classifyMigration(sql)).findings.map((f) => `${f.severity} ${f.rule}`);
}

describe("migrations: classify", () => {
  it("finds the critical statements with their line and message", async () => {
    const c = await classifyMigration(
      [
        "-- drops",
        "DROP TABLE old_files;",
        "ALTER TABLE files DROP COLUMN etag;",
        "DROP SCHEMA archive CASCADE;",
        "ALTER TABLE files RENAME COLUMN key TO object_key;",
        "ALTER TABLE file_rows RENAME TO rows;",
        "TRUNCATE files;",
      ].join("\n"),
    );
    expect(c.findings.map((f) => [f.severity, f.rule, f.line, f.message])).to.deep.equal([
      ["critical", "drop-table", 2, "DROP TABLE old_files"],
      ["critical", "drop-column", 3, "DROP COLUMN files.etag"],
      [
        "medium",
        "lock-timeout-missing",
        3,
        "ALTER TABLE files locks the existing table files with no SET lock_timeout before it",
      ],
      ["critical", "drop-schema", 4, "DROP SCHEMA archive"],
      ["critical", "rename", 5, "renames column files.key to object_key"],
      ["critical", "rename", 6, "renames table file_rows to rows"],
      ["critical", "truncate", 7, "TRUNCATE files"],
    ]);
    expect(c.touchedTables).to.deep.equal(["file_rows", "files", "old_files"]);
    expect(c.statements).to.equal(6);
  });

  it("finds the high-risk changes on an existing table", async () => {
    expect(
      await rules(
        [
          "SET lock_timeout = '5s';",
          "ALTER TABLE files ALTER COLUMN size_bytes TYPE integer;",
          "ALTER TABLE files ALTER COLUMN version_id SET NOT NULL;",
          "ALTER TABLE files ADD COLUMN token uuid DEFAULT gen_random_uuid();",
          "ALTER TABLE files ADD COLUMN seq bigserial;",
          "ALTER TABLE files ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY;",
          "CREATE INDEX files_status_idx ON files (status);",
          "ALTER TABLE files ADD CONSTRAINT files_size_check CHECK (size_bytes >= 0);",
          "ALTER TABLE file_rows ADD CONSTRAINT file_rows_fk FOREIGN KEY (file_id) REFERENCES files (id);",
          "ALTER TABLE files ADD CONSTRAINT files_etag_unique UNIQUE (etag);",
        ].join("\n"),
      ),
    ).to.deep.equal([
      "low additive",
      "high column-type-change",
      "high set-not-null",
      "high add-column-volatile-default",
      "high add-column-volatile-default",
      "high add-column-volatile-default",
      "high create-index-blocking",
      "high add-constraint-validating",
      "high add-constraint-validating",
      "high add-constraint-validating",
    ]);
  });

  it("names the volatile default in the message", async () => {
    const c = await classifyMigration(
      "SET lock_timeout = '1s';\nALTER TABLE files ADD COLUMN token text DEFAULT md5(random()::text);",
    );
    expect(c.findings[1]?.message).to.equal(
      "ADD COLUMN files.token with the volatile default random() rewrites every row",
    );
  });

  it("passes the safe forms as low (additive)", async () => {
    expect(
      await rules(
        [
          "SET lock_timeout = '5s';",
          "CREATE TABLE notes (id bigint PRIMARY KEY, body text NOT NULL);",
          "CREATE INDEX notes_body_idx ON notes (body);",
          "ALTER TABLE notes ALTER COLUMN body SET NOT NULL;",
          "ALTER TABLE files ADD COLUMN note text;",
          "ALTER TABLE files ADD COLUMN seen_at timestamptz NOT NULL DEFAULT now();",
          "ALTER TABLE files ADD CONSTRAINT files_size_check CHECK (size_bytes >= 0) NOT VALID;",
          "ALTER TABLE files VALIDATE CONSTRAINT files_size_check;",
          "ALTER TABLE files ADD CONSTRAINT files_etag_unique UNIQUE USING INDEX files_etag_idx;",
          "COMMENT ON TABLE notes IS 'notes';",
        ].join("\n"),
      ),
    ).to.deep.equal(Array(10).fill("low additive"));
  });

  it("asks for lock_timeout before a locking statement on an existing table, not on a new one", async () => {
    expect(await rules("ALTER TABLE files ADD COLUMN note text;")).to.deep.equal([
      "low additive",
      "medium lock-timeout-missing",
    ]);
    expect(
      await rules("CREATE TABLE n (id int);\nALTER TABLE n ADD COLUMN note text;"),
    ).to.deep.equal(["low additive", "low additive"]);
  });

  it("flags DROP INDEX without CONCURRENTLY as medium", async () => {
    expect(await rules("DROP INDEX files_created_at_idx;")).to.deep.equal([
      "medium drop-index-blocking",
    ]);
  });

  it("accepts CONCURRENTLY only in a no-transaction migration of exactly one statement", async () => {
    expect(await rules("CREATE INDEX CONCURRENTLY i ON files (status);")).to.deep.equal([
      "high concurrently-in-transaction",
    ]);
    const safe = await classifyMigration(
      "-- migration: no-transaction\nCREATE INDEX CONCURRENTLY i ON files (status);\n",
    );
    expect(safe.noTransaction).to.equal(true);
    expect(safe.findings.map((f) => `${f.severity} ${f.rule} ${f.line}`)).to.deep.equal([
      "low additive 2",
    ]);
    expect(
      await rules(
        "-- migration: no-transaction\nCREATE INDEX CONCURRENTLY i ON files (status);\nDROP INDEX CONCURRENTLY j;",
      ),
    ).to.deep.equal(["low additive", "low additive", "high no-transaction-single-statement"]);
  });

  it("lists statements it has no rule for as medium unclassified", async () => {
    expect(await rules("UPDATE files SET etag = '' WHERE etag IS NULL;")).to.deep.equal([
      "medium unclassified",
    ]);
  });

  it("reports a statement that does not parse with PostgreSQL's message and line", async () => {
    let err: unknown;
    try {
      await classifyMigration("CREATE TABLE a (id int);\nALTER TABLE a ADD COLUM x int;");
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(SqlParseError);
    expect((err as Error).message).to.equal('syntax error at or near "int" at line 2');
  });
});
