import * as fs from "node:fs";
import { expect } from "chai";
import { complianceReport, renderComplianceMarkdown } from "../../../cli/check/compliance";
import { CheckResult } from "../../../cli/check/runner";
import { FRAMEWORKS } from "../../../policy-pack/compliance/frameworks";
import { allPolicies } from "../../../policy-pack/policies";
import { COMPLIANCE_DOCS_PATH, renderComplianceDocs } from "../../../scripts/compliance-docs";
import { run } from "../cost/support";

const RESULT: CheckResult = {
  violations: [
    {
      policy: "s3-bucket-tls-only",
      enforcementLevel: "mandatory",
      resource: { type: "aws:s3/bucket:Bucket", name: "b", urn: "urn:b" },
      message: "m",
    },
  ],
  exemptions: [
    {
      policy: "cloudtrail-log-bucket-private",
      resource: "trail",
      reason: "org trail bucket reviewed by security",
      expires: "2099-01-01",
    },
  ],
  summary: { mandatory: 1, advisory: 0 },
};

function cisControl(report: ReturnType<typeof complianceReport>, id: string) {
  return report.frameworks[0].controls.find((c) => c.id === id)!;
}

describe("platform check --report compliance", function () {
  this.timeout(120_000);

  it("fails a control when a covering rule reported, with the exemptions of its rules", () => {
    const report = complianceReport(RESULT, allPolicies, {
      stack: "prod",
      environment: "prod",
      disabled: () => false,
    });
    expect(cisControl(report, "2.1.1")).to.deep.equal({
      id: "2.1.1",
      title: "Ensure S3 Bucket Policy is set to deny HTTP requests",
      status: "fail",
      rules: [
        { name: "s3-bucket-tls-only", status: "fail", violations: 1 },
        { name: "cloudtrail-log-bucket-private", status: "pass", violations: 0 },
      ],
      exemptions: [RESULT.exemptions[0]],
    });
    expect(cisControl(report, "3.2").status).to.equal("pass");
    expect(cisControl(report, "1.5")).to.deep.include({ status: "not-covered", rules: [] });
  });

  it("says not-checked when every covering rule is disabled in the stack's config", () => {
    const report = complianceReport({ ...RESULT, violations: [] }, allPolicies, {
      disabled: (rule) => rule === "cloudtrail-log-file-validation",
    });
    expect(cisControl(report, "3.2")).to.deep.include({
      status: "not-checked",
      rules: [{ name: "cloudtrail-log-file-validation", status: "disabled", violations: 0 }],
    });
    expect(report.stack).to.equal(null);
  });

  it("renders one Markdown table row per control, uncovered ones included", () => {
    const md = renderComplianceMarkdown(
      complianceReport(RESULT, allPolicies, { stack: "prod", disabled: () => false }),
    );
    expect(md).to.contain(
      "| 2.1.1 | Ensure S3 Bucket Policy is set to deny HTTP requests | fail | `s3-bucket-tls-only` fail (1), `cloudtrail-log-bucket-private` pass | cloudtrail-log-bucket-private on trail until 2099-01-01: org trail bucket reviewed by security |",
    );
    expect(md).to.contain(
      "| 1.5 | Ensure MFA is enabled for the 'root' user account | not-covered | none |  |",
    );
    const rows = md
      .split("\n")
      .filter((l) => l.startsWith("| ") && !l.startsWith("| Control ") && !l.startsWith("| --- "));
    expect(rows).to.have.length(FRAMEWORKS.reduce((n, f) => n + f.controls.length, 0));
  });

  it("--stack prod --format json lists every control of every framework with status and covering rules", async () => {
    const r = await run(["check", "--stack", "prod", "--report", "compliance", "--format", "json"]);
    expect(r.code, r.err).to.equal(0);
    const report = JSON.parse(r.out);
    expect([report.stack, report.environment, report.policyConfig]).to.deep.equal([
      "prod",
      "prod",
      "policy-pack/config/prod.json",
    ]);
    expect(report.frameworks.map((f: { id: string }) => f.id)).to.deep.equal([
      "cis-aws-foundations",
      "aws-fsbp",
      "soc2",
    ]);
    for (const [i, f] of FRAMEWORKS.entries()) {
      const got = report.frameworks[i];
      expect(got.controls.map((c: { id: string }) => c.id)).to.deep.equal(
        f.controls.map((c) => c.id),
      );
      for (const c of got.controls) {
        expect(["pass", "fail", "not-checked", "not-covered"]).to.include(c.status);
        expect(c.rules).to.be.an("array");
      }
    }
    const trail = report.frameworks[0].controls.find((c: { id: string }) => c.id === "3.2");
    expect(trail).to.deep.equal({
      id: "3.2",
      title: "Ensure CloudTrail log file validation is enabled",
      status: "pass",
      rules: [{ name: "cloudtrail-log-file-validation", status: "pass", violations: 0 }],
      exemptions: [],
    });
  });

  for (const [argv, line] of [
    [
      ["--report", "soc2"],
      'platform check: unknown report "soc2"; the one report is --report compliance',
    ],
    [["--format", "json"], "platform check: --format goes with --report compliance"],
    [
      ["--report", "compliance", "--format", "html"],
      'platform check: unknown format "html"; expected markdown or json',
    ],
  ] as const) {
    it(`exits 2 with one line: ${argv.join(" ")}`, async () => {
      const r = await run(["check", "--stack", "prod", ...argv]);
      expect(r.code).to.equal(2);
      expect(r.out).to.equal("");
      expect(r.err.trim().split("\n")).to.have.length(1);
      expect(r.err).to.contain(line);
    });
  }

  it("refuses --stack all with --report compliance", async () => {
    const r = await run(["check", "--stack", "all", "--report", "compliance"]);
    expect(r.code).to.equal(2);
    expect(r.err).to.contain(
      "platform check: --report compliance covers one stack; use --stack S, not --stack all",
    );
  });
});

describe("docs/compliance.md", () => {
  it("is up to date with the mapping (regenerate: npm run compliance:docs)", () => {
    expect(
      fs.readFileSync(COMPLIANCE_DOCS_PATH, "utf8") === renderComplianceDocs(),
      "docs/compliance.md is stale: run `npm run compliance:docs`",
    ).to.equal(true);
  });

  it("lists every control of every framework, the uncovered ones as not covered", () => {
    const docs = renderComplianceDocs();
    for (const f of FRAMEWORKS) {
      for (const c of f.controls) expect(docs, `${f.id} ${c.id}`).to.contain(`| ${c.id} | `);
    }
    expect(docs).to.contain(
      "| 1.5 | Ensure MFA is enabled for the 'root' user account | not covered |",
    );
  });
});
