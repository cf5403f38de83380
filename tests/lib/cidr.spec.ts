import { expect } from "chai";
import * as fc from "fast-check";
import { subnetPlan } from "../../lib/cidr";
import { fargateMemoryOptions } from "../../lib/fargate";
import { awsTags, dockerLabels } from "../../lib/tags";

describe("lib/cidr", () => {
  it("plans /20 tiers per AZ", () => {
    expect(subnetPlan("10.30.0.0/16", 3)).to.deep.equal({
      public: ["10.30.0.0/20", "10.30.16.0/20", "10.30.32.0/20"],
      private: ["10.30.64.0/20", "10.30.80.0/20", "10.30.96.0/20"],
      isolated: ["10.30.128.0/20", "10.30.144.0/20", "10.30.160.0/20"],
    });
  });

  it("never overlaps two subnets", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 4 }), (b, azs) => {
        const plan = subnetPlan(`10.${b}.0.0/16`, azs);
        const all = [...plan.public, ...plan.private, ...plan.isolated];
        return (
          new Set(all).size === all.length &&
          all.every((c) => c.startsWith(`10.${b}.`) && c.endsWith("/20"))
        );
      }),
    );
  });

  it("refuses what it cannot plan", () => {
    expect(() => subnetPlan("10.0.0.0/8", 2)).to.throw(
      'subnetPlan: expected a /16 such as 10.20.0.0/16, got "10.0.0.0/8"',
    );
    expect(() => subnetPlan("10.0.0.0/16", 5)).to.throw(
      "subnetPlan: azCount must be 1 to 4, got 5",
    );
  });
});

describe("lib/fargate", () => {
  it("knows the memory AWS offers per CPU", () => {
    expect(fargateMemoryOptions(256)).to.deep.equal([512, 1024, 2048]);
    expect(fargateMemoryOptions(1024)).to.include(2048);
    expect(fargateMemoryOptions(1024)).not.to.include(1024);
    expect(fargateMemoryOptions(300)).to.deep.equal([]);
  });
});

describe("lib/tags", () => {
  const facts = {
    environment: "preview",
    project: "platform",
    owner: "team",
    costCenter: "cc-1",
    stack: "pr-7",
    pullRequest: 7,
    expiresAt: "2026-01-01T00:00:00Z",
  };
  it("tags AWS resources with the required facts, the stack, and preview details", () => {
    expect(awsTags(facts)).to.deep.equal({
      Environment: "preview",
      Project: "platform",
      Owner: "team",
      CostCenter: "cc-1",
      ManagedBy: "pulumi",
      Stack: "pr-7",
      PullRequest: "7",
      ExpiresAt: "2026-01-01T00:00:00Z",
    });
  });
  it("labels Docker resources with the same facts", () => {
    expect(dockerLabels(facts)).to.deep.equal({
      "platform.environment": "preview",
      "platform.project": "platform",
      "platform.owner": "team",
      "platform.cost-center": "cc-1",
      "platform.stack": "pr-7",
    });
  });
});
