/** policies/deployability-archives.ts: missing and present code paths, in both shapes the rule reads. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { T } from "../lib/types";
import {
  lambdaCodePathExists,
  localPaths,
  projectDirectory,
} from "../policies/deployability-archives";
import { run } from "./deployability-support";
import { aws } from "./fixtures";

describe("deployability: code archives", () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "deployability-archive-"));
    fs.mkdirSync(path.join(dir, "dist", "lambda"), { recursive: true });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const fn = (code: unknown) => aws(T.lambdaFunction, "fp", { code, runtime: "nodejs24.x" });

  // A missing FileArchive path fails `pulumi up` when the provider reads the archive.
  it("lambda-code-path-exists: a missing FileArchive path fails; an existing one, a remote one or inline assets pass", async () => {
    const config = { projectDirectory: dir };
    expect(
      await run(lambdaCodePathExists, [fn({ archive: "app/dist/lambda" })], { config }),
    ).to.deep.equal([
      `fp: code path "app/dist/lambda" does not exist (${path.join(dir, "app", "dist", "lambda")}): \`pulumi up\` would fail when it uploads the package; build it first or fix the path`,
    ]);
    expect(
      await run(lambdaCodePathExists, [fn({ archive: "dist/lambda" })], { config }),
    ).to.deep.equal([]);
    expect(
      await run(lambdaCodePathExists, [fn({ archive: "https://example.com/code.zip" })], {
        config,
      }),
    ).to.deep.equal([]);
    expect(
      await run(lambdaCodePathExists, [fn({ archive: "(assets)" })], { config }),
    ).to.deep.equal([]);
  });

  // Under the engine the code is a pulumi.asset.FileArchive whose path is a promise (@pulumi/policy deserialize.js).
  it("reads the engine's FileArchive and AssetArchive objects", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    expect(await localPaths(new pulumi.asset.FileArchive("dist/lambda"))).to.deep.equal([
      "dist/lambda",
    ]);
    expect(
      await localPaths(
        new pulumi.asset.AssetArchive({
          "index.js": new pulumi.asset.FileAsset("dist/lambda/lambda.js"),
          "note.txt": new pulumi.asset.StringAsset("hi"),
        }),
      ),
    ).to.deep.equal(["dist/lambda/lambda.js"]);
  });

  // The pack runs as TypeScript under the engine (policy-pack/policies) and compiled in dist/ under
  // platform check: both must resolve relative code paths against the folder that holds Pulumi.yaml.
  it("resolves relative code paths against the nearest folder holding Pulumi.yaml", () => {
    const root = path.join(dir, "project");
    const deep = path.join(root, "dist", "policy-pack", "policies");
    fs.mkdirSync(deep, { recursive: true });
    fs.writeFileSync(path.join(root, "Pulumi.yaml"), "name: p\nruntime: nodejs\n");
    expect(projectDirectory(deep)).to.equal(root);
    expect(projectDirectory(path.join(root, "dist"))).to.equal(root);
    const repo = path.resolve(__dirname, "..", "..");
    expect(projectDirectory(path.join(repo, "policy-pack", "policies"))).to.equal(repo);
    expect(projectDirectory(path.join(repo, "dist", "policy-pack", "policies"))).to.equal(repo);
  });
});
