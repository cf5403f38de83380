import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { isTaggableAwsType, UNTAGGABLE_AWS_TYPES } from "../policies/tags";
import { T } from "../lib/types";
import {
  aws,
  awsProvider,
  check,
  docker,
  dockerContainer,
  expectClean,
  expectOnly,
  itReports,
  LABELS,
  patch,
  replace,
  TAGS,
} from "./fixtures";

const withProvider = (provider: ReturnType<typeof awsProvider>) => (r: ReturnType<typeof aws>) => ({
  ...r,
  provider,
});

/** Tagged through the provider's defaultTags (as the program does), plus untaggable side resources and Docker resources. */
function compliant() {
  return [
    aws(T.snsTopic, "topic", {
      name: "platform-prod-notifications",
      kmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:key/k",
    }),
    aws(T.logGroup, "logs", {
      name: "/platform/prod/app",
      kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/k",
      tags: { Component: "web" },
    }),
    aws("aws:iam/role:Role", "role", { assumeRolePolicy: "{}" }),
    aws("aws:iam/rolePolicy:RolePolicy", "role-policy", { role: "role", policy: "{}" }),
    aws("aws:kms/alias:Alias", "alias", { name: "alias/platform-prod", targetKeyId: "k" }),
    docker(T.dockerNetwork, "net", { name: "platform-dev-app", internal: true, labels: LABELS }),
    docker(T.dockerVolume, "data", { name: "platform-dev-data", labels: LABELS }),
    dockerContainer(),
  ];
}

/** Docker resources are the dev stack's; here they sit beside prod AWS resources, so the environment comes from each resource. */
const checkMixed = (r: ReturnType<typeof compliant>) =>
  check(r, { config: {}, environment: undefined });

function dtsArgs(type: string): string | undefined {
  const [, modFile, cls] = type.split(":");
  const [mod, file] = modFile.split("/");
  const dts = path.join(
    require.resolve("@pulumi/aws/package.json"),
    "..",
    mod === "index" ? "" : mod,
    `${file}.d.ts`,
  );
  if (!fs.existsSync(dts)) return undefined;
  return fs
    .readFileSync(dts, "utf8")
    .match(new RegExp(`export interface ${cls}Args \\{([\\s\\S]*?)\\n\\}`))?.[1];
}

