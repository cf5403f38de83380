import { expect } from "chai";
import * as aws from "@pulumi/aws";
import {
  AUDIT_FILTERS,
  AUDIT_METRIC_NAMESPACE,
  createAuditTrail,
  eventSelectors,
  trailBucketPolicy,
} from "../../../components/aws/audit";
import { tlsOnlyBucketPolicy } from "../../../components/aws/objectStore";
import { build, json, KEY_ARN, one, ofType, props, PROD, STAGING } from "../../support/mockRun";

const TOPIC = "arn:aws:sns:eu-west-1:123456789012:platform-prod-alarms";
const BUCKET_ARN = "arn:aws:s3:::platform-prod-uploads-123456789012";
const TRAIL = "arn:aws:cloudtrail:eu-west-1:123456789012:trail/platform-prod-audit";

function auditUnder(naming = PROD, withData = true) {
  return () => {
    const parent = new aws.sns.Topic("parent", {});
    createAuditTrail(
      "platform-observability",
      {
        naming,
        region: "eu-west-1",
        kmsKeyArn: KEY_ARN,
        alarmTopicArn: TOPIC,
        logRetentionDays: 365,
        dataEvents: withData ? { bucketArn: BUCKET_ARN, keyArn: KEY_ARN } : undefined,
      },
      parent,
    );
  };
}

