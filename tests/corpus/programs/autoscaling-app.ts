// An auto-scaled app tier from a launch template, with an admin role, as the EC2 Auto Scaling examples write it.
import * as aws from "@pulumi/aws";

export function program() {
  const role = new aws.iam.Role("app-instance-role", {
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    }),
  });
  new aws.iam.RolePolicyAttachment("app-admin", {
    role: role.name,
    policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
  });
  const profile = new aws.iam.InstanceProfile("app-profile", { role: role.name });
  const template = new aws.ec2.LaunchTemplate("app-template", {
    imageId: "ami-0c55b159cbfafe1f0",
    instanceType: "t3.small",
    iamInstanceProfile: { arn: profile.arn },
    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 30, volumeType: "gp3" } }],
    metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" },
  });
  new aws.autoscaling.Group("app-asg", {
    minSize: 1,
    maxSize: 3,
    vpcZoneIdentifiers: ["subnet-0a1b2c3d", "subnet-4e5f6a7b"],
    launchTemplate: { id: template.id, version: "$Latest" },
  });
  return { template: template.id };
}
