/**
 * Encryption at rest: every data store encrypts with the environment's
 * customer-managed KMS key (never an AWS-managed `alias/aws/*` key), and that
 * key rotates. Mandatory and never exemptable.
 */
import { resourcePolicy } from "../lib/define";
import { bucketLabel, bucketSidesPolicy } from "../lib/stack";
import { T } from "../lib/types";
import {
  asArray,
  asRecord,
  customerManagedKeyProblem,
  inspectable,
  isOneOf,
  isTrue,
  show,
} from "../lib/values";

const CMK = "the environment's customer-managed KMS key (the Encryption component's key ARN)";

function keyProblem(report: (m: string) => void, prop: string, value: unknown): void {
  const problem = customerManagedKeyProblem(prop, value);
  if (problem) report(`${problem}; set ${prop} to ${CMK}`);
}

export const rdsStorageEncrypted = resourcePolicy({
  name: "rds-storage-encrypted",
  description:
    "RDS instances and clusters encrypt their storage with the customer-managed KMS key.",
  enforcementLevel: "mandatory",
  group: "encryption",
  exemptable: false,
  resourceTypes: [T.rdsInstance, T.rdsCluster],
  remediation:
    "Set `storageEncrypted: true` and `kmsKeyId` to the environment's customer-managed key. Encryption is chosen at creation: migrate an unencrypted database through an encrypted snapshot copy.",
  validate: ({ props }, report) => {
    if (!isTrue(props.storageEncrypted, "storageEncrypted")) {
      report(`storageEncrypted is ${show(props.storageEncrypted)}; set storageEncrypted: true`);
    }
    keyProblem(report, "kmsKeyId", props.kmsKeyId);
  },
});

export const rdsPerformanceInsightsEncrypted = resourcePolicy({
  name: "rds-performance-insights-encrypted",
  description:
    "RDS Performance Insights, when enabled, encrypts its data with the customer-managed KMS key.",
  enforcementLevel: "mandatory",
  group: "encryption",
  exemptable: false,
  resourceTypes: [T.rdsInstance, T.rdsCluster, T.rdsClusterInstance],
  remediation:
    "With `performanceInsightsEnabled: true`, set `performanceInsightsKmsKeyId` to the environment's customer-managed key.",
  validate: ({ props }, report) => {
    if (!isTrue(props.performanceInsightsEnabled, "performanceInsightsEnabled")) return;
    keyProblem(report, "performanceInsightsKmsKeyId", props.performanceInsightsKmsKeyId);
  },
});

export const elasticacheAtRestEncrypted = resourcePolicy({
  name: "elasticache-at-rest-encrypted",
  description:
    "ElastiCache replication groups encrypt data at rest with the customer-managed KMS key.",
  enforcementLevel: "mandatory",
  group: "encryption",
  exemptable: false,
  resourceTypes: [T.replicationGroup],
  remediation:
    "Set `atRestEncryptionEnabled: true` and `kmsKeyId` to the environment's customer-managed key (replaces the group).",
  validate: ({ props }, report) => {
    if (!isTrue(props.atRestEncryptionEnabled, "atRestEncryptionEnabled")) {
      report(
        `atRestEncryptionEnabled is ${show(props.atRestEncryptionEnabled)}; set atRestEncryptionEnabled: true`,
      );
    }
    keyProblem(report, "kmsKeyId", props.kmsKeyId);
  },
});

const SSE_TYPES = [T.bucketSse, T.bucketSseV2];
const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

/** Why one encryption rule (`{ applyServerSideEncryptionByDefault: {…} }`) is not SSE-KMS with a CMK, if it is not. */
function sseRuleProblem(rule: unknown): string | undefined {
  const byDefault = asRecord(
    asRecord(rule, "rule")?.applyServerSideEncryptionByDefault,
    "applyServerSideEncryptionByDefault",
  );
  if (!byDefault) return "no applyServerSideEncryptionByDefault";
  if (!isOneOf(byDefault.sseAlgorithm, KMS_ALGORITHMS, "sseAlgorithm")) {
    return `sseAlgorithm is ${show(byDefault.sseAlgorithm)}, expected "aws:kms" (or "aws:kms:dsse")`;
  }
  return customerManagedKeyProblem("kmsMasterKeyId", byDefault.kmsMasterKeyId);
}

