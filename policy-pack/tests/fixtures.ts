/**
 * Builders of compliant resources (the Resource shape of `platform synth`),
 * and helpers to break one thing at a time and run the whole pack over them
 * through the offline runner, exactly as the analyzer would.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { CheckOptions, CheckResult, checkResources, Violation } from "../../cli/check/runner";
import { Resource, ResourceProvider } from "../../cli/core/resource";
import { T } from "../lib/types";
import { allPolicies } from "../policies";

export const NOW = new Date("2025-06-01T12:00:00Z");
export const KEY_ARN =
  "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
export const TAGS = {
  Environment: "prod",
  Project: "platform",
  Owner: "team-platform",
  CostCenter: "cc-1234",
};
export const STACK = "prod";

export function urnOf(type: string, name: string, stack = STACK): string {
  return `urn:pulumi:${stack}::platform::${type}::${name}`;
}

/** The explicit AWS provider, its defaultTags JSON-encoded as the engine hands them to policies. */
export function awsProvider(
  tags: Record<string, string> = TAGS,
  encoding: "json" | "object" = "json",
): ResourceProvider {
  return {
    type: "pulumi:providers:aws",
    name: "aws",
    urn: urnOf("pulumi:providers:aws", "aws"),
    props: {
      region: "eu-west-1",
      defaultTags: encoding === "json" ? JSON.stringify({ tags }) : { tags },
    },
  };
}

export const dockerProvider: ResourceProvider = {
  type: "pulumi:providers:docker",
  name: "docker",
  urn: urnOf("pulumi:providers:docker", "docker"),
  props: {},
};

/** An AWS resource created through the explicit provider; `protect` as the prod profile sets it. */
export function aws(
  type: string,
  name: string,
  props: Record<string, unknown>,
  opts: Resource["opts"] = {},
): Resource {
  return {
    type,
    name,
    urn: urnOf(type, name),
    provider: awsProvider(),
    props,
    opts: { protect: false, ...opts },
  };
}

