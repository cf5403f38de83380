/**
 * Careless and hostile input (issue 16), through the real `bin/platform.js`
 * in a child process: every case is refused with exit 2 and one line on
 * stderr (no stack trace), or handled as the user meant it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { expectUsageError, PROJECT_DIR, runBin } from "../support/bin";

const COMPLIANT = path.join(PROJECT_DIR, "tests", "cli", "check", "fixtures", "compliant.json");

describe("platform: careless and hostile input (through bin/platform.js)", function () {
  this.timeout(180_000);
  let tmp: string;
  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "platform-hostile-"))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const write = (name: string, content: string): string => {
    const p = path.join(tmp, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
    return p;
  };

  describe("flags and arguments", () => {
    it("refuses a repeated --stack instead of keeping the last one", () => {
      expectUsageError(
        runBin(["synth", "--stack", "dev", "--stack", "prod"]),
        "platform synth: --stack is given more than once; give it once",
      );
    });

    it("refuses a repeated single-valued flag on every command (check --resources)", () => {
      expectUsageError(
        runBin(["check", "--resources", COMPLIANT, "--resources", COMPLIANT]),
        "platform check: --resources is given more than once; give it once",
      );
    });

    it("refuses stray positional arguments to synth", () => {
      expectUsageError(
        runBin(["synth", "--stack", "dev", "prod"]),
        'platform synth: unexpected argument "prod"; usage: platform synth --stack S [--config key=value]… [--json]',
      );
    });
  });

  describe("deeply nested JSON is refused at read time (exit 2, not a stack overflow)", () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const tooDeep =
      "nested more than 200 levels deep: expected at most 200 levels of arrays and objects";

    it("check --resources", () => {
      write("deep.json", deep);
      expectUsageError(
        runBin(["check", "--resources", "deep.json"], { cwd: tmp }),
        `platform check: --resources ${path.join(tmp, "deep.json")}: ${tooDeep}`,
      );
    });

    it("check --policy-config", () => {
      write("deep-config.json", `{"all":${"[".repeat(50_000)}${"]".repeat(50_000)}}`);
      expectUsageError(
        runBin(["check", "--resources", COMPLIANT, "--policy-config", "deep-config.json"], {
          cwd: tmp,
        }),
        `platform check: --policy-config ${path.join(tmp, "deep-config.json")}: ${tooDeep}`,
      );
    });

    it("diff --from / --to, also when the nesting hides in a resource's props", () => {
      write("deep.json", deep);
      expectUsageError(
        runBin(["diff", "--from", "deep.json", "--to", COMPLIANT], { cwd: tmp }),
        `--from deep.json: ${tooDeep}`,
      );
      write(
        "deep-props.json",
        JSON.stringify([{ type: "aws:sns/topic:Topic", name: "t", props: {} }]).replace(
          "{}",
          `{"x":${'{"a":'.repeat(300)}1${"}".repeat(300)}}`,
        ),
      );
      expectUsageError(
        runBin(["diff", "--from", COMPLIANT, "--to", "deep-props.json"], { cwd: tmp }),
        `--to deep-props.json: ${tooDeep}`,
      );
    });
  });

  describe("relative paths resolve against the current directory, not the project", () => {
    const resources = [
      {
        type: "aws:sns/topic:Topic",
        name: "alerts",
        props: { kmsMasterKeyId: "alias/platform" },
      },
    ];

    it("check --resources and --policy-config", () => {
      write("sub/res.json", JSON.stringify(resources));
      write("sub/policy.json", JSON.stringify({ "sns-topic-encrypted": "advisory" }));
      const r = runBin(
        ["check", "--resources", "res.json", "--policy-config", "policy.json", "--json"],
        { cwd: path.join(tmp, "sub") },
      );
      expect(r.stderr).to.equal("");
      const result = JSON.parse(r.stdout) as { violations: { policy: string }[] };
      expect(result.violations.map((v) => v.policy)).not.to.include("sns-topic-encrypted");
      expect(r.code).to.be.oneOf([0, 1]);
    });

    it("diff --from / --to", () => {
      write("sub/a.json", JSON.stringify(resources));
      write("sub/b.json", JSON.stringify([]));
      const r = runBin(["diff", "--from", "a.json", "--to", "b.json", "--json"], {
        cwd: path.join(tmp, "sub"),
      });
      expect(r.stderr).to.equal("");
      expect(r.code).to.equal(0);
      const report = JSON.parse(r.stdout) as { removed: { resource: { name: string } }[] };
      expect(report.removed.map((e) => e.resource.name)).to.deep.equal(["alerts"]);
    });

    it("names the file the user gave when it is missing from their directory", () => {
      expectUsageError(
        runBin(["check", "--resources", "package.json"], { cwd: tmp }),
        `platform check: --resources ${path.join(tmp, "package.json")}: no such file`,
      );
    });
  });

  describe("stack files: bounded size and key count, duplicate keys refused", () => {
    const project = () => {
      const dir = fs.mkdtempSync(path.join(tmp, "project-"));
      fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
      return dir;
    };

    it("refuses a stack file with more keys than a stack file can need, quickly", () => {
      const dir = project();
      const keys = Array.from({ length: 20_000 }, (_, i) => `  k${i}: v`).join("\n");
      fs.writeFileSync(path.join(dir, "Pulumi.big.yaml"), `config:\n${keys}\n`);
      const start = Date.now();
      const r = runBin(["synth", "--stack", "big"], { env: { PLATFORM_PROJECT_DIR: dir } });
      expectUsageError(
        r,
        "Pulumi.big.yaml has more than 5000 keys: expected a stack file of at most that many",
      );
      expect(Date.now() - start).to.be.below(60_000);
    });

    it("refuses a stack file larger than 256 KiB", () => {
      const dir = project();
      fs.writeFileSync(
        path.join(dir, "Pulumi.huge.yaml"),
        `config:\n  platform:owner: "${"x".repeat(300 * 1024)}"\n`,
      );
      expectUsageError(
        runBin(["synth", "--stack", "huge"], { env: { PLATFORM_PROJECT_DIR: dir } }),
        "Pulumi.huge.yaml is larger than 256 KiB: expected a stack file of at most that size",
      );
    });

    it("still refuses duplicate keys", () => {
      const dir = project();
      fs.writeFileSync(
        path.join(dir, "Pulumi.dup.yaml"),
        "config:\n  platform:owner: a\n  platform:owner: b\n",
      );
      expectUsageError(
        runBin(["synth", "--stack", "dup"], { env: { PLATFORM_PROJECT_DIR: dir } }),
        'Pulumi.dup.yaml is not valid YAML: the key "platform:owner" appears twice in one mapping',
      );
    });
  });

  describe("diff rates losing stateful data as critical", () => {
    it("deleting a dev data volume", () => {
      const volume = {
        type: "docker:index/volume:Volume",
        name: "platform-db-data",
        props: { name: "platform-dev-db-data" },
      };
      write("with-volume.json", JSON.stringify([volume]));
      write("without-volume.json", JSON.stringify([]));
      const r = runBin(["diff", "--from", "with-volume.json", "--to", "without-volume.json"], {
        cwd: tmp,
      });
      expect(r.code).to.equal(1);
      expect(r.stdout).to.include("platform-db-data");
      expect(r.stdout).to.include("deletes the Docker volume (the service's data) and its data");
      expect(r.stderr).to.equal(
        "platform diff: 1 critical change(s); pass --allow-critical to accept them\n",
      );
    });
  });
});
