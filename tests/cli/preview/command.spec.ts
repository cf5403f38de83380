import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../../cli/main";
import { StackBusyError } from "../../../cli/preview/workspace";
import {
  FakePullRequests,
  FakeWorkspace,
  fakeDeps,
  NOW,
  previewProject,
  runPreview,
  STAGING_NETWORK,
} from "./fakes";

const URL5 = "https://pr-5.preview.platform.example.com";

function lines(s: string): string[] {
  return s.split("\n").filter((l) => l !== "");
}

describe("platform preview up", () => {
  it("creates pr-N with staging's config, ExpiresAt, an instance and the policy pack, and prints the URL", async () => {
    const ws = new FakeWorkspace();
    const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "preview-")), "github-output");
    const run = await runPreview(
      ["up", "--pr", "5"],
      fakeDeps(ws, { env: { GITHUB_OUTPUT: output } }),
    );
    expect(run.code).to.equal(0);
    expect(run.out).to.equal(`${URL5}\n`);
    expect(lines(run.err)).to.deep.equal([
      "creating pr-5 on staging's network (expires 2030-06-04T12:00:00Z)",
      `pr-5 is created: ${URL5} (expires 2030-06-04T12:00:00Z)`,
    ]);
    expect(ws.calls).to.deep.equal(["outputs pr-5", "outputs staging", "up pr-5"]);

    const { request } = ws.upRequests[0];
    expect(request.policyPacks).to.deep.equal(["policy-pack"]);
    expect(request.policyPackConfigs).to.deep.equal(["policy-pack/config/preview.json"]);
    const plain = Object.fromEntries(
      Object.entries(request.config.plain).map(([k, v]) => [k, v.value]),
    );
    expect(plain).to.include({
      "aws:region": "eu-west-1",
      "platform:owner": "team-platform",
      "platform:costCenter": "cc-1234",
      "platform:previewDomain": "preview.platform.example.com",
      "platform:networkStack": "staging",
      "platform:previewTtlHours": "72",
      "platform:expiresAt": "2030-06-04T12:00:00Z",
      "platform:previewInstance": "abc123",
    });
    for (const dropped of ["environment", "domain", "certificateArn", "vpcCidr"]) {
      expect(plain).to.not.have.property(`platform:${dropped}`);
    }
    expect(request.config.paths).to.deep.equal({
      "pulumi:disable-default-providers[0]": { value: "*" },
    });
    expect(fs.readFileSync(output, "utf8")).to.equal(
      `url=${URL5}\nstack=pr-5\nexpires-at=2030-06-04T12:00:00Z\n`,
    );
  });

  it("is idempotent: a second up updates the same preview, keeps its instance and extends ExpiresAt", async () => {
    const ws = new FakeWorkspace();
    await runPreview(["up", "--pr", "5"], fakeDeps(ws));
    const later = new Date(NOW.getTime() + 24 * 3_600_000);
    const run = await runPreview(
      ["up", "--pr", "5"],
      fakeDeps(ws, { now: () => later, newInstance: () => "zzz999" }),
    );
    expect(run.code).to.equal(0);
    expect(run.out).to.equal(`${URL5}\n`);
    expect(lines(run.err)[0]).to.equal(
      "updating pr-5 on staging's network (expires 2030-06-05T12:00:00Z)",
    );
    expect([...ws.stacks.keys()].filter((k) => k.startsWith("pr-"))).to.deep.equal(["pr-5"]);
    const plain = ws.upRequests[1].request.config.plain;
    expect(plain["platform:previewInstance"].value).to.equal("abc123");
    expect(plain["platform:expiresAt"].value).to.equal("2030-06-05T12:00:00Z");
  });

  it("retries a transient failure with backoff, then succeeds", async () => {
    const ws = new FakeWorkspace();
    ws.failures.up = [new Error("code: 255\n stderr: error: ThrottlingException: Rate exceeded\n")];
    const deps = fakeDeps(ws);
    const run = await runPreview(["up", "--pr", "5"], deps);
    expect(run.code).to.equal(0);
    expect(deps.sleeps).to.deep.equal([15_000]);
    expect(ws.calls).to.deep.equal(["outputs pr-5", "outputs staging", "up pr-5", "up pr-5"]);
    expect(lines(run.err)[1]).to.equal(
      "pulumi up of pr-5 failed (try 1 of 3): ThrottlingException: Rate exceeded; retrying in 15s",
    );
  });

  it("gives up after a bounded number of tries, with exit 1 and one clear line", async () => {
    const ws = new FakeWorkspace();
    const throttled = () =>
      new Error("code: 255\n stderr: error: ThrottlingException: Rate exceeded\n");
    ws.failures.up = [throttled(), throttled(), throttled(), throttled()];
    const deps = fakeDeps(ws);
    const run = await runPreview(["up", "--pr", "5"], deps);
    expect(run.code).to.equal(1);
    expect(deps.sleeps).to.deep.equal([15_000, 30_000]);
    expect(ws.calls.filter((c) => c === "up pr-5")).to.have.lengthOf(3);
    expect(lines(run.err).pop()).to.equal(
      "platform preview up: ThrottlingException: Rate exceeded",
    );
    expect(run.out).to.equal("");
  });

  it("reports a failed up (a policy violation) with exit 1 and one line, without retrying", async () => {
    // The CLI's own golden output for a mandatory violation (fixtures/pulumi/SOURCE.md), colours
    // removed as under --color never, in the Automation API's CommandResult wrapping.
    const stdout = fs
      .readFileSync(
        path.join(
          __dirname,
          "fixtures",
          "pulumi",
          "TestSimpleAnalyzeResourceFailure.progress.stdout.txt",
        ),
        "utf8",
      )
      .replace(/<\{%[^%]*%\}>/g, "");
    const ws = new FakeWorkspace();
    ws.failures.up = [
      new Error(`code: 255\n stdout: Updating (pr-503)\n${stdout}\n stderr: \n err?: \n`),
    ];
    const deps = fakeDeps(ws);
    const run = await runPreview(["up", "--pr", "503"], deps);
    expect(run.code).to.equal(1);
    expect(deps.sleeps).to.deep.equal([]);
    expect(ws.calls.filter((c) => c === "up pr-503")).to.have.lengthOf(1);
    expect(lines(run.err).pop()).to.equal(
      "platform preview up: policy violation: always-fails (pkgA:m:typA: resA): a policy failed",
    );
  });

  it("serializes concurrent calls for the same PR: the second waits, the backend never sees both", async () => {
    const ws = new FakeWorkspace(20);
    const deps = fakeDeps(ws);
    const [a, b] = await Promise.all([
      runPreview(["up", "--pr", "5"], deps),
      runPreview(["up", "--pr", "5"], deps),
    ]);
    expect([a.code, b.code]).to.deep.equal([0, 0]);
    expect(ws.maxConcurrent).to.equal(1);
    expect(ws.calls).to.deep.equal([
      "outputs pr-5",
      "outputs staging",
      "up pr-5",
      "outputs pr-5",
      "outputs staging",
      "up pr-5",
    ]);
    expect(b.err).to.include("pr-5: waiting for the operation already running on it");
  });

  it("refuses, with one clear line, when another run holds the stack", async () => {
    const ws = new FakeWorkspace();
    ws.failures.up = [new StackBusyError("pr-5")];
    const deps = fakeDeps(ws);
    const run = await runPreview(["up", "--pr", "5"], deps);
    expect(run.code).to.equal(1);
    expect(deps.sleeps).to.deep.equal([]);
    expect(lines(run.err).pop()).to.equal(
      "platform preview up: pr-5 is being updated by another run; try again when it finishes (or `pulumi cancel --stack pr-5` if that run died)",
    );
  });

  it("refuses in one line, touching nothing, when the Lambda package is not built", async () => {
    for (const [lambda, missing] of [
      [[], "lambda.js and certs/ca-bundle.pem"],
      [["lambda.js"], "certs/ca-bundle.pem"],
    ] as const) {
      const ws = new FakeWorkspace();
      const run = await runPreview(["up", "--pr", "5"], fakeDeps(ws), previewProject({ lambda }));
      expect([run.code, run.err]).to.deep.equal([
        2,
        `platform preview up: the Lambda package app/dist/lambda has no ${missing}: build it first with LAMBDA_CA_BUNDLE=<the RDS global CA bundle> npm run build:lambda -w app (see app/README.md)\n`,
      ]);
      expect(ws.calls).to.deep.equal([]);
    }
  });

  it("in CI, references the network stack fully qualified as <org>/<project>/<stack>", async () => {
    const ws = new FakeWorkspace();
    const env = { CI: "true", PLATFORM_PULUMI_ORG: "acme" };
    const run = await runPreview(["up", "--pr", "5"], fakeDeps(ws, { env }));
    expect(run.code).to.equal(0);
    expect(ws.calls).to.deep.equal(["outputs pr-5", "outputs acme/platform/staging", "up pr-5"]);
    expect(ws.upRequests[0].request.config.plain["platform:networkStack"]).to.deep.equal({
      value: "acme/platform/staging",
    });
    expect(lines(run.err)[0]).to.equal(
      "creating pr-5 on acme/platform/staging's network (expires 2030-06-04T12:00:00Z)",
    );
  });

  it("in CI, refuses a bare network stack name when no organization is given", async () => {
    const ws = new FakeWorkspace();
    const run = await runPreview(
      ["up", "--pr", "5"],
      fakeDeps(ws, { env: { GITHUB_ACTIONS: "true" } }),
    );
    expect([run.code, run.err]).to.deep.equal([
      2,
      'platform preview up: in CI the network stack must be fully qualified (<org>/<project>/<stack>), got "staging": set PLATFORM_PULUMI_ORG to the Pulumi organization or platform:networkStack to <org>/platform/staging\n',
    ]);
    expect(ws.calls).to.deep.equal([]);
  });

  it("says staging must be deployed first when it never was, and creates nothing", async () => {
    const ws = new FakeWorkspace(0, { staging: false });
    const run = await runPreview(
      ["up", "--pr", "5"],
      fakeDeps(ws, { env: { CI: "true", PLATFORM_PULUMI_ORG: "acme" } }),
    );
    expect(run.code).to.equal(1);
    expect(lines(run.err).pop()).to.equal(
      "platform preview up: the network output of stack acme/platform/staging is missing: deploy acme/platform/staging with this program first (the one-time staging deploy in docs/previews.md); previews reuse its VPC",
    );
    expect(ws.calls).to.deep.equal(["outputs pr-5", "outputs acme/platform/staging"]);
    expect(ws.stacks.has("pr-5")).to.equal(false);
  });

  // Issue 16, point 2: the network stack named is prod's (under another name).
  it("refuses a network stack that exports another environment than staging, and creates nothing", async () => {
    const ws = new FakeWorkspace();
    ws.stacks.set("staging", {
      outputs: { network: { ...STAGING_NETWORK, environment: "prod" } },
      resources: 120,
    });
    const run = await runPreview(
      ["up", "--pr", "5"],
      fakeDeps(ws, { env: { CI: "true", PLATFORM_PULUMI_ORG: "acme" } }),
    );
    expect(run.code).to.equal(1);
    expect(lines(run.err).pop()).to.equal(
      'platform preview up: the network output of stack acme/platform/staging belongs to environment "prod": previews share only a staging network; set platform:networkStack to your staging stack',
    );
    expect(ws.calls).to.deep.equal(["outputs pr-5", "outputs acme/platform/staging"]);
    expect(ws.stacks.has("pr-5")).to.equal(false);
  });

  it("checks usage before touching anything", async () => {
    const ws = new FakeWorkspace();
    const cases: [string[], string][] = [
      [["up"], "platform preview up: --pr is required (the pull request number, e.g. --pr 42)"],
      [
        ["up", "--pr", "abc"],
        'platform preview up: --pr must be a pull request number from 1 to 9999999, got "abc"',
      ],
      [
        ["up", "--pr", "0"],
        'platform preview up: --pr must be a pull request number from 1 to 9999999, got "0"',
      ],
      [
        ["destroy", "--pr", "staging"],
        'platform preview destroy: --pr must be a pull request number from 1 to 9999999, got "staging"',
      ],
      [
        ["deploy"],
        'platform preview: expected a subcommand, one of up, destroy, cancel, list, gc, got "deploy"',
      ],
      [["list", "--pr", "5"], "platform preview list: --pr is only for up, destroy, cancel and gc"],
      [
        ["cancel"],
        "platform preview cancel: --pr is required (the pull request number, e.g. --pr 42)",
      ],
      [["up", "--pr", "5", "--dry-run"], "platform preview up: --dry-run is only for gc"],
      [["up", "--pr", "5", "extra"], 'platform preview up: unexpected argument "extra"'],
    ];
    for (const [argv, message] of cases) {
      const run = await runPreview(argv, fakeDeps(ws));
      expect([run.code, run.err], argv.join(" ")).to.deep.equal([2, `${message}\n`]);
    }
    expect(ws.calls).to.deep.equal([]);
  });
});

