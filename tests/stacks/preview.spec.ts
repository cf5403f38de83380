/**
 * The preview stack pr-123, synthesized from nothing but its name: staging's
 * non-secret config (Pulumi.staging.yaml) and the preview profile.
 */
import { expect } from "chai";
import { Resource, SynthDocument } from "../../cli/core/resource";
import { loadStackConfig, readPreviewBase, SYNTH_EPOCH } from "../../cli/synth/stackConfig";
import { synthesize } from "../../cli/core/synthesize";
import { buildTopology } from "../../cli/topology/topology";
import { ConfigError } from "../../config/errors";
import { readPlatformConfig } from "../../config/schema";
import { expiresAtFrom, REQUIRED_TAGS } from "../../lib/tags";
import { json, ofType, one, props, PROJECT_DIR, synth, ISOLATED } from "../support/mockRun";
import * as fs from "node:fs";
import * as path from "node:path";

/** Where each AWS resource type keeps its physical name, and that name's limit and rules. */
const NAME_RULES: Readonly<Record<string, { prop: string; limit: number; strict?: boolean }>> = {
  "aws:lb/loadBalancer:LoadBalancer": { prop: "name", limit: 32, strict: true },
  "aws:lb/targetGroup:TargetGroup": { prop: "name", limit: 32, strict: true },
  "aws:elasticache/replicationGroup:ReplicationGroup": {
    prop: "replicationGroupId",
    limit: 40,
    strict: true,
  },
  "aws:rds/instance:Instance": { prop: "identifier", limit: 63, strict: true },
  "aws:s3/bucket:Bucket": { prop: "bucket", limit: 63, strict: true },
  "aws:iam/role:Role": { prop: "name", limit: 64 },
  "aws:lambda/function:Function": { prop: "name", limit: 64 },
  "aws:sqs/queue:Queue": { prop: "name", limit: 80 },
  "aws:ecs/cluster:Cluster": { prop: "name", limit: 255 },
  "aws:ecs/service:Service": { prop: "name", limit: 255 },
  "aws:ecs/taskDefinition:TaskDefinition": { prop: "family", limit: 255 },
  "aws:appautoscaling/policy:Policy": { prop: "name", limit: 255 },
  "aws:rds/subnetGroup:SubnetGroup": { prop: "name", limit: 255, strict: true },
  "aws:rds/parameterGroup:ParameterGroup": { prop: "name", limit: 255, strict: true },
  "aws:elasticache/subnetGroup:SubnetGroup": { prop: "name", limit: 255, strict: true },
  "aws:elasticache/parameterGroup:ParameterGroup": { prop: "name", limit: 255, strict: true },
  "aws:ec2/securityGroup:SecurityGroup": { prop: "name", limit: 255 },
  "aws:sns/topic:Topic": { prop: "name", limit: 256 },
  "aws:kms/alias:Alias": { prop: "name", limit: 256 },
  "aws:cloudwatch/metricAlarm:MetricAlarm": { prop: "name", limit: 255 },
  "aws:cloudwatch/dashboard:Dashboard": { prop: "dashboardName", limit: 255 },
  "aws:cloudwatch/logGroup:LogGroup": { prop: "name", limit: 512 },
  "aws:secretsmanager/secret:Secret": { prop: "name", limit: 512 },
  "aws:backup/vault:Vault": { prop: "name", limit: 50 },
  "aws:backup/plan:Plan": { prop: "name", limit: 50 },
  // CloudTrail trail names: 3-128 characters; metric filter names: 1-512
  // (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html,
  // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutMetricFilter.html, read 2026-11-30).
  "aws:cloudtrail/trail:Trail": { prop: "name", limit: 128 },
  "aws:cloudwatch/logMetricFilter:LogMetricFilter": { prop: "name", limit: 512 },
};
/** Props that hold a physical name on some resource type. */
const NAME_PROPS = [
  "name",
  "identifier",
  "bucket",
  "replicationGroupId",
  "dashboardName",
  "family",
];
/** Resources whose `bucket`/`name`/`family` refers to another resource's name rather than naming themselves. */
const REFERS_TO_A_NAME = new Set([
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketVersioning:BucketVersioning",
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  "aws:s3/bucketPolicy:BucketPolicy",
  "aws:s3/bucketNotification:BucketNotification",
  "aws:lambda/permission:Permission",
  "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
]);
const STRICT_NAME = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9]))*$/;

