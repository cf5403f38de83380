import { expect } from "chai";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Command, parseCommandArgs } from "../../../cli/command";
import { makeDiffCommand } from "../../../cli/commands/diff";
import { synthesizeAtRef } from "../../../cli/diff/base";
import { UsageError } from "../../../cli/errors";
import { Resource, SynthDocument } from "../../../cli/core/resource";
import { FIXTURE_PATH, fixture, run } from "../cost/support";

/** Runs a command object as `platform` would: a UsageError is exit 2 with its line. */
async function runCommand(cmd: Command, argv: string[], cwd: string) {
  let out = "";
  let err = "";
  const io = { out: (t: string) => (out += t), err: (t: string) => (err += t), cwd };
  try {
    const { values, positionals } = parseCommandArgs(cmd, argv);
    return { code: await cmd.run(values, positionals, io), out, err };
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return { code: 2, out, err: `${e.message}\n` };
  }
}

describe("platform diff (command)", () => {
  let broken: string;
  before(() => {
    const prod = fixture("prod");
    const after: SynthDocument = {
      stack: "prod",
      resources: prod.resources
        .filter((r) => r.type !== "aws:s3/bucket:Bucket")
        .map((r) =>
          r.type === "aws:rds/instance:Instance"
            ? { ...r, props: { ...r.props, storageEncrypted: false } }
            : r,
        ),
    };
    broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "diff-")), "prod-broken.json");
    fs.writeFileSync(broken, JSON.stringify(after));
  });

  it("exits 1 on critical changes, 0 with --allow-critical or without changes", async () => {
    const critical = await run(["diff", "--from", FIXTURE_PATH("prod"), "--to", broken, "--json"]);
    expect(critical.code).to.equal(1);
    expect(JSON.parse(critical.out).summary).to.deep.equal({ critical: 2, high: 0, low: 0 });
    expect(
      (await run(["diff", "--from", FIXTURE_PATH("prod"), "--to", broken, "--allow-critical"]))
        .code,
    ).to.equal(0);
    const none = await run(["diff", "--from", FIXTURE_PATH("prod"), "--to", FIXTURE_PATH("prod")]);
    expect(none).to.deep.include({ code: 0, err: "" });
    expect(none.out).to.contain(
      ": 0 added, 0 removed, 0 changed — 0 critical, 0 high, 0 low\nno changes\n",
    );
  });

  it("prints the critical entries first, with why and the changed inputs", async () => {
    const r = await run(["diff", "--from", FIXTURE_PATH("prod"), "--to", broken]);
    expect(r.out.split("\n").slice(1, 6)).to.deep.equal([
      "CRITICAL removed aws:s3/bucket:Bucket  platform-uploads-bucket",
      "         deletes the bucket and its data (it is protected: pulumi up refuses until protect is lifted; retainOnDelete keeps it in AWS, unmanaged and outside its policies)",
      "CRITICAL changed aws:rds/instance:Instance  platform-db-instance  (replaces)",
      "         storageEncrypted turned off; replaces the database: storageEncrypted changes; its data does not move to the new one",
      "           storageEncrypted: true → false",
    ]);
    expect(r.err).to.equal(
      "platform diff: 2 critical change(s); pass --allow-critical to accept them\n",
    );
  });

  it("exits 2 with one line on bad usage", async () => {
    expect(await run(["diff", "--from", FIXTURE_PATH("prod")])).to.deep.include({
      code: 2,
      err: "platform diff: give --from A.json --to B.json together, or --stack S --base GITREF\n",
    });
    expect(await run(["diff", "--stack", "prod"])).to.deep.include({
      code: 2,
      err: "platform diff: give --stack S --base GITREF, or --from A.json --to B.json\n",
    });
    expect(await run(["diff", "--from", "a.json", "--to", "b.json"])).to.deep.include({
      code: 2,
      err: "--from a.json: cannot read the file\n",
    });
  });
});

