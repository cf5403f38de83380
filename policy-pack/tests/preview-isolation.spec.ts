/**
 * preview-reaches-only-shared-tier through `platform check --resources FILE`, on
 * pr-7's security groups, rules, service and functions as `platform synth --stack
 * pr-7 --json` gives them (fixtures/preview-isolation, provenance in its README),
 * with defects added by hand. Under platform's mocks the StackReference records
 * only the referenced stack's name; one fixture gives it the engine's state shape
 * ({ name, outputs, secretOutputNames }: @pulumi/pulumi 3.276.0 stackReference.d.ts)
 * so the rule can compare ids with staging's previewTier output.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { CheckResult } from "../../cli/check/runner";
import { SynthDocument } from "../../cli/core/resource";
import { main } from "../../cli/main";

const PROJECT_DIR = path.resolve(__dirname, "..", "..");
const FIXTURES = path.join(__dirname, "fixtures", "preview-isolation");
const RULE = "preview-reaches-only-shared-tier";
const THUMB =
  "a preview may reach only its own security groups and the shared preview tier's, never staging's database, cache or service groups";

async function check(file: string, ...extra: string[]) {
  let out = "";
  let err = "";
  const code = await main(["check", "--resources", path.join(FIXTURES, file), "--json", ...extra], {
    out: (t: string) => (out += t),
    err: (t: string) => (err += t),
    cwd: PROJECT_DIR,
  });
  expect(err).to.equal("");
  const result = JSON.parse(out) as CheckResult;
  return {
    code,
    all: result.violations.map((v) => `${v.policy} ${v.resource.name}`),
    found: result.violations
      .filter((v) => v.policy === RULE)
      .map((v) => `${v.enforcementLevel} ${v.resource.name}: ${v.message}`)
      .sort(),
  };
}

describe("preview-reaches-only-shared-tier", function () {
  this.timeout(60_000);
  it("passes pr-7 on the shared tier as the program synthesizes it", async () => {
    const r = await check("pr-7.shared.json");
    expect(r.all).to.deep.equal([]);
    expect(r.code).to.equal(0);
  });

  it("fails rules on staging's groups, the tier opened to a CIDR, and a service in a foreign group", async () => {
    const r = await check("pr-7.reaches-staging.json");
    expect(r.code).to.equal(1);
    expect(r.found).to.deep.equal([
      `mandatory platform-web-service: networkConfiguration.securityGroups includes "sg-0123456789abcdef0", which is not one of this preview's security groups: ${THUMB}`,
      `mandatory service-to-staging-cache: referencedSecurityGroupId "sg-0fedcba9876543210" is neither one of this preview's security groups nor read from the shared tier's stack reference: ${THUMB}`,
      `mandatory shared-db-from-vpc: opens the shared preview tier's security group to cidrIpv4 "10.0.0.0/16"; a preview may let only its own security groups into the shared tier`,
      `mandatory staging-db-from-service: securityGroupId "sg-0a1b2c3d4e5f60789" is neither one of this preview's security groups nor read from the shared tier's stack reference: ${THUMB}`,
    ]);
  });

  it("with the reference's outputs visible, accepts the tier's groups and refuses another output's", async () => {
    const r = await check("pr-7.reference-outputs.json");
    expect(r.code).to.equal(1);
    expect(r.found).to.deep.equal([
      `mandatory service-to-staging-db-via-reference: referencedSecurityGroupId "sg-0a1b2c3d4e5f60789" is read from a stack reference, but not one of the previewTier output's security groups: ${THUMB}`,
    ]);
  });

  it("takes an unknown id the engine ties to the preview's group as its own, and cannot judge one nothing explains", async () => {
    const r = await check("pr-7.unknown.json");
    expect(r.code).to.equal(0);
    expect(r.found).to.deep.equal([
      "advisory platform-pr-7: cannot be checked during preview: string value at .referencedSecurityGroupId can't be known during preview",
    ]);
  });

  it('cannot judge an id that is a secret ("[secret]" offline): an advisory, the other rules still mandatory', async () => {
    const doc = JSON.parse(
      fs.readFileSync(path.join(FIXTURES, "pr-7.reaches-staging.json"), "utf8"),
    ) as SynthDocument;
    const rule = doc.resources.find((r) => r.name === "service-to-staging-cache")!;
    (rule.props as Record<string, unknown>).referencedSecurityGroupId = "[secret]";
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-isolation-secret-"));
    try {
      fs.writeFileSync(path.join(dir, "secret.json"), JSON.stringify(doc));
      const r = await check(path.join(path.relative(FIXTURES, dir), "secret.json"));
      expect(r.code).to.equal(1);
      expect(r.found).to.deep.equal([
        'advisory platform-pr-7: cannot be checked offline: referencedSecurityGroupId is a secret ("[secret]" in the offline resource shape), so its content cannot be inspected; under the Pulumi engine the policy sees the real value',
        `mandatory platform-web-service: networkConfiguration.securityGroups includes "sg-0123456789abcdef0", which is not one of this preview's security groups: ${THUMB}`,
        `mandatory shared-db-from-vpc: opens the shared preview tier's security group to cidrIpv4 "10.0.0.0/16"; a preview may let only its own security groups into the shared tier`,
        `mandatory staging-db-from-service: securityGroupId "sg-0a1b2c3d4e5f60789" is neither one of this preview's security groups nor read from the shared tier's stack reference: ${THUMB}`,
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("checks preview stacks only", async () => {
    const r = await check(
      "pr-7.reaches-staging.json",
      "--policy-config",
      path.join(PROJECT_DIR, "policy-pack", "config", "staging.json"),
    );
    expect(r.found).to.deep.equal([]);
  });
});