export const s3BucketEncrypted = bucketSidesPolicy({
  name: "s3-bucket-encrypted",
  description:
    "Every S3 bucket has a server-side encryption configuration using SSE-KMS with the customer-managed KMS key.",
  enforcementLevel: "mandatory",
  group: "encryption",
  exemptable: false,
  sideTypes: SSE_TYPES,
  remediation:
    "Add an `aws.s3.BucketServerSideEncryptionConfiguration` whose `bucket` is the bucket's id and whose rule sets `sseAlgorithm: \"aws:kms\"` and `kmsMasterKeyId` to the environment's customer-managed key (with `bucketKeyEnabled: true` to cut KMS costs).",
  validateBucket: (bucket, sides, report) => {
    const problems: string[] = [];
    let compliant = false;
    for (const config of sides.linked) {
      const rules = asArray(config.props.rules, `${config.name} rules`);
      const ruleProblems = rules.map(sseRuleProblem);
      if (rules.length > 0 && ruleProblems.every((p) => p === undefined)) compliant = true;
      else
        problems.push(
          `${config.name}: ${rules.length === 0 ? "no rules" : ruleProblems.filter(Boolean).join("; ")}`,
        );
    }
    // The deprecated inline form on the bucket itself.
    const inline = asRecord(
      bucket.props.serverSideEncryptionConfiguration,
      "serverSideEncryptionConfiguration",
    );
    if (inline) {
      const p = sseRuleProblem(inline.rule);
      if (p === undefined) compliant = true;
      else problems.push(`inline serverSideEncryptionConfiguration: ${p}`);
    }
    if (compliant) return;
    // No problem found and not compliant: no side is linked (each adds one or the other).
    if (problems.length === 0 && sides.undecided()) return;
    report(
      problems.length > 0
        ? `bucket ${bucketLabel(bucket)} is not encrypted with SSE-KMS and a customer-managed key: ${problems.join("; ")}`
        : `bucket ${bucketLabel(bucket)} has no BucketServerSideEncryptionConfiguration; add one with sseAlgorithm "aws:kms" and kmsMasterKeyId set to ${CMK}`,
      bucket.urn,
    );
  },
});

export const snsTopicEncrypted = resourcePolicy({
  name: "sns-topic-encrypted",
  description: "SNS topics encrypt messages with the customer-managed KMS key.",
  enforcementLevel: "mandatory",
  group: "encryption",
  exemptable: false,
  resourceTypes: [T.snsTopic],
  remediation:
    "Set `kmsMasterKeyId` to the environment's customer-managed key (its key policy must let the publishing services use it).",
  validate: ({ props }, report) => keyProblem(report, "kmsMasterKeyId", props.kmsMasterKeyId),
});

export const sqsQueueEncrypted = resourcePolicy({
  name: "sqs-queue-encrypted",
  description:
    "SQS queues encrypt messages with the customer-managed KMS key (SQS-managed SSE is not enough).",
  enforcementLevel: "mandatory",
  group: "encryption",
  exemptable: false,
  resourceTypes: [T.sqsQueue],
  remediation:
    "Set `kmsMasterKeyId` to the environment's customer-managed key and leave `sqsManagedSseEnabled` unset.",
  validate: ({ props }, report) => {
    if (isTrue(props.sqsManagedSseEnabled, "sqsManagedSseEnabled")) {
      report(
        "sqsManagedSseEnabled is true: SQS-owned keys are not customer-managed; set kmsMasterKeyId instead",
      );
    }
    keyProblem(report, "kmsMasterKeyId", props.kmsMasterKeyId);
  },
});

export const logGroupEncrypted = resourcePolicy({
  name: "cloudwatch-log-group-encrypted",
  description: "CloudWatch log groups encrypt log data with the customer-managed KMS key.",
  enforcementLevel: "mandatory",
  group: "encryption",
  exemptable: false,
  resourceTypes: [T.logGroup],
  remediation:
    "Set `kmsKeyId` to the environment's customer-managed key ARN; the key policy must allow `logs.<region>.amazonaws.com`.",
  validate: ({ props }, report) => keyProblem(report, "kmsKeyId", props.kmsKeyId),
});

export const secretEncrypted = resourcePolicy({
  name: "secretsmanager-secret-encrypted",
  description:
    "Secrets Manager secrets are encrypted with the customer-managed KMS key, not aws/secretsmanager.",
  enforcementLevel: "mandatory",
  group: "encryption",
  exemptable: false,
  resourceTypes: [T.secret],
  remediation: "Set `kmsKeyId` to the environment's customer-managed key.",
  validate: ({ props }, report) => keyProblem(report, "kmsKeyId", props.kmsKeyId),
});

export const ebsVolumeEncrypted = resourcePolicy({
  name: "ebs-volume-encrypted",
  description: "EBS volumes are encrypted with the customer-managed KMS key.",
  enforcementLevel: "mandatory",
  group: "encryption",
  exemptable: false,
  resourceTypes: [T.ebsVolume],
  remediation: "Set `encrypted: true` and `kmsKeyId` to the environment's customer-managed key.",
  validate: ({ props }, report) => {
    if (!isTrue(props.encrypted, "encrypted"))
      report(`encrypted is ${show(props.encrypted)}; set encrypted: true`);
    keyProblem(report, "kmsKeyId", props.kmsKeyId);
  },
});

export const efsEncrypted = resourcePolicy({
  name: "efs-file-system-encrypted",
  description: "EFS file systems are encrypted with the customer-managed KMS key.",
  enforcementLevel: "mandatory",
  group: "encryption",
  exemptable: false,
  resourceTypes: [T.efsFileSystem],
  remediation:
    "Set `encrypted: true` and `kmsKeyId` to the environment's customer-managed key (replaces the file system).",
  validate: ({ props }, report) => {
    if (!isTrue(props.encrypted, "encrypted"))
      report(`encrypted is ${show(props.encrypted)}; set encrypted: true`);
    keyProblem(report, "kmsKeyId", props.kmsKeyId);
  },
});

