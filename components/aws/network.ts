/**
 * Network (AWS): a VPC across 2–3 AZs with public, private and isolated
 * subnets, NAT (one for the VPC or one per AZ), an S3 gateway endpoint, VPC
 * flow logs to an encrypted log group, and the topology's security groups.
 */
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import { subnetPlan } from "../../lib/cidr";
import { logGroupName, NameContext, physicalName } from "../../lib/naming";
import { COMPONENT_TYPES } from "../contracts";
import { assumeRolePolicy, policyDocument } from "./iam";
import { createSecurityGroups, SecurityGroupIds } from "./securityGroups";
import { registeredNetworkOutputs } from "./sharedNetwork";

export interface NetworkArgs {
  /** Naming context (project, environment, PR). */
  readonly naming: NameContext;
  /** The AWS region. */
  readonly region: string;
  /** IPv4 CIDR of the VPC, a /16. */
  readonly cidr: string;
  /** Availability zones to span (2–3). */
  readonly azCount: number;
  /** One NAT gateway for the VPC or one per AZ. */
  readonly natGateways: "single" | "perAz";
  /** Record VPC flow logs. @default true */
  readonly flowLogs?: boolean;
  /** Retention of the flow log group. */
  readonly logRetentionDays: number;
  /** KMS key that encrypts the flow log group. */
  readonly kmsKeyArn: pulumi.Input<string>;
}

