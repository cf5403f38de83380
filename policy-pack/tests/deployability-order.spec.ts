/** policies/deployability-order.ts: a failing and a passing case per rule, each citing its source. */
import { expect } from "chai";
import { Resource } from "../../cli/core/resource";
import { T } from "../lib/types";
import {
  ecsServiceWaitsForExecutionRolePolicies,
  ecsServiceWaitsForListener,
  lambdaWaitsForRolePolicies,
} from "../policies/deployability-order";
import { run } from "./deployability-support";
import { aws, urnOf } from "./fixtures";

/** An ECS service, its listener, target group, task definition and execution role with its two policies. */
function webService(
  serviceDependsOn: string[],
  container: Record<string, unknown> = {
    name: "app",
    image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.0.0",
    secrets: [{ name: "APP_SECRET_KEY", valueFrom: "arn:aws:secretsmanager:eu-west-1:1:secret:k" }],
  },
): Resource[] {
  const tg = aws(T.lbTargetGroup, "tg", { name: "web", port: 8080, protocol: "HTTP" });
  const listener = {
    ...aws(T.lbListener, "https", {
      certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/c",
      defaultActions: [
        {
          type: "forward",
          targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/web/1",
        },
      ],
      loadBalancerArn: "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/web/1",
    }),
    propertyDependencies: { defaultActions: [tg.urn!] },
  };
  const role = aws(T.iamRole, "exec", { name: "platform-prod-web-exec" });
  const managed = aws(T.iamRolePolicyAttachment, "exec-managed", {
    role: "platform-prod-web-exec",
    policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
  });
  const secrets = aws(T.iamRolePolicy, "exec-secrets", {
    role: "platform-prod-web-exec",
    policy: "{}",
  });
  const td = aws(T.ecsTaskDefinition, "task", {
    family: "platform-prod-web",
    executionRoleArn: "arn:aws:iam::123456789012:role/platform-prod-web-exec",
    containerDefinitions: JSON.stringify([container]),
  });
  const service = aws(
    T.ecsService,
    "service",
    {
      taskDefinition: "arn:aws:ecs:eu-west-1:123456789012:task-definition/platform-prod-web:3",
      loadBalancers: [
        {
          containerName: "app",
          containerPort: 8080,
          targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/web/1",
        },
      ],
    },
    {
      dependsOn: serviceDependsOn.map((n) =>
        urnOf(
          n.includes("https")
            ? T.lbListener
            : n.includes("secrets")
              ? T.iamRolePolicy
              : T.iamRolePolicyAttachment,
          n,
        ),
      ),
    },
  );
  return [tg, listener, role, managed, secrets, td, service];
}

/** A Lambda function in a VPC with its role and three policies; `dependsOn` names those it waits for. */
function fileProcessor(dependsOn: string[]): Resource[] {
  const role = aws(T.iamRole, "fp-role", { name: "platform-prod-file-processor" });
  const vpc = aws(T.iamRolePolicyAttachment, "fp-vpc", {
    role: "platform-prod-file-processor",
    policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
  });
  const xray = aws(T.iamRolePolicyAttachment, "fp-xray", {
    role: "platform-prod-file-processor",
    policyArn: "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess",
  });
  const access = aws(T.iamRolePolicy, "fp-access", {
    role: "platform-prod-file-processor",
    policy: "{}",
  });
  const typeOf = (n: string) => (n === "fp-access" ? T.iamRolePolicy : T.iamRolePolicyAttachment);
  const fn = {
    ...aws(
      T.lambdaFunction,
      "fp",
      {
        role: "arn:aws:iam::123456789012:role/platform-prod-file-processor",
        vpcConfig: { subnetIds: ["s"], securityGroupIds: ["g"] },
      },
      { dependsOn: dependsOn.map((n) => urnOf(typeOf(n), n)) },
    ),
    propertyDependencies: { role: [role.urn!] },
  };
  return [role, vpc, xray, access, fn];
}

describe("deployability: creation order", () => {
  // "The target group with targetGroupArn … does not have an associated load balancer"
  // (https://github.com/aws/aws-cdk/issues/1160).
  it("ecs-service-waits-for-listener: a service without dependsOn on the forwarding listener fails; with it, passes", async () => {
    expect(await run(ecsServiceWaitsForListener, webService([]))).to.deep.equal([
      'service: the service does not depend on https, which attaches its target group arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/web/1 to the load balancer: Pulumi may create the service first, and CreateService fails with "The target group … does not have an associated load balancer"; add the listener to dependsOn',
    ]);
    expect(await run(ecsServiceWaitsForListener, webService(["https"]))).to.deep.equal([]);
    const orphan = webService(["https"]).filter((r) => r.name !== "https");
    expect(await run(ecsServiceWaitsForListener, orphan)).to.deep.equal([
      'service: no listener or listener rule of the stack forwards to target group arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/web/1: CreateService fails with "The target group … does not have an associated load balancer"; forward a listener to it and add that listener to the service\'s dependsOn',
    ]);
  });

  it("ecs-service-waits-for-execution-role-policies: each missing execution-role policy is named", async () => {
    expect(
      await run(ecsServiceWaitsForExecutionRolePolicies, webService(["https", "exec-managed"])),
    ).to.deep.equal([
      "service: the service does not depend on exec-secrets (aws:iam/rolePolicy:RolePolicy) of its execution role exec: its first tasks may start before the role can pull the image and read the injected secrets, and fail; add them to dependsOn",
    ]);
    expect(
      await run(
        ecsServiceWaitsForExecutionRolePolicies,
        webService(["https", "exec-managed", "exec-secrets"]),
      ),
    ).to.deep.equal([]);
    // A public image with no secrets and no awslogs driver starts without the execution role.
    expect(
      await run(
        ecsServiceWaitsForExecutionRolePolicies,
        webService(["https"], { name: "web", image: "nginx:1.27" }),
      ),
    ).to.deep.equal([]);
  });

  // "The provided execution role does not have permissions to call CreateNetworkInterface on EC2"
  // (https://github.com/nozaq/terraform-aws-lambda-auto-package/pull/9).
  it("lambda-waits-for-role-policies: a function that waits for none or some of its role's policies fails", async () => {
    expect(await run(lambdaWaitsForRolePolicies, fileProcessor(["fp-xray"]))).to.deep.equal([
      'fp: the function does not depend on fp-vpc (aws:iam/rolePolicyAttachment:RolePolicyAttachment), fp-access (aws:iam/rolePolicy:RolePolicy) of its role fp-role: Pulumi may create it before the role\'s permissions exist, and CreateFunction fails (e.g. "The provided execution role does not have permissions to call CreateNetworkInterface on EC2"); add them to dependsOn',
    ]);
    expect(
      await run(lambdaWaitsForRolePolicies, fileProcessor(["fp-vpc", "fp-xray", "fp-access"])),
    ).to.deep.equal([]);
    // Outside a VPC, without a dead-letter target, tracing or an event source mapping,
    // CreateFunction only checks that Lambda can assume the role.
    const plain = fileProcessor([]).map((r) =>
      r.type === T.lambdaFunction ? { ...r, props: { ...r.props, vpcConfig: undefined } } : r,
    );
    expect(await run(lambdaWaitsForRolePolicies, plain)).to.deep.equal([]);
  });
});