/** Every physical name in `doc` that breaks its limit or rules, as readable lines. */
function badNames(doc: SynthDocument): string[] {
  const bad: string[] = [];
  for (const r of doc.resources.filter((x) => x.type.startsWith("aws:"))) {
    const rule = NAME_RULES[r.type];
    if (rule === undefined) {
      const named = NAME_PROPS.filter((p) => typeof props(r)[p] === "string");
      if (named.length > 0 && !REFERS_TO_A_NAME.has(r.type)) {
        bad.push(`${r.type} ${r.name}: no name rule for ${named.join(", ")}`);
      }
      continue;
    }
    const value = props(r)[rule.prop];
    if (typeof value !== "string") {
      bad.push(`${r.type} ${r.name}: ${rule.prop} is ${JSON.stringify(value)}`);
    } else if (value.length > rule.limit) {
      bad.push(`${r.type} ${r.name}: ${value} is ${value.length} > ${rule.limit}`);
    } else if (rule.strict && !STRICT_NAME.test(value)) {
      bad.push(`${r.type} ${r.name}: ${value} breaks the character rules`);
    }
  }
  return bad;
}

function defaultTags(r: Resource): Record<string, string> {
  return json(r.provider?.props.defaultTags).tags;
}

describe("stack pr-123 (a preview)", () => {
  let doc: SynthDocument;
  let staging: SynthDocument;
  before(async () => {
    [doc, staging] = await Promise.all([
      synth("pr-123", { ...ISOLATED }),
      synth("staging", { ...ISOLATED }),
    ]);
  });

  it("needs no stack file: its config is staging's non-secret config and the preview profile", () => {
    expect(fs.existsSync(path.join(PROJECT_DIR, "Pulumi.pr-123.yaml"))).to.equal(false);
    const cfg = loadStackConfig(PROJECT_DIR, "pr-123");
    expect(cfg.source).to.equal("Pulumi.staging.yaml (preview base)");
    expect(cfg.values).to.include({
      "aws:region": "eu-west-1",
      "platform:owner": "team-platform",
      "platform:previewDomain": "preview.platform.example.com",
      "platform:networkStack": "staging",
      "platform:previewTtlHours": "72",
    });
    for (const dropped of ["environment", "domain", "certificateArn", "hostedZoneId", "vpcCidr"]) {
      expect(cfg.values, dropped).to.not.have.property(`platform:${dropped}`);
    }
  });

  it("registers no VPC, NAT gateway or Elastic IP: it reads staging's network through a StackReference", () => {
    for (const t of ["aws:ec2/vpc:Vpc", "aws:ec2/natGateway:NatGateway", "aws:ec2/eip:Eip"]) {
      expect(ofType(doc.resources, t), t).to.have.lengthOf(0);
    }
    expect(props(one(doc.resources, "pulumi:pulumi:StackReference")).id).to.equal("staging");
    expect(props(one(doc.resources, "aws:lb/targetGroup:TargetGroup")).vpcId).to.equal(
      "vpc-mock-staging",
    );
  });

  it("has exactly staging's topology: components, links and contract", () => {
    expect(JSON.stringify(buildTopology(doc.resources), null, 2)).to.equal(
      JSON.stringify(buildTopology(staging.resources), null, 2),
    );
  });

  it("tags every AWS resource, through the provider's defaultTags, with ExpiresAt and PullRequest", () => {
    const aws = doc.resources.filter((r) => r.type.startsWith("aws:"));
    expect(aws.length).to.be.greaterThan(50);
    for (const r of aws) {
      const tags = defaultTags(r);
      expect(tags, `${r.type} ${r.name}`).to.include({
        Environment: "preview",
        PullRequest: "123",
        ExpiresAt: expiresAtFrom(SYNTH_EPOCH, 72),
        Stack: "pr-123",
      });
      for (const t of REQUIRED_TAGS) expect(tags[t], `${r.name} ${t}`).to.be.a("string");
    }
  });

  it("fits every physical name within its AWS limit and character rules", () => {
    expect(badNames(doc)).to.deep.equal([]);
    expect(props(one(doc.resources, "aws:lb/loadBalancer:LoadBalancer")).name).to.equal(
      "platform-pr123-web",
    );
  });

  it("serves https://pr-123.<previewDomain> with the wildcard certificate", () => {
    const https = ofType(doc.resources, "aws:lb/listener:Listener").find(
      (l) => props(l).port === 443,
    );
    expect(props(https as Resource).certificateArn).to.equal(
      "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-4000-8000-000000000003",
    );
  });

  it("is as small and disposable as the preview profile says", () => {
    expect(props(one(doc.resources, "aws:rds/instance:Instance"))).to.include({
      instanceClass: "db.t4g.micro",
      multiAz: false,
      backupRetentionPeriod: 1,
      deletionProtection: false,
      skipFinalSnapshot: true,
      performanceInsightsEnabled: false,
    });
    expect(
      props(one(doc.resources, "aws:elasticache/replicationGroup:ReplicationGroup")),
    ).to.include({
      nodeType: "cache.t4g.micro",
      numCacheClusters: 1,
      automaticFailoverEnabled: false,
    });
    expect(
      ofType(doc.resources, "aws:s3/bucket:Bucket").map((b) => [b.name, props(b).forceDestroy]),
    ).to.deep.equal([
      ["platform-uploads-bucket", true],
      ["platform-observability-audit-logs", true],
    ]);
    expect(
      props(one(doc.resources, "aws:lb/loadBalancer:LoadBalancer")).enableDeletionProtection,
    ).to.equal(false);
    expect(props(one(doc.resources, "aws:kms/key:Key")).deletionWindowInDays).to.equal(7);
    for (const lg of ofType(doc.resources, "aws:cloudwatch/logGroup:LogGroup")) {
      expect(props(lg).retentionInDays, lg.name).to.equal(3);
    }
    for (const s of ofType(doc.resources, "aws:secretsmanager/secret:Secret")) {
      expect(props(s).recoveryWindowInDays, s.name).to.equal(0);
    }
    expect(doc.resources.filter((r) => r.opts?.protect || r.opts?.retainOnDelete)).to.deep.equal(
      [],
    );
    expect(ofType(doc.resources, "aws:backup/plan:Plan")).to.have.lengthOf(0);
    expect(ofType(doc.resources, "aws:ec2/flowLog:FlowLog")).to.have.lengthOf(0);
  });
});

