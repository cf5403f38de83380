import { expect } from "chai";
import { MigrationTree } from "../../../cli/migrations/files";
import { checkFiles, newMigrations } from "../../../cli/migrations/immutability";

function tree(
  ups: Record<string, string>,
  downs: readonly string[] = Object.keys(ups),
): MigrationTree {
  return {
    ups: new Map(Object.entries(ups)),
    downs: new Map(downs.map((n) => [n, "SELECT 1;"])),
  };
}

const BASE = tree({ "0001_a.sql": "CREATE TABLE a ();", "0002_b.sql": "CREATE TABLE b ();" });

describe("migrations: immutability and numbering", () => {
  it("passes when new migrations are appended in order with their down files", () => {
    const head = tree({
      "0001_a.sql": "CREATE TABLE a ();",
      "0002_b.sql": "CREATE TABLE b ();",
      "0003_c.sql": "CREATE TABLE c ();",
    });
    expect(checkFiles(BASE, head)).to.deep.equal([]);
    expect(newMigrations(BASE, head)).to.deep.equal(["0003_c.sql"]);
  });

  it("fails an edited and a deleted base migration, naming each file", () => {
    const head = tree({ "0001_a.sql": "CREATE TABLE a (id int);" }, ["0001_a.sql"]);
    expect(checkFiles(BASE, head).map((p) => p.message)).to.deep.equal([
      "app/migrations/0001_a.sql was edited: migrations on the base branch are immutable (revert it and add a new migration)",
      "app/migrations/0002_b.sql was deleted: migrations on the base branch are immutable (restore it)",
    ]);
  });

  it("fails a gap, a duplicate number, a bad name and a new file numbered before the base", () => {
    const head = tree({
      "0001_a.sql": "CREATE TABLE a ();",
      "0002_b.sql": "CREATE TABLE b ();",
      "0002_again.sql": "SELECT 1;",
      "0005_late.sql": "SELECT 1;",
      "7_bad.sql": "SELECT 1;",
    });
    expect(checkFiles(BASE, head).map((p) => [p.check, p.message])).to.deep.equal([
      [
        "numbering",
        "app/migrations/0002_b.sql and app/migrations/0002_again.sql share the number 0002",
      ],
      [
        "numbering",
        "app/migrations/7_bad.sql: expected a name like 0003_add_column.sql (four digits, _, a-z0-9_, .sql)",
      ],
      [
        "numbering",
        "app/migrations/0005_late.sql is number 5 but the previous number is 2: number migrations 0001, 0002, … without gaps",
      ],
      [
        "numbering",
        "app/migrations/0002_again.sql is new but sorts before app/migrations/0002_b.sql from the base branch: number it after it",
      ],
    ]);
  });

  it("fails a migration without a down file and a down file without a migration", () => {
    const head = tree({ "0001_a.sql": "CREATE TABLE a ();", "0002_b.sql": "CREATE TABLE b ();" }, [
      "0001_a.sql",
      "0003_c.sql",
    ]);
    expect(checkFiles(BASE, head).map((p) => [p.check, p.message])).to.deep.equal([
      [
        "down-missing",
        "app/migrations/0002_b.sql has no down file: add app/migrations/down/0002_b.sql",
      ],
      ["down-missing", "app/migrations/down/0003_c.sql has no migration app/migrations/0003_c.sql"],
    ]);
  });
});
