/**
 * Audit trail: CloudTrail trails validate their log files, and the S3 bucket
 * a trail of this stack delivers to is private and TLS-only. (A trail without
 * KMS encryption is `cloudtrail-encrypted`, in encryption.ts.)
 *
 * Sources (read 2026-11-30):
 * - Log file validation makes CloudTrail deliver signed, chained digest files,
 *   so a changed or deleted log file can be detected (`aws cloudtrail
 *   validate-logs`); the input is `enableLogFileValidation`, default false:
 *   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html,
 *   https://docs.aws.amazon.com/cli/latest/reference/cloudtrail/validate-logs.html,
 *   AWS Config rule https://docs.aws.amazon.com/config/latest/developerguide/cloud-trail-log-file-validation-enabled.html.
 *   Security Hub: [CloudTrail.4] (CIS AWS Foundations v3.0.0 3.2), [CloudTrail.2]
 *   (encryption), [CloudTrail.6] (the log bucket is not public):
 *   https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html.
 * - TLS only: a Deny statement on `"aws:SecureTransport": "false"` (AWS Config
 *   rule s3-bucket-ssl-requests-only):
 *   https://repost.aws/knowledge-center/s3-bucket-policy-for-config-rule.
 * - Public: the four Block Public Access settings, and no canned ACL or grant
 *   to the AllUsers / AuthenticatedUsers groups (public-read,
 *   public-read-write, authenticated-read):
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl.
 *   Canned ACL names as in @pulumi/aws 7.48.0 `enums.s3.CannedAcl`.
 */
import { PolicyResource } from "@pulumi/policy";
import { resourcePolicy, stackPolicy } from "../lib/define";
import { deferred, eachKnown, link, Pending, sideResources } from "../lib/stack";
import { BUCKETS, T } from "../lib/types";
import { asArray, asRecord, isOneOf, isTrue, show, someKnown } from "../lib/values";
import { isTlsOnlyPolicy } from "./tls";

export const cloudtrailLogFileValidation = resourcePolicy({
  name: "cloudtrail-log-file-validation",
  description:
    "CloudTrail trails turn on log file validation, so changed or deleted log files can be detected.",
  enforcementLevel: "mandatory",
  group: "audit",
  exemptable: true,
  resourceTypes: [T.cloudtrail],
  remediation: "Set `enableLogFileValidation: true` on the trail.",
  validate: ({ props }, report) => {
    if (!isTrue(props.enableLogFileValidation, "enableLogFileValidation")) {
      report(
        `enableLogFileValidation is ${show(props.enableLogFileValidation)}; set enableLogFileValidation: true`,
      );
    }
  },
});

const BUCKET_ACLS = [T.s3BucketAcl, T.s3BucketAclV2];
const BLOCK_FLAGS = [
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
];
const PUBLIC_CANNED_ACLS = ["public-read", "public-read-write", "authenticated-read"];
const PUBLIC_GROUPS = [
  "http://acs.amazonaws.com/groups/global/AllUsers",
  "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
];

/** A public canned ACL or a grant to AllUsers/AuthenticatedUsers in an ACL input, if any. */
function publicAcl(acl: unknown, accessControlPolicy?: unknown): string | undefined {
  if (isOneOf(acl, PUBLIC_CANNED_ACLS, "acl")) return `acl ${String(acl)}`;
  const policy = asRecord(accessControlPolicy, "accessControlPolicy");
  const grants = asArray(policy?.grants, "accessControlPolicy.grants");
  for (const g of grants) {
    const grantee = asRecord(asRecord(g, "accessControlPolicy.grants[]")?.grantee, "grantee");
    const uri = grantee?.uri;
    if (isOneOf(uri, PUBLIC_GROUPS, "grantee.uri")) return `a grant to ${String(uri)}`;
  }
  return undefined;
}

/** What makes a trail's log bucket public or plain-HTTP, as message fragments. */
function logBucketProblems(
  resources: readonly PolicyResource[],
  bucket: PolicyResource,
  pending: Pending,
): string[] {
  const problems: string[] = [];
  const blocks = sideResources(resources, [T.bucketPublicAccessBlock], "bucket", bucket);
  const off = BLOCK_FLAGS.filter(
    (f) => !someKnown(blocks.linked, (b) => isTrue(b.props[f], `${b.name} ${f}`)),
  );
  if (off.length > 0 && !deferred(blocks, pending)) {
    problems.push(
      blocks.linked.length === 0
        ? "has no public access block"
        : `has a public access block that leaves ${off.join(", ")} off`,
    );
  }
  const acls = sideResources(resources, BUCKET_ACLS, "bucket", bucket);
  const grant = [bucket, ...acls.linked]
    .map((r) => publicAcl(r.props.acl, r.props.accessControlPolicy))
    .find((p) => p !== undefined);
  if (grant) problems.push(`is public through ${grant}`);
  else if (acls.unknown.length > 0) acls.unknown.forEach((e) => pending.add(e));
  const policies = sideResources(resources, [T.bucketPolicy], "bucket", bucket);
  const tlsOnly =
    policies.linked.some((p) => isTlsOnlyPolicy(p.props.policy, `${p.name} policy`)) ||
    (bucket.props.policy !== undefined && isTlsOnlyPolicy(bucket.props.policy, "policy"));
  if (!tlsOnly && !deferred(policies, pending)) {
    problems.push("has no bucket policy denying aws:SecureTransport = false");
  }
  return problems;
}

export const cloudtrailLogBucketPrivate = stackPolicy({
  name: "cloudtrail-log-bucket-private",
  description:
    "The S3 bucket a CloudTrail trail delivers to (when it is a bucket of this stack) blocks all public access, grants nothing to AllUsers or AuthenticatedUsers, and denies requests not made over TLS.",
  enforcementLevel: "mandatory",
  group: "audit",
  exemptable: true,
  resourceTypes: [
    T.cloudtrail,
    ...BUCKETS,
    T.bucketPublicAccessBlock,
    T.bucketPolicy,
    ...BUCKET_ACLS,
  ],
  remediation:
    'Give the trail\'s bucket an `aws.s3.BucketPublicAccessBlock` with all four settings true, no public ACL (use `aws.s3.BucketOwnershipControls` with `BucketOwnerEnforced`), and a bucket policy with `{ Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }`.',
  validate: (args, report) => {
    const pending = new Pending();
    const buckets = args.resources.filter((r) => BUCKETS.includes(r.type));
    eachKnown(
      args.resources.filter((r) => r.type === T.cloudtrail),
      pending,
      (trail) => {
        const unknown: Error[] = [];
        const targets = buckets.filter((b) => {
          const l = link(trail, "s3BucketName", b);
          if (l.state === "unknown") unknown.push(l.error);
          return l.state === "linked";
        });
        if (targets.length === 0) {
          // A bucket of another stack (an organisation trail's) is not checked here.
          unknown.forEach((e) => pending.add(e));
          return;
        }
        for (const bucket of targets) {
          const problems = logBucketProblems(args.resources, bucket, pending);
          if (problems.length > 0) {
            report(
              `log bucket ${bucket.name} of trail ${trail.name} ${problems.join(" and ")}`,
              trail.urn,
            );
          }
        }
      },
    );
    pending.settle();
  },
});

export const auditPolicies = [cloudtrailLogFileValidation, cloudtrailLogBucketPrivate];
