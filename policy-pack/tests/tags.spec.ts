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

  describe("which types must carry tags", () => {
    it("demands none on a type without a tags input, a component, or a type the provider does not know", async () => {
      const untagged = { ...awsProvider({}) };
      const r = [
        // BucketPolicy has no tags input in @pulumi/aws 7.48.0 (s3/bucketPolicy.d.ts, BucketPolicyArgs).
        aws(T.bucketPolicy, "policy", { bucket: "b", policy: "{}" }),
        {
          type: "acme:web:StaticSite",
          name: "site",
          urn: "urn:pulumi:prod::x::acme:web:StaticSite::site",
          props: {},
        },
        aws("aws:made/up:Thing", "thing", {}),
      ].map((x) => ({ ...x, provider: untagged }));
      expectClean(await check(r));
    });

    it("demands them on a type whose Args has tags (aws:sqs/queue:Queue)", async () => {
      const r = [
        {
          ...aws(T.sqsQueue, "q", { kmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:key/k" }),
          provider: awsProvider({}),
        },
      ];
      expectOnly(
        await check(r),
        "aws-required-tags",
        "q",
        /^missing tags Environment, Project, Owner, CostCenter /,
      );
    });
  });
});
