/**
 * Audit trail (AWS): a CloudTrail trail of the account's management events
 * (plus, on prod, data events for the uploads bucket and the CMK), encrypted
 * with the CMK and with log file validation, delivered to its own locked-down
 * log bucket and to an encrypted CloudWatch log group, with the CIS AWS
 * Foundations Benchmark v3.0.0 monitoring metric filters and alarms on that
 * log group, routed to the alarm topic.
 *
 * It is built as children of the Observability component (not a component
 * kind of its own), so `platform topology` is the same on every stack.
 *
 * Retention of the log bucket is a lifecycle rule, not S3 Object Lock:
 * Object Lock can only be turned on with versioning and, in governance mode,
 * blocks `pulumi destroy` of staging and previews; tamper evidence comes from
 * CloudTrail's log file validation (signed digest files) and versioning keeps
 * any overwritten object for `noncurrentDays`.
 *
 * Sources (read 2026-11-30):
 * - bucket policy: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
 * - CloudWatch Logs role: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html
 * - advanced event selectors: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html
 * - metric filter patterns (CIS v3.0.0 4.x as Security Hub CloudWatch.1–.14):
 *   https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
 */
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import { NameContext, physicalName } from "../../lib/naming";
import { tlsOnlyBucketPolicy } from "./objectStore";
import { bucketBaseline } from "./bucketBaseline";
import { policyDocument } from "./iam";

/** The custom namespace the audit metric filters publish to. */
export const AUDIT_METRIC_NAMESPACE = "CloudTrailMetrics";

export interface AuditFilter {
  /** Resource id part and metric name. */
  readonly id: string;
  readonly metricName: string;
  /** The CIS AWS Foundations Benchmark v3.0.0 control it implements, if any. */
  readonly cis?: string;
  readonly description: string;
  readonly pattern: string;
}

