import { ResourceValidation } from "@pulumi/policy";
import { expect } from "chai";
import { PolicyConfigError } from "../../cli/check/config";
import { exemptionStatus } from "../lib/define";
import { T } from "../lib/types";
import { rdsNotPublic } from "../policies/exposure";
import {
  bucket,
  check,
  expectClean,
  NOW,
  patch,
  postgres,
  urnOf,
  webEdge,
  without,
} from "./fixtures";

/** One public database and one bucket without a public access block: the subjects of the exemptions below. */
function compliant() {
  return [...postgres(), ...bucket(), ...webEdge()];
}

const broken = () =>
  without(patch(compliant(), "db", { publiclyAccessible: true }), "uploads-public-access");
const exempt = (
  policy: string,
  resource: string,
  expires: string,
  reason = "vendor migration, approved by SEC-42",
) => ({
  [policy]: { environment: "prod", exemptions: [{ resource, reason, expires }] },
});

describe("policy pack: exemptions", () => {
  it("the subjects fail without exemptions", async () => {
    const result = await check(broken());
    expect(result.violations.map((v) => [v.policy, v.resource.name])).to.deep.equal([
      ["rds-not-public", "db"],
      ["s3-public-access-blocked", "uploads"],
    ]);
  });

  it("an exemption in force skips the resource and is listed", async () => {
    const config = {
      ...exempt("rds-not-public", "db", "2025-12-31"),
      ...exempt(
        "s3-public-access-blocked",
        "uploads",
        "2025-07-01",
        "public website bucket until CloudFront lands",
      ),
    };
    const result = await check(broken(), { config });
    expectClean(result);
    expect(result.exemptions).to.deep.equal([
      {
        policy: "rds-not-public",
        resource: "db",
        reason: "vendor migration, approved by SEC-42",
        expires: "2025-12-31",
      },
      {
        policy: "s3-public-access-blocked",
        resource: "uploads",
        reason: "public website bucket until CloudFront lands",
        expires: "2025-07-01",
      },
    ]);
  });

  it("matches a resource by URN as well as by logical name", async () => {
    const result = await check(broken(), {
      config: {
        ...exempt("rds-not-public", urnOf(T.rdsInstance, "db"), "2025-12-31"),
        ...exempt("s3-public-access-blocked", urnOf(T.bucket, "uploads"), "2025-12-31"),
      },
    });
    expectClean(result);
  });

  it("is in force through its expiry date and expired the day after", async () => {
    expectClean(
      await check(
        broken().filter((r) => r.type !== T.bucket),
        { config: exempt("rds-not-public", "db", "2025-06-01") },
      ),
    );
    const result = await check(
      broken().filter((r) => r.type !== T.bucket),
      { config: exempt("rds-not-public", "db", "2025-05-31") },
    );
    expect(
      result.violations.map((v) => [v.policy, v.enforcementLevel, v.resource.name, v.message]),
    ).to.deep.equal([
      [
        "rds-not-public",
        "mandatory",
        "db",
        "exemption for db expired on 2025-05-31 (vendor migration, approved by SEC-42): fix the resource, or renew the exemption with a new expiry date",
      ],
      [
        "rds-not-public",
        "mandatory",
        "db",
        "publiclyAccessible is true: the database gets a public DNS name and IP; set publiclyAccessible: false",
      ],
    ]);
    expect(result.exemptions).to.deep.equal([]);
  });

  it("an expired exemption on a stack rule is a violation even when the resource is now compliant", async () => {
    const result = await check(compliant(), {
      config: exempt("s3-public-access-blocked", "uploads", "2025-01-31"),
    });
    expect(
      result.violations.map((v) => [v.policy, v.resource.name, v.message.split(":")[0]]),
    ).to.deep.equal([
      [
        "s3-public-access-blocked",
        "uploads",
        "exemption for uploads expired on 2025-01-31 (vendor migration, approved by SEC-42)",
      ],
    ]);
  });

  it("an exemption with an impossible date is malformed, and a violation", async () => {
    const result = await check(compliant(), {
      config: exempt("rds-not-public", "db", "2025-02-30"),
    });
    expect(
      result.violations.map((v) => [v.policy, v.resource.name, v.message.split(":")[0]]),
    ).to.deep.equal([["rds-not-public", "db", 'exemption {"resource"']]);
    expect(result.violations[0].message).to.match(
      /is malformed: expected \{ "resource": "<urn or logical name>", "reason": "…", "expires": "YYYY-MM-DD" \}$/,
    );
  });

  it("an exemption without a reason is refused with the config, as the engine refuses it", async () => {
    const config = {
      "rds-not-public": { exemptions: [{ resource: "db", expires: "2025-12-31" }] },
    };
    let error: unknown;
    await check(compliant(), { config }).catch((e) => (error = e));
    expect(error).to.be.instanceOf(PolicyConfigError);
    expect((error as Error).message).to.equal(
      "rds-not-public.exemptions.0: must have required property 'reason'",
    );
  });

  it("an exemption in force that names no resource is still listed", async () => {
    const result = await check(compliant(), {
      config: exempt("rds-not-public", "old-db", "2025-12-31"),
    });
    expectClean(result);
    expect(result.exemptions.map((e) => e.resource)).to.deep.equal(["old-db"]);
  });

  it("exemptionStatus classifies on a UTC date", () => {
    const today = NOW.toISOString().slice(0, 10);
    expect(exemptionStatus({ resource: "x", reason: "r", expires: today }, today).status).to.equal(
      "in-force",
    );
    expect(
      exemptionStatus({ resource: "x", reason: "r", expires: "2025-05-31" }, today).status,
    ).to.equal("expired");
    expect(
      exemptionStatus({ resource: "x", reason: " ", expires: "2025-12-31" }, today).status,
    ).to.equal("malformed");
    expect(exemptionStatus("db", today).status).to.equal("malformed");
  });

  it("the exempted resource is reported to the engine as not applicable, with the reason", () => {
    // The engine gives no clock: the pack uses today, and refuses expiries more than a year ahead.
    const soon = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    let reason: string | undefined;
    const args = {
      type: T.rdsInstance,
      name: "db",
      urn: urnOf(T.rdsInstance, "db"),
      props: { publiclyAccessible: true },
      getConfig: () => ({
        exemptions: [{ resource: "db", reason: "approved", expires: soon }],
      }),
      notApplicable: (r?: string) => {
        reason = r;
        throw new Error("not applicable");
      },
    };
    expect(() =>
      (rdsNotPublic.validateResource as ResourceValidation)(args as never, () =>
        expect.fail("no violation expected"),
      ),
    ).to.throw("not applicable");
    expect(reason).to.equal(`exempted until ${soon}: approved`);
  });
});