describe("the largest preview number, deployed by platform preview up (pr-9999999)", () => {
  let doc: SynthDocument;
  before(async () => {
    // One synth for both: the longest names, and the keys `platform preview up` sets.
    doc = await synthesize("pr-9999999", {
      cwd: PROJECT_DIR,
      overrides: {
        ...ISOLATED,
        "platform:expiresAt": "2031-01-02T03:04:05Z",
        "platform:previewInstance": "k3x9q2",
      },
    });
  });

  it("still fits every physical name within its AWS limit", () => {
    expect(badNames(doc)).to.deep.equal([]);
  });

  it("tags ExpiresAt with the expiresAt that platform preview up sets", () => {
    expect(defaultTags(one(doc.resources, "aws:kms/key:Key")).ExpiresAt).to.equal(
      "2031-01-02T03:04:05Z",
    );
  });

  it("puts the incarnation in every secret name", () => {
    expect(
      ofType(doc.resources, "aws:secretsmanager/secret:Secret").map((s) => props(s).name),
    ).to.deep.equal([
      "platform/pr9999999/k3x9q2/app-secret-key",
      "platform/pr9999999/k3x9q2/redis-url",
    ]);
  });

  it("derives ExpiresAt from an injected clock plus previewTtlHours when the key is unset", () => {
    const now = new Date("2030-05-01T10:20:30.456Z");
    expect(loadStackConfig(PROJECT_DIR, "pr-7", {}, { now }).values["platform:expiresAt"]).to.equal(
      "2030-05-04T10:20:30Z",
    );
    expect(
      loadStackConfig(PROJECT_DIR, "pr-7", { "platform:previewTtlHours": "1" }, { now }).values[
        "platform:expiresAt"
      ],
    ).to.equal("2030-05-01T11:20:30Z");
  });
});

