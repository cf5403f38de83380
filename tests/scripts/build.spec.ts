/** scripts/build.js: the compiled copy the platform command runs. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { build } = require("../../scripts/build.js") as {
  build: (root: string, opts?: { clean?: boolean }) => number;
};

describe("scripts/build.js", () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "platform-build-"));
    fs.mkdirSync(path.join(root, "lib", "tests"), { recursive: true });
    fs.writeFileSync(
      path.join(root, "lib", "limits.ts"),
      'import data from "./limits.json";\nexport const max: number = data.max;\n',
    );
    fs.writeFileSync(path.join(root, "lib", "limits.json"), '{ "max": 63 }\n');
    fs.writeFileSync(path.join(root, "lib", "tests", "skip.spec.ts"), "export {};\n");
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  // The pack's dated data (policy-pack/data/*.json) is imported by compiled modules: without the
  // copy, `platform check` failed with "Cannot find module './cloudwatch-metrics.json'".
  it("compiles the TypeScript and copies the JSON it imports, skipping tests", () => {
    expect(build(root)).to.equal(2);
    expect(fs.readFileSync(path.join(root, "dist", "lib", "limits.json"), "utf8")).to.equal(
      '{ "max": 63 }\n',
    );
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const compiled = require(path.join(root, "dist", "lib", "limits.js")) as { max: number };
    expect(compiled.max).to.equal(63);
    expect(fs.existsSync(path.join(root, "dist", "lib", "tests"))).to.equal(false);
  });

  it("rebuilds only what changed, JSON included", () => {
    build(root);
    expect(build(root)).to.equal(0);
    fs.writeFileSync(path.join(root, "lib", "limits.json"), '{ "max": 128 }\n');
    expect(build(root)).to.equal(1);
    expect(fs.readFileSync(path.join(root, "dist", "lib", "limits.json"), "utf8")).to.equal(
      '{ "max": 128 }\n',
    );
  });
});
