import { expect } from "chai";
import { ObjectStore, tlsOnlyBucketPolicy } from "../../../components/aws/objectStore";
import { PROFILES } from "../../../config/profiles";
import { build, json, KEY_ARN, one, props, PROD, STAGING } from "../../support/mockRun";

describe("components/aws/objectStore", () => {
  it("encrypts with SSE-KMS and a bucket key, blocks public access and versions objects", async () => {
    const rs = await build(
      () =>
        new ObjectStore("platform-uploads", {
          naming: STAGING,
          profile: PROFILES.staging.objectStore,
          kmsKeyArn: KEY_ARN,
        }),
    );
    const bucket = props(one(rs, "aws:s3/bucket:Bucket"));
    expect(bucket).to.include({
      bucket: "platform-staging-uploads-123456789012",
      forceDestroy: false,
    });
    const sse = props(
      one(
        rs,
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      ),
    );
    expect(sse.bucket).to.equal(bucket.bucket);
    expect(sse.rules).to.deep.equal([
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN },
        bucketKeyEnabled: true,
      },
    ]);
    expect(props(one(rs, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"))).to.include({
      bucket: bucket.bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(
      props(one(rs, "aws:s3/bucketVersioning:BucketVersioning")).versioningConfiguration,
    ).to.deep.equal({ status: "Enabled" });
    expect(
      props(one(rs, "aws:s3/bucketOwnershipControls:BucketOwnershipControls")).rule,
    ).to.deep.equal({ objectOwnership: "BucketOwnerEnforced" });
  });

  it("denies every request that is not TLS 1.2+", async () => {
    const rs = await build(
      () =>
        new ObjectStore("platform-uploads", {
          naming: STAGING,
          profile: PROFILES.staging.objectStore,
          kmsKeyArn: KEY_ARN,
        }),
    );
    const policy = json(props(one(rs, "aws:s3/bucketPolicy:BucketPolicy")).policy);
    const arn = "arn:aws:s3:eu-west-1:123456789012:bucket/platform-staging-uploads-123456789012";
    expect(policy).to.deep.equal(tlsOnlyBucketPolicy(arn));
    expect(policy.Statement[0]).to.deep.include({
      Effect: "Deny",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });

  it("tiers objects and expires old versions per the profile", async () => {
    const rs = await build(
      () =>
        new ObjectStore("platform-uploads", {
          naming: STAGING,
          profile: PROFILES.staging.objectStore,
          kmsKeyArn: KEY_ARN,
        }),
    );
    const rules = props(
      one(rs, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"),
    ).rules;
    expect(rules.map((r: { id: string }) => r.id)).to.deep.equal([
      "tiering",
      "expire-old-versions",
      "abort-incomplete-uploads",
    ]);
    expect(rules[0].transitions).to.deep.equal([{ days: 30, storageClass: "INTELLIGENT_TIERING" }]);
    expect(rules[1].noncurrentVersionExpiration).to.deep.equal({ noncurrentDays: 30 });
  });

  it("protects and retains the bucket in prod", async () => {
    const rs = await build(
      () =>
        new ObjectStore("platform-uploads", {
          naming: PROD,
          profile: PROFILES.prod.objectStore,
          kmsKeyArn: KEY_ARN,
          protect: true,
        }),
      "prod",
    );
    expect(one(rs, "aws:s3/bucket:Bucket").opts).to.include({
      protect: true,
      retainOnDelete: true,
    });
  });
});
