import * as fs from "node:fs";
import { expect } from "chai";
import { RULES } from "../../../cli/migrations/rules";
import { DOCS_PATH, renderMigrationDocs } from "../../../scripts/migration-docs";

describe("docs/migrations.md", () => {
  it("is up to date with the rules (regenerate: npm run migrations:docs)", () => {
    expect(
      fs.readFileSync(DOCS_PATH, "utf8") === renderMigrationDocs(),
      "docs/migrations.md is stale: run `npm run migrations:docs`",
    ).to.equal(true);
  });

  it("documents every rule with its id, severity, what it catches, the fix and the escape", () => {
    const docs = renderMigrationDocs();
    for (const r of RULES) {
      const section = docs.slice(docs.indexOf(`### ${r.id}\n`));
      expect(section, r.id).to.contain(`- **Severity:** ${r.severity}\n`);
      expect(section, r.id).to.contain(`- **Catches:** ${r.catches}\n`);
      expect(section, r.id).to.contain(`- **Fix:** ${r.fix}\n`);
      expect(section, r.id).to.contain(
        `- **Escape:** \`-- migration-check: allow ${r.id} reason="…" expires=YYYY-MM-DD\`\n`,
      );
    }
  });

  it("goes stale when a rule changes", () => {
    const changed = RULES.map((r) =>
      r.id === "drop-column" ? { ...r, severity: "low" as const } : r,
    );
    expect(renderMigrationDocs(changed)).to.not.equal(fs.readFileSync(DOCS_PATH, "utf8"));
  });
});
