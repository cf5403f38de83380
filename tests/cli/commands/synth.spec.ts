import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { main } from "../../../cli/main";
import { SynthDocument } from "../../../cli/core/resource";
import { PROJECT_DIR } from "../../support/mockRun";

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

describe("platform synth", () => {
  it("prints the docs/cli.md resource shape with --json", async () => {
    const { code, out, err } = await run([
      "synth",
      "--stack",
      "staging",
      "--json",
      "--config",
      "platform:previewDataTier=isolated",
    ]);
    expect(err).to.equal("");
    expect(code).to.equal(0);
    const doc = JSON.parse(out) as SynthDocument;
    expect(doc.stack).to.equal("staging");
    const db = doc.resources.find((r) => r.type === "aws:rds/instance:Instance");
    expect(db).to.include({
      name: "platform-db-instance",
      urn: "urn:pulumi:staging::platform::platform:data:Database$aws:rds/instance:Instance::platform-db-instance",
      parent: "urn:pulumi:staging::platform::platform:data:Database::platform-db",
    });
    expect(Object.keys(db ?? {})).to.deep.equal([
      "type",
      "name",
      "urn",
      "parent",
      "provider",
      "props",
      "opts",
      "propertyDependencies",
    ]);
    // The engine's property dependencies: the instance's KMS key came from the Encryption component's key.
    expect((db as any).propertyDependencies.kmsKeyId).to.deep.equal([
      "urn:pulumi:staging::platform::platform:security:Encryption$aws:kms/key:Key::platform-encryption-key",
    ]);
    expect(db?.provider).to.include({ type: "pulumi:providers:aws", name: "aws" });
    expect(db?.provider?.props.region).to.equal("eu-west-1");
    // The instance waits for the log groups RDS exports to (issue 10).
    expect(db?.opts).to.deep.equal({
      protect: false,
      retainOnDelete: false,
      dependsOn: [
        "urn:pulumi:staging::platform::platform:data:Database$aws:cloudwatch/logGroup:LogGroup::platform-db-postgresql-log",
        "urn:pulumi:staging::platform::platform:data:Database$aws:cloudwatch/logGroup:LogGroup::platform-db-upgrade-log",
      ],
    });
  });

  it("applies --config overrides as `pulumi config set` would", async () => {
    const { code, out } = await run([
      "synth",
      "--stack",
      "staging",
      "--json",
      "--config",
      "platform:previewDataTier=isolated",
      "--config",
      "platform:dbInstanceClass=db.r7g.large",
      "--config",
      "dbMultiAz=true",
    ]);
    expect(code).to.equal(0);
    const db = (JSON.parse(out) as SynthDocument).resources.find(
      (r) => r.type === "aws:rds/instance:Instance",
    );
    expect(db?.props).to.include({ instanceClass: "db.r7g.large", multiAz: true });
  });

  it("prints a readable tree by default", async () => {
    const { code, out } = await run(["synth", "--stack", "staging"]);
    expect(code).to.equal(0);
    expect(out).to.match(/^stack staging: \d+ resources\n/);
    expect(out).to.contain(
      "\nplatform:data:Database  platform-db\n  aws:cloudwatch/logGroup:LogGroup  platform-db-postgresql-log\n",
    );
  });

  const usage: [string[], string][] = [
    [["synth"], "platform synth: --stack is required (a stack name such as staging)\n"],
    [
      ["synth", "--stack", "nope"],
      `--stack nope: no Pulumi.nope.yaml in ${PROJECT_DIR} (stacks named pr-<N> need none)\n`,
    ],
    [
      ["synth", "--stack", "staging", "--config", "novalue"],
      '--config expects key=value (e.g. platform:owner=team-a), got "novalue"\n',
    ],
    [["synth", "--stack", "staging", "--bogus"], "platform synth: Unknown option '--bogus'\n"],
    [
      ["synth", "--stack", "staging", "--config", "platform:environment=banana"],
      'platform:environment must be one of dev, staging, prod, preview, got "banana"\n',
    ],
    [
      ["synth", "--stack", "staging", "--config", "aws:region=nowhere"],
      'aws:region must be an AWS region such as eu-west-1, got "nowhere"\n',
    ],
    [["frobnicate"], 'platform: unknown command "frobnicate": expected one of '],
  ];
  for (const [args, message] of usage) {
    it(`exits 2 with one line for: ${args.join(" ")}`, async () => {
      const { code, out, err } = await run(args);
      expect(code).to.equal(2);
      expect(out).to.equal("");
      expect(err.startsWith(message), err).to.equal(true);
      expect(err.trimEnd()).not.to.contain("\n");
    });
  }

  it("the installed command prints no stack trace for a bad value (real process, exit 2)", function () {
    this.timeout(60000);
    const r = spawnSync(
      process.execPath,
      [
        path.join(PROJECT_DIR, "bin", "platform.js"),
        "synth",
        "--stack",
        "staging",
        "--config",
        "platform:environment=banana",
      ],
      {
        encoding: "utf8",
        cwd: PROJECT_DIR,
      },
    );
    expect(r.status).to.equal(2);
    expect(r.stdout).to.equal("");
    expect(r.stderr).to.equal(
      'platform:environment must be one of dev, staging, prod, preview, got "banana"\n',
    );
  });
});