describe("preview config validation", () => {
  const base = (): Record<string, string> => loadStackConfig(PROJECT_DIR, "pr-9").values;
  const ctx = { project: "platform", stack: "pr-9" };
  function errorOf(raw: Record<string, string>, c = ctx): string {
    try {
      readPlatformConfig(raw, c);
    } catch (e) {
      expect(e).to.be.instanceOf(ConfigError);
      return (e as Error).message;
    }
    throw new Error("expected a ConfigError");
  }
  const without = (key: string) => {
    const raw = base();
    delete raw[key];
    return raw;
  };

  it("derives the host name and certificate from the preview keys", () => {
    const cfg = readPlatformConfig(base(), ctx);
    expect(cfg).to.include({
      environment: "preview",
      pullRequest: 9,
      domain: "pr-9.preview.platform.example.com",
      certificateArn:
        "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-4000-8000-000000000003",
      expiresAt: "1970-01-04T00:00:00Z",
    });
    expect(cfg.target === "aws" && cfg.hostedZoneId).to.equal(undefined);
  });

  it("requires previewDomain and previewCertificateArn on a preview", () => {
    expect(errorOf(without("platform:previewDomain"))).to.equal(
      "platform:previewDomain is required for stack pr-9: expected the DNS zone previews live under, such as preview.example.com (set it in the base stack's file)",
    );
    expect(errorOf(without("platform:previewCertificateArn"))).to.equal(
      "platform:previewCertificateArn is required for stack pr-9: expected the ARN of an ACM certificate for *.preview.platform.example.com (set it in the base stack's file)",
    );
  });

  it("names the key, the value and the expectation for a bad preview value", () => {
    expect(errorOf({ ...base(), "platform:previewDomain": "not a domain" })).to.equal(
      'platform:previewDomain must be a DNS name of at most 242 characters such as preview.example.com, got "not a domain"',
    );
    expect(errorOf({ ...base(), "platform:previewCertificateArn": "arn:nope" })).to.equal(
      'platform:previewCertificateArn must be the ARN of an ACM certificate for *.<previewDomain> (arn:aws:acm:<region>:<account>:certificate/<id>), got "arn:nope"',
    );
    expect(
      errorOf({
        ...base(),
        "platform:previewCertificateArn":
          "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-8000-000000000003",
      }),
    ).to.equal(
      'platform:previewCertificateArn must be a certificate in the stack\'s region eu-west-1 (an ALB needs a regional certificate), got "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-8000-000000000003"',
    );
    expect(errorOf({ ...base(), "platform:expiresAt": "tomorrow" })).to.equal(
      'platform:expiresAt must be an ISO-8601 UTC time such as 2030-01-31T12:00:00Z, got "tomorrow"',
    );
    expect(errorOf({ ...base(), "platform:expiresAt": "2030-02-30T00:00:00Z" })).to.equal(
      'platform:expiresAt must be an ISO-8601 UTC time such as 2030-01-31T12:00:00Z, got "2030-02-30T00:00:00Z"',
    );
    expect(errorOf({ ...base(), "platform:previewInstance": "NO!" })).to.equal(
      'platform:previewInstance must be 4–16 lowercase letters or digits (platform preview up sets it), got "NO!"',
    );
  });

  it("requires expiresAt on a preview and refuses it, and previewInstance, elsewhere", () => {
    expect(errorOf(without("platform:expiresAt"))).to.equal(
      "platform:expiresAt is required for stack pr-9: expected an ISO-8601 UTC time such as 2030-01-31T12:00:00Z (platform preview up sets it on every deploy)",
    );
    const staging = loadStackConfig(PROJECT_DIR, "staging").values;
    const sctx = { project: "platform", stack: "staging" };
    expect(errorOf({ ...staging, "platform:expiresAt": "2030-01-01T00:00:00Z" }, sctx)).to.equal(
      'platform:expiresAt must be set only on preview stacks (pr-<N>), got "2030-01-01T00:00:00Z"',
    );
    expect(errorOf({ ...staging, "platform:previewInstance": "abcd" }, sctx)).to.equal(
      'platform:previewInstance must be set only on preview stacks (pr-<N>), got "abcd"',
    );
  });

  it("refuses a preview that sets its own domain, certificate or zone", () => {
    expect(errorOf({ ...base(), "platform:domain": "x.example.com" })).to.equal(
      'platform:domain must be unset on the preview stack pr-9 (previews use platform:previewDomain), got "x.example.com"',
    );
  });

  it("keeps staging's own domain and certificate while it carries the preview keys", () => {
    const cfg = readPlatformConfig(loadStackConfig(PROJECT_DIR, "staging").values, {
      project: "platform",
      stack: "staging",
    });
    expect(cfg).to.include({
      domain: "staging.platform.example.com",
      previewDomain: "preview.platform.example.com",
    });
  });

  it("lists what a preview inherits from its base and which secrets it needs from CI", () => {
    const b = readPreviewBase(PROJECT_DIR, "pr-9");
    expect(b.baseStack).to.equal("staging");
    expect(b.values["pulumi:disable-default-providers"]).to.deep.equal(["*"]);
    expect(b.secretKeys).to.deep.equal([]);
  });
});
