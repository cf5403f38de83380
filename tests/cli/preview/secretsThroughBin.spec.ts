/**
 * `platform preview up` (and `destroy`, when it sets a preview's config
 * again) through the real bin/platform.js keeps secret config off the Pulumi
 * CLI's command line (issue 16, point 12), from end to end:
 * the real Automation API (@pulumi/pulumi 3.276.0) drives a stand-in `pulumi`
 * first on PATH (./automationPulumi.ts: it answers every command the way the
 * CLI's source does and records each call's argv and stdin). The base stack
 * keeps two values `secure:`; their values come as users give them, in
 * PLATFORM_SECRET_<KEY> (docs/previews.md). Asserted: exit 0 and the
 * documented output (docs/cli.md: up prints the URL on stdout, url=/stack=/
 * expires-at= to $GITHUB_OUTPUT; destroy one line), the exact sequence of CLI
 * calls, no secret value in any argv nor in stdout/stderr, and each secret on
 * the stdin of its own `config set --secret`. Not run: the real Pulumi CLI
 * (not installed here), the program, AWS.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { PROJECT_DIR, runBin } from "../../support/bin";
import { previewProject } from "../../support/fakePulumi";
import { automationPulumi, progressWithoutColour, PulumiCall } from "./automationPulumi";
import { STAGING_NETWORK } from "./fakes";

/** A `secure:` value as `pulumi config set --secret` writes it (ciphertext; never decrypted here). */
const CIPHERTEXT = "v1:Zm9vYmFyYmF6cXV4:Q2lwaGVydGV4dE9mQVNlY3JldA==";
const COST_CENTER = "cc-S3cret-7731";
const ZONE_ID = "ZS3CRET0PREVIEW0ZONE42";
const SECRETS = [COST_CENTER, ZONE_ID];
const NETWORK_STACK = "acme/platform/staging";
const URL7 = "https://pr-7.preview.platform.example.com";
const ARN = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-4000-8000-00000000000";

/** Staging's file as the repository has it, with the cost center and the preview zone kept secure. */
const STAGING_YAML = `config:
  pulumi:disable-default-providers:
    - "*"
  aws:region: eu-west-1
  platform:environment: staging
  platform:owner: team-platform
  platform:costCenter:
    secure: ${CIPHERTEXT}
  platform:domain: staging.platform.example.com
  platform:certificateArn: ${ARN}1
  platform:appImage: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/platform-app:0.1.0
  platform:previewDomain: preview.platform.example.com
  platform:previewCertificateArn: ${ARN}3
  platform:previewHostedZoneId:
    secure: ${CIPHERTEXT}
`;

/** A call as PulumiCommand.run makes it (with --non-interactive), nothing on stdin. */
/** The expiry `preview up` prints on stderr; the one `destroy` sets in the config. */
const EXPIRES_LINE = / \(expires (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)\)$/m;
const EXPIRES_ARG = /^platform:expiresAt=(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)$/m;
const INSTANCE_ARG = /^platform:previewInstance=([0-9a-z]{6})$/m;

const call = (...argv: string[]): PulumiCall => ({
  argv: [...argv, "--non-interactive"],
  stdin: "",
});
const VERSION: PulumiCall = { argv: ["version"], stdin: "" };
/** LocalWorkspace.stackOutputs: masked, then with --show-secrets. */
const outputs = (stack: string) => [
  call("stack", "output", "--json", "--stack", stack),
  call("stack", "output", "--json", "--show-secrets", "--stack", stack),
];
/** Stack.info after up and destroy. */
const HISTORY = call(
  "stack",
  "history",
  "--json",
  "--show-secrets",
  "--page-size",
  "1",
  "--page",
  "1",
  "--stack",
  "pr-7",
);

/** How the adapter sets pr-7's whole config: plain values, each secret on stdin, then paths. */
function configCalls(networkStack: string, expiresAt: string, instance: string): PulumiCall[] {
  return [
    call(
      "config",
      "set-all",
      "--stack",
      "pr-7",
      "--plaintext",
      "aws:region=eu-west-1",
      "--plaintext",
      "platform:owner=team-platform",
      "--plaintext",
      "platform:appImage=123456789012.dkr.ecr.eu-west-1.amazonaws.com/platform-app:0.1.0",
      "--plaintext",
      "platform:previewDomain=preview.platform.example.com",
      "--plaintext",
      `platform:previewCertificateArn=${ARN}3`,
      "--plaintext",
      `platform:networkStack=${networkStack}`,
      "--plaintext",
      "platform:previewTtlHours=72",
      "--plaintext",
      `platform:expiresAt=${expiresAt}`,
      "--plaintext",
      `platform:previewInstance=${instance}`,
    ),
    // Each secret on its own, its value (and one newline) on stdin.
    {
      ...call("config", "set", "platform:costCenter", "--stack", "pr-7", "--secret"),
      stdin: `${COST_CENTER}\n`,
    },
    {
      ...call("config", "set", "platform:previewHostedZoneId", "--stack", "pr-7", "--secret"),
      stdin: `${ZONE_ID}\n`,
    },
    call(
      "config",
      "set-all",
      "--stack",
      "pr-7",
      "--path",
      "--plaintext",
      "pulumi:disable-default-providers[0]=*",
    ),
  ];
}