describe("platform preview destroy", () => {
  it("from a fresh checkout: refreshes the config of the last deployment, destroys, then removes the stack", async () => {
    const ws = new FakeWorkspace();
    await runPreview(["up", "--pr", "5"], fakeDeps(ws));
    ws.calls.length = 0;
    const run = await runPreview(["destroy", "--pr", "5"], fakeDeps(ws));
    expect(run).to.deep.include({ code: 0, out: "pr-5 is destroyed and its stack removed\n" });
    expect(ws.calls).to.deep.equal([
      "outputs pr-5",
      "list",
      "refreshConfig pr-5",
      "destroy pr-5",
      "remove pr-5",
    ]);
    expect(ws.stacks.has("pr-5")).to.equal(false);
  });

  it("is what a destroy needs: without the refreshed config the CLI refuses the destroy", async () => {
    const ws = new FakeWorkspace();
    await runPreview(["up", "--pr", "5"], fakeDeps(ws));
    let message = "";
    try {
      await ws.destroy("pr-5", {});
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).to.include(
      "error: Stack 'pr-5' is missing configuration values 'costCenter' and 'owner'",
    );
  });

  it("sets the preview config again when the stack never finished a deployment", async () => {
    const ws = new FakeWorkspace();
    ws.seed("pr-5", { instance: "q1w2e3" });
    const run = await runPreview(["destroy", "--pr", "5"], fakeDeps(ws));
    expect(run.code).to.equal(0);
    expect(ws.calls).to.deep.equal([
      "outputs pr-5",
      "list",
      "refreshConfig pr-5",
      "setConfig pr-5",
      "destroy pr-5",
      "remove pr-5",
    ]);
    expect(lines(run.err)).to.include(
      "pr-5 has no finished deployment: setting its preview config again",
    );
  });

  it("removes a stack that holds no resources straight away", async () => {
    const ws = new FakeWorkspace();
    ws.seed("pr-5", {}, { resources: 0 });
    const run = await runPreview(["destroy", "--pr", "5"], fakeDeps(ws));
    expect(run).to.deep.include({ code: 0, out: "pr-5 is destroyed and its stack removed\n" });
    expect(ws.calls).to.deep.equal(["outputs pr-5", "list", "remove pr-5"]);
    expect(lines(run.err)).to.deep.equal(["pr-5 holds no resources: removing it"]);
  });

  it("refuses a stack with an update in progress, touching nothing", async () => {
    const ws = new FakeWorkspace();
    ws.seed("pr-5", {}, { updateInProgress: true });
    const run = await runPreview(["destroy", "--pr", "5"], fakeDeps(ws));
    expect(run.code).to.equal(1);
    expect(lines(run.err).pop()).to.equal(
      "platform preview destroy: pr-5 is being updated by another run; try again when it finishes (or `pulumi cancel --stack pr-5` if that run died)",
    );
    expect(ws.calls).to.deep.equal(["outputs pr-5", "list"]);
  });

  it("has nothing to do for a preview that does not exist", async () => {
    const ws = new FakeWorkspace();
    const run = await runPreview(["destroy", "--pr", "8"], fakeDeps(ws));
    expect(run).to.deep.include({ code: 0, out: "pr-8 does not exist: nothing to destroy\n" });
    expect(ws.calls).to.deep.equal(["outputs pr-8"]);
  });

  it("retries a transient destroy failure and still removes the stack", async () => {
    const ws = new FakeWorkspace();
    await runPreview(["up", "--pr", "5"], fakeDeps(ws));
    ws.calls.length = 0;
    ws.failures.destroy = [new Error("error: read tcp 10.0.0.1:443: connection reset by peer")];
    const deps = fakeDeps(ws);
    const run = await runPreview(["destroy", "--pr", "5"], deps);
    expect(run.code).to.equal(0);
    expect(deps.sleeps).to.deep.equal([15_000]);
    expect(ws.calls).to.deep.equal([
      "outputs pr-5",
      "list",
      "refreshConfig pr-5",
      "destroy pr-5",
      "destroy pr-5",
      "remove pr-5",
    ]);
  });
});

