// A web server on EC2, as the "getting started with EC2" tutorials write it.
import * as aws from "@pulumi/aws";

export function program() {
  const group = new aws.ec2.SecurityGroup("web-secgrp", {
    description: "Enable HTTP and SSH access",
    ingress: [
      { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] },
      { protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] },
    ],
    egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
  });
  const userData = `#!/bin/bash
export ADMIN_PASSWORD=Sup3rS3cret!
echo "Hello, World!" > index.html
nohup python3 -m http.server 80 &`;
  const server = new aws.ec2.Instance("web-server-www", {
    instanceType: "t3.micro",
    vpcSecurityGroupIds: [group.id],
    ami: "ami-0c55b159cbfafe1f0",
    associatePublicIpAddress: true,
    userData,
  });
  return { publicIp: server.publicIp };
}
