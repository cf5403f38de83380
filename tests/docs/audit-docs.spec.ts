import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { PROJECT_DIR, synth } from "../support/mockRun";

const read = (file: string) => fs.readFileSync(path.join(PROJECT_DIR, file), "utf8");

describe("docs: compliance, key rotation and AWS set-up", function () {
  this.timeout(60_000);

  it("the README links docs/compliance.md, docs/aws-setup.md and docs/runbooks/key-rotation.md, which exist", () => {
    const readme = read("README.md");
    for (const doc of [
      "docs/compliance.md",
      "docs/aws-setup.md",
      "docs/runbooks/key-rotation.md",
    ]) {
      expect(readme, doc).to.contain(`](${doc})`);
      expect(fs.existsSync(path.join(PROJECT_DIR, doc)), doc).to.equal(true);
    }
  });

  it("the key-rotation runbook names the physical names prod really has", async () => {
    const names = new Set(
      (await synth("prod")).resources.flatMap((r) =>
        ["name", "identifier", "replicationGroupId", "bucket"]
          .map((k) => r.props[k])
          .filter((v): v is string => typeof v === "string"),
      ),
    );
    const runbook = read("docs/runbooks/key-rotation.md");
    // The runbook writes them with $ENV (or <env>) for the environment.
    const used = [
      ["alias/platform-$ENV", "alias/platform-prod"],
      ["platform-$ENV-db", "platform-prod-db"],
      ["platform-$ENV-cache", "platform-prod-cache"],
      ["platform/$ENV/app-secret-key", "platform/prod/app-secret-key"],
      ["platform/$ENV/redis-url", "platform/prod/redis-url"],
      ["/platform/$ENV/web", "/platform/prod/web"],
      ["platform-$ENV-audit", "platform-prod-audit"],
      ["/platform/platform-<env>-audit", "/platform/platform-prod-audit"],
    ];
    for (const [inRunbook, physical] of used) {
      expect(runbook, inRunbook).to.contain(inRunbook);
      expect(names.has(physical), `${physical} in the prod stack`).to.equal(true);
    }
  });
});
