import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import {
  describeLevels,
  levelIn,
  MANDATORY_IN_PROD,
  packConfig,
  PackConfigError,
} from "../lib/levels";
import { policyConfigFiles } from "../../scripts/policy-config";

const TIERED = {
  name: "rds-deletion-protection",
  enforcementLevel: "mandatory" as const,
  levels: MANDATORY_IN_PROD,
};
const PLAIN = { name: "kms-key-rotation", enforcementLevel: "mandatory" as const };
const ADVISORY = { name: "alb-access-logs", enforcementLevel: "advisory" as const };

describe("policy pack: enforcement levels per environment", () => {
  it("a rule runs at its levels[env] where it has one, else at its own level", () => {
    expect(
      ["dev", "staging", "prod", "preview"].map((e) => levelIn(TIERED, e as "dev")),
    ).to.deep.equal(["advisory", "advisory", "mandatory", "disabled"]);
    expect(levelIn(PLAIN, "preview")).to.equal("mandatory");
    expect(levelIn(ADVISORY, "prod")).to.equal("advisory");
  });

  it("describes where the level differs from the rule's own", () => {
    expect(describeLevels(TIERED)).to.equal("advisory in dev, staging; disabled in preview");
    expect(describeLevels(PLAIN)).to.equal("");
  });

  it("a config file lists every rule in the pack's order with its level and the environment", () => {
    expect(packConfig([PLAIN, TIERED, ADVISORY], "staging")).to.deep.equal({
      "kms-key-rotation": { enforcementLevel: "mandatory", environment: "staging" },
      "rds-deletion-protection": { enforcementLevel: "advisory", environment: "staging" },
      "alb-access-logs": { enforcementLevel: "advisory", environment: "staging" },
    });
    expect(Object.keys(packConfig([TIERED, PLAIN], "prod"))).to.deep.equal([
      "rds-deletion-protection",
      "kms-key-rotation",
    ]);
  });

  it("keeps exemptions and settings written in the file, but not a hand-written level or environment", () => {
    const exemption = { resource: "legacy-db", reason: "SEC-1", expires: "2027-01-31" };
    const written = {
      "rds-deletion-protection": {
        enforcementLevel: "mandatory",
        environment: "prod",
        exemptions: [exemption],
        minimumDays: 30,
      },
      "kms-key-rotation": "advisory",
      "rds-deletion-protection-advisory": { enforcementLevel: "disabled", environment: "preview" },
    };
    expect(packConfig([TIERED, PLAIN], "preview", written)).to.deep.equal({
      "rds-deletion-protection": {
        enforcementLevel: "disabled",
        environment: "preview",
        exemptions: [exemption],
        minimumDays: 30,
      },
      "kms-key-rotation": { enforcementLevel: "mandatory", environment: "preview" },
    });
  });

  it("refuses to drop settings written for a rule the pack does not have, naming it", () => {
    const written = { "rds-deletion-protection-advisory": { exemptions: [], minimumDays: 3 } };
    expect(() => packConfig([TIERED], "dev", written))
      .to.throw(PackConfigError)
      .with.property(
        "message",
        "rds-deletion-protection-advisory is not a rule of the pack, but its entry sets exemptions, minimumDays; move them to an existing rule or delete them",
      );
    expect(() => packConfig([TIERED], "dev", { "rds-deletion-protection": [1] }))
      .to.throw(PackConfigError)
      .with.property("message", "rds-deletion-protection: expected an object of settings, got [1]");
  });

  it("policy-pack/config/<env>.json are what `npm run policy:config` generates (not stale)", async () => {
    const stale = (await policyConfigFiles())
      .filter(([, current, expected]) => current !== expected)
      .map(([file]) => path.basename(file));
    expect(stale, "run npm run policy:config").to.deep.equal([]);
  });

  it("the generator notices a stale file and names a file that is not JSON", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-"));
    try {
      fs.writeFileSync(
        path.join(dir, "dev.json"),
        '{ "kms-key-rotation": { "environment": "dev" } }\n',
      );
      const [dev, staging] = await policyConfigFiles(dir);
      expect(dev[2]).to.not.equal(dev[1]);
      expect(JSON.parse(dev[2])["kms-key-rotation"]).to.deep.equal({
        enforcementLevel: "mandatory",
        environment: "dev",
      });
      expect(staging[1]).to.equal("");
      fs.writeFileSync(path.join(dir, "prod.json"), "{ nope");
      const error = await policyConfigFiles(dir).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(PackConfigError);
      expect((error as Error).message).to.match(/^\/.*\/prod\.json: not JSON \(/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
