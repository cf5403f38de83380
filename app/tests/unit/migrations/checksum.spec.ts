import { expect } from "chai";
import {
  checkManifest,
  isNoTransaction,
  MigrationError,
  MigrationFile,
  orderMigrationFiles,
  planMigrations,
  sha256,
  updateManifest,
} from "../../../src/migrations/checksum";

const file = (name: string, sql: string): MigrationFile => ({ name, sql, sha256: sha256(sql) });
const m1 = file("0001_create_files.sql", "CREATE TABLE files ();");
const m2 = file("0002_create_rows.sql", "CREATE TABLE rows ();");
const m3 = file("0003_add_index.sql", "CREATE INDEX i ON rows (x);");

describe("migrations/checksum", () => {
  it("applies a migration outside a transaction only when its first line is the no-transaction header", () => {
    expect(
      isNoTransaction("-- migration: no-transaction\nCREATE INDEX CONCURRENTLY i ON t (x);"),
    ).to.equal(true);
    expect(isNoTransaction("--migration:no-transaction  \nSELECT 1;")).to.equal(true);
    expect(isNoTransaction("SELECT 1;\n-- migration: no-transaction")).to.equal(false);
    expect(isNoTransaction("-- migration: no-transactions\nSELECT 1;")).to.equal(false);
  });

  it("hashes exact bytes with sha256", () => {
    expect(sha256("abc")).to.equal(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    expect(sha256("abc\n")).not.to.equal(sha256("abc"));
  });

  it("orders files by name and rejects bad names and duplicate numbers", () => {
    expect(orderMigrationFiles([m3, m1, m2]).map((f) => f.name)).to.deep.equal([
      m1.name,
      m2.name,
      m3.name,
    ]);
    expect(() => orderMigrationFiles([file("1_init.sql", "")])).to.throw(
      MigrationError,
      "migration file 1_init.sql: expected a name like 0001_create_files.sql (four digits, _, a-z0-9_, .sql)",
    );
    expect(() => orderMigrationFiles([m1, file("0001_other.sql", "")])).to.throw(
      MigrationError,
      "migration files 0001_create_files.sql and 0001_other.sql share the number 0001",
    );
  });

  it("plans every file on an empty database, and only new ones later", () => {
    expect(planMigrations([m2, m1], []).map((f) => f.name)).to.deep.equal([m1.name, m2.name]);
    expect(planMigrations([m1, m2, m3], [m1, m2]).map((f) => f.name)).to.deep.equal([m3.name]);
    expect(planMigrations([m1, m2], [m1, m2])).to.deep.equal([]);
  });

  it("fails naming the file when an applied migration was edited", () => {
    const edited = file(m1.name, "CREATE TABLE files (id int);");
    expect(() => planMigrations([edited, m2], [m1])).to.throw(
      MigrationError,
      `migration 0001_create_files.sql was edited after it was applied (applied sha256 ${m1.sha256}, file sha256 ${edited.sha256}): revert the edit and add a new migration instead`,
    );
  });

  it("fails when an applied migration's file is gone", () => {
    expect(() => planMigrations([m2], [m1, m2])).to.throw(
      MigrationError,
      "migration 0001_create_files.sql is recorded as applied but its file is missing: restore it (applied migrations are never deleted)",
    );
  });

  it("fails when a new file sorts before the last applied one", () => {
    expect(() => planMigrations([m1, m2, m3], [m1, m3])).to.throw(
      MigrationError,
      "migration 0002_create_rows.sql sorts before the already applied 0003_add_index.sql: renumber it after 0003_add_index.sql",
    );
  });

  it("checks a manifest against the files", () => {
    const manifest = {
      [m1.name]: m1.sha256,
      [m2.name]: "0".repeat(64),
      "0009_gone.sql": m3.sha256,
    };
    expect(checkManifest(manifest, [m1, m2, m3])).to.deep.equal([
      `0002_create_rows.sql changed (checksums.json has ${"0".repeat(64)}, the file has ${m2.sha256}): migrations are immutable, add a new one`,
      "0009_gone.sql is listed in checksums.json but the file is missing",
      "0003_add_index.sql is not listed in checksums.json: run npm run migrations:manifest -w app",
    ]);
    expect(checkManifest({ [m1.name]: m1.sha256 }, [m1])).to.deep.equal([]);
  });

  it("adds new files to the manifest but refuses to rewrite a changed one", () => {
    expect(updateManifest({ [m1.name]: m1.sha256 }, [m2, m1])).to.deep.equal({
      [m1.name]: m1.sha256,
      [m2.name]: m2.sha256,
    });
    expect(() => updateManifest({ [m1.name]: "f".repeat(64) }, [m1])).to.throw(
      MigrationError,
      "0001_create_files.sql changed",
    );
  });
});
