import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  loadOrCompileValidator,
  VALIDATOR_CACHE_DIR,
  validatorCacheFile,
} from "../../../cli/check/config";
import { PROJECT_DIR } from "../../support/mockRun";

describe("cli/check/config: compiled policy-config validators kept between runs", () => {
  const schema = {
    type: "object",
    properties: { maxDays: { type: "integer", minimum: 1 }, environment: { type: "string" } },
    required: ["maxDays"],
  };
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "validators-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("keeps them in dist/.validators of the project, whether run from source or compiled", () => {
    expect(VALIDATOR_CACHE_DIR).to.equal(path.join(PROJECT_DIR, "dist", ".validators"));
  });

  it("compiles a schema once, writes ajv's standalone module, and loads that module the next time", () => {
    const file = validatorCacheFile(JSON.stringify(schema), dir);
    expect(path.dirname(file)).to.equal(dir);
    expect(path.basename(file)).to.match(/^[0-9a-f]{32}\.js$/);
    expect(fs.existsSync(file)).to.equal(false);

    const compiled = loadOrCompileValidator(schema, dir);
    expect(fs.readdirSync(dir)).to.deep.equal([path.basename(file)]);
    const loaded = loadOrCompileValidator(schema, dir);
    expect(loaded).not.to.equal(compiled);
    // The module itself, not a compile: its source is ajv's standalone code.
    expect(fs.readFileSync(file, "utf8")).to.match(/^"use strict";module\.exports = validate\d+;/);
    expect(loaded.toString()).to.match(/^function validate\d+\(data/);

    for (const v of [compiled, loaded]) {
      expect(v({ maxDays: 3, environment: "prod" })).to.equal(true);
      expect(v({ maxDays: 0 })).to.equal(false);
      expect(v.errors?.[0]).to.include({ instancePath: "/maxDays", message: "must be >= 1" });
      expect(v({})).to.equal(false);
      expect(v.errors?.[0]?.message).to.equal("must have required property 'maxDays'");
    }
  });

  it("names each distinct schema differently, so a changed schema never loads a stale validator", () => {
    const other = { ...schema, required: [] };
    expect(validatorCacheFile(JSON.stringify(schema), dir)).not.to.equal(
      validatorCacheFile(JSON.stringify(other), dir),
    );
  });

  it("compiles again when the kept module is unreadable, and replaces it", () => {
    const file = validatorCacheFile(JSON.stringify(schema), dir);
    fs.writeFileSync(file, "this is not JavaScript {");
    const v = loadOrCompileValidator(schema, dir);
    expect(v({ maxDays: 0 })).to.equal(false);
    expect(fs.readFileSync(file, "utf8")).to.include("maxDays");
    expect(fs.readdirSync(dir)).to.deep.equal([path.basename(file)]); // no temporary file left
  });
});
