/**
 * Secrets stay off the Pulumi CLI's command line (issue 16, point 12): the
 * real adapter (createLocalPreviewWorkspace, the Automation API of
 * @pulumi/pulumi 3.276.0) against a stand-in `pulumi` first on PATH that
 * records every call's argv and the stdin of `config set`
 * (tests/support/fakePulumi.ts). What the real CLI then does with the value
 * (`config set` reads it from stdin when stdin is not a terminal, trimming one
 * newline: pkg/cmd/pulumi/config/config.go in github.com/pulumi/pulumi at
 * 1b5949891b3cefcb9974752b24a5ecef0acc86c8, 2026-08-21, read 2026-11-30) is
 * not run here: the Pulumi CLI is not installed.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { createLocalPreviewWorkspace } from "../../../cli/preview/localWorkspace";
import { fakePulumi } from "../../support/fakePulumi";

const SECRET = "S3cret-on-stdin-5d2e";
const PATH_SECRET = "nested-S3cret-88a1";

describe("cli/preview/localWorkspace: secrets go to the Pulumi CLI on stdin, never on argv", function () {
  this.timeout(60_000);
  let tmp: string;
  let savedPath: string | undefined;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "platform-argv-"));
    savedPath = process.env.PATH;
  });
  after(() => {
    process.env.PATH = savedPath;
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("setConfig: plain values through config set-all, each secret through config set --secret with stdin", async () => {
    const pulumi = fakePulumi(path.join(tmp, "bin"));
    const project = path.join(tmp, "project");
    fs.mkdirSync(project);
    process.env.PATH = pulumi.env.PATH;
    const ws = await createLocalPreviewWorkspace(project);
    await ws.setConfig("pr-7", {
      plain: {
        "platform:owner": { value: "team-platform" },
        "platform:dbPassword": { value: SECRET, secret: true },
      },
      paths: {
        "platform:tags.team": { value: "a" },
        "platform:creds.key": { value: PATH_SECRET, secret: true },
      },
    });
    const calls = pulumi.calls();
    for (const c of calls) {
      expect(c.argv.join(" ")).not.to.include(SECRET);
      expect(c.argv.join(" ")).not.to.include(PATH_SECRET);
    }
    expect(calls).to.deep.equal([
      { argv: ["stack", "select", "--stack", "pr-7", "--non-interactive"], stdin: "" },
      {
        argv: [
          "config",
          "set-all",
          "--stack",
          "pr-7",
          "--plaintext",
          "platform:owner=team-platform",
          "--non-interactive",
        ],
        stdin: "",
      },
      {
        argv: [
          "config",
          "set",
          "platform:dbPassword",
          "--stack",
          "pr-7",
          "--secret",
          "--non-interactive",
        ],
        stdin: `${SECRET}\n`,
      },
      {
        argv: [
          "config",
          "set-all",
          "--stack",
          "pr-7",
          "--path",
          "--plaintext",
          "platform:tags.team=a",
          "--non-interactive",
        ],
        stdin: "",
      },
      {
        argv: [
          "config",
          "set",
          "platform:creds.key",
          "--stack",
          "pr-7",
          "--secret",
          "--path",
          "--non-interactive",
        ],
        stdin: `${PATH_SECRET}\n`,
      },
    ]);
  });
});