/** The calls the Automation API makes, in order, for an `up` of pr-7 (`created`: the stack is new). */
function expectedUpCalls(created: boolean, expiresAt: string, instance: string): PulumiCall[] {
  return [
    VERSION,
    ...(created ? [call("stack", "output", "--json", "--stack", "pr-7")] : outputs("pr-7")),
    ...outputs(NETWORK_STACK),
    call("stack", "select", "--stack", "pr-7"),
    ...(created ? [call("stack", "init", "pr-7")] : []),
    ...configCalls(NETWORK_STACK, expiresAt, instance),
    call(
      "up",
      "--yes",
      "--skip-preview",
      "--message",
      "platform preview up --pr 7",
      "--policy-pack",
      "policy-pack",
      "--policy-pack-config",
      "policy-pack/config/preview.json",
      "--color",
      "never",
      "--exec-kind",
      "auto.local",
      "--stack",
      "pr-7",
    ),
    ...outputs("pr-7"),
    HISTORY,
  ];
}

describe("platform preview up and destroy through bin/platform.js: secrets reach the Pulumi CLI on stdin only", function () {
  this.timeout(60_000);
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "platform-up-bin-"));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** Runs `preview <sub> --pr 7` as CI would against the stand-in holding `stacks`. */
  function preview(
    sub: "up" | "destroy",
    name: string,
    stacks: Parameters<typeof automationPulumi>[1],
  ) {
    const pulumi = automationPulumi(path.join(tmp, name, "bin"), stacks);
    const project = previewProject(path.join(tmp, name, "project"), PROJECT_DIR, STAGING_YAML);
    const githubOutput = path.join(tmp, name, "github-output");
    const before = Date.now();
    const r = runBin(["preview", sub, "--pr", "7"], {
      env: {
        PATH: `${pulumi.dir}${path.delimiter}${process.env.PATH ?? ""}`,
        PLATFORM_PROJECT_DIR: project,
        CI: "true",
        PLATFORM_PULUMI_ORG: "acme",
        GITHUB_OUTPUT: githubOutput,
        PLATFORM_SECRET_PLATFORM_COSTCENTER: COST_CENTER,
        PLATFORM_SECRET_PLATFORM_PREVIEWHOSTEDZONEID: ZONE_ID,
      },
    });
    return { r, pulumi, project, githubOutput, before, after: Date.now() };
  }

  /** The ExpiresAt in `text`, checked against now + 72 h of the run. */
  function expiresAtOf(
    text: string,
    before: number,
    after: number,
    pattern = EXPIRES_LINE,
  ): string {
    const m = pattern.exec(text);
    expect(m, `an expiry in:\n${text}`).to.not.equal(null);
    const at = Date.parse(m![1]);
    expect(at).to.be.within(before - 1000 + 72 * 3_600_000, after + 72 * 3_600_000);
    return m![1];
  }

  function expectNoSecretOutside(r: { stdout: string; stderr: string }, calls: PulumiCall[]) {
    for (const secret of SECRETS) {
      for (const c of calls) expect(c.argv.join(" "), "a secret on argv").to.not.include(secret);
      expect(r.stdout + r.stderr, "a secret in the output").to.not.include(secret);
    }
  }

  it("creates pr-7: exit 0, the URL, the exact CLI calls, secrets only on stdin", () => {
    const run = preview("up", "create", {
      [NETWORK_STACK]: { outputs: { network: STAGING_NETWORK } },
    });
    const { r, pulumi } = run;
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.equal(`${URL7}\n`);
    const expiresAt = expiresAtOf(r.stderr, run.before, run.after);
    expect(r.stderr).to.equal(
      `creating pr-7 on ${NETWORK_STACK}'s network (expires ${expiresAt})\n` +
        progressWithoutColour("up") +
        `pr-7 is created: ${URL7} (expires ${expiresAt})\n`,
    );
    expect(fs.readFileSync(run.githubOutput, "utf8")).to.equal(
      `url=${URL7}\nstack=pr-7\nexpires-at=${expiresAt}\n`,
    );

    const calls = pulumi.calls();
    const instance = INSTANCE_ARG.exec(calls.flatMap((c) => c.argv).join("\n"))?.[1];
    expect(instance, "a fresh 6-character instance").to.be.a("string");
    expect(calls).to.deep.equal(expectedUpCalls(true, expiresAt, instance!));
    expectNoSecretOutside(r, calls);

    // The stand-in kept what a backend would: the secrets as secrets, no Pulumi.pr-7.yaml left.
    const config = pulumi.stacks()["pr-7"].config!;
    expect(config["platform:costCenter"]).to.deep.equal({ value: COST_CENTER, secret: true });
    expect(config["platform:previewHostedZoneId"]).to.deep.equal({ value: ZONE_ID, secret: true });
    expect(config["pulumi:disable-default-providers"]).to.deep.equal({
      value: '["*"]',
      secret: false,
      object: true,
    });
    expect(fs.existsSync(path.join(run.project, "Pulumi.pr-7.yaml"))).to.equal(false);
  });

  it("updates pr-7: keeps its instance, selects the stack without init, secrets again only on stdin", () => {
    const previous = {
      pullRequest: 7,
      expiresAt: "2026-11-29T08:00:00Z",
      instance: "k3x9q2",
      url: URL7,
    };
    const run = preview("up", "update", {
      [NETWORK_STACK]: { outputs: { network: STAGING_NETWORK } },
      "pr-7": { outputs: { preview: previous, serviceUrl: URL7 } },
    });
    const { r, pulumi } = run;
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.equal(`${URL7}\n`);
    const expiresAt = expiresAtOf(r.stderr, run.before, run.after);
    expect(r.stderr).to.equal(
      `updating pr-7 on ${NETWORK_STACK}'s network (expires ${expiresAt})\n` +
        progressWithoutColour("up") +
        `pr-7 is updated: ${URL7} (expires ${expiresAt})\n`,
    );
    const calls = pulumi.calls();
    expect(calls).to.deep.equal(expectedUpCalls(false, expiresAt, "k3x9q2"));
    expectNoSecretOutside(r, calls);
    expect(pulumi.stacks()["pr-7"].outputs).to.deep.equal({
      serviceUrl: URL7,
      preview: { ...previous, expiresAt },
    });
  });
  it("destroys pr-7 whose first update never finished: its config set again with secrets on stdin, destroyed, removed", () => {
    const failed = {
      version: 1,
      kind: "update",
      startTime: 1_796_000_000,
      message: "platform preview up --pr 7",
      environment: { "exec.kind": "auto.local" },
      config: {},
      result: "failed",
      endTime: 1_796_000_300,
      resourceChanges: { create: 3 },
    };
    const run = preview("destroy", "destroy", {
      [NETWORK_STACK]: { outputs: { network: STAGING_NETWORK } },
      "pr-7": { outputs: {}, resourceCount: 3, lastUpdate: 1_796_000_300, history: [failed] },
    });
    const { r, pulumi } = run;
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.equal("pr-7 is destroyed and its stack removed\n");
    expect(r.stderr).to.equal(
      "destroying pr-7 with the config of its last deployment\n" +
        "pr-7 has no finished deployment: setting its preview config again\n" +
        progressWithoutColour("destroy"),
    );
    const calls = pulumi.calls();
    const argvs = calls.flatMap((c) => c.argv).join("\n");
    const expiresAt = expiresAtOf(argvs, run.before, run.after, EXPIRES_ARG);
    const instance = INSTANCE_ARG.exec(argvs)?.[1];
    expect(instance, "a fresh 6-character instance").to.be.a("string");
    expect(calls).to.deep.equal([
      VERSION,
      ...outputs("pr-7"),
      call("stack", "ls", "--json"),
      call("stack", "select", "--stack", "pr-7"),
      call("config", "refresh", "--force", "--stack", "pr-7"),
      call("stack", "select", "--stack", "pr-7"),
      // networkStack as the base gives it, unqualified: `pulumi destroy` runs no program unless
      // --run-program (pkg/cmd/pulumi/operations/destroy.go at 1b5949891b3c, read 2026-11-30).
      ...configCalls("staging", expiresAt, instance!),
      call("stack", "select", "--stack", "pr-7"),
      call(
        "destroy",
        "--yes",
        "--skip-preview",
        "--color",
        "never",
        "--exec-kind",
        "auto.local",
        "--stack",
        "pr-7",
      ),
      HISTORY,
      call("stack", "rm", "--yes", "pr-7"),
    ]);
    expectNoSecretOutside(r, calls);
    expect(pulumi.stacks()).to.have.all.keys(NETWORK_STACK);
  });
});
