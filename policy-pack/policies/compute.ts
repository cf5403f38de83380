/**
 * Compute exposure: EC2 instances and launch templates encrypt every block
 * device and require IMDSv2; instances, launch templates, subnets and ECS
 * services do not hand out public IPv4 addresses.
 *
 * Provider inputs checked against @pulumi/aws 7.48.0 (ec2/instance.d.ts,
 * ec2/launchTemplate.d.ts, ec2/subnet.d.ts, ecs/service.d.ts and
 * types/input.d.ts: InstanceRootBlockDevice, InstanceEbsBlockDevice,
 * LaunchTemplateBlockDeviceMappingEbs, InstanceMetadataOptions,
 * LaunchTemplateNetworkInterface, ServiceNetworkConfiguration), read 2026-11-30.
 */
import { resourcePolicy } from "../lib/define";
import { T, T2 } from "../lib/types";
import { asArray, asRecord, isOneOf, isTrue, show } from "../lib/values";

export const ec2BlockDevicesEncrypted = resourcePolicy({
  name: "ec2-block-devices-encrypted",
  description:
    "EC2 instances and launch templates encrypt the root and every additional EBS block device (EBS volumes are unencrypted unless the account turned on encryption by default, which the program cannot see).",
  enforcementLevel: "mandatory",
  group: "compute",
  exemptable: false,
  resourceTypes: [T2.ec2Instance, T2.launchTemplate],
  remediation:
    'Instance: set `rootBlockDevice: { encrypted: true, kmsKeyId }` and `encrypted: true` on every `ebsBlockDevices` entry. Launch template: set `ebs: { encrypted: "true", kmsKeyId }` on every `blockDeviceMappings` entry (including the root device name of the AMI). Source of the default: https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html (read 2026-11-30).',
  validate: ({ type, props }, report) => {
    if (type === T2.ec2Instance) {
      const root = asRecord(props.rootBlockDevice, "rootBlockDevice");
      if (!isTrue(root?.encrypted, "rootBlockDevice.encrypted")) {
        report(
          `rootBlockDevice.encrypted is ${show(root?.encrypted)}; set rootBlockDevice: { encrypted: true, kmsKeyId: <customer-managed key ARN> }`,
        );
      }
      asArray(props.ebsBlockDevices, "ebsBlockDevices").forEach((d, i) => {
        const dev = asRecord(d, `ebsBlockDevices[${i}]`) ?? {};
        if (!isTrue(dev.encrypted, `ebsBlockDevices[${i}].encrypted`)) {
          report(
            `ebsBlockDevices[${i}] (${show(dev.deviceName)}) has encrypted ${show(dev.encrypted)}; set encrypted: true`,
          );
        }
      });
      return;
    }
    const mappings = asArray(props.blockDeviceMappings, "blockDeviceMappings");
    if (mappings.length === 0) {
      report(
        'blockDeviceMappings is not set, so the AMI\'s root volume is created unencrypted unless its snapshot is encrypted; add a mapping for the root device with ebs: { encrypted: "true" }',
      );
    }
    mappings.forEach((m, i) => {
      const mapping = asRecord(m, `blockDeviceMappings[${i}]`) ?? {};
      const ebs = asRecord(mapping.ebs, `blockDeviceMappings[${i}].ebs`);
      if (ebs && !isTrue(ebs.encrypted, `blockDeviceMappings[${i}].ebs.encrypted`)) {
        report(
          `blockDeviceMappings[${i}] (${show(mapping.deviceName)}) has ebs.encrypted ${show(ebs.encrypted)}; set ebs.encrypted: "true"`,
        );
      }
    });
  },
});

