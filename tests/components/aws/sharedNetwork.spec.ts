import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { Resource } from "../../../cli/core/resource";
import { EGRESS_EDGES, INGRESS_EDGES } from "../../../components/aws/securityGroups";
import { checkNetworkExport, SharedNetwork } from "../../../components/aws/sharedNetwork";
import { COMPONENT_TYPES } from "../../../components/contracts";
import { NameContext } from "../../../lib/naming";
import { build, ofType, one, props } from "../../support/mockRun";

const PR5: NameContext = { project: "platform", environment: "preview", pullRequest: 5 };
const args = { naming: PR5, region: "eu-west-1", networkStack: "staging", azCount: 2 };

function resolved<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply(resolve));
}

const goodExport = {
  vpcId: "vpc-1",
  region: "eu-west-1",
  environment: "staging",
  publicSubnetIds: ["p0", "p1"],
  privateSubnetIds: ["q0", "q1"],
  isolatedSubnetIds: ["i0", "i1"],
};

describe("components/aws/sharedNetwork", () => {
  let rs: Resource[];
  let outputs: { vpc: string; pub: string[]; priv: string[]; iso: string[] };
  before(async () => {
    rs = await build(async () => {
      const n = new SharedNetwork("platform-network", args);
      outputs = {
        vpc: await resolved(n.vpcId),
        pub: await Promise.all(n.publicSubnetIds.map(resolved)),
        priv: await Promise.all(n.privateSubnetIds.map(resolved)),
        iso: await Promise.all(n.isolatedSubnetIds.map(resolved)),
      };
    }, "pr-5");
  });

  it("is the Network component: same type token, same logical name", () => {
    expect(one(rs, COMPONENT_TYPES.Network).name).to.equal("platform-network");
  });

  it("reads the base stack through a StackReference and builds no VPC, subnet, NAT gateway or Elastic IP", () => {
    const ref = one(rs, "pulumi:pulumi:StackReference");
    expect(ref.name).to.equal("platform-network-base");
    expect(props(ref).id).to.equal("staging");
    for (const t of [
      "aws:ec2/vpc:Vpc",
      "aws:ec2/subnet:Subnet",
      "aws:ec2/natGateway:NatGateway",
      "aws:ec2/eip:Eip",
      "aws:ec2/internetGateway:InternetGateway",
      "aws:ec2/flowLog:FlowLog",
    ]) {
      expect(ofType(rs, t), t).to.have.lengthOf(0);
    }
  });

  it("exposes the base stack's VPC and the first subnets of each tier", () => {
    expect(outputs).to.deep.equal({
      vpc: "vpc-mock-staging",
      pub: ["subnet-mock-staging-public-0", "subnet-mock-staging-public-1"],
      priv: ["subnet-mock-staging-private-0", "subnet-mock-staging-private-1"],
      iso: ["subnet-mock-staging-isolated-0", "subnet-mock-staging-isolated-1"],
    });
  });

  it("creates the preview's own security groups, with every edge, in the shared VPC", () => {
    const groups = ofType(rs, "aws:ec2/securityGroup:SecurityGroup");
    expect(groups.map((g) => [g.name, props(g).name, props(g).vpcId])).to.deep.equal([
      ["platform-network-alb-sg", "platform-pr5-alb-sg", "vpc-mock-staging"],
      ["platform-network-service-sg", "platform-pr5-service-sg", "vpc-mock-staging"],
      ["platform-network-file-processor-sg", "platform-pr5-file-processor-sg", "vpc-mock-staging"],
      ["platform-network-database-sg", "platform-pr5-database-sg", "vpc-mock-staging"],
      ["platform-network-cache-sg", "platform-pr5-cache-sg", "vpc-mock-staging"],
    ]);
    expect(
      ofType(rs, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"),
    ).to.have.lengthOf(INGRESS_EDGES.length);
    expect(ofType(rs, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")).to.have.lengthOf(
      EGRESS_EDGES.length,
    );
  });

  it("on the shared tier creates no ALB, database or cache group and no edge to, from or within them", async () => {
    let groups: Record<string, unknown> = {};
    const shared = await build(async () => {
      const n = new SharedNetwork("platform-network", { ...args, sharedTier: true });
      groups = Object.fromEntries(
        await Promise.all(
          Object.entries(n.securityGroups).map(async ([k, v]) => [k, await resolved(v)]),
        ),
      );
    }, "pr-5");
    expect(groups).to.deep.equal({
      service: "platform-pr5-service-sg",
      fileProcessor: "platform-pr5-file-processor-sg",
    });
    expect(ofType(shared, "aws:ec2/securityGroup:SecurityGroup").map((g) => g.name)).to.deep.equal([
      "platform-network-service-sg",
      "platform-network-file-processor-sg",
    ]);
    const rule = (r: Resource) => {
      const p = props(r);
      return [r.name, p.securityGroupId, p.referencedSecurityGroupId ?? p.cidrIpv4, p.fromPort];
    };
    expect(
      ofType(shared, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map(rule),
    ).to.deep.equal([]);
    expect(
      ofType(shared, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").map(rule),
    ).to.deep.equal([
      ["platform-network-service-to-internet-443", "platform-pr5-service-sg", "0.0.0.0/0", 443],
      [
        "platform-network-fileProcessor-to-internet-443",
        "platform-pr5-file-processor-sg",
        "0.0.0.0/0",
        443,
      ],
    ]);
  });

  it("passes a fully qualified stack name through unchanged", async () => {
    const org = await build(
      () =>
        new SharedNetwork("platform-network", { ...args, networkStack: "acme/platform/staging" }),
      "pr-5",
    );
    expect(props(one(org, "pulumi:pulumi:StackReference")).id).to.equal("acme/platform/staging");
  });

  describe("checkNetworkExport", () => {
    it("accepts a complete export in the preview's region", () => {
      expect(checkNetworkExport(goodExport, "staging", "eu-west-1", 2)).to.deep.equal(goodExport);
    });

    // Issue 16, point 2: a preview's resources would land in that stack's VPC.
    it("refuses a network exported by prod (or by no known environment)", () => {
      expect(() =>
        checkNetworkExport(
          { ...goodExport, environment: "prod" },
          "acme/platform/prod-eu",
          "eu-west-1",
          2,
        ),
      ).to.throw(
        'the network output of stack acme/platform/prod-eu belongs to environment "prod": previews share only a staging network; set platform:networkStack to your staging stack',
      );
      const { environment: _dropped, ...older } = goodExport;
      expect(() => checkNetworkExport(older, "staging", "eu-west-1", 2)).to.throw(
        "the network output of stack staging does not say which environment it belongs to: update staging with this version of the program (it exports network.environment), then retry",
      );
    });

    it("says to deploy the base stack when it has no network output", () => {
      expect(() => checkNetworkExport(undefined, "staging", "eu-west-1", 2)).to.throw(
        "the network output of stack staging is missing: deploy staging with this program first (it exports vpcId, region and subnet ids)",
      );
    });

    it("refuses a network in another region", () => {
      expect(() => checkNetworkExport(goodExport, "staging", "us-east-1", 2)).to.throw(
        "the network output of stack staging is in region eu-west-1, but this preview deploys to us-east-1: set aws:region to eu-west-1",
      );
    });

    it("refuses fewer subnets than the preview spans", () => {
      expect(() =>
        checkNetworkExport({ ...goodExport, isolatedSubnetIds: ["i0"] }, "staging", "eu-west-1", 2),
      ).to.throw(
        'the network output of stack staging must list at least 2 isolatedSubnetIds, got ["i0"]',
      );
    });

    it("refuses an export without a VPC", () => {
      expect(() =>
        checkNetworkExport({ ...goodExport, vpcId: "" }, "staging", "eu-west-1", 2),
      ).to.throw("the network output of stack staging has no vpcId");
    });
  });
});
