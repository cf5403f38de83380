/**
 * `platform plan` on synthesized fixtures, with the synthesis and the policy
 * check injected (the real ones are covered by their own tests; the real
 * plan of staging runs in CI through `npx platform plan --stack staging`).
 */
import { expect } from "chai";
import { parseCommandArgs } from "../../../cli/command";
import { makePlanCommand, PlanDeps } from "../../../cli/commands/plan";
import { toMermaid } from "../../../cli/diagram/mermaid";
import type { WeakenedRule } from "../../../cli/check/config";
import { checkDocument, CheckOutcome, PlanCheck, PlanCheckOptions } from "../../../cli/plan/check";
import { money, signedMoney } from "../../../cli/plan/report";
import { SynthDocument } from "../../../cli/core/resource";
import { buildTopology } from "../../../cli/topology/topology";
import { PROJECT_DIR } from "../../support/mockRun";
import { fixture } from "../cost/support";

const CLEAN: PlanCheck = { violations: [], exemptions: [], summary: { mandatory: 0, advisory: 0 } };
const violation = (level: "mandatory" | "advisory", policy: string) => ({
  policy,
  enforcementLevel: level,
  resource: { type: "aws:rds/instance:Instance", name: "platform-db-instance", urn: "urn:x" },
  message: `${policy} says | no`,
});

function deps(
  over: { doc?: SynthDocument; base?: SynthDocument; outcome?: CheckOutcome } = {},
): PlanDeps {
  return {
    synthesize: async () => over.doc ?? fixture("staging"),
    synthesizeAtRef: async () => over.base ?? fixture("staging"),
    check: async () => over.outcome ?? { status: "ran", result: CLEAN },
  };
}

async function plan(argv: string[], d: PlanDeps) {
  const cmd = makePlanCommand(d);
  let out = "";
  const { values, positionals } = parseCommandArgs(cmd, argv);
  const code = await cmd.run(values, positionals, {
    out: (t) => (out += t),
    err: () => undefined,
    cwd: PROJECT_DIR,
  });
  return { code, out };
}

