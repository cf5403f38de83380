/**
 * What every bucket of the platform gets, the same way: objects owned by the
 * bucket owner (ACLs off), all public access blocked, default encryption with
 * the stack's CMK (with an S3 Bucket Key), and versioning. The uploads bucket
 * (objectStore.ts) and the audit log bucket (audit.ts) use it.
 */
import * as aws from "./sdk";
import type * as pulumi from "@pulumi/pulumi";

/** The resources a bucket's lifecycle rules and policy must wait for. */
export interface BucketBaseline {
  /** The public access block: a bucket policy is put after it. */
  readonly publicAccess: aws.s3.BucketPublicAccessBlock;
  /** Versioning: lifecycle rules on noncurrent versions are put after it. */
  readonly versioning: aws.s3.BucketVersioning;
}

/**
 * Adds the baseline to `bucket`, naming each resource `<prefix>-<what>`
 * (`-ownership`, `-public-access`, `-encryption`, `-versioning`).
 */
export function bucketBaseline(
  prefix: string,
  bucket: aws.s3.Bucket,
  kmsKeyArn: pulumi.Input<string>,
  opts: pulumi.CustomResourceOptions,
): BucketBaseline {
  new aws.s3.BucketOwnershipControls(
    `${prefix}-ownership`,
    { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
    opts,
  );
  const publicAccess = new aws.s3.BucketPublicAccessBlock(
    `${prefix}-public-access`,
    {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    opts,
  );
  new aws.s3.BucketServerSideEncryptionConfiguration(
    `${prefix}-encryption`,
    {
      bucket: bucket.id,
      rules: [
        {
          applyServerSideEncryptionByDefault: {
            sseAlgorithm: "aws:kms",
            kmsMasterKeyId: kmsKeyArn,
          },
          bucketKeyEnabled: true,
        },
      ],
    },
    opts,
  );
  const versioning = new aws.s3.BucketVersioning(
    `${prefix}-versioning`,
    { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
    opts,
  );
  return { publicAccess, versioning };
}