describe("platform diff --base (temporary git worktree)", () => {
  const bucket: Resource = {
    type: "aws:s3/bucket:Bucket",
    name: "uploads",
    urn: "urn:pulumi:prod::p::aws:s3/bucket:Bucket::uploads",
    props: { bucket: "u" },
  };
  const topic: Resource = {
    type: "aws:sns/topic:Topic",
    name: "t",
    urn: "urn:pulumi:prod::p::aws:sns/topic:Topic::t",
    props: { name: "t" },
  };
  let repo: string;
  const git = (...args: string[]) =>
    execFileSync("git", args, { cwd: repo, encoding: "utf8" }).trim();
  const worktrees = () =>
    git("worktree", "list", "--porcelain")
      .split("\n")
      .filter((l) => l.startsWith("worktree ")).length;
  const commitSynth = (content: unknown, message: string) => {
    fs.writeFileSync(path.join(repo, "synth.json"), JSON.stringify(content));
    git("add", "synth.json");
    git("commit", "-q", "-m", message);
  };

  before(() => {
    // A tiny project whose bin/platform.js prints the synth.json of its revision, and refuses to run without node_modules.
    repo = fs.mkdtempSync(path.join(os.tmpdir(), "diff-base-"));
    git("init", "-q");
    git("config", "user.email", "test@example.com");
    git("config", "user.name", "test");
    fs.mkdirSync(path.join(repo, "bin"));
    fs.writeFileSync(
      path.join(repo, "bin", "platform.js"),
      [
        'const fs = require("fs"); const path = require("path");',
        "const [cmd, flag, stack, json] = process.argv.slice(2);",
        'if (cmd !== "synth" || flag !== "--stack" || json !== "--json") { process.stderr.write("bad args\\n"); process.exit(2); }',
        'if (!fs.existsSync(path.join(__dirname, "..", "node_modules", "marker"))) { process.stderr.write("node_modules missing\\n"); process.exit(2); }',
        'const doc = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "synth.json"), "utf8"));',
        'if (doc.fail) { process.stderr.write(doc.fail + "\\n"); process.exit(2); }',
        "process.stdout.write(JSON.stringify({ stack, resources: doc.resources }));",
      ].join("\n"),
    );
    fs.writeFileSync(path.join(repo, ".gitignore"), "node_modules\n");
    fs.mkdirSync(path.join(repo, "node_modules"));
    fs.writeFileSync(path.join(repo, "node_modules", "marker"), "");
    git("add", ".");
    git("commit", "-q", "-m", "base");
    commitSynth({ resources: [bucket, topic] }, "with bucket");
    git("tag", "with-bucket");
    commitSynth({ fail: "synth exploded" }, "broken");
  });

  after(() => fs.rmSync(repo, { recursive: true, force: true }));

  const withoutBucket = makeDiffCommand({
    synthesize: async (stack) => ({ stack, resources: [topic] }),
    synthesizeAtRef,
  });

  it("synthesizes the base revision in a worktree with this checkout's node_modules, then removes it", async () => {
    const r = await runCommand(
      withoutBucket,
      ["--stack", "prod", "--base", "with-bucket", "--json"],
      repo,
    );
    expect(r.err).to.equal("");
    expect(r.code).to.equal(1);
    const report = JSON.parse(r.out);
    expect(report.removed).to.deep.equal([
      {
        resource: { type: bucket.type, name: "uploads", urn: bucket.urn },
        severity: "critical",
        why: "deletes the bucket and its data",
      },
    ]);
    expect(report.changed).to.deep.equal([]);
    expect(worktrees()).to.equal(1);
  });

  it("removes the worktree when the base revision's synth fails, and says why in one line", async () => {
    const r = await runCommand(withoutBucket, ["--stack", "prod", "--base", "HEAD"], repo);
    expect(r).to.deep.include({
      code: 2,
      err: "--base HEAD: synth --stack prod failed in that revision: synth exploded\n",
    });
    expect(worktrees()).to.equal(1);
  });

  it("refuses a revision that does not exist", async () => {
    const r = await runCommand(
      withoutBucket,
      ["--stack", "prod", "--base", "no-such-branch"],
      repo,
    );
    expect(r).to.deep.include({
      code: 2,
      err: "--base no-such-branch: not a commit in this repository (expected a branch, tag or commit)\n",
    });
  });
});
