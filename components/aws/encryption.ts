/**
 * Encryption (AWS): one customer-managed KMS key per environment, rotation on,
 * alias `alias/<project>-<env>`, and a key policy that lets CloudWatch Logs,
 * SNS, CloudWatch alarms and the data services of this account use it.
 */
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import { environmentToken, NameContext } from "../../lib/naming";
import { COMPONENT_TYPES } from "../contracts";

export interface EncryptionArgs {
  /** Naming context (project, environment, PR). */
  readonly naming: NameContext;
  /** The AWS region the key lives in. */
  readonly region: string;
  /** Days a scheduled key deletion waits (7–30). @default 30 */
  readonly deletionWindowDays?: number;
  /** Protect the key from `pulumi destroy`. @default false */
  readonly protect?: boolean;
}

/** Services that may use the key through their own integrations (kms:ViaService). */
export const KEY_VIA_SERVICES = [
  "rds",
  "elasticache",
  "secretsmanager",
  "s3",
  "sqs",
  "lambda",
  "sns",
  "backup",
  "logs",
];

/** The key policy; pure so that tests can read it whole. */
export function keyPolicy(
  accountId: string,
  region: string,
  partition = "aws",
): Record<string, unknown> {
  const root = `arn:${partition}:iam::${accountId}:root`;
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountAdministersTheKey",
        Effect: "Allow",
        Principal: { AWS: root },
        Action: "kms:*",
        Resource: "*",
      },
      {
        Sid: "CloudWatchLogsEncryptLogGroups",
        Effect: "Allow",
        Principal: { Service: `logs.${region}.amazonaws.com` },
        Action: [
          "kms:Encrypt*",
          "kms:Decrypt*",
          "kms:ReEncrypt*",
          "kms:GenerateDataKey*",
          "kms:Describe*",
        ],
        Resource: "*",
        Condition: {
          ArnLike: {
            "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${accountId}:log-group:*`,
          },
        },
      },
      {
        Sid: "SnsAndAlarmsUseEncryptedTopics",
        Effect: "Allow",
        // EventBridge publishes AWS Backup's failed jobs, AWS Budgets the budget notifications to
        // the encrypted alarm topic; a service that publishes to a topic encrypted with a CMK needs
        // kms:GenerateDataKey* and kms:Decrypt on it
        // (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html, read 2026-11-30).
        Principal: {
          Service: [
            "sns.amazonaws.com",
            "cloudwatch.amazonaws.com",
            "events.amazonaws.com",
            "budgets.amazonaws.com",
          ],
        },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      },
      // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
      // (read 2026-11-30): CloudTrail encrypts trails of this account and describes the key.
      {
        Sid: "CloudTrailEncryptLogs",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "kms:GenerateDataKey*",
        Resource: "*",
        Condition: {
          StringEquals: { "aws:SourceAccount": accountId },
          StringLike: {
            "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${partition}:cloudtrail:*:${accountId}:trail/*`,
          },
        },
      },
      {
        Sid: "CloudTrailDescribeKey",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "kms:DescribeKey",
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      },
      {
        Sid: "ServicesOfThisAccountUseTheKey",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: [
          "kms:Encrypt",
          "kms:Decrypt",
          "kms:ReEncrypt*",
          "kms:GenerateDataKey*",
          "kms:CreateGrant",
          "kms:DescribeKey",
        ],
        Resource: "*",
        Condition: {
          StringEquals: {
            "kms:CallerAccount": accountId,
            "kms:ViaService": KEY_VIA_SERVICES.map((s) => `${s}.${region}.amazonaws.com`),
          },
        },
      },
    ],
  };
}

export class Encryption extends pulumi.ComponentResource {
  /** ARN of the customer-managed key. */
  public readonly keyArn: pulumi.Output<string>;
  /** Key id. */
  public readonly keyId: pulumi.Output<string>;
  /** `alias/<project>-<env>`. */
  public readonly aliasName: pulumi.Output<string>;

  constructor(name: string, args: EncryptionArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.Encryption, name, {}, opts);
    const deletionWindowDays = args.deletionWindowDays ?? 30;
    if (deletionWindowDays < 7 || deletionWindowDays > 30) {
      throw new pulumi.ResourceError(
        `encryption.deletionWindowDays must be between 7 and 30, got ${deletionWindowDays}`,
        this,
      );
    }
    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const aliasName = `alias/${args.naming.project}-${environmentToken(args.naming)}`;

    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `Customer-managed key of ${aliasName}`,
        enableKeyRotation: true,
        rotationPeriodInDays: 365,
        deletionWindowInDays: deletionWindowDays,
        keyUsage: "ENCRYPT_DECRYPT",
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        policy: identity.accountId.apply((account) =>
          JSON.stringify(keyPolicy(account, args.region)),
        ),
      },
      { parent: this, protect: args.protect ?? false },
    );
    const alias = new aws.kms.Alias(
      `${name}-alias`,
      { name: aliasName, targetKeyId: key.keyId },
      { parent: this },
    );

    this.keyArn = key.arn;
    this.keyId = key.keyId;
    this.aliasName = alias.name;
    this.registerOutputs({ keyArn: this.keyArn, keyId: this.keyId, aliasName: this.aliasName });
  }
}