export const dynamodbTableEncrypted = resourcePolicy({
  name: "dynamodb-table-encrypted",
  description: "DynamoDB tables use server-side encryption with the customer-managed KMS key.",
  enforcementLevel: "mandatory",
  group: "encryption",
  exemptable: false,
  resourceTypes: [T.dynamodbTable],
  remediation:
    "Set `serverSideEncryption: { enabled: true, kmsKeyArn: <the environment's customer-managed key ARN> }`.",
  validate: ({ props }, report) => {
    const sse = asRecord(props.serverSideEncryption, "serverSideEncryption");
    if (!isTrue(sse?.enabled, "serverSideEncryption.enabled")) {
      report(
        `serverSideEncryption.enabled is ${show(sse?.enabled)}; set serverSideEncryption.enabled: true`,
      );
    }
    keyProblem(report, "serverSideEncryption.kmsKeyArn", sse?.kmsKeyArn);
  },
});

export const lambdaEnvironmentEncrypted = resourcePolicy({
  name: "lambda-environment-encrypted",
  description:
    "Lambda functions with environment variables encrypt them with the customer-managed KMS key.",
  enforcementLevel: "mandatory",
  group: "encryption",
  exemptable: false,
  resourceTypes: [T.lambdaFunction],
  remediation:
    "Set `kmsKeyArn` to the environment's customer-managed key ARN (and keep secrets in Secrets Manager, not in variables).",
  validate: ({ props }, report) => {
    const variables = asRecord(
      asRecord(props.environment, "environment")?.variables,
      "environment.variables",
    );
    if (!variables || Object.keys(variables).length === 0) return;
    keyProblem(report, "kmsKeyArn", props.kmsKeyArn);
  },
});

export const ecrRepositoryEncrypted = resourcePolicy({
  name: "ecr-repository-encrypted",
  description: "ECR repositories encrypt images with KMS (the customer-managed key).",
  enforcementLevel: "mandatory",
  group: "encryption",
  exemptable: false,
  resourceTypes: [T.ecrRepository],
  remediation:
    'Set `encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: <the environment\'s customer-managed key ARN> }]` (replaces the repository).',
  validate: ({ props }, report) => {
    const configs = asArray(props.encryptionConfigurations, "encryptionConfigurations").map(
      (c) => asRecord(c, "encryptionConfigurations[]") ?? {},
    );
    const kms = configs.find((c) =>
      isOneOf(c.encryptionType, ["KMS", "KMS_DSSE"], "encryptionConfigurations[].encryptionType"),
    );
    if (!kms) {
      report(
        `encryptionConfigurations has no encryptionType "KMS" (got ${show(configs.map((c) => c.encryptionType))}); AES256 uses an AWS-owned key`,
      );
      return;
    }
    keyProblem(report, "encryptionConfigurations[].kmsKey", kms.kmsKey);
  },
});

export const cloudtrailEncrypted = resourcePolicy({
  name: "cloudtrail-encrypted",
  description: "CloudTrail trails encrypt log files with the customer-managed KMS key.",
  enforcementLevel: "mandatory",
  group: "encryption",
  exemptable: false,
  resourceTypes: [T.cloudtrail],
  remediation:
    "Set `kmsKeyId` to the environment's customer-managed key ARN; the key policy must allow cloudtrail.amazonaws.com.",
  validate: ({ props }, report) => keyProblem(report, "kmsKeyId", props.kmsKeyId),
});

export const kmsKeyRotation = resourcePolicy({
  name: "kms-key-rotation",
  description: "Customer-managed symmetric KMS keys rotate their key material automatically.",
  enforcementLevel: "mandatory",
  group: "encryption",
  exemptable: false,
  resourceTypes: [T.kmsKey],
  remediation:
    "Set `enableKeyRotation: true` (and `rotationPeriodInDays` if a period other than 365 days is required).",
  validate: (args, report) => {
    const spec = inspectable(
      args.props.customerMasterKeySpec ?? args.props.keySpec,
      args.props.customerMasterKeySpec !== undefined ? "customerMasterKeySpec" : "keySpec",
    );
    if (spec !== undefined && spec !== "SYMMETRIC_DEFAULT") {
      args.notApplicable(`key spec ${String(spec)} does not support automatic rotation`);
    }
    if (!isTrue(args.props.enableKeyRotation, "enableKeyRotation")) {
      report(
        `enableKeyRotation is ${show(args.props.enableKeyRotation)}; set enableKeyRotation: true`,
      );
    }
  },
});

export const encryptionPolicies = [
  rdsStorageEncrypted,
  rdsPerformanceInsightsEncrypted,
  elasticacheAtRestEncrypted,
  s3BucketEncrypted,
  snsTopicEncrypted,
  sqsQueueEncrypted,
  logGroupEncrypted,
  secretEncrypted,
  ebsVolumeEncrypted,
  efsEncrypted,
  dynamodbTableEncrypted,
  lambdaEnvironmentEncrypted,
  ecrRepositoryEncrypted,
  cloudtrailEncrypted,
  kmsKeyRotation,
];
