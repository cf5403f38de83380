/**
 * ObjectStore (AWS): the uploads bucket. SSE-KMS with the CMK and a bucket
 * key, all four public-access blocks, owner-enforced object ownership, a
 * bucket policy that refuses anything but TLS 1.2+, versioning, and lifecycle
 * rules (tiering, expiry of old versions, abandoned uploads). In prod the
 * bucket is protected and retained on delete.
 */
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import type { ObjectStoreProfile } from "../../config/profiles";
import { NameContext, physicalName } from "../../lib/naming";
import { COMPONENT_TYPES } from "../contracts";
import { bucketBaseline } from "./bucketBaseline";

export interface ObjectStoreArgs {
  /** Naming context (project, environment, PR). */
  readonly naming: NameContext;
  /** Retention and lifecycle from the environment profile. */
  readonly profile: ObjectStoreProfile;
  /** CMK for SSE-KMS. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Pulumi `protect` and `retainOnDelete` on the bucket. @default false */
  readonly protect?: boolean;
}

/** Bucket policy: deny any request not over TLS, and TLS older than 1.2. */
export function tlsOnlyBucketPolicy(bucketArn: string): Record<string, unknown> {
  const resources = [bucketArn, `${bucketArn}/*`];
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: resources,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      {
        Sid: "DenyTlsOlderThan12",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: resources,
        Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
      },
    ],
  };
}

export class ObjectStore extends pulumi.ComponentResource {
  public readonly bucketName: pulumi.Output<string>;
  public readonly bucketArn: pulumi.Output<string>;

  constructor(name: string, args: ObjectStoreArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.ObjectStore, name, {}, opts);
    const p = args.profile;
    const protect = args.protect ?? false;
    const identity = aws.getCallerIdentityOutput({}, { parent: this });

    const bucket = new aws.s3.Bucket(
      `${name}-bucket`,
      {
        // S3 names are global: the account id keeps ours unique and deterministic.
        bucket: identity.accountId.apply((account) =>
          physicalName(args.naming, "uploads", "s3Bucket", account),
        ),
        forceDestroy: p.forceDestroy,
      },
      { parent: this, protect, retainOnDelete: protect },
    );
    const { publicAccess, versioning } = bucketBaseline(name, bucket, args.kmsKeyArn, {
      parent: this,
    });
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        bucket: bucket.id,
        rules: [
          {
            id: "tiering",
            status: "Enabled",
            filter: {},
            transitions: [{ days: p.transitionToIaDays, storageClass: "INTELLIGENT_TIERING" }],
          },
          {
            id: "expire-old-versions",
            status: "Enabled",
            filter: {},
            noncurrentVersionExpiration: { noncurrentDays: p.noncurrentVersionExpirationDays },
          },
          {
            id: "abort-incomplete-uploads",
            status: "Enabled",
            filter: {},
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      },
      { parent: this, dependsOn: [versioning] },
    );
    new aws.s3.BucketPolicy(
      `${name}-tls-only`,
      {
        bucket: bucket.id,
        policy: bucket.arn.apply((arn) => JSON.stringify(tlsOnlyBucketPolicy(arn))),
      },
      { parent: this, dependsOn: [publicAccess] },
    );

    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
  }
}
