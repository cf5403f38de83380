import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkManifest } from "../../../src/migrations/checksum";
import { readMigrationFiles } from "../../../src/migrations/files";

/**
 * Guards the committed migrations: an applied migration must never change. If this fails
 * because you edited a migration, revert it and add a new one; if you added a migration,
 * run `npm run migrations:manifest -w app` and commit app/migrations/checksums.json.
 */
describe("app/migrations/checksums.json", () => {
  const dir = join(__dirname, "..", "..", "..", "migrations");
  const manifest = JSON.parse(readFileSync(join(dir, "checksums.json"), "utf8")) as Record<
    string,
    string
  >;
  const files = readMigrationFiles(dir);

  it("lists every migration file", () => {
    expect(files.map((f) => f.name).filter((n) => !(n in manifest))).to.deep.equal([]);
  });

  it("matches the content of every listed file", () => {
    expect(checkManifest(manifest, files)).to.deep.equal([]);
  });

  it("reads only the up migrations: the down files under down/ are never applied as ups", () => {
    expect(files.map((f) => f.name)).to.deep.equal([
      "0001_create_files.sql",
      "0002_create_file_rows.sql",
    ]);
    expect(readMigrationFiles(join(dir, "down")).map((f) => f.name)).to.deep.equal([
      "0001_create_files.sql",
      "0002_create_file_rows.sql",
    ]);
  });

  it("lists the migrations in order, starting at 0001", () => {
    expect(Object.keys(manifest)).to.deep.equal([
      "0001_create_files.sql",
      "0002_create_file_rows.sql",
    ]);
  });
});
