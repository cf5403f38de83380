import { expect } from "chai";
import { T } from "../lib/types";
import {
  aurora,
  aws,
  bucket,
  check,
  expectClean,
  expectOnly,
  itReports,
  KEY_ARN,
  kmsKey,
  mandatory,
  patch,
  postgres,
  redis,
  replace,
  without,
} from "./fixtures";

/** Every data store of the pack's encryption rules, encrypted with the CMK. */
function compliant() {
  return [
    kmsKey(),
    ...postgres(),
    ...aurora(),
    ...redis(),
    ...bucket(),
    aws(T.snsTopic, "topic", { name: "platform-prod-notifications", kmsMasterKeyId: KEY_ARN }),
    aws(T.sqsQueue, "dlq", { name: "platform-prod-dlq", kmsMasterKeyId: KEY_ARN }),
    aws(T.logGroup, "logs", { name: "/platform/prod/app", kmsKeyId: KEY_ARN, retentionInDays: 90 }),
    aws(
      T.secret,
      "secret",
      { name: "platform/prod/app-key", kmsKeyId: KEY_ARN },
      { protect: true },
    ),
    aws(T.ebsVolume, "volume", {
      availabilityZone: "eu-west-1a",
      size: 20,
      encrypted: true,
      kmsKeyId: KEY_ARN,
    }),
    aws(T.efsFileSystem, "files", { encrypted: true, kmsKeyId: KEY_ARN }, { protect: true }),
    aws(
      T.dynamodbTable,
      "table",
      {
        hashKey: "id",
        attributes: [{ name: "id", type: "S" }],
        serverSideEncryption: { enabled: true, kmsKeyArn: KEY_ARN },
      },
      { protect: true },
    ),
    aws(T.lambdaFunction, "fn", {
      role: "arn:aws:iam::123456789012:role/fn",
      environment: { variables: { BUCKET: "platform-prod-uploads" } },
      kmsKeyArn: KEY_ARN,
    }),
    aws(T.ecrRepository, "repo", {
      name: "platform-app",
      encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEY_ARN }],
    }),
    aws(T.cloudtrail, "trail", {
      s3BucketName: "platform-prod-trail",
      kmsKeyId: KEY_ARN,
      enableLogFileValidation: true,
    }),
  ];
}

