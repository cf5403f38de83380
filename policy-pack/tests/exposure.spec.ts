import { expect } from "chai";
import { T } from "../lib/types";
import {
  aws,
  bucket,
  check,
  expectClean,
  expectOnly,
  itReports,
  patch,
  postgres,
  redis,
  replace,
  webEdge,
  without,
} from "./fixtures";

/** The internet reaches only the ALB on 80/443; data stores stay private. */
function compliant() {
  return [
    ...webEdge(),
    aws(T.securityGroup, "app-sg", {
      name: "platform-prod-app-sg",
      description: "app",
      vpcId: "vpc-1",
      ingress: [
        { protocol: "tcp", fromPort: 8080, toPort: 8080, securityGroups: ["platform-prod-alb-sg"] },
      ],
    }),
    aws(T.securityGroupRule, "app-from-vpc", {
      type: "ingress",
      securityGroupId: "platform-prod-app-sg",
      protocol: "tcp",
      fromPort: 9090,
      toPort: 9090,
      cidrBlocks: ["10.0.0.0/16"],
    }),
    aws(T.securityGroupRule, "app-egress", {
      type: "egress",
      securityGroupId: "platform-prod-app-sg",
      protocol: "-1",
      fromPort: 0,
      toPort: 0,
      cidrBlocks: ["0.0.0.0/0"],
    }),
    ...postgres(),
    ...redis(),
    ...bucket(),
  ];
}

const openRule = (
  name: string,
  groupId: string,
  port: number,
  extra: Record<string, unknown> = {},
) =>
  aws(T.securityGroupIngressRule, name, {
    securityGroupId: groupId,
    cidrIpv4: "0.0.0.0/0",
    ipProtocol: "tcp",
    fromPort: port,
    toPort: port,
    ...extra,
  });

