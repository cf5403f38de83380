/**
 * The real program's stacks through the real pack: what `platform check
 * --stack S` does, with each environment's committed policy config.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { detectEnvironment } from "../../../cli/check/environment";
import { checkResources, CheckResult } from "../../../cli/check/runner";
import { Resource } from "../../../cli/core/resource";
import { PROJECT_DIR, synth } from "../../support/mockRun";

async function checkStack(
  stack: string,
  change: (r: Resource[]) => Resource[] = (r) => r,
): Promise<CheckResult> {
  const doc = await synth(stack);
  const resources = change(JSON.parse(JSON.stringify(doc.resources)) as Resource[]);
  const environment = detectEnvironment(resources, stack)!.environment;
  const config = JSON.parse(
    fs.readFileSync(path.join(PROJECT_DIR, "policy-pack", "config", `${environment}.json`), "utf8"),
  ) as object;
  return checkResources(resources, { environment, config, stackName: stack });
}

const mandatory = (r: CheckResult) =>
  r.violations
    .filter((v) => v.enforcementLevel === "mandatory")
    .map((v) => `${v.policy} ${v.resource.name}: ${v.message}`);

describe("the program's stacks under the policy pack", () => {
  for (const stack of ["dev", "staging", "prod", "pr-7"]) {
    it(`${stack} has no mandatory violation`, async () => {
      expect(mandatory(await checkStack(stack))).to.deep.equal([]);
    });
  }

  it("a staging stack whose bucket loses its TLS-only policy fails", async () => {
    const result = await checkStack("staging", (r) =>
      r.filter((x) => x.type !== "aws:s3/bucketPolicy:BucketPolicy"),
    );
    expect(mandatory(result)).to.deep.equal([
      "s3-bucket-tls-only platform-uploads-bucket: bucket platform-uploads-bucket (platform-staging-uploads-123456789012) has no bucket policy, so plain-HTTP requests are allowed; add one that denies aws:SecureTransport = false",
      "s3-bucket-tls-only platform-observability-audit-logs: bucket platform-observability-audit-logs (platform-staging-audit-logs-123456789012) has no bucket policy, so plain-HTTP requests are allowed; add one that denies aws:SecureTransport = false",
      "cloudtrail-log-bucket-private platform-observability-audit-trail: log bucket platform-observability-audit-logs of trail platform-observability-audit-trail has no bucket policy denying aws:SecureTransport = false",
    ]);
  });

  it("a dev container published on every interface fails", async () => {
    const result = await checkStack("dev", (r) =>
      r.map((x) =>
        x.name === "platform-web-proxy"
          ? { ...x, props: { ...x.props, ports: [{ internal: 8443, external: 8443 }] } }
          : x,
      ),
    );
    expect(mandatory(result)).to.deep.equal([
      'docker-container-ports-localhost platform-web-proxy: port 8443 (host port 8443) has no ip, so Docker binds it on 0.0.0.0; set ip: "127.0.0.1"',
    ]);
  });
});