describe("components/aws/audit", () => {
  it("creates a CMK-encrypted, validated, multi-region trail with data events for the bucket and key", async () => {
    const rs = await build(auditUnder(), "prod");
    const trail = props(one(rs, "aws:cloudtrail/trail:Trail"));
    expect(trail).to.include({
      name: "platform-prod-audit",
      s3BucketName: "platform-prod-audit-logs-123456789012",
      kmsKeyId: KEY_ARN,
      enableLogFileValidation: true,
      includeGlobalServiceEvents: true,
      isMultiRegionTrail: true,
    });
    expect(trail.advancedEventSelectors).to.deep.equal([
      {
        name: "Management events",
        fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }],
      },
      {
        name: "Uploads bucket objects",
        fieldSelectors: [
          { field: "eventCategory", equals: ["Data"] },
          { field: "resources.type", equals: ["AWS::S3::Object"] },
          { field: "resources.ARN", startsWiths: [`${BUCKET_ARN}/`] },
        ],
      },
      {
        name: "Customer-managed key",
        fieldSelectors: [
          { field: "eventCategory", equals: ["Data"] },
          { field: "resources.type", equals: ["AWS::KMS::Key"] },
          { field: "resources.ARN", equals: [KEY_ARN] },
        ],
      },
    ]);
    const group = props(one(rs, "aws:cloudwatch/logGroup:LogGroup"));
    expect(group).to.include({
      name: "/platform/platform-prod-audit",
      retentionInDays: 365,
      kmsKeyId: KEY_ARN,
    });
    const role = props(one(rs, "aws:iam/role:Role"));
    expect(json(role.assumeRolePolicy).Statement).to.deep.equal([
      {
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceArn": TRAIL } },
      },
    ]);
    const logsPolicy = json(props(one(rs, "aws:iam/rolePolicy:RolePolicy")).policy);
    expect(logsPolicy.Statement[0].Action).to.deep.equal([
      "logs:CreateLogStream",
      "logs:PutLogEvents",
    ]);
    expect(logsPolicy.Statement[0].Resource).to.match(/:log-stream:\*$/);
    expect(trail.cloudWatchLogsGroupArn).to.match(/:\*$/);
  });

  it("records management events only when no data events are asked for", async () => {
    const rs = await build(auditUnder(STAGING, false));
    expect(props(one(rs, "aws:cloudtrail/trail:Trail")).advancedEventSelectors).to.deep.equal(
      eventSelectors(),
    );
    expect(eventSelectors()).to.deep.equal([
      {
        name: "Management events",
        fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }],
      },
    ]);
  });

  it("locks the log bucket down: SSE-KMS, no public access, versioning, retention, TLS and CloudTrail-only writes", async () => {
    const rs = await build(auditUnder(), "prod");
    const bucket = "platform-prod-audit-logs-123456789012";
    expect(
      props(
        one(
          rs,
          "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        ),
      ).rules,
    ).to.deep.equal([
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN },
        bucketKeyEnabled: true,
      },
    ]);
    expect(props(one(rs, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"))).to.include({
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(
      props(one(rs, "aws:s3/bucketVersioning:BucketVersioning")).versioningConfiguration,
    ).to.deep.equal({
      status: "Enabled",
    });
    expect(
      props(one(rs, "aws:s3/bucketOwnershipControls:BucketOwnershipControls")).rule,
    ).to.deep.equal({
      objectOwnership: "BucketOwnerEnforced",
    });
    expect(
      props(one(rs, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")).rules,
    ).to.deep.equal([
      {
        id: "retention",
        status: "Enabled",
        filter: {},
        expiration: { days: 365 },
        noncurrentVersionExpiration: { noncurrentDays: 30 },
      },
    ]);
    const policy = json(props(one(rs, "aws:s3/bucketPolicy:BucketPolicy")).policy);
    const bucketArn = policy.Statement[2].Resource;
    expect(bucketArn).to.match(/platform-prod-audit-logs-123456789012$/);
    expect(policy).to.deep.equal(trailBucketPolicy(bucketArn, "123456789012", TRAIL));
  });

  it("writes the bucket policy of the CloudTrail documentation plus TLS-only and a deny for other writers", () => {
    const b = "arn:aws:s3:::logs";
    const policy = trailBucketPolicy(b, "123456789012", TRAIL) as { Statement: any[] };
    expect(policy.Statement.slice(0, 2)).to.deep.equal(
      (tlsOnlyBucketPolicy(b) as { Statement: any[] }).Statement,
    );
    expect(policy.Statement.slice(2)).to.deep.equal([
      {
        Sid: "AWSCloudTrailAclCheck",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:GetBucketAcl",
        Resource: b,
        Condition: { StringEquals: { "aws:SourceArn": TRAIL } },
      },
      {
        Sid: "AWSCloudTrailWrite",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${b}/AWSLogs/123456789012/*`,
        Condition: {
          StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": TRAIL },
        },
      },
      {
        Sid: "DenyWritesByAnyoneButCloudTrail",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: `${b}/*`,
        Condition: { StringNotEquals: { "aws:PrincipalServiceName": "cloudtrail.amazonaws.com" } },
      },
    ]);
  });

  it("turns each CIS monitoring filter into a metric and an alarm on the alarm topic", async () => {
    const rs = await build(auditUnder(), "prod");
    const filters = ofType(rs, "aws:cloudwatch/logMetricFilter:LogMetricFilter").map(props);
    expect(filters.map((f) => f.name)).to.deep.equal([
      "RootAccountUsage",
      "ConsoleSignInWithoutMfa",
      "IamPolicyChanges",
      "KmsKeyDisabledOrScheduledForDeletion",
      "KmsAccessDenied",
      "SecurityGroupChanges",
    ]);
    expect(filters[0]).to.deep.include({
      logGroupName: "/platform/platform-prod-audit",
      pattern:
        '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
      metricTransformation: {
        name: "RootAccountUsage",
        namespace: "CloudTrailMetrics",
        value: "1",
      },
    });
    const alarms = ofType(rs, "aws:cloudwatch/metricAlarm:MetricAlarm").map(props);
    expect(alarms).to.have.lengthOf(AUDIT_FILTERS.length);
    expect(alarms[0]).to.deep.include({
      name: "platform-prod-audit-root-use",
      alarmDescription: "the root account was used (CIS AWS Foundations v3.0.0 4.3)",
      namespace: AUDIT_METRIC_NAMESPACE,
      metricName: "RootAccountUsage",
      statistic: "Sum",
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      period: 300,
      evaluationPeriods: 1,
      treatMissingData: "notBreaching",
      alarmActions: [TOPIC],
    });
    expect(alarms[4].alarmDescription).to.equal("a KMS call was denied");
  });
});