describe("platform preview cancel", () => {
  it("cancels the update a cancelled or timed-out job left in progress", async () => {
    const ws = new FakeWorkspace();
    ws.seed("pr-5", {}, { updateInProgress: true });
    const run = await runPreview(["cancel", "--pr", "5"], fakeDeps(ws));
    expect(run).to.deep.include({
      code: 0,
      out: "pr-5: the update in progress is cancelled\n",
    });
    expect(ws.calls).to.deep.equal(["list", "cancel pr-5"]);
  });

  it("has nothing to do when no update is in progress", async () => {
    const ws = new FakeWorkspace();
    ws.seed("pr-5");
    const run = await runPreview(["cancel", "--pr", "5"], fakeDeps(ws));
    expect(run).to.deep.include({
      code: 0,
      out: "pr-5: no update in progress: nothing to cancel\n",
    });
    expect(ws.calls).to.deep.equal(["list"]);
  });
});

describe("platform preview list", () => {
  it("lists only previews, by PR number, with URL and ExpiresAt", async () => {
    const ws = new FakeWorkspace();
    ws.seed("staging");
    ws.seed("pr-12", { expiresAt: "2030-06-02T00:00:00Z" });
    ws.seed("pr-3", { expiresAt: "2030-06-03T00:00:00Z" });
    const run = await runPreview(["list"], fakeDeps(ws));
    expect(run.code).to.equal(0);
    expect(lines(run.out)).to.deep.equal([
      "STACK        EXPIRES               URL",
      "pr-3         2030-06-03T00:00:00Z  https://pr-3.example.com",
      "pr-12        2030-06-02T00:00:00Z  https://pr-12.example.com",
    ]);
    const json = JSON.parse((await runPreview(["list", "--json"], fakeDeps(ws))).out);
    expect(json.map((p: { stack: string }) => p.stack)).to.deep.equal(["pr-3", "pr-12"]);
    expect(json[0]).to.deep.include({
      pullRequest: 3,
      expiresAt: "2030-06-03T00:00:00Z",
      resourceCount: 95,
    });
  });
});

