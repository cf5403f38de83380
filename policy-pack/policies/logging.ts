/**
 * Logging (advisory): S3 server access logging, ALB access logs, API Gateway
 * stage access logs, CloudFront standard logging, and Secrets Manager
 * rotation. Provider inputs checked against @pulumi/aws 7.48.0
 * (s3/bucketLogging.d.ts, lb/loadBalancer.d.ts accessLogs,
 * apigateway/stage.d.ts and apigatewayv2/stage.d.ts accessLogSettings,
 * cloudfront/distribution.d.ts loggingConfig,
 * secretsmanager/secretRotation.d.ts), read 2026-11-30.
 */
import { resourcePolicy, stackPolicy } from "../lib/define";
import { eachKnown, Pending, sideResources } from "../lib/stack";
import { BUCKETS, LOAD_BALANCERS, T, T2 } from "../lib/types";
import { asRecord, isSet, isTrue, show } from "../lib/values";

const LOGGING_TYPES: readonly string[] = [T2.bucketLogging, T2.bucketLoggingV2];

export const s3AccessLogging = stackPolicy({
  name: "s3-access-logging",
  description:
    "S3 buckets record server access logs (an aws.s3.BucketLogging for the bucket, or the bucket's inline logging), except buckets that are themselves log targets.",
  enforcementLevel: "advisory",
  group: "logging",
  exemptable: true,
  resourceTypes: [...BUCKETS, ...LOGGING_TYPES],
  remediation:
    "Add an `aws.s3.BucketLogging` with `bucket` set to the bucket and `targetBucket` to a dedicated log bucket (which itself needs no access logging).",
  validate: (args, report) => {
    const pending = new Pending();
    const logs = args.resources.filter((r) => LOGGING_TYPES.includes(r.type));
    const buckets = args.resources.filter((r) => BUCKETS.includes(r.type));
    eachKnown(buckets, pending, (bucket) => {
      if (asRecord(bucket.props.logging, "logging")) return;
      const { linked, unknown } = sideResources(args.resources, LOGGING_TYPES, "bucket", bucket);
      if (linked.length > 0) return;
      const isTarget = sideResources(logs, LOGGING_TYPES, "targetBucket", bucket);
      if (isTarget.linked.length > 0) return;
      if (unknown.length > 0 || isTarget.unknown.length > 0) {
        [...unknown, ...isTarget.unknown].forEach((e) => pending.add(e));
        return;
      }
      report(
        `bucket ${bucket.name} has no server access logging; add an aws.s3.BucketLogging that sends its access logs to a log bucket`,
        bucket.urn,
      );
    });
    pending.settle();
  },
});

export const albAccessLogs = resourcePolicy({
  name: "alb-access-logs",
  description: "Application and network load balancers write access logs to S3.",
  enforcementLevel: "advisory",
  group: "logging",
  exemptable: true,
  resourceTypes: LOAD_BALANCERS,
  remediation:
    "Set `accessLogs: { bucket: <log bucket name>, enabled: true }` (the bucket policy must allow the regional ELB log delivery principal).",
  validate: ({ props }, report) => {
    const logs = asRecord(props.accessLogs, "accessLogs");
    if (!logs || !isTrue(logs.enabled ?? true, "accessLogs.enabled") || !isSet(logs.bucket)) {
      report(
        `accessLogs is ${show(props.accessLogs)}; set accessLogs: { bucket: <log bucket>, enabled: true }`,
      );
    }
  },
});

export const apiGatewayAccessLogs = resourcePolicy({
  name: "apigateway-stage-access-logs",
  description: "API Gateway stages (REST and HTTP/WebSocket APIs) write access logs.",
  enforcementLevel: "advisory",
  group: "logging",
  exemptable: true,
  resourceTypes: [T2.apiGatewayStage, T2.apiGatewayV2Stage],
  remediation:
    "Set `accessLogSettings: { destinationArn: <log group ARN>, format: <JSON access log format> }` on the stage.",
  validate: ({ props }, report) => {
    const settings = asRecord(props.accessLogSettings, "accessLogSettings");
    if (!isSet(settings?.destinationArn)) {
      report(
        "accessLogSettings.destinationArn is not set, so requests to this stage leave no access log; set accessLogSettings to a CloudWatch log group",
      );
    }
  },
});

export const cloudfrontLogging = resourcePolicy({
  name: "cloudfront-logging",
  description: "CloudFront distributions write standard (access) logs.",
  enforcementLevel: "advisory",
  group: "logging",
  exemptable: true,
  resourceTypes: [T.cloudfrontDistribution],
  remediation:
    "Set `loggingConfig: { bucket: <log bucket domain name>, includeCookies: false }` (or configure standard logging v2 with CloudWatch log delivery resources).",
  validate: ({ props }, report) => {
    const config = asRecord(props.loggingConfig, "loggingConfig");
    if (!isSet(config?.bucket)) {
      report(
        "loggingConfig is not set, so viewer requests leave no access log; set loggingConfig.bucket to a log bucket",
      );
    }
  },
});

export const secretsManagerRotation = stackPolicy({
  name: "secretsmanager-rotation",
  description:
    "Secrets Manager secrets rotate (an aws.secretsmanager.SecretRotation for the secret).",
  enforcementLevel: "advisory",
  group: "logging",
  exemptable: true,
  resourceTypes: [T.secret, T2.secretRotation],
  remediation:
    "Add an `aws.secretsmanager.SecretRotation` with `secretId` set to the secret and a rotation Lambda (or managed rotation for RDS: `manageMasterUserPassword: true` on the database instead of a secret of your own).",
  validate: (args, report) => {
    const pending = new Pending();
    eachKnown(
      args.resources.filter((r) => r.type === T.secret),
      pending,
      (secret) => {
        const { linked, unknown } = sideResources(
          args.resources,
          [T2.secretRotation],
          "secretId",
          secret,
        );
        if (linked.length > 0) return;
        if (unknown.length > 0) {
          unknown.forEach((e) => pending.add(e));
          return;
        }
        report(
          `secret ${secret.name} has no SecretRotation, so its value never changes; add an aws.secretsmanager.SecretRotation for it`,
          secret.urn,
        );
      },
    );
    pending.settle();
  },
});

export const loggingPolicies = [
  s3AccessLogging,
  albAccessLogs,
  apiGatewayAccessLogs,
  cloudfrontLogging,
  secretsManagerRotation,
];