export const ec2ImdsV2Required = resourcePolicy({
  name: "ec2-imdsv2-required",
  description:
    'EC2 instances and launch templates require IMDSv2 (metadataOptions.httpTokens = "required"); otherwise the default depends on the AMI and account settings and may leave IMDSv1, the SSRF target for role credentials, on.',
  enforcementLevel: "mandatory",
  group: "compute",
  exemptable: true,
  resourceTypes: [T2.ec2Instance, T2.launchTemplate],
  remediation:
    'Set `metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 }` (2 for containers on the host). Source: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceMetadataOptionsRequest.html (default: optional unless the AMI says v2.0; read 2026-11-30).',
  validate: (args, report) => {
    const options = asRecord(args.props.metadataOptions, "metadataOptions");
    if (isOneOf(options?.httpEndpoint, ["disabled"], "metadataOptions.httpEndpoint")) {
      args.notApplicable("the instance metadata service is disabled");
    }
    if (!isOneOf(options?.httpTokens, ["required"], "metadataOptions.httpTokens")) {
      report(
        `metadataOptions.httpTokens is ${show(options?.httpTokens)}, so IMDSv1 may answer; set metadataOptions: { httpTokens: "required" }`,
      );
    }
  },
});

export const ec2NoPublicIp = resourcePolicy({
  name: "ec2-no-public-ip",
  description:
    "EC2 instances and launch templates do not ask for a public IPv4 address; reach them through a load balancer, SSM Session Manager or a NAT gateway.",
  enforcementLevel: "mandatory",
  group: "compute",
  exemptable: true,
  resourceTypes: [T2.ec2Instance, T2.launchTemplate],
  remediation:
    "Remove `associatePublicIpAddress: true` (launch templates: on every `networkInterfaces` entry), place the instance in a private subnet, put a load balancer in front of it and use SSM Session Manager instead of SSH.",
  validate: ({ type, props }, report) => {
    if (type === T2.ec2Instance) {
      if (isTrue(props.associatePublicIpAddress, "associatePublicIpAddress")) {
        report(
          "associatePublicIpAddress is true: the instance gets a public IPv4 address; set it to false and use a private subnet",
        );
      }
      return;
    }
    asArray(props.networkInterfaces, "networkInterfaces").forEach((n, i) => {
      const where = `networkInterfaces[${i}]`;
      if (
        isTrue(asRecord(n, where)?.associatePublicIpAddress, `${where}.associatePublicIpAddress`)
      ) {
        report(
          `networkInterfaces[${i}].associatePublicIpAddress is true: every instance launched gets a public IPv4 address; set it to "false"`,
        );
      }
    });
  },
});

export const subnetNoPublicIpOnLaunch = resourcePolicy({
  name: "subnet-no-public-ip-on-launch",
  description:
    "Subnets do not give every instance launched in them a public IPv4 address (mapPublicIpOnLaunch); a load balancer's or NAT gateway's public subnet does not need it.",
  enforcementLevel: "advisory",
  group: "compute",
  exemptable: true,
  resourceTypes: [T.subnet],
  remediation:
    "Set `mapPublicIpOnLaunch: false`; load balancers and NAT gateways get their public addresses without it (an Elastic IP for the NAT gateway).",
  validate: ({ props }, report) => {
    if (isTrue(props.mapPublicIpOnLaunch, "mapPublicIpOnLaunch")) {
      report(
        "mapPublicIpOnLaunch is true: every instance and task launched here gets a public IPv4 address; set mapPublicIpOnLaunch: false",
      );
    }
  },
});

export const ecsServiceNoPublicIp = resourcePolicy({
  name: "ecs-service-no-public-ip",
  description:
    "ECS services do not assign public IPv4 addresses to their tasks (networkConfiguration.assignPublicIp).",
  enforcementLevel: "mandatory",
  group: "compute",
  exemptable: true,
  resourceTypes: [T2.ecsService],
  remediation:
    "Set `networkConfiguration: { assignPublicIp: false, subnets: <private subnets> }` and reach the internet through a NAT gateway or VPC endpoints; put a load balancer in front of the service.",
  validate: ({ props }, report) => {
    const network = asRecord(props.networkConfiguration, "networkConfiguration");
    if (isTrue(network?.assignPublicIp, "networkConfiguration.assignPublicIp")) {
      report(
        "networkConfiguration.assignPublicIp is true: each task gets a public IPv4 address and is reachable wherever its security group allows; set assignPublicIp: false and use private subnets",
      );
    }
  },
});

export const computePolicies = [
  ec2BlockDevicesEncrypted,
  ec2ImdsV2Required,
  ec2NoPublicIp,
  subnetNoPublicIpOnLaunch,
  ecsServiceNoPublicIp,
];