describe("platform preview gc", () => {
  const open = (n: number, labels: string[] = []) => ({
    number: n,
    state: "open" as const,
    labels,
  });
  const closed = (n: number) => ({ number: n, state: "closed" as const, labels: [] });
  function world() {
    const ws = new FakeWorkspace();
    ws.seed("staging");
    ws.seed("prod");
    ws.seed("pr-1", { expiresAt: "2030-06-09T00:00:00Z" }); // closed PR
    ws.seed("pr-2", { expiresAt: "2030-06-01T11:59:59Z" }); // expired
    ws.seed("pr-3", { expiresAt: "2030-06-02T00:00:00Z" }); // alive
    ws.seed("pr-4", { expiresAt: "2030-05-01T00:00:00Z" }); // expired but kept
    ws.seed("pr-6", {}, { lastUpdate: "2030-05-20T00:00:00Z" }); // never exported ExpiresAt: last update + 72h
    const prs = new FakePullRequests({
      1: closed(1),
      2: open(2),
      3: open(3),
      4: open(4, ["bug", "preview:keep"]),
      6: open(6),
    });
    return { ws, prs };
  }

  it("destroys previews of closed PRs and expired ones, keeps preview:keep, and never touches other stacks", async () => {
    const { ws, prs } = world();
    const run = await runPreview(["gc"], fakeDeps(ws, { pullRequests: () => prs }));
    expect(run.code).to.equal(0);
    expect(lines(run.out)).to.deep.equal([
      "pr-1         destroy       pull request #1 is closed",
      "pr-2         destroy       expired at 2030-06-01T11:59:59Z",
      "pr-3         keep          expires at 2030-06-02T00:00:00Z",
      "pr-4         keep          labelled preview:keep",
      "pr-6         destroy       expired at 2030-05-23T00:00:00Z",
    ]);
    expect([...ws.stacks.keys()].sort()).to.deep.equal(["pr-3", "pr-4", "prod", "staging"]);
    expect(ws.calls.filter((c) => /^(destroy|remove|up) /.test(c))).to.deep.equal([
      "destroy pr-1",
      "remove pr-1",
      "destroy pr-2",
      "remove pr-2",
      "destroy pr-6",
      "remove pr-6",
    ]);
    expect(prs.asked).to.deep.equal([1, 2, 3, 4, 6]);
  });

  it("--dry-run says what it would destroy and destroys nothing", async () => {
    const { ws, prs } = world();
    const run = await runPreview(
      ["gc", "--dry-run", "--json"],
      fakeDeps(ws, { pullRequests: () => prs }),
    );
    expect(run.code).to.equal(0);
    const report = JSON.parse(run.out);
    expect(report.dryRun).to.equal(true);
    expect(
      report.decisions
        .filter((d: { action: string }) => d.action === "destroy")
        .map((d: { stack: string }) => d.stack),
    ).to.deep.equal(["pr-1", "pr-2", "pr-6"]);
    expect(ws.stacks.size).to.equal(7);
    expect(ws.calls.some((c) => /^(destroy|remove)/.test(c))).to.equal(false);
  });

  it("keeps a preview whose PR cannot be looked up, and exits 1 saying why", async () => {
    const ws = new FakeWorkspace();
    ws.seed("pr-7", { expiresAt: "2030-01-01T00:00:00Z" });
    const prs = new FakePullRequests({
      7: new Error("GitHub answered 401 for pull request #7 in acme/platform"),
    });
    const deps = fakeDeps(ws, { pullRequests: () => prs });
    const run = await runPreview(["gc"], deps);
    expect(run.code).to.equal(1);
    expect(lines(run.out)).to.deep.equal([
      "pr-7         keep          pull request #7 could not be looked up: GitHub answered 401 for pull request #7 in acme/platform",
    ]);
    expect(lines(run.err)).to.deep.equal([
      "platform preview gc: pr-7: GitHub answered 401 for pull request #7 in acme/platform",
    ]);
    expect(ws.stacks.has("pr-7")).to.equal(true);
  });
});

