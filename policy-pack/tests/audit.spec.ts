import { T } from "../lib/types";
import {
  aws,
  bucket,
  check,
  expectClean,
  expectOnly,
  itReports,
  KEY_ARN,
  patch,
  replace,
  without,
} from "./fixtures";

const LOG_BUCKET = "platform-prod-audit-logs-123456789012";

/** A trail delivering to a private, TLS-only log bucket of the same stack. */
function compliant() {
  return [
    ...bucket("audit-logs", LOG_BUCKET),
    aws(T.cloudtrail, "trail", {
      name: "platform-prod-audit",
      s3BucketName: LOG_BUCKET,
      kmsKeyId: KEY_ARN,
      enableLogFileValidation: true,
    }),
  ];
}

describe("policy pack: audit trail", () => {
  it("passes a validated, encrypted trail with a private TLS-only log bucket", async () => {
    expectClean(await check(compliant()));
  });

  itReports(compliant, [
    {
      title: "log file validation off",
      change: (r) => patch(r, "trail", { enableLogFileValidation: false }),
      policy: "cloudtrail-log-file-validation",
      resource: "trail",
      message: /^enableLogFileValidation is false; set enableLogFileValidation: true$/,
    },
    {
      title: "log file validation unset",
      change: (r) => patch(r, "trail", { enableLogFileValidation: undefined }),
      policy: "cloudtrail-log-file-validation",
      resource: "trail",
      message: /^enableLogFileValidation is not set; set enableLogFileValidation: true$/,
    },
    {
      title: "a trail without KMS encryption",
      change: (r) => patch(r, "trail", { kmsKeyId: undefined }),
      policy: "cloudtrail-encrypted",
      resource: "trail",
      message: /kmsKeyId is not set/,
    },
    {
      title: "a log bucket without a public access block",
      change: (r) => without(r, "audit-logs-public-access"),
      policy: "cloudtrail-log-bucket-private",
      resource: "trail",
      message: /^log bucket audit-logs of trail trail has no public access block$/,
      also: ["s3-public-access-blocked"],
    },
    {
      title: "a log bucket whose public access block leaves a setting off",
      change: (r) => patch(r, "audit-logs-public-access", { restrictPublicBuckets: false }),
      policy: "cloudtrail-log-bucket-private",
      resource: "trail",
      message:
        /^log bucket audit-logs of trail trail has a public access block that leaves restrictPublicBuckets off$/,
      also: ["s3-public-access-blocked"],
    },
    {
      title: "a log bucket without a TLS-only policy",
      change: (r) => without(r, "audit-logs-tls-only"),
      policy: "cloudtrail-log-bucket-private",
      resource: "trail",
      message:
        /^log bucket audit-logs of trail trail has no bucket policy denying aws:SecureTransport = false$/,
      also: ["s3-bucket-tls-only"],
    },
    {
      title: "a log bucket with a public-read canned ACL",
      change: (r) => patch(r, "audit-logs", { acl: "public-read" }),
      policy: "cloudtrail-log-bucket-private",
      resource: "trail",
      message: /^log bucket audit-logs of trail trail is public through acl public-read$/,
    },
    {
      title: "a log bucket whose BucketAcl grants READ to AllUsers",
      change: (r) => [
        ...r,
        aws("aws:s3/bucketAcl:BucketAcl", "audit-logs-acl", {
          bucket: LOG_BUCKET,
          accessControlPolicy: {
            owner: { id: "owner" },
            grants: [
              {
                grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" },
                permission: "READ",
              },
            ],
          },
        }),
      ],
      policy: "cloudtrail-log-bucket-private",
      resource: "trail",
      message:
        /^log bucket audit-logs of trail trail is public through a grant to http:\/\/acs\.amazonaws\.com\/groups\/global\/AllUsers$/,
    },
    {
      title: "a log bucket without a public access block and without a TLS-only policy",
      change: (r) => without(r, "audit-logs-public-access", "audit-logs-tls-only"),
      policy: "cloudtrail-log-bucket-private",
      resource: "trail",
      message:
        /^log bucket audit-logs of trail trail has no public access block and has no bucket policy denying aws:SecureTransport = false$/,
      also: ["s3-public-access-blocked", "s3-bucket-tls-only"],
    },
  ]);

  it("passes a private log bucket whose BucketAcl is private", async () => {
    expectClean(
      await check([
        ...compliant(),
        aws("aws:s3/bucketAcl:BucketAcl", "audit-logs-acl", {
          bucket: LOG_BUCKET,
          acl: "private",
        }),
      ]),
    );
  });

  it("an exemption of the bucket's TLS rule does not silence the trail's log bucket rule", async () => {
    const r = without(compliant(), "audit-logs-tls-only");
    const result = await check(r, {
      config: {
        "s3-bucket-tls-only": {
          environment: "prod",
          exemptions: [{ resource: "audit-logs", reason: "test", expires: "2026-01-01" }],
        },
      },
    });
    expectOnly(
      result,
      "cloudtrail-log-bucket-private",
      "trail",
      /has no bucket policy denying aws:SecureTransport = false$/,
    );
  });

  it("follows propertyDependencies when the bucket name is unknown", async () => {
    const r = replace(
      patch(without(compliant(), "audit-logs-public-access"), "trail", {
        s3BucketName: "[unknown]",
      }),
      "trail",
      (x) =>
        ({
          ...x,
          propertyDependencies: {
            s3BucketName: ["urn:pulumi:prod::platform::aws:s3/bucket:Bucket::audit-logs"],
          },
        }) as typeof x,
    );
    expectOnly(
      await check(r),
      "cloudtrail-log-bucket-private",
      "trail",
      /^log bucket audit-logs of trail trail has no public access block$/,
      "mandatory",
      ["s3-public-access-blocked"],
    );
  });

  it("skips a trail whose bucket belongs to another stack", async () => {
    expectClean(await check(patch(compliant(), "trail", { s3BucketName: "org-trail-bucket" })));
  });
});