export class Network extends pulumi.ComponentResource {
  public readonly vpcId: pulumi.Output<string>;
  public readonly publicSubnetIds: pulumi.Output<string>[];
  public readonly privateSubnetIds: pulumi.Output<string>[];
  public readonly isolatedSubnetIds: pulumi.Output<string>[];
  public readonly securityGroups: SecurityGroupIds;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.Network, name, {}, opts);
    if (args.azCount < 2 || args.azCount > 3) {
      throw new pulumi.ResourceError(`network.azCount must be 2 or 3, got ${args.azCount}`, this);
    }
    const plan = subnetPlan(args.cidr, args.azCount);
    const azs = aws.getAvailabilityZonesOutput({ state: "available" }, { parent: this });
    const tagName = (role: string) => ({ Name: physicalName(args.naming, role, "tag") });

    const vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      {
        cidrBlock: args.cidr,
        enableDnsHostnames: true,
        enableDnsSupport: true,
        tags: tagName("vpc"),
      },
      { parent: this },
    );
    // The default security group of a VPC allows all traffic between its members: empty it.
    new aws.ec2.DefaultSecurityGroup(
      `${name}-default-sg`,
      { vpcId: vpc.id, tags: tagName("default-sg-locked") },
      { parent: this },
    );

    const igw = new aws.ec2.InternetGateway(
      `${name}-igw`,
      { vpcId: vpc.id, tags: tagName("igw") },
      { parent: this },
    );

    const subnet = (tier: "public" | "private" | "isolated", i: number, cidr: string) =>
      new aws.ec2.Subnet(
        `${name}-${tier}-${i}`,
        {
          vpcId: vpc.id,
          cidrBlock: cidr,
          availabilityZone: azs.names[i],
          mapPublicIpOnLaunch: false,
          tags: { ...tagName(`${tier}-${i}`), Tier: tier },
        },
        { parent: this },
      );
    const publicSubnets = plan.public.map((c, i) => subnet("public", i, c));
    const privateSubnets = plan.private.map((c, i) => subnet("private", i, c));
    const isolatedSubnets = plan.isolated.map((c, i) => subnet("isolated", i, c));

    const publicRt = new aws.ec2.RouteTable(
      `${name}-public-rt`,
      { vpcId: vpc.id, tags: tagName("public-rt") },
      { parent: this },
    );
    new aws.ec2.Route(
      `${name}-public-default`,
      { routeTableId: publicRt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id },
      { parent: this },
    );
    publicSubnets.forEach(
      (s, i) =>
        new aws.ec2.RouteTableAssociation(
          `${name}-public-${i}-rta`,
          { subnetId: s.id, routeTableId: publicRt.id },
          { parent: this },
        ),
    );

    const natCount = args.natGateways === "perAz" ? args.azCount : 1;
    const nats = Array.from({ length: natCount }, (_, i) => {
      const eip = new aws.ec2.Eip(
        `${name}-nat-${i}-eip`,
        { domain: "vpc", tags: tagName(`nat-${i}`) },
        { parent: this },
      );
      return new aws.ec2.NatGateway(
        `${name}-nat-${i}`,
        {
          allocationId: eip.id,
          subnetId: publicSubnets[i].id,
          connectivityType: "public",
          tags: tagName(`nat-${i}`),
        },
        { parent: this, dependsOn: [igw] },
      );
    });

    const privateRts = privateSubnets.map((s, i) => {
      const rt = new aws.ec2.RouteTable(
        `${name}-private-${i}-rt`,
        { vpcId: vpc.id, tags: tagName(`private-${i}-rt`) },
        { parent: this },
      );
      new aws.ec2.Route(
        `${name}-private-${i}-default`,
        {
          routeTableId: rt.id,
          destinationCidrBlock: "0.0.0.0/0",
          natGatewayId: nats[Math.min(i, natCount - 1)].id,
        },
        { parent: this },
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-private-${i}-rta`,
        { subnetId: s.id, routeTableId: rt.id },
        { parent: this },
      );
      return rt;
    });

    // Isolated subnets have no route out at all: databases and caches live there.
    const isolatedRt = new aws.ec2.RouteTable(
      `${name}-isolated-rt`,
      { vpcId: vpc.id, tags: tagName("isolated-rt") },
      { parent: this },
    );
    isolatedSubnets.forEach(
      (s, i) =>
        new aws.ec2.RouteTableAssociation(
          `${name}-isolated-${i}-rta`,
          { subnetId: s.id, routeTableId: isolatedRt.id },
          { parent: this },
        ),
    );

    // S3 traffic from private subnets stays on the AWS network (and off the NAT bill).
    new aws.ec2.VpcEndpoint(
      `${name}-s3-endpoint`,
      {
        vpcId: vpc.id,
        serviceName: `com.amazonaws.${args.region}.s3`,
        vpcEndpointType: "Gateway",
        routeTableIds: privateRts.map((rt) => rt.id),
        tags: tagName("s3-endpoint"),
      },
      { parent: this },
    );

    if (args.flowLogs ?? true) {
      const logGroup = new aws.cloudwatch.LogGroup(
        `${name}-flow-logs`,
        {
          name: logGroupName(args.naming, "vpc-flow-logs"),
          retentionInDays: args.logRetentionDays,
          kmsKeyId: args.kmsKeyArn,
        },
        { parent: this },
      );
      const role = new aws.iam.Role(
        `${name}-flow-logs-role`,
        {
          name: physicalName(args.naming, "flow-logs", "iamRole"),
          assumeRolePolicy: assumeRolePolicy("vpc-flow-logs.amazonaws.com"),
        },
        { parent: this },
      );
      new aws.iam.RolePolicy(
        `${name}-flow-logs-policy`,
        {
          role: role.id,
          policy: logGroup.arn.apply((arn) =>
            policyDocument([
              {
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Resource: [arn, `${arn}:*`],
              },
              {
                // The flow-logs service lists log groups before it writes
                // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html,
                // read 2026-11-30); DescribeLogGroups takes no single log group as its resource.
                Effect: "Allow",
                Action: "logs:DescribeLogGroups",
                // arn:<partition>:logs:<region>:<account>:log-group:*
                Resource: `${arn.split(":").slice(0, 5).join(":")}:log-group:*`,
              },
            ]),
          ),
        },
        { parent: this },
      );
      new aws.ec2.FlowLog(
        `${name}-flow-log`,
        {
          vpcId: vpc.id,
          trafficType: "ALL",
          logDestinationType: "cloud-watch-logs",
          logDestination: logGroup.arn,
          iamRoleArn: role.arn,
          maxAggregationInterval: 60,
        },
        { parent: this },
      );
    }

    this.vpcId = vpc.id;
    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.privateSubnetIds = privateSubnets.map((s) => s.id);
    this.isolatedSubnetIds = isolatedSubnets.map((s) => s.id);
    this.securityGroups = createSecurityGroups(name, args.naming, vpc.id, this);
    this.registerOutputs(registeredNetworkOutputs(this));
  }
}