describe("platform preview gc --pr N (run in the PR's concurrency group)", () => {
  it("cancels an update left in progress, then destroys the preview of a closed PR", async () => {
    const ws = new FakeWorkspace();
    await runPreview(["up", "--pr", "7"], fakeDeps(ws));
    ws.stacks.get("pr-7")!.updateInProgress = true;
    ws.seed("pr-8", { expiresAt: "2030-01-01T00:00:00Z" });
    ws.calls.length = 0;
    const prs = new FakePullRequests({ 7: { number: 7, state: "closed", labels: [] } });
    const run = await runPreview(["gc", "--pr", "7"], fakeDeps(ws, { pullRequests: () => prs }));
    expect(run.code).to.equal(0);
    expect(lines(run.out)).to.deep.equal(["pr-7         destroy       pull request #7 is closed"]);
    expect(ws.calls.filter((c) => !c.startsWith("outputs pr-8"))).to.deep.equal([
      "list",
      "outputs pr-7",
      "cancel pr-7",
      "outputs pr-7",
      "list",
      "refreshConfig pr-7",
      "destroy pr-7",
      "remove pr-7",
    ]);
    expect(prs.asked).to.deep.equal([7]);
    expect(ws.stacks.has("pr-8")).to.equal(true);
  });

  it("the hourly gc keeps a stack with an update in progress and marks it for the per-PR run", async () => {
    const ws = new FakeWorkspace();
    ws.seed("pr-7", { expiresAt: "2030-01-01T00:00:00Z" }, { updateInProgress: true });
    const prs = new FakePullRequests({ 7: { number: 7, state: "open", labels: [] } });
    const run = await runPreview(["gc", "--json"], fakeDeps(ws, { pullRequests: () => prs }));
    expect(run.code).to.equal(0);
    expect(JSON.parse(run.out).decisions).to.deep.equal([
      {
        stack: "pr-7",
        pullRequest: 7,
        action: "keep",
        reason: "an update is in progress",
        expiresAt: "2030-01-01T00:00:00Z",
        updateInProgress: true,
      },
    ]);
    expect(ws.calls.some((c) => /^(cancel|destroy|remove)/.test(c))).to.equal(false);
  });
});

describe("platform preview through cli/main", () => {
  it("is registered, with help", async () => {
    let out = "";
    const code = await main(["preview", "--help"], {
      out: (t) => (out += t),
      err: () => undefined,
      cwd: ".",
    });
    expect(code).to.equal(0);
    expect(out).to.match(/^Usage: platform preview up --pr N/);
  });

  it("says in one line that the Pulumi CLI is needed when it is not on PATH", async () => {
    const saved = process.env.PATH;
    process.env.PATH = fs.mkdtempSync(path.join(os.tmpdir(), "no-pulumi-"));
    let err = "";
    try {
      const code = await main(["preview", "list"], {
        out: () => undefined,
        err: (t) => (err += t),
        cwd: ".",
      });
      expect(code).to.equal(1);
    } finally {
      process.env.PATH = saved;
    }
    expect(err).to.equal(
      "platform preview list: the Pulumi CLI is not usable here (pulumi is not on PATH): install it (https://www.pulumi.com/docs/install/) and log in to the backend; the Automation API drives it\n",
    );
  });
});