describe("policy pack: network exposure", () => {
  it("passes a stack whose only internet ingress is 80/443 on the load balancer", async () => {
    expectClean(await check(compliant()));
  });

  itReports(compliant, [
    {
      title: "a publicly accessible database",
      change: (r) => patch(r, "db", { publiclyAccessible: true }),
      policy: "rds-not-public",
      resource: "db",
      message: /^publiclyAccessible is true/,
    },
    {
      title: "SSH open to the world",
      change: (r) => [...r, openRule("app-ssh", "platform-prod-app-sg", 22)],
      policy: "security-group-no-public-ingress",
      resource: "app-ssh",
      message:
        /^ingress from 0.0.0.0\/0 \(tcp port 22\) to security group app-sg opens it to the internet; only ports 80 and 443 of a load balancer's security group may be$/,
    },
    {
      title: "443 open on a group that is not a load balancer's",
      change: (r) => [...r, openRule("app-https", "platform-prod-app-sg", 443)],
      policy: "security-group-no-public-ingress",
      resource: "app-https",
      message:
        /tcp port 443\) to security group app-sg: that group does not belong to a load balancer/,
    },
    {
      title: "a port range on the load balancer's group",
      change: (r) => patch(r, "alb-from-internet-80", { toPort: 443 }),
      policy: "security-group-no-public-ingress",
      resource: "alb-from-internet-80",
      message: /\(tcp ports 80-443\) to security group alb-sg opens it to the internet/,
    },
    {
      title: "all traffic from ::/0 inline",
      change: (r) =>
        patch(r, "app-sg", {
          ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] }],
        }),
      policy: "security-group-no-public-ingress",
      resource: "app-sg",
      message: /^ingress from ::\/0 \(all traffic\) to security group app-sg opens it/,
    },
    {
      title: "a legacy ingress rule from 0.0.0.0/0",
      change: (r) => patch(r, "app-from-vpc", { cidrBlocks: ["0.0.0.0/0"] }),
      policy: "security-group-no-public-ingress",
      resource: "app-from-vpc",
      message: /\(tcp port 9090\) to security group app-sg opens it/,
    },
    {
      title: "a load balancer that no longer uses the open group",
      change: (r) => patch(r, "alb", { securityGroups: ["platform-prod-app-sg"] }),
      policy: "security-group-no-public-ingress",
      resource: ["alb-from-internet-443", "alb-from-internet-80"],
      message: /does not belong to a load balancer/,
    },
    {
      title: "a cache on the default security group",
      change: (r) => patch(r, "cache", { securityGroupIds: undefined }),
      policy: "elasticache-not-public",
      resource: "cache",
      message: /^securityGroupIds is empty, so the VPC's default security group applies/,
    },
    {
      title: "a cache whose group is open to the internet",
      change: (r) => [...r, openRule("cache-open", "platform-prod-cache-sg", 6379)],
      policy: "elasticache-not-public",
      resource: "cache",
      message:
        /^ingress from 0.0.0.0\/0 \(tcp port 6379\) to security group cache-sg, which guards this cache/,
      also: ["security-group-no-public-ingress"],
    },
    {
      title: "a cache in public subnets",
      change: (r) => patch(r, "cache-isolated-0", { mapPublicIpOnLaunch: true }),
      policy: "elasticache-not-public",
      resource: "cache",
      message:
        /subnet group cache-subnets includes subnet cache-isolated-0, which maps public IPs on launch/,
    },
    {
      title: "a cache on the default subnet group",
      change: (r) => patch(r, "cache", { subnetGroupName: undefined }),
      policy: "elasticache-not-public",
      resource: "cache",
      message:
        /^subnetGroupName is not set, so the default subnet group of the default VPC applies/,
    },
    {
      title: "a bucket without a public access block",
      change: (r) => without(r, "uploads-public-access"),
      policy: "s3-public-access-blocked",
      resource: "uploads",
      message: /^bucket uploads has no BucketPublicAccessBlock/,
    },
    {
      title: "a public access block that allows public policies",
      change: (r) =>
        patch(r, "uploads-public-access", {
          blockPublicPolicy: false,
          restrictPublicBuckets: undefined,
        }),
      policy: "s3-public-access-blocked",
      resource: "uploads",
      message:
        /leaves blockPublicPolicy = false, restrictPublicBuckets = not set; set all four to true$/,
    },
  ]);

  describe("how a load balancer's group is recognized", () => {
    it("by the engine's property dependency when the ids are unknown", async () => {
      const r = replace(
        patch(compliant(), "alb", { securityGroups: "[unknown]" }),
        "alb",
        (x) =>
          ({
            ...x,
            propertyDependencies: {
              securityGroups: [
                "urn:pulumi:prod::platform::aws:ec2/securityGroup:SecurityGroup::alb-sg",
              ],
            },
          }) as typeof x,
      );
      expectClean(await check(r));
    });

    it("by the config allow-list for a group defined in another stack", async () => {
      const r = [
        ...without(compliant(), "alb-from-internet-80", "alb-from-internet-443", "alb-sg", "alb"),
        openRule("shared-443", "sg-0123456789abcdef0", 443),
      ];
      expectOnly(
        await check(r),
        "security-group-no-public-ingress",
        "shared-443",
        /security group sg-0123456789abcdef0: that group does not belong to a load balancer/,
      );
      const config = {
        "security-group-no-public-ingress": {
          loadBalancerSecurityGroups: ["sg-0123456789abcdef0"],
        },
      };
      expectClean(await check(r, { config }));
    });
  });

  it("an unknown CIDR is cannot-be-checked, after checking the known rules", async () => {
    const r = [
      ...patch(compliant(), "alb-from-internet-80", { cidrIpv4: "[unknown]" }),
      openRule("app-ssh", "platform-prod-app-sg", 22),
    ];
    const result = await check(r);
    expect(
      result.violations.map((v) => [
        v.policy,
        v.enforcementLevel,
        v.resource.name,
        v.message.split(" (")[0],
      ]),
    ).to.deep.equal([
      ["security-group-no-public-ingress", "mandatory", "app-ssh", "ingress from 0.0.0.0/0"],
      [
        "security-group-no-public-ingress",
        "advisory",
        "platform-prod",
        "cannot be checked during preview: string value at .cidrIpv4 can't be known during preview",
      ],
      [
        "elasticache-not-public",
        "advisory",
        "platform-prod",
        "cannot be checked during preview: string value at .cidrIpv4 can't be known during preview",
      ],
    ]);
  });
});
