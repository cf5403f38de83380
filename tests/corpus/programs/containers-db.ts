// Containers on ECS Fargate behind a load balancer, with a MySQL database, as the container tutorials write it.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

export function program() {
  const vpcId = "vpc-0a1b2c3d";
  const subnets = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"];
  const webSg = new aws.ec2.SecurityGroup("web-sg", {
    vpcId,
    ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] }],
    egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
  });
  const alb = new aws.lb.LoadBalancer("app-lb", { securityGroups: [webSg.id], subnets });
  const tg = new aws.lb.TargetGroup("app-tg", {
    port: 80,
    protocol: "HTTP",
    targetType: "ip",
    vpcId,
  });
  new aws.lb.Listener("web", {
    loadBalancerArn: alb.arn,
    port: 80,
    defaultActions: [{ type: "forward", targetGroupArn: tg.arn }],
  });
  const password = new random.RandomPassword("db-password", { length: 20, special: false });
  const db = new aws.rds.Instance("app-db", {
    engine: "mysql",
    engineVersion: "8.0",
    instanceClass: "db.t3.micro",
    allocatedStorage: 20,
    dbName: "app",
    username: "admin",
    password: password.result,
    skipFinalSnapshot: true,
    vpcSecurityGroupIds: [webSg.id],
  });
  const cluster = new aws.ecs.Cluster("cluster");
  const role = new aws.iam.Role("task-exec-role", {
    assumeRolePolicy: JSON.stringify({
      Version: "2008-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "ecs-tasks.amazonaws.com" },
          Action: "sts:AssumeRole",
        },
      ],
    }),
  });
  new aws.iam.RolePolicyAttachment("task-exec-policy", {
    role: role.name,
    policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
  });
  const task = new aws.ecs.TaskDefinition("app-task", {
    family: "fargate-task-definition",
    cpu: "256",
    memory: "512",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    executionRoleArn: role.arn,
    containerDefinitions: db.address.apply((host) =>
      JSON.stringify([
        {
          name: "my-app",
          image: "nginx",
          portMappings: [{ containerPort: 80, hostPort: 80, protocol: "tcp" }],
          environment: [
            { name: "DB_HOST", value: host },
            { name: "DB_USER", value: "admin" },
            { name: "DB_PASSWORD", value: "correct-horse-battery" },
          ],
        },
      ]),
    ),
  });
  new aws.ecs.Service("app-svc", {
    cluster: cluster.arn,
    desiredCount: 2,
    launchType: "FARGATE",
    taskDefinition: task.arn,
    networkConfiguration: { assignPublicIp: true, subnets, securityGroups: [webSg.id] },
    loadBalancers: [{ targetGroupArn: tg.arn, containerName: "my-app", containerPort: 80 }],
  });
  return { url: pulumi.interpolate`http://${alb.dnsName}` };
}
