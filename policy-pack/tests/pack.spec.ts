import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import { expect } from "chai";
import { parse as parseYaml } from "yaml";
import { reconcilePolicyConfig } from "../../cli/check/config";
import { PlatformPolicy, POLICY_GROUPS } from "../lib/define";
import { ENVIRONMENTS } from "../lib/tags";
import { allPolicies } from "../policies";

const PACK = path.join(__dirname, "..");
const read = (file: string) => fs.readFileSync(path.join(PACK, file), "utf8");
const POLICY_MODULES = fs
  .readdirSync(path.join(PACK, "policies"))
  .filter((f) => f.endsWith(".ts") && f !== "index.ts");

function isPolicy(value: unknown): value is PlatformPolicy {
  const v = value as PlatformPolicy;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof v.name === "string" &&
    ("validateResource" in v || "validateStack" in v)
  );
}

describe("policy pack: structure", () => {
  it("PulumiPolicy.yaml declares a Node.js pack with a description", () => {
    const doc = parseYaml(read("PulumiPolicy.yaml")) as Record<string, unknown>;
    expect(doc.runtime).to.equal("nodejs");
    expect(doc.description).to.be.a("string").and.not.equal("");
  });

  it("package.json names the pack, has a version and pins the SDKs", () => {
    const pkg = JSON.parse(read("package.json")) as {
      name: string;
      version: string;
      dependencies: Record<string, string>;
    };
    expect(pkg.name).to.equal("platform-guardrails");
    expect(pkg.version).to.match(/^\d+\.\d+\.\d+$/);
    expect(pkg.dependencies).to.deep.equal({
      "@pulumi/policy": "1.21.0",
      "@pulumi/pulumi": "3.276.0",
    });
  });

  it("index.ts builds exactly one PolicyPack, named as the package, from allPolicies", () => {
    const index = read("index.ts");
    expect(index.match(/new PolicyPack\(/g)).to.have.length(1);
    expect(index).to.match(/new PolicyPack\("platform-guardrails", \{/);
    expect(index).to.match(/^\s+policies: allPolicies,$/m);
    expect(index).to.match(/^import \{ allPolicies \} from "\.\/policies";$/m);
  });

  it("every exported policy constant is in allPolicies, and allPolicies holds nothing else", () => {
    const exported: PlatformPolicy[] = [];
    for (const file of POLICY_MODULES) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(path.join(PACK, "policies", file)) as Record<string, unknown>;
      exported.push(...Object.values(mod).filter(isPolicy));
    }
    expect(exported.filter((p) => !allPolicies.includes(p)).map((p) => p.name)).to.deep.equal([]);
    expect(allPolicies.filter((p) => !exported.includes(p)).map((p) => p.name)).to.deep.equal([]);
    expect(allPolicies.length).to.equal(89);
  });

  it("policy names are unique kebab-case (and not the reserved 'all')", () => {
    const names = allPolicies.map((p) => p.name);
    expect(new Set(names).size).to.equal(names.length);
    for (const n of names)
      expect(n, n)
        .to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/)
        .and.not.equal("all");
  });

  it("every policy documents itself: description, level, remediation, resource types, group", () => {
    for (const p of allPolicies) {
      expect(p.description, p.name).to.match(/^[A-Z].*\.$/);
      expect(["mandatory", "advisory"], p.name).to.include(p.enforcementLevel);
      expect(p.remediationSteps, p.name).to.be.a("string").with.length.greaterThan(20);
      expect(p.resourceTypes.length, p.name).to.be.greaterThan(0);
      expect(Object.keys(POLICY_GROUPS), p.name).to.include(p.group);
    }
  });

  it("encryption at rest is mandatory and never exemptable; every other rule is exemptable", () => {
    const atRest = (p: PlatformPolicy) =>
      p.group === "encryption" ||
      p.group === "data-stores" ||
      p.name === "ec2-block-devices-encrypted";
    for (const p of allPolicies) {
      expect(p.exemptable, p.name).to.equal(!atRest(p));
      if (atRest(p)) expect(p.enforcementLevel, p.name).to.equal("mandatory");
    }
  });

  it("data-protection and IAM-breadth rules are one policy each: mandatory in prod, advisory in dev and staging, off in previews", () => {
    const tieredRules = allPolicies.filter((p) => p.levels !== undefined).map((p) => p.name);
    expect(tieredRules).to.deep.equal([
      "rds-deletion-protection",
      "rds-final-snapshot",
      "rds-backup-retention",
      "stateful-resources-protected",
      "dynamodb-point-in-time-recovery",
      "redshift-final-snapshot",
      "iam-no-broad-managed-policies",
      "iam-no-wildcard-actions",
    ]);
    for (const p of allPolicies.filter((x) => x.levels !== undefined)) {
      expect([p.enforcementLevel, p.levels], p.name).to.deep.equal([
        "mandatory",
        { dev: "advisory", staging: "advisory", prod: "mandatory", preview: "disabled" },
      ]);
    }
    expect(allPolicies.filter((p) => p.name.endsWith("-advisory"))).to.deep.equal([]);
    expect(allPolicies.filter((p) => p.group === "data-protection").length).to.equal(7);
  });

  it("config schemas compile as JSON Schema, carry defaults, and leave enforcementLevel to the engine", () => {
    const ajv = new Ajv({ strict: true, strictTypes: false });
    for (const p of allPolicies) {
      expect(p.configSchema.properties, p.name).to.not.have.property("enforcementLevel");
      expect(
        () => ajv.compile({ type: "object", properties: p.configSchema.properties }),
        p.name,
      ).to.not.throw();
      for (const [key, prop] of Object.entries(p.configSchema.properties)) {
        if (key === "environment") continue;
        expect(
          typeof prop === "object" && prop.default !== undefined,
          `${p.name}.${key} has a default`,
        ).to.equal(true);
      }
    }
  });

  const LEVELS: Record<string, Record<string, string[]>> = {
    prod: { mandatory: ["rds-deletion-protection", "iam-no-wildcard-actions"], disabled: [] },
    staging: { advisory: ["rds-deletion-protection", "iam-no-wildcard-actions"], disabled: [] },
    dev: { advisory: ["rds-deletion-protection", "iam-no-wildcard-actions"], disabled: [] },
    preview: {
      disabled: [
        "rds-deletion-protection",
        "rds-final-snapshot",
        "rds-backup-retention",
        "stateful-resources-protected",
        "dynamodb-point-in-time-recovery",
        "redshift-final-snapshot",
        "iam-no-broad-managed-policies",
        "iam-no-wildcard-actions",
      ],
    },
  };
  for (const env of ENVIRONMENTS) {
    it(`config/${env}.json sets environment ${env} and the rule's level in ${env} on every policy, and passes every schema`, () => {
      const doc = JSON.parse(read(`config/${env}.json`)) as Record<
        string,
        { environment?: string; enforcementLevel?: string }
      >;
      expect(Object.keys(doc)).to.deep.equal(allPolicies.map((p) => p.name));
      for (const p of allPolicies) {
        expect(doc[p.name].environment, p.name).to.equal(env);
        expect(doc[p.name].enforcementLevel, p.name).to.equal(
          p.levels?.[env] ?? p.enforcementLevel,
        );
      }
      const config = reconcilePolicyConfig(allPolicies, doc);
      for (const [level, names] of Object.entries(LEVELS[env])) {
        for (const name of names) expect(config.get(name)?.enforcementLevel, name).to.equal(level);
      }
      const disabled = [...config]
        .filter(([, e]) => e.enforcementLevel === "disabled")
        .map(([n]) => n);
      expect(disabled).to.deep.equal(LEVELS[env].disabled);
    });
  }
});