export function docker(type: string, name: string, props: Record<string, unknown>): Resource {
  return {
    type,
    name,
    urn: urnOf(type, name),
    provider: dockerProvider,
    props,
    opts: { protect: false },
  };
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/**
 * A copy of `resources` where resource `name` has `changes` applied to its
 * props (a value of `undefined` deletes the key; `a.b` paths reach into objects).
 */
export function patch(
  resources: readonly Resource[],
  name: string,
  changes: Record<string, unknown>,
): Resource[] {
  const copy = clone(resources) as Array<Resource & { props: Record<string, unknown> }>;
  const r = copy.find((x) => x.name === name);
  if (!r) throw new Error(`fixture has no resource ${name}`);
  for (const [key, value] of Object.entries(changes)) {
    const parts = key.split(".");
    let target = r.props as Record<string, unknown>;
    for (const part of parts.slice(0, -1)) target = target[part] as Record<string, unknown>;
    const last = parts[parts.length - 1];
    if (value === undefined) delete target[last];
    else target[last] = value;
  }
  return copy;
}

/** A copy of `resources` where resource `name` is replaced by `change(resource)`. */
export function replace(
  resources: readonly Resource[],
  name: string,
  change: (r: Resource) => Resource,
): Resource[] {
  return clone(resources).map((r) => (r.name === name ? change(r) : r));
}

export function without(resources: readonly Resource[], ...names: string[]): Resource[] {
  return clone(resources).filter((r) => !names.includes(r.name));
}

const CONFIG_DIR = path.join(__dirname, "..", "config");

const envConfigs = new Map<string, object>();

/** policy-pack/config/<env>.json (read once). */
export function envConfig(env: string): object {
  let config = envConfigs.get(env);
  if (!config) {
    config = JSON.parse(fs.readFileSync(path.join(CONFIG_DIR, `${env}.json`), "utf8")) as object;
    envConfigs.set(env, config);
  }
  return config;
}

/**
 * The rules added for other teams' programs (issue 12: resource policies,
 * the data-store list, compute, plain-text secrets, IAM, logging, backups
 * beyond RDS, MySQL/JDBC TLS). Their specs run them by name
 * (policy-pack/tests/rules.ts); the specs written for the platform's own
 * rules check these fixtures against those rules only, so a new advisory
 * (e.g. no access logging on a fixture bucket) does not blur what they test.
 */
export const ADDED_RULE_GROUPS: readonly string[] = [
  "resource-policies",
  "data-stores",
  "compute",
  "secrets",
  "iam",
  "logging",
];
const ADDED_RULES = [
  "dynamodb-point-in-time-recovery",
  "redshift-final-snapshot",
  "redshift-audit-logging",
  "rds-parameter-group-secure-transport",
  "rds-mysql-uses-secure-transport-group",
  "jdbc-connection-ssl",
];
export const PLATFORM_RULES = allPolicies.filter(
  (p) => !ADDED_RULE_GROUPS.includes(p.group) && !ADDED_RULES.includes(p.name),
);

/** Runs the platform's rules (or `opts.policies`) with policy-pack/config/<env>.json, pinned to NOW. */
export function check(
  resources: readonly Resource[],
  opts: CheckOptions & { env?: string } = {},
): Promise<CheckResult> {
  const env = opts.env ?? "prod";
  return checkResources(resources, {
    environment: env,
    config: envConfig(env),
    stackName: STACK,
    now: NOW,
    policies: PLATFORM_RULES,
    ...opts,
  });
}

export function mandatory(result: CheckResult): Violation[] {
  return result.violations.filter((v) => v.enforcementLevel === "mandatory");
}

/** Fails with the list of violations, so a red test says what was reported. */
export function expectClean(result: CheckResult): void {
  expect(
    result.violations.map((v) => `${v.policy} ${v.resource.name}: ${v.message}`),
  ).to.deep.equal([]);
}

/**
 * Expects violations of `policy` only (no other policy), all at `level` on
 * resource `resource`, one of them with a message matching `message`.
 */
export function expectOnly(
  result: CheckResult,
  policy: string,
  resource: string | readonly string[],
  message: RegExp,
  level = "mandatory",
  also: readonly string[] = [],
): void {
  const summary = result.violations.map(
    (v) => `[${v.enforcementLevel}] ${v.policy} ${v.resource.name}: ${v.message}`,
  );
  const others = result.violations.filter((v) => v.policy !== policy && !also.includes(v.policy));
  expect(
    others.map((v) => `${v.policy} ${v.resource.name}: ${v.message}`),
    "violations of other policies",
  ).to.deep.equal([]);
  const mine = result.violations.filter((v) => v.policy === policy);
  expect(
    mine.length,
    `expected a violation of ${policy}; got ${JSON.stringify(summary)}`,
  ).to.be.greaterThan(0);
  for (const v of mine) {
    expect(v.enforcementLevel, summary.join("\n")).to.equal(level);
    const expected: readonly string[] = typeof resource === "string" ? [resource] : resource;
    expect(expected, summary.join("\n")).to.include(v.resource.name);
  }
  expect(
    mine.map((v) => v.message).some((m) => message.test(m)),
    `no message of ${policy} matches ${message}: ${JSON.stringify(summary)}`,
  ).to.equal(true);
}

/** A table of one-change breakages for a describe block. */
export interface Breakage {
  readonly title: string;
  readonly change: (compliant: Resource[]) => Resource[];
  readonly policy: string;
  readonly resource: string | readonly string[];
  readonly message: RegExp;
  readonly env?: string;
  readonly level?: "mandatory" | "advisory";
  /** Other policies the same change rightly breaks too. */
  readonly also?: readonly string[];
}

export function itReports(compliant: () => Resource[], cases: readonly Breakage[]): void {
  for (const c of cases) {
    it(`${c.policy}: ${c.title}`, async () => {
      expectOnly(
        await check(c.change(compliant()), { env: c.env }),
        c.policy,
        c.resource,
        c.message,
        c.level,
        c.also,
      );
    });
  }
}

// ---------------------------------------------------------------------------
// Compliant building blocks (prod-grade: protected, deletion protection, …).

const PROTECTED = { protect: true };

export const TLS_ONLY_POLICY = (bucket: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  });

