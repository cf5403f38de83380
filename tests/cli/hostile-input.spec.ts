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
  this.timeout(600_000);
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
      write("sub/policy.json", JSON.stringify({ "kms-key-rotation": "advisory" }));
      const r = runBin(
        ["check", "--resources", "res.json", "--policy-config", "policy.json", "--json"],
        { cwd: path.join(tmp, "sub") },
      );
      expect(r.stderr).to.equal("");
      // The config read is the user's policy.json: it is the one that downgrades kms-key-rotation.
      const result = JSON.parse(r.stdout) as { weakened: { policy: string }[] };
      expect(result.weakened.map((w) => w.policy)).to.deep.equal(["kms-key-rotation"]);
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

  describe("guardrails switched off by a policy config are never silent", () => {
    const check = (config: unknown, ...extra: string[]) =>
      runBin([
        "check",
        "--resources",
        COMPLIANT,
        "--policy-config",
        write(`policy-${Math.random().toString(36).slice(2)}.json`, JSON.stringify(config)),
        ...extra,
      ]);

    it('fails when "all" disables every rule, naming each rule that protects encryption at rest', () => {
      const r = check({ all: { enforcementLevel: "disabled" } });
      expect(r.stderr).to.equal("");
      expect(r.code).to.equal(1);
      expect(r.stdout).to.include(
        '[mandatory] rds-storage-encrypted pulumi:pulumi:Stack platform-prod: the policy config disables this rule (mandatory → disabled, set by "all"), but it protects encryption at rest and cannot be weakened; restore its level, or pass --allow-weakened to accept it on purpose',
      );
      expect(r.stdout).to.match(/^\d+ rules weakened by the policy config:$/m);
      expect(r.stdout).to.include(
        '  rds-storage-encrypted: mandatory → disabled (set by "all"), protects encryption at rest',
      );
      expect(r.stdout).to.include('  kms-key-rotation: mandatory → disabled (set by "all")');
    });

    it("fails when one encryption rule is disabled by name", () => {
      const r = check({ "rds-storage-encrypted": "disabled" });
      expect([r.code, r.stderr]).to.deep.equal([1, ""]);
      expect(r.stdout).to.include(
        '1 rule weakened by the policy config:\n  rds-storage-encrypted: mandatory → disabled (set by "rds-storage-encrypted"), protects encryption at rest\n',
      );
      expect(r.stdout).to.match(/^check FAILED: 1 mandatory violation,/m);
    });

    it("passes with --allow-weakened, and says so", () => {
      const r = check({ "rds-storage-encrypted": "disabled" }, "--allow-weakened", "--json");
      expect([r.code, r.stderr]).to.deep.equal([0, ""]);
      const result = JSON.parse(r.stdout) as { weakened: unknown[]; allowWeakened: boolean };
      expect(result.allowWeakened).to.equal(true);
      expect(result.weakened).to.deep.equal([
        {
          policy: "rds-storage-encrypted",
          from: "mandatory",
          to: "disabled",
          by: "rds-storage-encrypted",
          exemptable: false,
        },
      ]);
      const human = check({ "rds-storage-encrypted": "disabled" }, "--allow-weakened");
      expect(human.stdout).to.include(
        "1 rule weakened by the policy config (--allow-weakened: accepted on purpose):",
      );
    });

    it("lists a downgraded exemptable rule without failing on it", () => {
      const r = check({ "security-group-no-public-ingress": "advisory" }, "--json");
      expect(r.stderr).to.equal("");
      const result = JSON.parse(r.stdout) as {
        weakened: unknown[];
        violations: { message: string }[];
      };
      expect(result.weakened).to.deep.equal([
        {
          policy: "security-group-no-public-ingress",
          from: "mandatory",
          to: "advisory",
          by: "security-group-no-public-ingress",
          exemptable: true,
        },
      ]);
      expect(
        result.violations.filter((v) => v.message.includes("cannot be weakened")),
      ).to.deep.equal([]);
    });

    it("refuses a policy name the pack does not have", () => {
      expectUsageError(
        check({ "rds-storage-encrypte": "disabled" }),
        /^platform check: policy config \S+: "rds-storage-encrypte" is not a policy of this pack: expected "all" or a policy name \(docs\/policies\.md lists them\)$/,
      );
    });

    it('refuses an exemption for "resource": "*"', () => {
      expectUsageError(
        check({
          "rds-not-public": {
            exemptions: [{ resource: "*", reason: "all", expires: "2026-12-01" }],
          },
        }),
        /: rds-not-public\.exemptions\[0\]: "resource": "\*" is a wildcard; an exemption names one resource's URN or logical name$/,
      );
    });

    it("refuses an exemption expiring more than a year ahead, and honours a configured limit", () => {
      const far = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);
      expectUsageError(
        check({
          "rds-not-public": { exemptions: [{ resource: "db", reason: "later", expires: far }] },
        }),
        new RegExp(
          `: rds-not-public\\.exemptions\\[0\\]: it expires on ${far}, more than 365 days ahead \\(at most \\d{4}-\\d{2}-\\d{2}; the limit is the config maxExemptionDays\\)$`,
        ),
      );
      const r = check({
        "rds-not-public": {
          maxExemptionDays: 500,
          exemptions: [{ resource: "db", reason: "later", expires: far }],
        },
      });
      expect([r.code, r.stderr]).to.deep.equal([0, ""]);
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
