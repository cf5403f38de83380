/**
 * The deployability group as a whole: its rules, and the dated data files
 * they read. Rule by rule: deployability-<file>.spec.ts beside this one.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { DATA_FILES } from "../data";
import { allPolicies } from "../policies";

describe("deployability: the group", () => {
  it("has twenty-three mandatory, exemptable rules", () => {
    const group = allPolicies.filter((p) => p.group === "deployability");
    expect(group.map((p) => p.name)).to.deep.equal([
      "rds-engine-version-creatable",
      "rds-minor-version-not-pinned-with-auto-upgrade",
      "rds-storage-autoscaling-bounds",
      "lambda-runtime-creatable",
      "fargate-task-size-valid",
      "elasticache-engine-version-valid",
      "cloudwatch-metric-dimensions-published",
      "resource-name-valid",
      "ecs-service-waits-for-listener",
      "ecs-service-waits-for-execution-role-policies",
      "lambda-waits-for-role-policies",
      "listener-certificate-covers-host",
      "lambda-code-path-exists",
      "rds-final-snapshot-identifier-unique",
      "rds-log-groups-created-first",
      "flow-log-role-can-deliver",
      "ecs-secrets-do-not-rotate",
      "backup-clear-of-database-windows",
      "docker-data-server-stops-gracefully",
      "docker-no-hsts-on-localhost",
      "docker-local-image-native-platform",
      "docker-healthcheck-fits-memory",
      "docker-host-ports-uncommon",
    ]);
    for (const p of group)
      expect([p.enforcementLevel, p.exemptable], p.name).to.deep.equal(["mandatory", true]);
  });

  it("reads only versioned, dated data files whose every entry names its source", () => {
    expect(DATA_FILES.map((f) => f.file)).to.deep.equal([
      "policy-pack/data/rds-engine-versions.json",
      "policy-pack/data/lambda-runtimes.json",
      "policy-pack/data/elasticache-engines.json",
      "policy-pack/data/fargate-task-sizes.json",
      "policy-pack/data/cloudwatch-metrics.json",
      "policy-pack/data/name-limits.json",
      "policy-pack/data/process-footprints.json",
      "policy-pack/data/dev-ports.json",
      "policy-pack/data/data-stores.json",
    ]);
    for (const f of DATA_FILES) {
      expect(f.version, f.file).to.equal(1);
      expect(f.readAt, f.file).to.equal("2026-11-30");
      expect(f.sources.length, f.file).to.be.greaterThan(0);
      // A page read (https), or the repository's script that measured the figures.
      for (const s of f.sources) {
        if (/^https:\/\//.test(s)) continue;
        expect(s, f.file).to.match(/^scripts\/[\w-]+\.ts$/);
        expect(fs.existsSync(path.join(__dirname, "..", "..", s)), s).to.equal(true);
      }
    }
    const dir = path.join(__dirname, "..", "data");
    const onDisk = fs.readdirSync(dir).filter((f) => f.endsWith(".json"));
    expect(onDisk.map((f) => `policy-pack/data/${f}`).sort()).to.deep.equal(
      DATA_FILES.map((f) => f.file).sort(),
    );
  });
});