export function kmsKey(name = "key"): Resource {
  return aws(
    T.kmsKey,
    name,
    {
      description: "the environment's key",
      enableKeyRotation: true,
      customerMasterKeySpec: "SYMMETRIC_DEFAULT",
    },
    PROTECTED,
  );
}

export function postgres(name = "db", groupName = "db-postgres16"): Resource[] {
  // The final snapshot's name comes from a per-incarnation RandomId (rds-final-snapshot-identifier-unique).
  const suffix = aws("random:index/randomId:RandomId", `${name}-final-snapshot-suffix`, {
    byteLength: 4,
  });
  return [
    suffix,
    aws(T.rdsParameterGroup, `${name}-params`, {
      name: groupName,
      family: "postgres16",
      parameters: [
        { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" },
        { name: "log_min_duration_statement", value: "500" },
      ],
    }),
    aws(
      T.rdsInstance,
      name,
      {
        identifier: `platform-prod-${name}`,
        engine: "postgres",
        instanceClass: "db.m7g.large",
        storageEncrypted: true,
        kmsKeyId: KEY_ARN,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: KEY_ARN,
        publiclyAccessible: false,
        deletionProtection: true,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: `platform-prod-${name}-final-91c834ee`,
        backupRetentionPeriod: 14,
        parameterGroupName: groupName,
        password: "[secret]",
      },
      PROTECTED,
    ),
  ].map((r) =>
    r.type === T.rdsInstance
      ? { ...r, propertyDependencies: { finalSnapshotIdentifier: [suffix.urn!] } }
      : r,
  );
}

export function aurora(name = "aurora"): Resource[] {
  return [
    aws(T.rdsClusterParameterGroup, `${name}-params`, {
      name: `${name}-cluster-pg`,
      family: "aurora-postgresql16",
      parameters: [{ name: "rds.force_ssl", value: "1" }],
    }),
    aws(
      T.rdsCluster,
      name,
      {
        clusterIdentifier: `platform-prod-${name}`,
        engine: "aurora-postgresql",
        storageEncrypted: true,
        kmsKeyId: KEY_ARN,
        deletionProtection: true,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: `platform-prod-${name}-final`,
        backupRetentionPeriod: 21,
        dbClusterParameterGroupName: `${name}-cluster-pg`,
      },
      PROTECTED,
    ),
    aws(T.rdsClusterInstance, `${name}-1`, {
      clusterIdentifier: `platform-prod-${name}`,
      engine: "aurora-postgresql",
      instanceClass: "db.r7g.large",
      publiclyAccessible: false,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: KEY_ARN,
    }),
  ];
}

export function redis(name = "cache"): Resource[] {
  return [
    aws(T.securityGroup, `${name}-sg`, {
      name: `platform-prod-${name}-sg`,
      description: "Redis from the app only",
      vpcId: "vpc-1",
    }),
    aws(T.securityGroupIngressRule, `${name}-from-app`, {
      securityGroupId: `platform-prod-${name}-sg`,
      referencedSecurityGroupId: "platform-prod-app-sg",
      ipProtocol: "tcp",
      fromPort: 6379,
      toPort: 6379,
    }),
    aws(T.subnet, `${name}-isolated-0`, {
      vpcId: "vpc-1",
      cidrBlock: "10.0.64.0/20",
      mapPublicIpOnLaunch: false,
    }),
    aws(T.elasticacheSubnetGroup, `${name}-subnets`, {
      name: `platform-prod-${name}-isolated`,
      subnetIds: [`${name}-isolated-0`],
    }),
    aws(
      T.replicationGroup,
      name,
      {
        replicationGroupId: `platform-prod-${name}`,
        description: "Redis",
        engine: "redis",
        atRestEncryptionEnabled: true,
        kmsKeyId: KEY_ARN,
        transitEncryptionEnabled: true,
        transitEncryptionMode: "required",
        authToken: "[secret]",
        securityGroupIds: [`platform-prod-${name}-sg`],
        subnetGroupName: `platform-prod-${name}-isolated`,
      },
      PROTECTED,
    ),
  ];
}

export function bucket(name = "uploads", physical = "platform-prod-uploads"): Resource[] {
  return [
    aws(T.bucket, name, { bucket: physical, forceDestroy: false }, PROTECTED),
    aws(T.bucketSse, `${name}-encryption`, {
      bucket: physical,
      rules: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN },
          bucketKeyEnabled: true,
        },
      ],
    }),
    aws(T.bucketPublicAccessBlock, `${name}-public-access`, {
      bucket: physical,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }),
    aws(T.bucketPolicy, `${name}-tls-only`, {
      bucket: physical,
      policy: TLS_ONLY_POLICY(physical),
    }),
  ];
}

