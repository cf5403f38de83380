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
    // The same instance also carries defect 7's fixed snapshot name and missing log groups (below).
    expect(r.found).to.include.members([
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
    // The function's code path is defect 7's business (and exists once the package is built); the
    // task definition's injected database password is defect 3's.
    const others = ["lambda-code-path-exists", "ecs-secrets-do-not-rotate"];
    expect(r.found.filter((f) => !others.some((o) => f.includes(o)))).to.deep.equal([
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

  it("3. the rotating RDS master secret injected into the task at start (DATABASE_PASSWORD)", async () => {
    const r = await check("ecs-rotating-secret.prod.json");
    expect(r.code).to.equal(1);
    expect(r.found).to.deep.equal(["mandatory ecs-secrets-do-not-rotate platform-web-task"]);
    expect(r.text).to.contain(
      'container "app" gets "DATABASE_PASSWORD" injected from "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-platform-prod-db:password::"',
    );
  });

  it("7. the fixed final snapshot name platform-prod-db-final", async () => {
    const r = await check("rds-engine-version.prod.json");
    expect(r.code).to.equal(1);
    expect(r.found).to.include(
      "mandatory rds-final-snapshot-identifier-unique platform-db-instance",
    );
    expect(r.text).to.contain('finalSnapshotIdentifier "platform-prod-db-final" is a fixed name');
  });

  it("7. RDS log exports without the program's own log groups", async () => {
    const r = await check("rds-engine-version.prod.json");
    expect(r.code).to.equal(1);
    expect(r.found).to.include("mandatory rds-log-groups-created-first platform-db-instance");
    expect(r.text).to.contain(
      'exports the "postgresql" log, but the stack has no log group "/aws/rds/instance/platform-prod-db/postgresql"',
    );
    expect(r.text).to.contain('"/aws/rds/instance/platform-prod-db/upgrade"');
  });

  it("7. the flow-log role without logs:DescribeLogGroups", async () => {
    const r = await check("flow-log-role.prod.json");
    expect(r.code).to.equal(1);
    expect(r.found).to.deep.equal([
      "mandatory flow-log-role-can-deliver platform-network-flow-log",
    ]);
    expect(r.text).to.contain(
      "its role platform-network-flow-logs-role is not allowed logs:DescribeLogGroups",
    );
  });

  it("7. the daily AWS Backup at 03:00 running into Sunday's 03:30 maintenance window", async () => {
    const r = await check("backup-window.prod.json");
    expect(r.code).to.equal(1);
    expect(r.found).to.include("mandatory backup-clear-of-database-windows platform-backup-plan");
    expect(r.text).to.contain(
      'rule "daily" ("cron(0 3 * * ? *)", start window 60 min + 60 min for the snapshot) may run sun 03:00–sun 05:00 UTC, inside platform-db-instance\'s maintenance window "sun:03:30-sun:04:30"',
    );
  });

  it("8. the dev stack: SIGKILLed data servers, HSTS on localhost, a forced linux/amd64 build, a sink too small for its health check, the proxy on 8080", async () => {
    const r = await check("docker.dev.json");
    expect(r.code).to.equal(1);
    expect(r.found.sort()).to.deep.equal([
      "mandatory docker-data-server-stops-gracefully platform-cache-redis",
      "mandatory docker-data-server-stops-gracefully platform-db-postgres",
      "mandatory docker-healthcheck-fits-memory platform-notifications-sink",
      "mandatory docker-host-ports-uncommon platform-web-proxy",
      "mandatory docker-local-image-native-platform platform-app-image",
      "mandatory docker-no-hsts-on-localhost platform-web-proxy-files-loader",
    ]);
    expect(r.text).to.contain("runs postgres on a volume with destroyGraceSeconds unset");
    expect(r.text).to.contain(
      "has a 96 MiB memory limit but its health check starts node (about 62 MiB at its peak) beside a server of about 51 MiB",
    );
    expect(r.text).to.contain(
      '"/run/platform/nginx.conf" sends Strict-Transport-Security from server_name localhost',
    );
    // 8443 is no common tool's default (Tomcat's HTTPS connector ships commented out); 8080 is.
    expect(r.text).to.contain(
      "publishes host port 8080 on 127.0.0.1, the default of IANA http-alt",
    );
    expect(r.text).not.to.contain("publishes host port 8443");
  });
});
