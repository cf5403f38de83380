import { expect } from "chai";
import * as fc from "fast-check";
import {
  engineVersionProblem,
  isMinorPin,
  minimumMaxAllocatedStorage,
  storageAutoscalingProblem,
} from "../../lib/rds";

describe("lib/rds", () => {
  // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.Autoscaling.html (read 2026-11-30):
  // the ceiling must be at least 10 % above the allocated storage.
  it("puts the storage ceiling at ceil(1.1 × allocated) or off", () => {
    expect(minimumMaxAllocatedStorage(20)).to.equal(22);
    expect(minimumMaxAllocatedStorage(1000)).to.equal(1100);
    expect(storageAutoscalingProblem(20, 0)).to.equal(undefined);
    expect(storageAutoscalingProblem(20, 22)).to.equal(undefined);
    expect(storageAutoscalingProblem(20, 21)).to.equal(
      "0 (storage autoscaling off) or at least 22 (RDS requires 10 % above the allocated 20 GiB)",
    );
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 65536 }), (gb) => {
        const min = minimumMaxAllocatedStorage(gb);
        expect(min * 10).to.be.at.least(gb * 11);
        expect(storageAutoscalingProblem(gb, gb)).to.be.a("string");
        expect(storageAutoscalingProblem(gb, min)).to.equal(undefined);
        expect(storageAutoscalingProblem(gb, min - 1)).to.be.a("string");
      }),
    );
  });

  it("accepts a major version, refuses a minor once RDS stops creating it", () => {
    expect(isMinorPin("16")).to.equal(false);
    expect(isMinorPin("16.11")).to.equal(true);
    expect(engineVersionProblem("16", "2026-11-30")).to.equal(undefined);
    expect(engineVersionProblem("16.11", "2026-11-30")).to.equal(undefined);
    expect(engineVersionProblem("16.9", "2026-09-30")).to.equal(undefined);
    expect(engineVersionProblem("16.9", "2026-10-01")).to.equal(
      "a version RDS still creates (RDS refuses new instances on 16.9 since 2026-10-01; see the Amazon RDS for PostgreSQL release calendar)",
    );
    expect(engineVersionProblem("latest", "2026-11-30")).to.equal(
      "a PostgreSQL major version such as 16, or a minor version such as 16.11",
    );
  });
});