/** An ALB with its internet-facing security group (80/443 only), an HTTPS listener and an HTTP → HTTPS redirect. */
export function webEdge(): Resource[] {
  return [
    aws(T.securityGroup, "alb-sg", {
      name: "platform-prod-alb-sg",
      description: "ALB",
      vpcId: "vpc-1",
    }),
    aws(T.securityGroupIngressRule, "alb-from-internet-443", {
      securityGroupId: "platform-prod-alb-sg",
      cidrIpv4: "0.0.0.0/0",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
    }),
    aws(T.securityGroupIngressRule, "alb-from-internet-80", {
      securityGroupId: "platform-prod-alb-sg",
      cidrIpv4: "0.0.0.0/0",
      ipProtocol: "tcp",
      fromPort: 80,
      toPort: 80,
    }),
    aws(T.lb, "alb", {
      name: "platform-prod-web",
      loadBalancerType: "application",
      internal: false,
      securityGroups: ["platform-prod-alb-sg"],
    }),
    aws(T.lbListener, "https", {
      loadBalancerArn:
        "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/platform-prod-web/1",
      port: 443,
      protocol: "HTTPS",
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/1",
      defaultActions: [
        {
          type: "forward",
          targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/1",
        },
      ],
    }),
    aws(T.lbListener, "http-redirect", {
      loadBalancerArn:
        "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/platform-prod-web/1",
      port: 80,
      protocol: "HTTP",
      defaultActions: [
        { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
      ],
    }),
  ];
}

export const CONTAINER_DEFINITIONS = [
  {
    name: "app",
    image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/platform-app:1.0.0",
    essential: true,
    user: "10001:10001",
    privileged: false,
    readonlyRootFilesystem: true,
    linuxParameters: { capabilities: { drop: ["ALL"] } },
  },
  {
    name: "log-router",
    image: "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable",
    essential: false,
    user: "1000",
    readonlyRootFilesystem: true,
  },
];

export function taskDefinition(name = "task"): Resource {
  return aws(T.ecsTaskDefinition, name, {
    family: "platform-prod-web",
    requiresCompatibilities: ["FARGATE"],
    networkMode: "awsvpc",
    cpu: "512",
    memory: "1024",
    containerDefinitions: JSON.stringify(CONTAINER_DEFINITIONS),
  });
}

export const LABELS = [
  { label: "platform.environment", value: "dev" },
  { label: "platform.project", value: "platform" },
  { label: "platform.owner", value: "team-platform" },
  { label: "platform.cost-center", value: "cc-1234" },
];

export function dockerContainer(name = "app"): Resource {
  return docker(T.dockerContainer, name, {
    name: `platform-dev-${name}`,
    image: "platform-app:dev",
    user: "10001:10001",
    readOnly: true,
    privileged: false,
    capabilities: { drops: ["ALL"] },
    securityOpts: ["no-new-privileges:true"],
    mounts: [{ type: "volume", source: "platform-dev-data", target: "/data" }],
    volumes: [
      { hostPath: "/home/dev/platform/.dev/certs/app", containerPath: "/certs", readOnly: true },
    ],
    ports: [{ internal: 8443, external: 8443, ip: "127.0.0.1" }],
    labels: LABELS,
  });
}
