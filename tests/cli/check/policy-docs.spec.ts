import * as fs from "node:fs";
import { expect } from "chai";
import { DOCS_PATH, renderPolicyDocs } from "../../../scripts/policy-docs";
import { allPolicies } from "../../../policy-pack/policies";

describe("docs/policies.md", () => {
  it("is up to date with the policies' metadata (regenerate: npx tsx scripts/policy-docs.ts)", () => {
    expect(
      fs.readFileSync(DOCS_PATH, "utf8") === renderPolicyDocs(),
      "docs/policies.md is stale: run `npx tsx scripts/policy-docs.ts`",
    ).to.equal(true);
  });

  it("documents every policy with its level, resource types, exemptability and remediation", () => {
    const docs = renderPolicyDocs();
    for (const p of allPolicies) {
      const section = docs.slice(docs.indexOf(`### ${p.name}\n`));
      expect(section, p.name).to.contain(`\n${p.description}\n`);
      expect(section).to.contain(`- **Level:** ${p.enforcementLevel}`);
      expect(section).to.contain(`- **Exemptable:** ${p.exemptable ? "yes" : "no"}`);
      expect(section).to.contain(`- **Remediation:** ${p.remediationSteps}`);
    }
  });
});