describe("policy pack: encryption at rest", () => {
  it("passes a stack whose data stores all use the customer-managed key", async () => {
    expectClean(await check(compliant()));
  });

  itReports(compliant, [
    {
      title: "storageEncrypted false",
      change: (r) => patch(r, "db", { storageEncrypted: false }),
      policy: "rds-storage-encrypted",
      resource: "db",
      message: /storageEncrypted is false; set storageEncrypted: true/,
    },
    {
      title: "no kmsKeyId",
      change: (r) => patch(r, "db", { kmsKeyId: undefined }),
      policy: "rds-storage-encrypted",
      resource: "db",
      message: /kmsKeyId is not set; set kmsKeyId to the environment's customer-managed KMS key/,
    },
    {
      title: "the AWS-managed aws/rds key",
      change: (r) => patch(r, "db", { kmsKeyId: "alias/aws/rds" }),
      policy: "rds-storage-encrypted",
      resource: "db",
      message: /kmsKeyId is the AWS-managed key alias\/aws\/rds/,
    },
    {
      title: "an unencrypted Aurora cluster",
      change: (r) => patch(r, "aurora", { storageEncrypted: undefined }),
      policy: "rds-storage-encrypted",
      resource: "aurora",
      message: /storageEncrypted is not set/,
    },
    {
      title: "Performance Insights without a key",
      change: (r) => patch(r, "db", { performanceInsightsKmsKeyId: undefined }),
      policy: "rds-performance-insights-encrypted",
      resource: "db",
      message: /performanceInsightsKmsKeyId is not set/,
    },
    {
      title: "Performance Insights on a cluster instance with an AWS key",
      change: (r) =>
        patch(r, "aurora-1", {
          performanceInsightsKmsKeyId: "arn:aws:kms:eu-west-1:123456789012:alias/aws/rds",
        }),
      policy: "rds-performance-insights-encrypted",
      resource: "aurora-1",
      message: /AWS-managed key/,
    },
    {
      title: "ElastiCache at-rest encryption off",
      change: (r) => patch(r, "cache", { atRestEncryptionEnabled: false }),
      policy: "elasticache-at-rest-encrypted",
      resource: "cache",
      message: /atRestEncryptionEnabled is false/,
    },
    {
      title: "ElastiCache without a CMK",
      change: (r) => patch(r, "cache", { kmsKeyId: undefined }),
      policy: "elasticache-at-rest-encrypted",
      resource: "cache",
      message: /kmsKeyId is not set/,
    },
    {
      title: "a bucket without an encryption configuration",
      change: (r) => without(r, "uploads-encryption"),
      policy: "s3-bucket-encrypted",
      resource: "uploads",
      message:
        /bucket uploads \(platform-prod-uploads\) has no BucketServerSideEncryptionConfiguration/,
    },
    {
      title: "SSE-S3 (AES256)",
      change: (r) =>
        patch(r, "uploads-encryption", {
          rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
        }),
      policy: "s3-bucket-encrypted",
      resource: "uploads",
      message: /sseAlgorithm is "AES256", expected "aws:kms"/,
    },
    {
      title: "SSE-KMS with the AWS-managed aws/s3 key",
      change: (r) =>
        patch(r, "uploads-encryption", {
          rules: [
            {
              applyServerSideEncryptionByDefault: {
                sseAlgorithm: "aws:kms",
                kmsMasterKeyId: "alias/aws/s3",
              },
            },
          ],
        }),
      policy: "s3-bucket-encrypted",
      resource: "uploads",
      message: /kmsMasterKeyId is the AWS-managed key alias\/aws\/s3/,
    },
    {
      title: "an encryption configuration for another bucket",
      change: (r) => patch(r, "uploads-encryption", { bucket: "some-other-bucket" }),
      policy: "s3-bucket-encrypted",
      resource: "uploads",
      message: /has no BucketServerSideEncryptionConfiguration/,
    },
    {
      title: "an SNS topic without a key",
      change: (r) => patch(r, "topic", { kmsMasterKeyId: undefined }),
      policy: "sns-topic-encrypted",
      resource: "topic",
      message: /kmsMasterKeyId is not set/,
    },
    {
      title: "an SNS topic with aws/sns",
      change: (r) => patch(r, "topic", { kmsMasterKeyId: "alias/aws/sns" }),
      policy: "sns-topic-encrypted",
      resource: "topic",
      message: /AWS-managed key alias\/aws\/sns/,
    },
    {
      title: "an SQS queue without a key",
      change: (r) => patch(r, "dlq", { kmsMasterKeyId: undefined }),
      policy: "sqs-queue-encrypted",
      resource: "dlq",
      message: /kmsMasterKeyId is not set/,
    },
    {
      title: "an SQS queue on SQS-managed SSE",
      change: (r) => patch(r, "dlq", { kmsMasterKeyId: undefined, sqsManagedSseEnabled: true }),
      policy: "sqs-queue-encrypted",
      resource: "dlq",
      message: /sqsManagedSseEnabled is true: SQS-owned keys are not customer-managed/,
    },
    {
      title: "a log group without a key",
      change: (r) => patch(r, "logs", { kmsKeyId: undefined }),
      policy: "cloudwatch-log-group-encrypted",
      resource: "logs",
      message: /kmsKeyId is not set/,
    },
    {
      title: "a secret on aws/secretsmanager",
      change: (r) => patch(r, "secret", { kmsKeyId: "alias/aws/secretsmanager" }),
      policy: "secretsmanager-secret-encrypted",
      resource: "secret",
      message: /AWS-managed key alias\/aws\/secretsmanager/,
    },
    {
      title: "a secret without a key",
      change: (r) => patch(r, "secret", { kmsKeyId: undefined }),
      policy: "secretsmanager-secret-encrypted",
      resource: "secret",
      message: /kmsKeyId is not set/,
    },
    {
      title: "an unencrypted EBS volume",
      change: (r) => patch(r, "volume", { encrypted: false }),
      policy: "ebs-volume-encrypted",
      resource: "volume",
      message: /encrypted is false/,
    },
    {
      title: "an EBS volume on the default EBS key",
      change: (r) => patch(r, "volume", { kmsKeyId: undefined }),
      policy: "ebs-volume-encrypted",
      resource: "volume",
      message: /kmsKeyId is not set/,
    },
    {
      title: "an unencrypted EFS",
      change: (r) => patch(r, "files", { encrypted: undefined }),
      policy: "efs-file-system-encrypted",
      resource: "files",
      message: /encrypted is not set/,
    },
    {
      title: "an EFS without a CMK",
      change: (r) => patch(r, "files", { kmsKeyId: undefined }),
      policy: "efs-file-system-encrypted",
      resource: "files",
      message: /kmsKeyId is not set/,
    },
    {
      title: "a DynamoDB table on the AWS-owned key",
      change: (r) => patch(r, "table", { serverSideEncryption: undefined }),
      policy: "dynamodb-table-encrypted",
      resource: "table",
      message: /serverSideEncryption.enabled is not set/,
    },
    {
      title: "a DynamoDB table on the AWS-managed key",
      change: (r) => patch(r, "table", { "serverSideEncryption.kmsKeyArn": undefined }),
      policy: "dynamodb-table-encrypted",
      resource: "table",
      message: /serverSideEncryption.kmsKeyArn is not set/,
    },
    {
      title: "a Lambda with variables but no key",
      change: (r) => patch(r, "fn", { kmsKeyArn: undefined }),
      policy: "lambda-environment-encrypted",
      resource: "fn",
      message: /kmsKeyArn is not set/,
    },
    {
      title: "an ECR repository on AES256",
      change: (r) => patch(r, "repo", { encryptionConfigurations: [{ encryptionType: "AES256" }] }),
      policy: "ecr-repository-encrypted",
      resource: "repo",
      message: /no encryptionType "KMS" \(got \["AES256"\]\)/,
    },
    {
      title: "an ECR repository on the AWS-managed ECR key",
      change: (r) => patch(r, "repo", { encryptionConfigurations: [{ encryptionType: "KMS" }] }),
      policy: "ecr-repository-encrypted",
      resource: "repo",
      message: /kmsKey is not set/,
    },
    {
      title: "a CloudTrail trail without a key",
      change: (r) => patch(r, "trail", { kmsKeyId: undefined }),
      policy: "cloudtrail-encrypted",
      resource: "trail",
      message: /kmsKeyId is not set/,
    },
    {
      title: "a KMS key without rotation",
      change: (r) => patch(r, "key", { enableKeyRotation: false }),
      policy: "kms-key-rotation",
      resource: "key",
      message: /enableKeyRotation is false; set enableKeyRotation: true/,
    },
  ]);

  describe("skips what does not apply", () => {
    it("a Lambda without environment variables needs no key", async () => {
      expectClean(
        await check(patch(compliant(), "fn", { environment: undefined, kmsKeyArn: undefined })),
      );
    });

    it("Performance Insights off needs no key", async () => {
      expectClean(
        await check(
          patch(compliant(), "db", {
            performanceInsightsEnabled: false,
            performanceInsightsKmsKeyId: undefined,
          }),
        ),
      );
    });

    it("an asymmetric KMS key cannot rotate and is not checked", async () => {
      expectClean(
        await check(
          patch(compliant(), "key", {
            customerMasterKeySpec: "RSA_2048",
            keyUsage: "SIGN_VERIFY",
            enableKeyRotation: undefined,
          }),
        ),
      );
    });

    it("a resource of another type that happens to have an unencrypted-looking prop", async () => {
      const r = [
        ...compliant(),
        aws("aws:ssm/parameter:Parameter", "param", {
          name: "/x",
          type: "String",
          value: "y",
          storageEncrypted: false,
        }),
      ];
      expectClean(await check(r));
    });

    it("accepts the deprecated inline bucket encryption and the V2 configuration token", async () => {
      const inline = patch(without(compliant(), "uploads-encryption"), "uploads", {
        serverSideEncryptionConfiguration: {
          rule: {
            applyServerSideEncryptionByDefault: {
              sseAlgorithm: "aws:kms:dsse",
              kmsMasterKeyId: KEY_ARN,
            },
          },
        },
      });
      expectClean(await check(inline));
      const v2 = replace(compliant(), "uploads-encryption", (r) => ({ ...r, type: T.bucketSseV2 }));
      expectClean(await check(v2));
    });

    it("correlates a bucket by its logical name when it has no physical name", async () => {
      const r = patch(
        patch(
          patch(patch(compliant(), "uploads", { bucket: undefined }), "uploads-encryption", {
            bucket: "uploads",
          }),
          "uploads-public-access",
          { bucket: "uploads" },
        ),
        "uploads-tls-only",
        { bucket: "uploads" },
      );
      expectClean(await check(r));
    });
  });

  describe("values unknown during preview", () => {
    it("reports an unknown kmsKeyId as cannot-be-checked, not as a pass or a crash", async () => {
      const result = await check(patch(compliant(), "db", { kmsKeyId: "[unknown]" }));
      expect(mandatory(result)).to.deep.equal([]);
      expectOnly(
        result,
        "rds-storage-encrypted",
        "db",
        /^cannot be checked during preview: string value at \.kmsKeyId can't be known during preview$/,
        "advisory",
      );
    });

    it('accepts Pulumi\'s unknown sentinel as well as "[unknown]"', async () => {
      const result = await check(
        patch(compliant(), "topic", { kmsMasterKeyId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }),
      );
      expectOnly(
        result,
        "sns-topic-encrypted",
        "topic",
        /cannot be checked during preview/,
        "advisory",
      );
    });

    it("a stack policy finishes the known buckets before reporting the unknown one", async () => {
      const r = [
        ...patch(compliant(), "uploads-encryption", { rules: "[unknown]" }),
        ...without(bucket("archive", "platform-prod-archive"), "archive-encryption"),
      ];
      const result = await check(r);
      const s3 = result.violations.filter((v) => v.policy === "s3-bucket-encrypted");
      expect(s3.map((v) => [v.enforcementLevel, v.resource.name, v.message])).to.deep.equal([
        [
          "mandatory",
          "archive",
          "bucket archive (platform-prod-archive) has no BucketServerSideEncryptionConfiguration; add one with sseAlgorithm \"aws:kms\" and kmsMasterKeyId set to the environment's customer-managed KMS key (the Encryption component's key ARN)",
        ],
        [
          "advisory",
          "platform-prod",
          "cannot be checked during preview: string value at .rules can't be known during preview",
        ],
      ]);
    });
  });

  describe("exemptions", () => {
    it("an exemption on an encryption rule is itself a violation, and the rule still applies", async () => {
      const config = {
        "rds-storage-encrypted": {
          environment: "prod",
          exemptions: [
            { resource: "db", reason: "legacy snapshot restore", expires: "2025-12-31" },
          ],
        },
      };
      const result = await check(patch(compliant(), "db", { storageEncrypted: false }), { config });
      expect(
        result.violations.map((v) => [v.policy, v.resource.name, v.message.split(":")[0]]),
      ).to.deep.equal([
        ["rds-storage-encrypted", "db", "exemption for db is not allowed"],
        ["rds-storage-encrypted", "db", "storageEncrypted is false; set storageEncrypted"],
      ]);
      expect(result.exemptions).to.deep.equal([]);
    });

    it("also on a stack rule, even when the exemption names no resource", async () => {
      const config = {
        "s3-bucket-encrypted": {
          exemptions: [{ resource: "gone", reason: "r", expires: "2025-12-31" }],
        },
      };
      const result = await check(compliant(), { config });
      expect(result.violations.map((v) => [v.policy, v.resource.type, v.message])).to.deep.equal([
        [
          "s3-bucket-encrypted",
          "pulumi:pulumi:Stack",
          "exemption for gone is not allowed: s3-bucket-encrypted protects encryption at rest and cannot be exempted; remove the exemption and fix the resource",
        ],
      ]);
    });
  });
});
