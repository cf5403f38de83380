import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { main } from "../../../cli/main";
import { parseCommandArgs } from "../../../cli/command";
import { makeCheckCommand } from "../../../cli/commands/check";
import { CheckResult } from "../../../cli/check/runner";
import { SynthDocument } from "../../../cli/core/resource";

const PROJECT_DIR = path.resolve(__dirname, "..", "..", "..");
const FIXTURES = path.join(PROJECT_DIR, "tests", "cli", "check", "fixtures");
const VIOLATIONS = path.join(FIXTURES, "violations.json");
const COMPLIANT = path.join(FIXTURES, "compliant.json");
/** An exemption expiry within the default one-year limit, whatever day the suite runs. */
const SOON = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(args, {
    out: (t) => (out += t),
    err: (t) => (err += t),
    cwd: PROJECT_DIR,
  });
  return { code, out, err };
}

let tmp: string;
function tmpFile(name: string, content: string): string {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, content);
  return p;
}

describe("platform check", () => {
  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "platform-check-cmd-"))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  // The fuzz test's counterexample (seed 1422372316): a secret in the engine's
  // wire form inside a --resources file was echoed by a rule's message.
  it('reads a secret in the engine\'s wire form from a resources file as "[secret]", never echoing it', async () => {
    const secret = "Wire-S3cret-Value-91";
    const file = tmpFile(
      "wire-secret.json",
      JSON.stringify([
        {
          type: "aws:kms/key:Key",
          name: "key",
          props: {
            enableKeyRotation: {
              "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
              value: secret,
            },
          },
        },
      ]),
    );
    const { code, out, err } = await run(["check", "--resources", file, "--json"]);
    expect(out + err).not.to.contain(secret);
    expect(err).to.equal("");
    expect(code).to.equal(1); // untagged and unprotected; the rotation itself is unknowable offline
    const report = JSON.parse(out) as CheckResult & {
      violations: { policy: string; resource: string; message: string }[];
    };
    expect(
      report.violations.filter((v) => v.policy === "kms-key-rotation").map((v) => v.message),
    ).to.deep.equal([
      'cannot be checked offline: enableKeyRotation is a secret ("[secret]" in the offline resource shape), so its content cannot be inspected; under the Pulumi engine the policy sees the real value',
    ]);
  });

  it("exits 1 and names each offending resource and rule", async () => {
    const { code, out, err } = await run(["check", "--resources", VIOLATIONS]);
    expect(err).to.equal("");
    expect(code).to.equal(1);
    const lines = out.trimEnd().split("\n");
    const expected: Array<[string, string, string]> = [
      ["rds-storage-encrypted", "aws:rds/instance:Instance", "platform-db"],
      [
        "elasticache-in-transit-encrypted",
        "aws:elasticache/replicationGroup:ReplicationGroup",
        "platform-cache",
      ],
      ["lb-listener-tls", "aws:lb/listener:Listener", "platform-web-http"],
      ["kms-key-rotation", "aws:kms/key:Key", "platform-key"],
      ["aws-required-tags", "aws:sns/topic:Topic", "platform-notifications"],
      ["docker-container-non-root-user", "docker:index/container:Container", "platform-proxy"],
      ["s3-bucket-tls-only", "aws:s3/bucket:Bucket", "platform-uploads"],
      ["rds-final-snapshot-identifier-unique", "aws:rds/instance:Instance", "platform-db"],
    ];
    for (const [policy, type, name] of expected) {
      expect(
        lines.some((l) => l.startsWith(`[mandatory] ${policy} ${type} ${name}: `)),
        `${policy} on ${name}:\n${out}`,
      ).to.equal(true);
    }
    expect(lines.find((l) => l.includes("aws-required-tags"))).to.equal(
      "[mandatory] aws-required-tags aws:sns/topic:Topic platform-notifications: missing tag CostCenter (neither on the resource nor in the provider's defaultTags)",
    );
    expect(lines.slice(-2)).to.deep.equal([
      "no exemptions in force",
      "check FAILED: 10 mandatory violations, 2 advisory violations over 19 resources (environment prod, policy config policy-pack/config/prod.json)",
    ]);
  });

  it("prints the docs/cli.md JSON shape with --json", async () => {
    const { code, out } = await run(["check", "--resources", VIOLATIONS, "--json"]);
    expect(code).to.equal(1);
    const result = JSON.parse(out) as CheckResult;
    expect(Object.keys(result)).to.deep.equal([
      "violations",
      "exemptions",
      "weakened",
      "allowWeakened",
      "summary",
    ]);
    // The two advisories: the fixture ALB writes no access logs and its bucket no server access logs.
    expect(result.summary).to.deep.equal({ mandatory: 10, advisory: 2 });
    expect(result.violations.find((v) => v.policy === "kms-key-rotation")).to.deep.equal({
      policy: "kms-key-rotation",
      enforcementLevel: "mandatory",
      resource: {
        type: "aws:kms/key:Key",
        name: "platform-key",
        urn: "urn:pulumi:prod::platform::aws:kms/key:Key::platform-key",
      },
      message: "enableKeyRotation is false; set enableKeyRotation: true",
    });
  });

  it("exits 0 on a well-configured file of the same types", async () => {
    const { code, out, err } = await run(["check", "--resources", COMPLIANT]);
    expect([code, err]).to.deep.equal([0, ""]);
    expect(out).to.equal(
      "[advisory] alb-access-logs aws:lb/loadBalancer:LoadBalancer alb: accessLogs is not set; set accessLogs: { bucket: <log bucket>, enabled: true }\n" +
        "[advisory] s3-access-logging aws:s3/bucket:Bucket platform-uploads: bucket platform-uploads has no server access logging; add an aws.s3.BucketLogging that sends its access logs to a log bucket\n" +
        "no exemptions in force\ncheck passed: 0 mandatory violations, 2 advisory violations over 21 resources (environment prod, policy config policy-pack/config/prod.json)\n",
    );
  });

  it("takes --policy-config instead of the environment's file, and lists the exemptions in force", async () => {
    const config = tmpFile(
      "config.json",
      JSON.stringify({
        "kms-key-rotation": "advisory",
        "docker-container-non-root-user": {
          exemptions: [
            {
              resource: "platform-proxy",
              reason: "upstream image needs root until v2",
              expires: SOON,
            },
          ],
        },
      }),
    );
    const { code, out } = await run([
      "check",
      "--resources",
      VIOLATIONS,
      "--policy-config",
      config,
      "--json",
    ]);
    expect(code).to.equal(1);
    const result = JSON.parse(out) as CheckResult;
    expect(
      result.violations.find((v) => v.policy === "kms-key-rotation")?.enforcementLevel,
    ).to.equal("advisory");
    expect(result.violations.some((v) => v.policy === "docker-container-non-root-user")).to.equal(
      false,
    );
    expect(result.exemptions).to.deep.equal([
      {
        policy: "docker-container-non-root-user",
        resource: "platform-proxy",
        reason: "upstream image needs root until v2",
        expires: SOON,
      },
    ]);
    const human = await run(["check", "--resources", VIOLATIONS, "--policy-config", config]);
    expect(human.out).to.contain(
      `1 exemption in force:\n  docker-container-non-root-user platform-proxy until ${SOON}: upstream image needs root until v2\n`,
    );
  });

  it("reports an unknown value as advisory, not as a failure", async () => {
    const doc = JSON.parse(fs.readFileSync(COMPLIANT, "utf8")) as SynthDocument;
    const db = doc.resources.find((r) => r.name === "platform-db")!;
    (db.props as Record<string, unknown>).kmsKeyId = "[unknown]";
    const { code, out } = await run([
      "check",
      "--resources",
      tmpFile("unknown.json", JSON.stringify(doc)),
    ]);
    expect(code).to.equal(0);
    expect(out).to.contain(
      "[advisory] rds-storage-encrypted aws:rds/instance:Instance platform-db: cannot be checked during preview: string value at .kmsKeyId can't be known during preview\n",
    );
  });

  describe("--stack", () => {
    let calls: Array<[string, { cwd: string }]>;
    // The check command with synthesis replaced by the compliant fixture (named after the stack).
    const stubbed = makeCheckCommand({
      synthesize: async (stack, opts) => {
        calls.push([stack, opts]);
        const doc = JSON.parse(fs.readFileSync(COMPLIANT, "utf8")) as SynthDocument;
        return { ...doc, stack };
      },
    });
    const run = async (args: string[]) => {
      let out = "";
      const { values, positionals } = parseCommandArgs(stubbed, args.slice(1));
      const code = await stubbed.run(values, positionals, {
        out: (t) => (out += t),
        err: () => undefined,
        cwd: PROJECT_DIR,
      });
      return { code, out };
    };
    beforeEach(() => (calls = []));

    it("synthesizes the stack in the project directory and checks it", async () => {
      const { code, out } = await run(["check", "--stack", "prod"]);
      expect(calls).to.deep.equal([["prod", { cwd: PROJECT_DIR }]]);
      expect(code).to.equal(0);
      expect(out).to.contain(
        "over 21 resources (environment prod, policy config policy-pack/config/prod.json)",
      );
    });

    it("--stack all synthesizes every committed stack and a preview, and checks each with its environment's config", async () => {
      const { code, out } = await run(["check", "--stack", "all"]);
      expect(calls).to.deep.equal([
        ["dev", { cwd: PROJECT_DIR }],
        ["prod", { cwd: PROJECT_DIR }],
        ["staging", { cwd: PROJECT_DIR }],
        ["pr-7", { cwd: PROJECT_DIR }],
      ]);
      expect(code).to.equal(0);
      const lines = out.trimEnd().split("\n");
      expect(lines.filter((l) => l.startsWith("=="))).to.deep.equal([
        "== stack dev",
        "== stack prod",
        "== stack staging",
        "== stack pr-7",
        "== 4 stacks (dev, prod, staging, pr-7): check passed: 0 mandatory, 8 advisory violations in all",
      ]);
      // The fixture's provider says prod, so every stack is checked as prod (the environment comes from the resources).
      expect(lines.filter((l) => l.startsWith("check "))).to.have.lengthOf(4);
    });

    it("--stack all --json keeps the single-stack keys and adds each stack's own result", async () => {
      const { code, out } = await run(["check", "--stack", "all", "--json"]);
      expect(code).to.equal(0);
      const result = JSON.parse(out);
      expect(Object.keys(result)).to.deep.equal([
        "violations",
        "exemptions",
        "weakened",
        "allowWeakened",
        "summary",
        "stacks",
      ]);
      // Each stack's fixture ALB writes no access logs and its bucket no server access logs (advisory logging rules).
      expect(result.summary).to.deep.equal({ mandatory: 0, advisory: 8 });
      expect(result.stacks.map((s: { stack: string }) => s.stack)).to.deep.equal([
        "dev",
        "prod",
        "staging",
        "pr-7",
      ]);
      const last = result.stacks[3];
      expect({ ...last, violations: last.violations.map((v: any) => v.policy) }).to.deep.equal({
        stack: "pr-7",
        environment: "prod",
        policyConfig: "policy-pack/config/prod.json",
        resources: 21,
        violations: ["alb-access-logs", "s3-access-logging"],
        exemptions: [],
        weakened: [],
        allowWeakened: false,
        summary: { mandatory: 0, advisory: 2 },
      });
    });
  });

  describe("bad usage or input exits 2 with one line", () => {
    const cases: Array<[string, string[], RegExp]> = [
      [
        "neither --stack nor --resources",
        ["check"],
        /^platform check: --stack S or --resources FILE is required/,
      ],
      [
        "both",
        ["check", "--stack", "prod", "--resources", VIOLATIONS],
        /^platform check: use either --stack or --resources, not both$/,
      ],
      [
        "an unknown flag",
        ["check", "--resource", VIOLATIONS],
        /^platform check: Unknown option '--resource'/,
      ],
      [
        "an empty value",
        ["check", "--resources", ""],
        /^platform check: --resources needs a value$/,
      ],
      [
        "a positional argument",
        ["check", "prod"],
        /^platform check: unexpected argument "prod"; use --stack S or --resources FILE$/,
      ],
      [
        "a missing file",
        ["check", "--resources", "nope.json"],
        /^platform check: --resources .*nope.json: no such file$/,
      ],
      [
        "a missing policy config",
        ["check", "--resources", VIOLATIONS, "--policy-config", "nope.json"],
        /^platform check: --policy-config .*nope.json: no such file$/,
      ],
    ];
    for (const [title, args, message] of cases) {
      it(title, async () => {
        const { code, out, err } = await run(args);
        expect([code, out]).to.deep.equal([2, ""]);
        expect(err.endsWith("\n") && err.trimEnd().split("\n").length === 1, err).to.equal(true);
        expect(err.trimEnd()).to.match(message);
      });
    }

    it("malformed JSON", async () => {
      const p = tmpFile("bad.json", '[{"type": "aws:s3/bucket:Bucket",');
      const { code, err } = await run(["check", "--resources", p]);
      expect(code).to.equal(2);
      expect(err).to.match(
        new RegExp(`^platform check: --resources ${p}: not valid JSON \\(.+\\)\\n$`),
      );
    });

    it("a malformed entry", async () => {
      const p = tmpFile("entry.json", JSON.stringify([{ type: "aws:kms/key:Key", name: "k" }]));
      const { code, err } = await run(["check", "--resources", p]);
      expect(code).to.equal(2);
      expect(err).to.equal(
        `platform check: --resources ${p}: resources[0] (type "aws:kms/key:Key", name "k"): "props" must be an object of the resource's inputs\n`,
      );
    });

    it("a policy config the engine would refuse", async () => {
      const p = tmpFile(
        "badconfig.json",
        JSON.stringify({ "rds-backup-retention": { minimumDays: 90 } }),
      );
      const { code, err } = await run(["check", "--resources", COMPLIANT, "--policy-config", p]);
      expect(code).to.equal(2);
      expect(err).to.equal(
        `platform check: policy config ${p}: rds-backup-retention.minimumDays: must be <= 35\n`,
      );
    });
  });

  it("--help explains the options", async () => {
    const { code, out } = await run(["check", "--help"]);
    expect(code).to.equal(0);
    expect(out).to.match(
      /^Usage: platform check \(--stack S \| --resources FILE\) \[--json\] \[--policy-config FILE\]/,
    );
  });
});
