import { expect } from "chai";
import { T, T2 } from "../lib/types";
import { aws } from "./fixtures";
import { findings } from "./rules";

const RULES = [
  "ec2-block-devices-encrypted",
  "ec2-imdsv2-required",
  "ec2-no-public-ip",
  "subnet-no-public-ip-on-launch",
  "ecs-service-no-public-ip",
];

describe("compute exposure", () => {
  it("a tutorial web server: unencrypted root, IMDSv1, public IP", async () => {
    const r = aws(T2.ec2Instance, "web", {
      ami: "ami-0123",
      instanceType: "t3.micro",
      associatePublicIpAddress: true,
      ebsBlockDevices: [{ deviceName: "/dev/sdf", volumeSize: 10 }],
    });
    expect(await findings(RULES, [r])).to.deep.equal([
      "[mandatory] ec2-block-devices-encrypted web: rootBlockDevice.encrypted is not set; set rootBlockDevice: { encrypted: true, kmsKeyId: <customer-managed key ARN> }",
      '[mandatory] ec2-block-devices-encrypted web: ebsBlockDevices[0] ("/dev/sdf") has encrypted not set; set encrypted: true',
      '[mandatory] ec2-imdsv2-required web: metadataOptions.httpTokens is not set, so IMDSv1 may answer; set metadataOptions: { httpTokens: "required" }',
      "[mandatory] ec2-no-public-ip web: associatePublicIpAddress is true: the instance gets a public IPv4 address; set it to false and use a private subnet",
    ]);
  });

  it("a launch template with an unencrypted mapping and a public interface", async () => {
    const r = aws(T2.launchTemplate, "lt", {
      imageId: "ami-0123",
      blockDeviceMappings: [
        { deviceName: "/dev/xvda", ebs: { volumeSize: 20, encrypted: "false" } },
      ],
      networkInterfaces: [{ associatePublicIpAddress: "true" }],
      metadataOptions: { httpTokens: "optional" },
    });
    expect(await findings(RULES, [r])).to.deep.equal([
      '[mandatory] ec2-block-devices-encrypted lt: blockDeviceMappings[0] ("/dev/xvda") has ebs.encrypted "false"; set ebs.encrypted: "true"',
      '[mandatory] ec2-imdsv2-required lt: metadataOptions.httpTokens is "optional", so IMDSv1 may answer; set metadataOptions: { httpTokens: "required" }',
      '[mandatory] ec2-no-public-ip lt: networkInterfaces[0].associatePublicIpAddress is true: every instance launched gets a public IPv4 address; set it to "false"',
    ]);
  });

  it("subnets mapping public IPs (advisory) and ECS services assigning them (mandatory)", async () => {
    const r = [
      aws(T.subnet, "public-a", {
        vpcId: "vpc",
        cidrBlock: "10.0.0.0/24",
        mapPublicIpOnLaunch: true,
      }),
      aws(T2.ecsService, "svc", {
        networkConfiguration: { assignPublicIp: true, subnets: ["public-a"] },
      }),
    ];
    expect(await findings(RULES, r)).to.deep.equal([
      "[advisory] subnet-no-public-ip-on-launch public-a: mapPublicIpOnLaunch is true: every instance and task launched here gets a public IPv4 address; set mapPublicIpOnLaunch: false",
      "[mandatory] ecs-service-no-public-ip svc: networkConfiguration.assignPublicIp is true: each task gets a public IPv4 address and is reachable wherever its security group allows; set assignPublicIp: false and use private subnets",
    ]);
  });

  it("passes: encrypted devices, IMDSv2 required, private addressing", async () => {
    const r = [
      aws(T2.ec2Instance, "web", {
        rootBlockDevice: { encrypted: true, kmsKeyId: "k" },
        ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: true }],
        metadataOptions: { httpTokens: "required" },
        associatePublicIpAddress: false,
      }),
      aws(T2.launchTemplate, "lt", {
        blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true" } }],
        metadataOptions: { httpTokens: "required" },
      }),
      aws(T.subnet, "private-a", { mapPublicIpOnLaunch: false }),
      aws(T2.ecsService, "svc", {
        networkConfiguration: { assignPublicIp: false, subnets: ["private-a"] },
      }),
    ];
    expect(await findings(RULES, r)).to.deep.equal([]);
  });

  it("a load balancer's 80/443 group also attached to an instance is not exempt", async () => {
    const group = aws(T.securityGroup, "web-sg", {
      ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] }],
    });
    const lb = aws(T.lb, "alb", { securityGroups: ["web-sg"] });
    const instance = aws(T2.ec2Instance, "web", { vpcSecurityGroupIds: ["web-sg"] });
    expect(await findings("security-group-no-public-ingress", [group, lb])).to.deep.equal([]);
    expect(await findings("security-group-no-public-ingress", [group, lb, instance])).to.deep.equal(
      [
        "[mandatory] security-group-no-public-ingress web-sg: ingress from 0.0.0.0/0 (tcp port 80) to security group web-sg: that group belongs to a load balancer but is also attached to web, so the port is open on them too; give the load balancer its own security group and let the instances/tasks accept traffic only from it",
      ],
    );
  });
});
