import * as fs from "node:fs";
import { expect } from "chai";
import { parse as parseYaml } from "yaml";
import { renderProjectConfig, renderReadmeTable } from "../../config/docs";
import { ALL_KEYS, KNOWN_KEYS, PREVIEW_DROPPED_KEYS } from "../../config/keys";
import { configDocs, PULUMI_YAML_PATH } from "../../scripts/config-docs";

describe("config/docs", () => {
  it("keeps the README's table and Pulumi.yaml's declarations up to date (regenerate: npm run config:docs)", () => {
    for (const [file, current, expected] of configDocs()) {
      expect(current === expected, `${file} is stale: run npm run config:docs`).to.equal(true);
    }
  });

  it("lists every key of the table once in the README, with its doc", () => {
    const table = renderReadmeTable();
    for (const k of ALL_KEYS) {
      const name = k.name.includes(":") ? k.name : `platform:${k.name}`;
      const rows = table.split("\n").filter((l) => l.startsWith(`| \`${name}\` |`));
      expect(rows, name).to.have.length(1);
      expect(rows[0]).to.contain(k.doc);
    }
  });

  it("declares in Pulumi.yaml exactly the keys required everywhere and those declared with a default", () => {
    const config = (parseYaml(renderProjectConfig()) as { config: Record<string, unknown> }).config;
    expect(config).to.deep.equal({
      owner: {
        type: "string",
        description: "the owning team, tagged as Owner (e.g. team-payments)",
      },
      costCenter: {
        type: "string",
        description: "the cost-allocation center, tagged as CostCenter (e.g. cc-1234)",
      },
      networkStack: {
        type: "string",
        description: "the stack whose VPC a preview (pr-<N>) reuses",
        default: "staging",
      },
      previewTtlHours: {
        type: "integer",
        description: "hours a preview lives after its last deploy (ExpiresAt tag)",
        default: 72,
      },
    });
    const file = parseYaml(fs.readFileSync(PULUMI_YAML_PATH, "utf8")) as { config: unknown };
    expect(file.config).to.deep.equal(config);
  });

  it("derives the known keys and the keys a preview drops from the table", () => {
    expect(KNOWN_KEYS).to.include.members(["owner", "services", "devHttpsPort", "dbMultiAz"]);
    expect(KNOWN_KEYS).to.not.include("aws:region");
    expect(new Set(KNOWN_KEYS).size).to.equal(KNOWN_KEYS.length);
    expect([...PREVIEW_DROPPED_KEYS].sort()).to.deep.equal(
      [
        "environment",
        "domain",
        "certificateArn",
        "hostedZoneId",
        "vpcCidr",
        "dbInstanceClass",
        "dbAllocatedStorageGb",
        "dbMaxAllocatedStorageGb",
        "dbEngineVersion",
        "dbBackupRetentionDays",
        "dbMultiAz",
        "cacheNodeType",
        "cacheNodes",
        "webCpu",
        "webMemoryMb",
        "webDesiredCount",
        "webMinCount",
        "webMaxCount",
        "logRetentionDays",
        "azCount",
        "alarmEmail",
        "backupCopyRegion",
      ].sort(),
    );
  });
});