describe("policy pack: tags and labels", () => {
  it("passes resources tagged through the provider's defaultTags and labelled Docker resources", async () => {
    expectClean(await checkMixed(compliant()));
  });

  it("accepts defaultTags as an object as well as the engine's JSON string", async () => {
    expectClean(
      await checkMixed(
        compliant().map((r) =>
          r.type.startsWith("aws:") ? withProvider(awsProvider(TAGS, "object"))(r) : r,
        ),
      ),
    );
  });

  it("accepts the tags on the resource itself when the provider has none", async () => {
    const r = compliant().map((x) =>
      x.type.startsWith("aws:")
        ? { ...x, provider: awsProvider({}), props: { ...x.props, tags: { ...TAGS } } }
        : x,
    );
    expectClean(await checkMixed(r));
  });

  itReports(compliant, [
    {
      title: "a provider without CostCenter",
      change: (r) =>
        r
          .filter((x) => x.name === "topic")
          .map(withProvider(awsProvider({ ...TAGS, CostCenter: "" }))),
      policy: "aws-required-tags",
      resource: "topic",
      message:
        /^missing tag CostCenter \(neither on the resource nor in the provider's defaultTags\)$/,
      env: "prod",
    },
    {
      title: "a resource tag that blanks Owner",
      change: (r) =>
        patch(
          r.filter((x) => x.type.startsWith("aws:")),
          "logs",
          { tags: { Owner: "" } },
        ),
      policy: "aws-required-tags",
      resource: "logs",
      message: /^missing tag Owner/,
      env: "prod",
    },
    {
      title: "no tags at all",
      change: (r) => r.filter((x) => x.name === "role").map(withProvider(awsProvider({}))),
      policy: "aws-required-tags",
      resource: "role",
      message: /^missing tags Environment, Project, Owner, CostCenter/,
      env: "prod",
    },
    {
      title: "an Environment outside the four",
      change: (r) =>
        r
          .filter((x) => x.name === "topic")
          .map(withProvider(awsProvider({ ...TAGS, Environment: "qa" }))),
      policy: "aws-required-tags",
      resource: "topic",
      message: /^tag Environment is "qa", expected one of dev, staging, prod, preview$/,
      env: "prod",
    },
    {
      title: "an Environment that is not the stack's",
      change: (r) =>
        r
          .filter((x) => x.name === "topic")
          .map(withProvider(awsProvider({ ...TAGS, Environment: "staging" }))),
      policy: "aws-required-tags",
      resource: "topic",
      message: /^tag Environment is "staging" but this stack's environment is prod$/,
      env: "prod",
    },
    {
      title: "a container without platform.cost-center",
      change: (r) =>
        patch(
          r.filter((x) => x.name === "app"),
          "app",
          { labels: LABELS.slice(0, 3) },
        ),
      policy: "docker-required-labels",
      resource: "app",
      message: /^missing label platform.cost-center$/,
      env: "dev",
    },
    {
      title: "a network without labels",
      change: (r) =>
        patch(
          r.filter((x) => x.name === "net"),
          "net",
          { labels: undefined },
        ),
      policy: "docker-required-labels",
      resource: "net",
      message:
        /^missing labels platform.environment, platform.project, platform.owner, platform.cost-center$/,
      env: "dev",
    },
    {
      title: "a volume labelled for another environment",
      change: (r) =>
        patch(
          r.filter((x) => x.name === "data"),
          "data",
          { labels: [...LABELS.slice(1), { label: "platform.environment", value: "prod" }] },
        ),
      policy: "docker-required-labels",
      resource: "data",
      message: /^label platform.environment is "prod" but this stack's environment is dev$/,
      env: "dev",
    },
  ]);

  it("skips untaggable AWS types and non-AWS resources", async () => {
    const r = [
      {
        ...aws("aws:s3/bucketPolicy:BucketPolicy", "policy", { bucket: "b", policy: "{}" }),
        provider: awsProvider({}),
      },
      {
        ...aws("aws:ec2/route:Route", "route", {
          routeTableId: "rt",
          destinationCidrBlock: "0.0.0.0/0",
        }),
        provider: awsProvider({}),
      },
      { type: "random:index/randomPassword:RandomPassword", name: "pw", props: { length: 32 } },
      { type: "tls:index/privateKey:PrivateKey", name: "ca-key", props: { algorithm: "ECDSA" } },
    ];
    expectClean(await check(r));
  });

  it("reads an unknown tag value as cannot-be-checked", async () => {
    const r = replace(
      compliant().filter((x) => x.name === "logs"),
      "logs",
      (x) => ({
        ...x,
        provider: awsProvider({ ...TAGS, Owner: "x" }),
        props: { ...x.props, tags: "[unknown]" },
      }),
    );
    expectOnly(
      await check(r),
      "aws-required-tags",
      "logs",
      /^cannot be checked during preview: string value at \.tags can't be known during preview$/,
      "advisory",
    );
  });

  describe("the untaggable list", () => {
    it("names only types whose provider schema has no tags input", () => {
      for (const type of UNTAGGABLE_AWS_TYPES) {
        const args = dtsArgs(type);
        expect(args, `${type} exists in @pulumi/aws`).to.be.a("string");
        expect(/\n\s+tags\?:/.test(args!), `${type} has no tags input`).to.equal(false);
      }
    });

    it("classifies every AWS type the program creates as @pulumi/aws does", () => {
      const programTypes = [
        "aws:appautoscaling/policy:Policy",
        "aws:appautoscaling/target:Target",
        "aws:backup/plan:Plan",
        "aws:backup/selection:Selection",
        "aws:backup/vault:Vault",
        "aws:cloudwatch/dashboard:Dashboard",
        "aws:cloudwatch/logGroup:LogGroup",
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
        "aws:ec2/eip:Eip",
        "aws:ec2/flowLog:FlowLog",
        "aws:ec2/internetGateway:InternetGateway",
        "aws:ec2/natGateway:NatGateway",
        "aws:ec2/route:Route",
        "aws:ec2/routeTable:RouteTable",
        "aws:ec2/routeTableAssociation:RouteTableAssociation",
        "aws:ec2/securityGroup:SecurityGroup",
        "aws:ec2/subnet:Subnet",
        "aws:ec2/vpc:Vpc",
        "aws:ec2/vpcEndpoint:VpcEndpoint",
        "aws:ecs/cluster:Cluster",
        "aws:ecs/service:Service",
        "aws:ecs/taskDefinition:TaskDefinition",
        "aws:elasticache/parameterGroup:ParameterGroup",
        "aws:elasticache/replicationGroup:ReplicationGroup",
        "aws:elasticache/subnetGroup:SubnetGroup",
        "aws:iam/role:Role",
        "aws:iam/rolePolicy:RolePolicy",
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        "aws:kms/alias:Alias",
        "aws:kms/key:Key",
        "aws:lambda/function:Function",
        "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
        "aws:lambda/permission:Permission",
        "aws:lb/listener:Listener",
        "aws:lb/loadBalancer:LoadBalancer",
        "aws:lb/targetGroup:TargetGroup",
        "aws:rds/instance:Instance",
        "aws:rds/parameterGroup:ParameterGroup",
        "aws:rds/subnetGroup:SubnetGroup",
        "aws:s3/bucket:Bucket",
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "aws:s3/bucketNotification:BucketNotification",
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
        "aws:s3/bucketPolicy:BucketPolicy",
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketVersioning:BucketVersioning",
        "aws:secretsmanager/secret:Secret",
        "aws:secretsmanager/secretVersion:SecretVersion",
        "aws:sns/topic:Topic",
        "aws:sns/topicSubscription:TopicSubscription",
        "aws:sqs/queue:Queue",
        "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
      ];
      const wrong = programTypes.filter(
        (t) => isTaggableAwsType(t) !== /\n\s+tags\?:/.test(dtsArgs(t) ?? ""),
      );
      expect(wrong).to.deep.equal([]);
    });
  });
});