/** The metric filters; CIS v3.0.0 numbering in section 4 (Monitoring). */
export const AUDIT_FILTERS: readonly AuditFilter[] = [
  {
    id: "root-use",
    metricName: "RootAccountUsage",
    cis: "4.3",
    description: "the root account was used",
    pattern:
      '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  },
  {
    id: "console-no-mfa",
    metricName: "ConsoleSignInWithoutMfa",
    cis: "4.2",
    description: "a console sign-in without MFA",
    pattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
  {
    id: "iam-policy-change",
    metricName: "IamPolicyChanges",
    cis: "4.4",
    description: "an IAM policy changed",
    pattern:
      "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}",
  },
  {
    id: "kms-key-disabled",
    metricName: "KmsKeyDisabledOrScheduledForDeletion",
    cis: "4.7",
    description: "a KMS key was disabled or scheduled for deletion",
    pattern:
      "{($.eventSource=kms.amazonaws.com)&&(($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion))}",
  },
  {
    id: "kms-access-denied",
    metricName: "KmsAccessDenied",
    description: "a KMS call was denied",
    pattern: '{ ($.eventSource = "kms.amazonaws.com") && ($.errorCode = "AccessDenied*") }',
  },
  {
    id: "security-group-change",
    metricName: "SecurityGroupChanges",
    cis: "4.10",
    description: "a security group changed",
    pattern:
      "{($.eventName=AuthorizeSecurityGroupIngress)||($.eventName=AuthorizeSecurityGroupEgress)||($.eventName=RevokeSecurityGroupIngress)||($.eventName=RevokeSecurityGroupEgress)||($.eventName=CreateSecurityGroup)||($.eventName=DeleteSecurityGroup)}",
  },
];

export interface AuditArgs {
  /** Naming context (project, environment, PR). */
  readonly naming: NameContext;
  /** The stack's region: the trail's ARN (in the log bucket's policy and the role's trust policy) names it. */
  readonly region: string;
  /** The CMK: trail, log bucket and log group are encrypted with it. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Where the alarms go. */
  readonly alarmTopicArn: pulumi.Input<string>;
  /** Log group retention (days). */
  readonly logRetentionDays: number;
  /** Record data events of these resources (prod). @default none (management events only) */
  readonly dataEvents?: {
    readonly bucketArn: pulumi.Input<string>;
    readonly keyArn: pulumi.Input<string>;
  };
  /** Days trail logs are kept in the log bucket. @default 365 */
  readonly retentionDays?: number;
  /** Days an overwritten log object version is kept. @default 30 */
  readonly noncurrentDays?: number;
  /** Empty the log bucket on delete (non-prod). @default false */
  readonly forceDestroy?: boolean;
  /** Pulumi `protect` and `retainOnDelete` on the log bucket. @default false */
  readonly protect?: boolean;
}

/** `arn:aws:cloudtrail:<region>:<account>:trail/<name>`. */
export function trailArn(region: string, account: string, name: string, partition = "aws"): string {
  return `arn:${partition}:cloudtrail:${region}:${account}:trail/${name}`;
}

/** The log bucket's policy: TLS 1.2+ only, and only this trail writes. */
export function trailBucketPolicy(
  bucketArn: string,
  account: string,
  trail: string,
): Record<string, unknown> {
  const tls = tlsOnlyBucketPolicy(bucketArn) as { Statement: unknown[] };
  return {
    Version: "2012-10-17",
    Statement: [
      ...tls.Statement,
      {
        Sid: "AWSCloudTrailAclCheck",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:GetBucketAcl",
        Resource: bucketArn,
        Condition: { StringEquals: { "aws:SourceArn": trail } },
      },
      {
        Sid: "AWSCloudTrailWrite",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${bucketArn}/AWSLogs/${account}/*`,
        Condition: {
          StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trail },
        },
      },
      {
        Sid: "DenyWritesByAnyoneButCloudTrail",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: `${bucketArn}/*`,
        Condition: { StringNotEquals: { "aws:PrincipalServiceName": "cloudtrail.amazonaws.com" } },
      },
    ],
  };
}

/** The advanced event selectors: management events, plus data events of the bucket and key. */
export function eventSelectors(data?: { bucketArn: string; keyArn: string }): {
  name: string;
  fieldSelectors: { field: string; equals?: string[]; startsWiths?: string[] }[];
}[] {
  const selectors = [
    {
      name: "Management events",
      fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }],
    },
  ];
  if (data === undefined) return selectors;
  return [
    ...selectors,
    {
      name: "Uploads bucket objects",
      fieldSelectors: [
        { field: "eventCategory", equals: ["Data"] },
        { field: "resources.type", equals: ["AWS::S3::Object"] },
        { field: "resources.ARN", startsWiths: [`${data.bucketArn}/`] },
      ],
    },
    {
      name: "Customer-managed key",
      fieldSelectors: [
        { field: "eventCategory", equals: ["Data"] },
        { field: "resources.type", equals: ["AWS::KMS::Key"] },
        { field: "resources.ARN", equals: [data.keyArn] },
      ],
    },
  ];
}

/**
 * Builds the trail, its log bucket, log group, role, metric filters and
 * alarms as children of `parent` (the Observability component).
 */
export function createAuditTrail(
  name: string,
  args: AuditArgs,
  parent: pulumi.Resource,
): { trailArn: pulumi.Output<string>; logBucketName: pulumi.Output<string> } {
  const opts = { parent };
  const protect = args.protect ?? false;
  const identity = aws.getCallerIdentityOutput({}, opts);
  const trailName = physicalName(args.naming, "audit", "trail");
  const arnOfTrail = identity.accountId.apply((a) => trailArn(args.region, a, trailName));

  const bucket = new aws.s3.Bucket(
    `${name}-audit-logs`,
    {
      bucket: identity.accountId.apply((a) =>
        physicalName(args.naming, "audit-logs", "s3Bucket", a),
      ),
      forceDestroy: args.forceDestroy ?? false,
    },
    { parent, protect, retainOnDelete: protect },
  );
  const { publicAccess, versioning } = bucketBaseline(
    `${name}-audit-logs`,
    bucket,
    args.kmsKeyArn,
    opts,
  );
  new aws.s3.BucketLifecycleConfiguration(
    `${name}-audit-logs-retention`,
    {
      bucket: bucket.id,
      rules: [
        {
          id: "retention",
          status: "Enabled",
          filter: {},
          expiration: { days: args.retentionDays ?? 365 },
          noncurrentVersionExpiration: { noncurrentDays: args.noncurrentDays ?? 30 },
        },
      ],
    },
    { parent, dependsOn: [versioning] },
  );
  const policy = new aws.s3.BucketPolicy(
    `${name}-audit-logs-policy`,
    {
      bucket: bucket.id,
      policy: pulumi
        .all([bucket.arn, identity.accountId, arnOfTrail])
        .apply(([b, a, t]) => JSON.stringify(trailBucketPolicy(b, a, t))),
    },
    { parent, dependsOn: [publicAccess] },
  );

  const logGroup = new aws.cloudwatch.LogGroup(
    `${name}-audit-log-group`,
    {
      name: `/platform/${physicalName(args.naming, "audit", "logGroup")}`,
      retentionInDays: args.logRetentionDays,
      kmsKeyId: args.kmsKeyArn,
    },
    opts,
  );
  const role = new aws.iam.Role(
    `${name}-audit-role`,
    {
      name: physicalName(args.naming, "audit-trail", "iamRole"),
      assumeRolePolicy: arnOfTrail.apply((t) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "cloudtrail.amazonaws.com" },
              Action: "sts:AssumeRole",
              Condition: { StringEquals: { "aws:SourceArn": t } },
            },
          ],
        }),
      ),
    },
    opts,
  );
  const rolePolicy = new aws.iam.RolePolicy(
    `${name}-audit-role-logs`,
    {
      role: role.id,
      policy: logGroup.arn.apply((arn) =>
        policyDocument([
          {
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `${arn}:log-stream:*`,
          },
        ]),
      ),
    },
    opts,
  );

  const data = args.dataEvents;
  const trail = new aws.cloudtrail.Trail(
    `${name}-audit-trail`,
    {
      name: trailName,
      s3BucketName: bucket.bucket,
      kmsKeyId: args.kmsKeyArn,
      enableLogFileValidation: true,
      includeGlobalServiceEvents: true,
      isMultiRegionTrail: true,
      cloudWatchLogsGroupArn: pulumi.interpolate`${logGroup.arn}:*`,
      cloudWatchLogsRoleArn: role.arn,
      advancedEventSelectors:
        data === undefined
          ? eventSelectors()
          : pulumi
              .all([data.bucketArn, data.keyArn])
              .apply(([bucketArn, keyArn]) => eventSelectors({ bucketArn, keyArn })),
    },
    { parent, dependsOn: [policy, rolePolicy] },
  );

  for (const f of AUDIT_FILTERS) {
    new aws.cloudwatch.LogMetricFilter(
      `${name}-audit-${f.id}`,
      {
        name: f.metricName,
        logGroupName: logGroup.name,
        pattern: f.pattern,
        metricTransformation: {
          name: f.metricName,
          namespace: AUDIT_METRIC_NAMESPACE,
          value: "1",
        },
      },
      opts,
    );
    new aws.cloudwatch.MetricAlarm(
      `${name}-audit-${f.id}-alarm`,
      {
        name: physicalName(args.naming, `audit-${f.id}`, "alarm"),
        alarmDescription:
          f.cis === undefined
            ? f.description
            : `${f.description} (CIS AWS Foundations v3.0.0 ${f.cis})`,
        namespace: AUDIT_METRIC_NAMESPACE,
        metricName: f.metricName,
        statistic: "Sum",
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        threshold: 1,
        period: 300,
        evaluationPeriods: 1,
        treatMissingData: "notBreaching",
        alarmActions: [args.alarmTopicArn],
      },
      opts,
    );
  }
  return { trailArn: trail.arn, logBucketName: bucket.bucket };
}
