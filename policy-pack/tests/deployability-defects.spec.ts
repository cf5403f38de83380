/**
 * Each defect of issue 10, fed in as the program synthesized it before the
 * fix (fixtures/deployability, provenance in its README), is caught by the
 * deployability rule named for it through `platform check --resources FILE`:
 * exit 1, the rule and the resource named. Other groups' findings on these
 * trimmed graphs (e.g. a database without its parameter group) are not this
 * test's business; the deployability findings are asserted exactly.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { CheckResult } from "../../cli/check/runner";
import { main } from "../../cli/main";
import { allPolicies } from "../policies";

const PROJECT_DIR = path.resolve(__dirname, "..", "..");
const FIXTURES = path.join(__dirname, "fixtures", "deployability");
const DEPLOYABILITY = new Set(
  allPolicies.filter((p) => p.group === "deployability").map((p) => p.name),
);

async function check(
  file: string,
  ...extra: string[]
): Promise<{ code: number; found: string[]; text: string }> {
  let out = "";
  let err = "";
  const io = { out: (t: string) => (out += t), err: (t: string) => (err += t), cwd: PROJECT_DIR };
  const code = await main(
    ["check", "--resources", path.join(FIXTURES, file), "--json", ...extra],
    io,
  );
  expect(err).to.equal("");
  const result = JSON.parse(out) as CheckResult;
  const found = result.violations
    .filter((v) => DEPLOYABILITY.has(v.policy))
    .map((v) => `${v.enforcementLevel} ${v.policy} ${v.resource.name}`);
  let text = "";
  await main(["check", "--resources", path.join(FIXTURES, file), ...extra], {
    ...io,
    out: (t: string) => (text += t),
  });
  return { code, found, text };
}

describe("deployability: issue 10's defects as synthesized at 8118624", () => {
  it("1. engineVersion 16.4 (blocked since 2025-10-01) pinned with auto minor upgrades", async () => {
    const r = await check("rds-engine-version.prod.json");
    expect(r.code).to.equal(1);
    expect(r.found).to.deep.equal([
      "mandatory rds-engine-version-creatable platform-db-instance",
      "mandatory rds-minor-version-not-pinned-with-auto-upgrade platform-db-instance",
    ]);
    expect(r.text).to.contain("rds-engine-version-creatable");
    expect(r.text).to.contain("platform-db-instance");
  });

  it("2. preview storage autoscaling 20/20", async () => {
    const r = await check("rds-storage-autoscaling.pr-7.json");
    expect(r.code).to.equal(1);
    expect(r.found).to.include("mandatory rds-storage-autoscaling-bounds platform-db-instance");
    expect(r.text).to.contain(
      "maxAllocatedStorage 20 is less than ceil(1.1 × allocatedStorage 20) = 22",
    );
  });

  it("4. cache alarms and dashboard widgets by ReplicationGroupId", async () => {
    const r = await check("cache-alarms.prod.json");
    expect(r.code).to.equal(1);
    expect(r.found.sort()).to.deep.equal([
      "mandatory cloudwatch-metric-dimensions-published platform-observability-cache-cpu",
      "mandatory cloudwatch-metric-dimensions-published platform-observability-cache-memory",
      "mandatory cloudwatch-metric-dimensions-published platform-observability-dashboard",
      "mandatory cloudwatch-metric-dimensions-published platform-observability-dashboard",
    ]);
  });

  it("5. web-2.pr-7.<previewDomain> behind the wildcard *.<previewDomain>", async () => {
    const r = await check("wildcard-host.pr-7.json");
    expect(r.code).to.equal(1);
    expect(r.found).to.deep.equal([
      "mandatory listener-certificate-covers-host platform-web-2-https",
    ]);
    expect(r.text).to.contain(
      'host "web-2.pr-7.preview.platform.example.com" (record platform-web-2-dns)',
    );
  });

  it("6. the ECS service and the Lambda without dependsOn on their listener and role policies", async () => {
    const r = await check("creation-order.prod.json");
    expect(r.code).to.equal(1);
    // The function's code path is defect 7's business (and exists once the package is built).
    expect(r.found.filter((f) => !f.includes("lambda-code-path-exists"))).to.deep.equal([
      "mandatory ecs-service-waits-for-listener platform-web-service",
      "mandatory ecs-service-waits-for-execution-role-policies platform-web-service",
      "mandatory lambda-waits-for-role-policies platform-file-processor-function",
    ]);
  });

  describe("7. a missing Lambda package path", () => {
    let dir: string;
    before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "deployability-defects-"))));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("is caught against a project directory without app/dist/lambda", async () => {
      const config = JSON.parse(
        fs.readFileSync(path.join(PROJECT_DIR, "policy-pack", "config", "prod.json"), "utf8"),
      ) as Record<string, Record<string, unknown>>;
      config["lambda-code-path-exists"] = {
        ...config["lambda-code-path-exists"],
        projectDirectory: dir,
      };
      const file = path.join(dir, "policy.json");
      fs.writeFileSync(file, JSON.stringify(config));
      const r = await check("lambda-code.prod.json", "--policy-config", file);
      expect(r.code).to.equal(1);
      expect(r.found).to.deep.equal([
        "mandatory lambda-code-path-exists platform-file-processor-function",
      ]);
      expect(r.text).to.contain('code path "app/dist/lambda" does not exist');
    });
  });
});
