import { expect } from "chai";
import { DATA_STORE_CHECKLIST } from "../compliance/checklist";
import { coveringRules, FRAMEWORKS } from "../compliance/frameworks";
import { FrameworkId, RULE_CONTROLS } from "../compliance/mapping";
import { allPolicies } from "../policies";

const IDS: Record<string, Set<string>> = Object.fromEntries(
  FRAMEWORKS.map((f) => [f.id, new Set(f.controls.map((c) => c.id))]),
);

describe("policy pack: compliance mapping", () => {
  it("keeps three framework lists, each with its source, version, date and unique control ids", () => {
    expect(FRAMEWORKS.map((f) => [f.id, f.version])).to.deep.equal([
      ["cis-aws-foundations", "3.0.0"],
      ["aws-fsbp", "1.0.0"],
      ["soc2", "2017 (revised points of focus, 2022)"],
    ]);
    for (const f of FRAMEWORKS) {
      expect(f.source, f.id).to.match(/^https:\/\//);
      expect(f.sourceRead, f.id).to.equal("2026-11-30");
      expect(f.note, f.id).to.not.equal("");
      expect(IDS[f.id].size, f.id).to.equal(f.controls.length);
      for (const c of f.controls) expect(c.title, `${f.id} ${c.id}`).to.match(/\S/);
    }
    expect(FRAMEWORKS.map((f) => f.controls.length)).to.deep.equal([62, 286, 33]);
  });

  it("every rule maps at least one control", () => {
    const unmapped = allPolicies
      .filter((p) => Object.values(p.controls).every((ids) => (ids ?? []).length === 0))
      .map((p) => p.name);
    expect(
      unmapped,
      "rules without controls (add them to policy-pack/compliance/mapping.ts)",
    ).to.deep.equal([]);
  });

  it("every control id a rule names exists in its framework's list", () => {
    const unknown: string[] = [];
    for (const p of allPolicies) {
      for (const [framework, ids] of Object.entries(p.controls)) {
        for (const id of ids ?? []) {
          if (!IDS[framework]?.has(id)) unknown.push(`${p.name}: ${framework} ${id}`);
        }
      }
    }
    expect(unknown).to.deep.equal([]);
  });

  it("maps only rules the pack has, and the rules carry the mapping as metadata", () => {
    const names = new Set(allPolicies.map((p) => p.name));
    expect(Object.keys(RULE_CONTROLS).filter((n) => !names.has(n))).to.deep.equal([]);
    const trail = allPolicies.find((p) => p.name === "cloudtrail-log-file-validation")!;
    expect(trail.controls).to.deep.equal({
      "cis-aws-foundations": ["3.2"],
      "aws-fsbp": ["CloudTrail.4"],
      soc2: ["CC7.2"],
    });
  });

  it("lists the covering rules per control, and leaves account-wide controls uncovered", () => {
    const cis = FRAMEWORKS.find((f) => f.id === ("cis-aws-foundations" as FrameworkId))!;
    const covering = coveringRules(cis, allPolicies);
    expect(covering.get("3.5")).to.deep.equal(["cloudtrail-encrypted"]);
    expect(covering.get("2.1.1")).to.deep.equal([
      "s3-bucket-tls-only",
      "cloudtrail-log-bucket-private",
    ]);
    expect(covering.get("1.5")).to.deep.equal([]);
  });

  it("the data-store checklist names only rules the pack has", () => {
    const names = new Set(allPolicies.map((p) => p.name));
    const missing = DATA_STORE_CHECKLIST.flatMap((i) => i.rules).filter((r) => !names.has(r));
    expect(missing).to.deep.equal([]);
    expect(DATA_STORE_CHECKLIST.map((i) => i.heading)).to.deep.equal([
      "Encryption at rest",
      "Encryption in transit",
      "Access control",
      "Audit logs",
      "Key rotation",
      "Backups (and their encryption)",
    ]);
  });
});
