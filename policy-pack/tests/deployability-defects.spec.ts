/**
 * Each defect of issue 10, fed in as the program synthesized it before the
 * fix (fixtures/deployability, provenance in its README), is caught by the
 * deployability rule named for it through `platform check --resources FILE`:
 * exit 1, the rule and the resource named. Other groups' findings on these
 * trimmed graphs (e.g. a database without its parameter group) are not this
 * test's business; the deployability findings are asserted exactly.
 */
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
});
