/**
 * Transient-or-not and the one-line summary, on the Pulumi CLI's real output:
 * the policy-violation fixtures are verbatim golden files of the CLI's own
 * tests (fixtures/pulumi/SOURCE.md), wrapped the way the Automation API wraps
 * a failed command (`CommandResult.toString()` in
 * node_modules/@pulumi/pulumi/automation/cmd.js, 3.276.0:
 * `code: ${code}\n stdout: ${stdout}\n stderr: ${stderr}\n err?: ${err}\n`).
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  errorLines,
  isTransient,
  policyViolation,
  summarizeError,
} from "../../../cli/preview/retry";

const FIXTURES = path.join(__dirname, "fixtures", "pulumi");

/** The CLI's raw colour tags removed, as `--color never` (colors.Never) prints them. */
function golden(name: string): string {
  return fs
    .readFileSync(path.join(FIXTURES, `${name}.progress.stdout.txt`), "utf8")
    .replace(/<\{%[^%]*%\}>/g, "");
}

/** A failed Automation API command, as CommandError's message reads. */
function commandError(stdout: string, stderr = ""): Error {
  const e = new Error(`code: 255\n stdout: ${stdout}\n stderr: ${stderr}\n err?: \n`);
  e.name = "CommandError";
  return e;
}

/** The golden output as a preview stack would print it: the stack is named after the PR. */
function policyFailure(pr: number): Error {
  const stdout = `Updating (pr-${pr})\n\n${golden("TestSimpleAnalyzeResourceFailure").replace(
    "pulumi:pulumi:Stack project-stack",
    `pulumi:pulumi:Stack platform-pr-${pr}`,
  )}`;
  return commandError(stdout);
}

describe("cli/preview/retry on the Pulumi CLI's output", () => {
  it("reads the fixture as the CLI prints it under --color never", () => {
    expect(golden("TestSimpleAnalyzeResourceFailure").split("\n").slice(6, 10)).to.deep.equal([
      "Policies:",
      "    ❌ analyzerA@v",
      "        - [mandatory] [severity: high]  always-fails  (pkgA:m:typA: resA)",
      "          a policy failed",
    ]);
  });

  it("finds the mandatory violation in the progress display's Policies section", () => {
    expect(policyViolation(golden("TestSimpleAnalyzeResourceFailure"))).to.equal(
      "always-fails (pkgA:m:typA: resA): a policy failed",
    );
    expect(summarizeError(policyFailure(7))).to.equal(
      "policy violation: always-fails (pkgA:m:typA: resA): a policy failed",
    );
  });

  it("takes the first mandatory violation (sorted first by the CLI) and never an advisory one", () => {
    const out = golden("TestSimpleAnalyzeResourceMultipleViolations");
    expect(policyViolation(out)).to.equal(
      "always-fails-critical (pkgA:m:typA: resA): a policy failed",
    );
    const advisoryOnly = out
      .split("\n")
      .filter((l, i, all) => !/\[mandatory\]/.test(l) && !/\[mandatory\]/.test(all[i - 1] ?? ""))
      .join("\n");
    expect(advisoryOnly).to.include("[advisory]");
    expect(policyViolation(advisoryOnly)).to.equal(undefined);
  });

  it("reads the diff display's one-line form too (pkg/backend/display/diff.go, golden diff.stdout.txt)", () => {
    // pkg/engine/lifecycletest/testdata/output/TestSimpleAnalyzeResourceFailure/diff.stdout.txt, colours removed
    const line =
      "    analyzerA@v [mandatory] [severity: high]  always-fails  (pkgA:m:typA: resA)a policy failed";
    expect(policyViolation(line)).to.equal("always-fails (pkgA:m:typA: resA): a policy failed");
  });

  for (const pr of [429, 500, 502, 503, 504]) {
    it(`does not retry a policy failure of pr-${pr}, whose stack name holds a status code`, () => {
      const e = policyFailure(pr);
      expect(e.message).to.include(`pr-${pr}`);
      expect(isTransient(e)).to.equal(false);
    });

    it(`does not read pr-${pr} in an error line as HTTP ${pr}`, () => {
      const e = commandError(
        `Updating (pr-${pr})\n`,
        `error: Stack 'pr-${pr}' is missing configuration values 'costCenter' and 'owner'`,
      );
      expect(errorLines(e.message)).to.deep.equal([
        `error: Stack 'pr-${pr}' is missing configuration values 'costCenter' and 'owner'`,
      ]);
      expect(isTransient(e)).to.equal(false);
    });
  }

  it("retries status-shaped 429/5xx answers in error lines", () => {
    const cases = [
      // AWS SDK for Go v2 (aws/transport/http/response_error.go), as the provider wraps it
      "    error: creating S3 Bucket (platform-pr503-uploads): operation error S3: CreateBucket, https response error StatusCode: 503, RequestID: 5HZ1, api error SlowDown: Please reduce your request rate.",
      // the Pulumi Cloud client (apitype.ErrorResponse: "[%d] %s")
      "error: [502] Bad Gateway",
      "error: GET https://api.github.com/repos/acme/platform/pulls/7: 429 Too Many Requests",
    ];
    for (const stderr of cases) {
      expect(isTransient(commandError("Updating (pr-12)\n", stderr)), stderr).to.equal(true);
    }
  });

  it("ignores status-shaped text outside the error lines (progress output)", () => {
    const e = commandError(
      "Updating (pr-12)\n    info: upstream answered 503 Service Unavailable earlier\n",
      "error: update failed",
    );
    expect(isTransient(e)).to.equal(false);
  });
});
