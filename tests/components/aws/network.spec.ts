import { expect } from "chai";
import { Network } from "../../../components/aws/network";
import { EGRESS_EDGES, INGRESS_EDGES } from "../../../components/aws/securityGroups";
import { Resource } from "../../../cli/core/resource";
import { build, json, KEY_ARN, ofType, one, props, STAGING } from "../../support/mockRun";

const args = {
  naming: STAGING,
  region: "eu-west-1",
  cidr: "10.20.0.0/16",
  azCount: 2,
  natGateways: "single" as const,
  logRetentionDays: 30,
  kmsKeyArn: KEY_ARN,
};

describe("components/aws/network", () => {
  let rs: Resource[];
  before(async () => {
    rs = await build(() => new Network("platform-network", args));
  });

  it("creates a DNS-enabled VPC with public, private and isolated subnets in each AZ", () => {
    expect(props(one(rs, "aws:ec2/vpc:Vpc"))).to.include({
      cidrBlock: "10.20.0.0/16",
      enableDnsHostnames: true,
      enableDnsSupport: true,
    });
    const subnets = ofType(rs, "aws:ec2/subnet:Subnet").map((s) => [
      s.name,
      props(s).cidrBlock,
      props(s).availabilityZone,
      props(s).mapPublicIpOnLaunch,
    ]);
    expect(subnets).to.deep.equal([
      ["platform-network-public-0", "10.20.0.0/20", "eu-west-1a", false],
      ["platform-network-public-1", "10.20.16.0/20", "eu-west-1b", false],
      ["platform-network-private-0", "10.20.64.0/20", "eu-west-1a", false],
      ["platform-network-private-1", "10.20.80.0/20", "eu-west-1b", false],
      ["platform-network-isolated-0", "10.20.128.0/20", "eu-west-1a", false],
      ["platform-network-isolated-1", "10.20.144.0/20", "eu-west-1b", false],
    ]);
  });

  it("routes private subnets through one NAT gateway and gives isolated subnets no route out", () => {
    expect(ofType(rs, "aws:ec2/natGateway:NatGateway")).to.have.lengthOf(1);
    expect(ofType(rs, "aws:ec2/eip:Eip")).to.have.lengthOf(1);
    const routes = ofType(rs, "aws:ec2/route:Route").map((r) => r.name);
    expect(routes).to.deep.equal([
      "platform-network-public-default",
      "platform-network-private-0-default",
      "platform-network-private-1-default",
    ]);
    for (const r of ofType(rs, "aws:ec2/route:Route").filter((x) => x.name.includes("private"))) {
      expect(props(r).natGatewayId).to.be.a("string").and.not.equal("");
    }
    expect(routes.some((n) => n.includes("isolated"))).to.equal(false);
  });

  it("puts one NAT gateway in each AZ when asked (prod)", async () => {
    const prod = await build(
      () => new Network("platform-network", { ...args, azCount: 3, natGateways: "perAz" }),
    );
    expect(ofType(prod, "aws:ec2/natGateway:NatGateway")).to.have.lengthOf(3);
    expect(ofType(prod, "aws:ec2/subnet:Subnet")).to.have.lengthOf(9);
  });

  it("records flow logs of all traffic to a CMK-encrypted log group", () => {
    expect(props(one(rs, "aws:cloudwatch/logGroup:LogGroup"))).to.include({
      name: "/platform/staging/vpc-flow-logs",
      kmsKeyId: KEY_ARN,
      retentionInDays: 30,
    });
    expect(props(one(rs, "aws:ec2/flowLog:FlowLog"))).to.include({
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
    });
  });

  // The flow-logs role needs logs:DescribeLogGroups besides the stream actions
  // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html, read 2026-11-30).
  it("lets the flow-logs service describe log groups and write to its own", () => {
    const policy = json(
      props(one(rs, "aws:iam/rolePolicy:RolePolicy", "platform-network-flow-logs-policy")).policy,
    );
    const arn = props(one(rs, "aws:cloudwatch/logGroup:LogGroup")) as { name: string };
    expect(arn.name).to.equal("/platform/staging/vpc-flow-logs");
    expect(policy.Statement.map((st: { Action: unknown }) => st.Action)).to.deep.equal([
      ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
      "logs:DescribeLogGroups",
    ]);
    expect(policy.Statement[1].Resource).to.match(/^arn:aws:logs:eu-west-1:\d{12}:log-group:\*$/);
  });

  it("locks the default security group and allows exactly the topology's edges", () => {
    expect(props(one(rs, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup")).ingress).to.equal(
      undefined,
    );
    const ingress = ofType(rs, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map(
      (r) => ({
        group: props(r).securityGroupId,
        port: props(r).fromPort,
        cidr: props(r).cidrIpv4,
        from: props(r).referencedSecurityGroupId,
      }),
    );
    expect(ingress).to.have.lengthOf(INGRESS_EDGES.length);
    const open = ingress.filter((i) => i.cidr === "0.0.0.0/0");
    expect(open).to.deep.equal([
      { group: "platform-staging-alb-sg", port: 443, cidr: "0.0.0.0/0", from: undefined },
      { group: "platform-staging-alb-sg", port: 80, cidr: "0.0.0.0/0", from: undefined },
    ]);
    expect(ingress.filter((i) => i.group === "platform-staging-database-sg")).to.deep.equal([
      {
        group: "platform-staging-database-sg",
        port: 5432,
        cidr: undefined,
        from: "platform-staging-service-sg",
      },
      {
        group: "platform-staging-database-sg",
        port: 5432,
        cidr: undefined,
        from: "platform-staging-file-processor-sg",
      },
    ]);
    expect(ofType(rs, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")).to.have.lengthOf(
      EGRESS_EDGES.length,
    );
  });

  it("refuses a single-AZ VPC", async () => {
    let message = "";
    try {
      await build(() => new Network("platform-network", { ...args, azCount: 1 }));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).to.equal("network.azCount must be 2 or 3, got 1");
  });
});