describe("platform plan", () => {
  it("writes the PR comment: summary table, violations, top cost lines, and the diagram in a mermaid block", async () => {
    const r = await plan(["--stack", "staging", "--markdown"], deps());
    expect(r.code).to.equal(0);
    const lines = r.out.split("\n");
    expect(lines.slice(0, 8)).to.deep.equal([
      "## Platform plan for `staging` — ✅ ready",
      "",
      "| | |",
      "|---|---|",
      "| Resources | 123 (11 components) |",
      "| Policy check | ✅ no mandatory violation, 0 advisory |",
      "| Estimated cost | **$125.66 / month** (eu-west-1 on-demand prices) |",
      "| Unpriced types | aws:cloudwatch/dashboard:Dashboard, aws:ec2/flowLog:FlowLog, aws:elasticache/replicationGroup:ReplicationGroup, aws:kms/key:Key, aws:lambda/function:Function |",
    ]);
    expect(r.out).to.contain("### Policy violations\n\nNone.\n");
    const top = lines.indexOf("### Top cost lines");
    expect(lines[top + 4]).to.equal(
      "| $37.44 | platform-network-nat-0 | aws:ec2/natGateway:NatGateway | 730 h × $0.048 + 50 GB processed (assumed) × $0.048 |",
    );
    const mermaid = toMermaid(buildTopology(fixture("staging").resources));
    expect(r.out).to.contain("### Topology\n\n```mermaid\n" + mermaid + "```\n");
  });

  it("fails on a mandatory violation, tables it, and folds the advisory ones away", async () => {
    const check: CheckOutcome = {
      status: "ran",
      result: {
        violations: [violation("advisory", "b-advice"), violation("mandatory", "a-rule")],
        exemptions: [],
        summary: { mandatory: 1, advisory: 1 },
      },
    };
    const r = await plan(["--stack", "staging", "--markdown"], deps({ outcome: check }));
    expect(r.code).to.equal(1);
    expect(r.out).to.contain("## Platform plan for `staging` — ❌ needs attention");
    expect(r.out).to.contain("| Policy check | ❌ 1 mandatory violation, 1 advisory |");
    expect(r.out).to.contain(
      "| mandatory | a-rule | platform-db-instance (aws:rds/instance:Instance) | a-rule says \\| no |",
    );
    expect(r.out).to.contain("<details><summary>1 advisory</summary>");
  });

  it("says so when the policy check could not run, and does not fail for it", async () => {
    const r = await plan(
      ["--stack", "staging", "--markdown"],
      deps({ outcome: { status: "unavailable", reason: "no runner" } }),
    );
    expect(r.code).to.equal(0);
    expect(r.out).to.contain("| Policy check | ⚠️ not run: no runner |");
  });

  it("with --base, adds the cost delta and the changes, and fails on a critical one", async () => {
    const prod = fixture("prod");
    const broken: SynthDocument = {
      stack: "prod",
      // The bucket (500 GB and its requests at eu-west-1's S3 prices) and a NAT gateway.
      resources: prod.resources.filter(
        (r) => r.type !== "aws:s3/bucket:Bucket" && r.name !== "platform-network-nat-2",
      ),
    };
    const r = await plan(
      ["--stack", "prod", "--markdown", "--base", "main"],
      deps({ doc: broken, base: prod }),
    );
    expect(r.code).to.equal(1);
    // −$20.50 for the bucket and −$44.64 for the NAT gateway (its address stays in the document)
    expect(r.out).to.contain("| Cost vs `main` | −$65.14 / month ($368.42 → $303.28) |");
    expect(r.out).to.contain(
      "| Changes vs `main` | ❌ 0 added, 2 removed, 0 changed — 1 critical, 0 high, 1 low |",
    );
    expect(r.out).to.contain(
      "### Changes vs `main`\n\n| severity | change | resource | why |\n|---|---|---|---|\n| critical | removed | platform-uploads-bucket (aws:s3/bucket:Bucket) |",
    );
    const same = await plan(["--stack", "prod", "--base", "main"], deps({ doc: prod, base: prod }));
    expect(same.code).to.equal(0);
    expect(same.out).to.contain("cost vs main: $0.00 / month");
  });

  it("prints JSON with every part", async () => {
    const r = await plan(["--stack", "staging", "--json"], deps());
    expect(Object.keys(JSON.parse(r.out))).to.deep.equal([
      "stack",
      "resources",
      "components",
      "check",
      "cost",
      "stackRegion",
      "priceRegion",
      "topology",
    ]);
    expect(signedMoney(1234.5)).to.equal("+$1,234.50");
    expect(money(0)).to.equal("$0.00");
  });

  it("runs the policy pack's offline runner lazily (cli/check)", async () => {
    const c = await checkDocument(fixture("staging"), PROJECT_DIR);
    expect(c.status, c.status === "unavailable" ? c.reason : "").to.equal("ran");
    if (c.status === "ran") expect(c.configFile).to.equal("policy-pack/config/staging.json");
  });

  it("passes --allow-weakened to the check and lists the weakened rules in every format", async () => {
    const weakened: WeakenedRule[] = [
      {
        policy: "rds-storage-encrypted",
        from: "mandatory",
        to: "disabled",
        by: "all",
        exemptable: false,
      },
      {
        policy: "rds-final-snapshot",
        from: "mandatory",
        to: "advisory",
        by: "rds-final-snapshot",
        exemptable: true,
      },
    ];
    const seen: PlanCheckOptions[] = [];
    const d: PlanDeps = {
      ...deps(),
      check: async (_doc, _cwd, opts) => {
        seen.push(opts);
        return {
          status: "ran",
          result: { ...CLEAN, weakened, allowWeakened: opts.allowWeakened === true },
        };
      },
    };
    const md = await plan(["--stack", "staging", "--allow-weakened", "--markdown"], d);
    expect(seen).to.deep.equal([{ allowWeakened: true }]);
    expect(md.code).to.equal(0);
    expect(md.out).to.contain(
      "| Policy check | ✅ no mandatory violation, 0 advisory, 2 rules weakened by the policy config (--allow-weakened) |",
    );
    expect(md.out).to.contain(
      [
        "None.",
        "",
        "`--allow-weakened` was given: weakening a rule that protects encryption at rest is accepted on purpose.",
        "",
        "<details><summary>2 rules weakened by the policy config</summary>",
        "",
        '- rds-storage-encrypted: mandatory → disabled (set by "all"), protects encryption at rest',
        '- rds-final-snapshot: mandatory → advisory (set by "rds-final-snapshot")',
        "",
        "</details>",
      ].join("\n"),
    );

    const text = await plan(["--stack", "staging"], d);
    expect(seen[1]).to.deep.equal({ allowWeakened: false });
    expect(text.out).to.contain(
      "  policy check:   no mandatory violation, 0 advisory, 2 rules weakened by the policy config\n",
    );
    expect(text.out).to.contain(
      [
        "Weakened by the policy config:",
        '  rds-storage-encrypted: mandatory → disabled (set by "all"), protects encryption at rest',
        '  rds-final-snapshot: mandatory → advisory (set by "rds-final-snapshot")',
      ].join("\n"),
    );
    expect(text.out).not.to.contain("--allow-weakened");

    const json = JSON.parse((await plan(["--stack", "staging", "--json"], d)).out);
    expect(json.check.result.weakened).to.deep.equal(weakened);
    expect(json.check.result.allowWeakened).to.equal(false);
  });

  it("checks with the stack's own config: staging's downgrades are listed, and --allow-weakened reaches the check", async () => {
    const c = await checkDocument(fixture("staging"), PROJECT_DIR, { allowWeakened: true });
    if (c.status !== "ran") throw new Error(c.reason);
    expect(c.result.allowWeakened).to.equal(true);
    expect(c.result.weakened).to.deep.include({
      policy: "rds-deletion-protection",
      from: "mandatory",
      to: "advisory",
      by: "rds-deletion-protection",
      exemptable: true,
    });
  });
});
