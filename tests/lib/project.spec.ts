/** lib/project.ts: the project folder from the sources and from their compiled copy. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { projectRoot } from "../../lib/project";

describe("lib/project: projectRoot", () => {
  it("finds the folder holding Pulumi.yaml above a source or a compiled module", () => {
    const repo = path.resolve(__dirname, "..", "..");
    expect(projectRoot(path.join(repo, "config", "keys"))).to.equal(repo);
    // The compiled CLI runs dist/config/keys/stack.js: counting ".." from there gave dist/.
    expect(projectRoot(path.join(repo, "dist", "config", "keys"))).to.equal(repo);
  });

  it("falls back to the folder it started from when no Pulumi.yaml is above it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-no-project-"));
    try {
      expect(projectRoot(dir)).to.equal(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
