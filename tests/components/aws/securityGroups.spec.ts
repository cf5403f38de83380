import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import {
  ownTierGroup,
  EGRESS_EDGES,
  INGRESS_EDGES,
  securityGroupPlan,
} from "../../../components/aws/securityGroups";

const edge = (e: { from: string; to: string; port: number }) => `${e.from}->${e.to}:${e.port}`;

describe("components/aws/securityGroups", () => {
  it("plans every group and edge for a stack with its own data tier", () => {
    const plan = securityGroupPlan(false);
    expect(plan.roles).to.deep.equal(["alb", "service", "fileProcessor", "database", "cache"]);
    expect(plan.ingress).to.deep.equal(INGRESS_EDGES);
    expect(plan.egress).to.deep.equal(EGRESS_EDGES);
  });

  it("plans no ALB, database or cache group, no edge to or from them and none from the internet on the shared tier", () => {
    const plan = securityGroupPlan(true);
    expect(plan.roles).to.deep.equal(["service", "fileProcessor"]);
    expect(plan.ingress.map(edge)).to.deep.equal([]);
    expect(plan.egress.map(edge)).to.deep.equal([
      "service->internet:443",
      "fileProcessor->internet:443",
    ]);
  });

  it("gives the own edge or data tier's group, and refuses in one line when the network has none", () => {
    const id = pulumi.output("sg-db");
    const groups = { service: id, fileProcessor: id };
    expect(ownTierGroup({ ...groups, database: id }, "database")).to.equal(id);
    expect(() => ownTierGroup(groups, "cache")).to.throw(
      "the network has no cache security group: a preview on the shared tier uses the shared tier's, not a cache of its own",
    );
    expect(() => ownTierGroup(groups, "alb")).to.throw(
      "the network has no alb security group: a preview on the shared tier uses the shared tier's, not an ALB of its own",
    );
  });
});
