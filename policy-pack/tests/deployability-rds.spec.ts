/** policies/deployability-rds.ts: a failing and a passing case per rule, each citing its source. */
import { expect } from "chai";
import { T } from "../lib/types";
import {
  rdsEngineVersionCreatable,
  rdsMinorVersionNotPinnedWithAutoUpgrade,
  rdsStorageAutoscalingBounds,
} from "../policies/deployability-rds";
import { run } from "./deployability-support";
import { aws } from "./fixtures";

const db = (props: Record<string, unknown>) =>
  aws(T.rdsInstance, "db", {
    engine: "postgres",
    allocatedStorage: 100,
    identifier: "platform-prod-db",
    ...props,
  });

describe("deployability: RDS", () => {
  // AWS Health notice quoted in https://github.com/ministryofjustice/modernisation-platform/issues/11245:
  // "Starting October 1, 2025, you will not be able to create new instances with … 16.3, or 16.4".
  it("rds-engine-version-creatable: refuses 16.4 from 2025-10-01, not the day before", async () => {
    const pinned = [db({ engineVersion: "16.4", autoMinorVersionUpgrade: false })];
    expect(await run(rdsEngineVersionCreatable, pinned)).to.deep.equal([
      'db: engineVersion "16.4" can no longer be created: AWS refuses new postgres 16.4 instances since 2025-10-01 (end of standard support 2025-10-31; https://github.com/ministryofjustice/modernisation-platform/issues/11245); use the major version "16" or a minor version AWS still offers',
    ]);
    expect(
      await run(rdsEngineVersionCreatable, pinned, { now: new Date("2025-09-30T23:59:00Z") }),
    ).to.deep.equal([]);
  });

  // https://github.com/CredentialEngine/CredentialRegistry/issues/1000 (16.5–16.8 from May 1, 2026) and
  // …/issues/1036 (16.9, 16.10 from October 1, 2026).
  it("rds-engine-version-creatable: 16.8 from 2026-05-01, 16.10 from 2026-10-01; the major version never", async () => {
    const at = (d: string) => ({ now: new Date(`${d}T00:00:00Z`) });
    expect(
      await run(rdsEngineVersionCreatable, [db({ engineVersion: "16.8" })], at("2026-04-30")),
    ).to.deep.equal([]);
    expect(
      await run(rdsEngineVersionCreatable, [db({ engineVersion: "16.8" })], at("2026-05-01")),
    ).to.have.length(1);
    expect(
      await run(rdsEngineVersionCreatable, [db({ engineVersion: "16.10" })], at("2026-09-30")),
    ).to.deep.equal([]);
    expect(
      await run(rdsEngineVersionCreatable, [db({ engineVersion: "16.10" })], at("2026-10-01")),
    ).to.have.length(1);
    expect(await run(rdsEngineVersionCreatable, [db({ engineVersion: "16" })])).to.deep.equal([]);
    expect(await run(rdsEngineVersionCreatable, [db({ engineVersion: "16.11" })])).to.deep.equal(
      [],
    );
  });

  // "InvalidParameterCombination: Cannot upgrade postgres from 9.6.11 to 9.6.6"
  // (https://github.com/hashicorp/terraform/issues/22462); fix: major version only
  // (https://github.com/CDCgov/dibbs-query-connector/pull/961).
  it("rds-minor-version-not-pinned-with-auto-upgrade: a minor pin with auto upgrades (the API default) fails", async () => {
    const message =
      'db: engineVersion "16.9" pins a minor version while autoMinorVersionUpgrade is on: after RDS upgrades the instance, the next update fails with "Cannot upgrade postgres from <newer> to 16.9"; set engineVersion "16", or autoMinorVersionUpgrade: false';
    expect(
      await run(rdsMinorVersionNotPinnedWithAutoUpgrade, [
        db({ engineVersion: "16.9", autoMinorVersionUpgrade: true }),
      ]),
    ).to.deep.equal([message]);
    expect(
      await run(rdsMinorVersionNotPinnedWithAutoUpgrade, [db({ engineVersion: "16.9" })]),
    ).to.deep.equal([message]);
    expect(
      await run(rdsMinorVersionNotPinnedWithAutoUpgrade, [
        db({ engineVersion: "16.9", autoMinorVersionUpgrade: false }),
      ]),
    ).to.deep.equal([]);
    expect(
      await run(rdsMinorVersionNotPinnedWithAutoUpgrade, [
        db({ engineVersion: "16", autoMinorVersionUpgrade: true }),
      ]),
    ).to.deep.equal([]);
  });

  // "Set the maximum storage threshold to at least 10% more than the current allocated storage"
  // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.Autoscaling.html).
  it("rds-storage-autoscaling-bounds: max below ceil(1.1 × allocated) fails; at the bound, off, or unset passes", async () => {
    expect(
      await run(rdsStorageAutoscalingBounds, [
        db({ allocatedStorage: 20, maxAllocatedStorage: 20 }),
      ]),
    ).to.deep.equal([
      'db: maxAllocatedStorage 20 is less than ceil(1.1 × allocatedStorage 20) = 22: RDS rejects it ("The maximum allocated storage must be increased by at least 10 percent"); set it to at least 22, or leave storage autoscaling off',
    ]);
    expect(
      await run(rdsStorageAutoscalingBounds, [
        db({ allocatedStorage: 25, maxAllocatedStorage: 27 }),
      ]),
    ).to.have.length(1);
    expect(
      await run(rdsStorageAutoscalingBounds, [
        db({ allocatedStorage: 25, maxAllocatedStorage: 28 }),
      ]),
    ).to.deep.equal([]);
    expect(
      await run(rdsStorageAutoscalingBounds, [
        db({ allocatedStorage: 20, maxAllocatedStorage: 0 }),
      ]),
    ).to.deep.equal([]);
    expect(await run(rdsStorageAutoscalingBounds, [db({ allocatedStorage: 20 })])).to.deep.equal(
      [],
    );
  });
});
