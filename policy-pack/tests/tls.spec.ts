import { expect } from "chai";
import { isTlsOnlyPolicy } from "../policies/tls";
import { T } from "../lib/types";
import {
  aurora,
  aws,
  bucket,
  check,
  expectClean,
  expectOnly,
  itReports,
  patch,
  postgres,
  redis,
  replace,
  TLS_ONLY_POLICY,
  webEdge,
  without,
} from "./fixtures";

/** Every endpoint of the TLS rules, TLS 1.2+ only. */
function compliant() {
  return [
    ...webEdge(),
    ...postgres(),
    ...aurora(),
    ...redis(),
    ...bucket(),
    aws(T.cloudfrontDistribution, "cdn", {
      enabled: true,
      origins: [{ domainName: "platform-prod-web.eu-west-1.elb.amazonaws.com", originId: "alb" }],
      defaultCacheBehavior: {
        targetOriginId: "alb",
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ["GET", "HEAD"],
        cachedMethods: ["GET", "HEAD"],
      },
      orderedCacheBehaviors: [
        {
          pathPattern: "/api/*",
          targetOriginId: "alb",
          viewerProtocolPolicy: "https-only",
          allowedMethods: ["GET", "HEAD"],
          cachedMethods: ["GET", "HEAD"],
        },
      ],
      viewerCertificate: {
        acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/2",
        sslSupportMethod: "sni-only",
        minimumProtocolVersion: "TLSv1.2_2021",
      },
      restrictions: { geoRestriction: { restrictionType: "none" } },
    }),
  ];
}

const denyPlainHttp = (bucketName: string, condition: object) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: `arn:aws:s3:::${bucketName}/*`,
        Condition: condition,
      },
    ],
  });

describe("policy pack: encryption in transit (TLS)", () => {
  it("passes a stack whose endpoints are TLS 1.2+ only", async () => {
    expectClean(await check(compliant()));
  });

  itReports(compliant, [
    {
      title: "an HTTPS listener without an sslPolicy",
      change: (r) => patch(r, "https", { sslPolicy: undefined }),
      policy: "lb-listener-tls",
      resource: "https",
      message: /HTTPS listener has no sslPolicy \(the AWS default allows TLS 1.0\)/,
    },
    {
      title: "an HTTPS listener on a TLS 1.0 policy",
      change: (r) => patch(r, "https", { sslPolicy: "ELBSecurityPolicy-2016-08" }),
      policy: "lb-listener-tls",
      resource: "https",
      message: /sslPolicy ELBSecurityPolicy-2016-08 is not a TLS 1.2\+ policy/,
    },
    {
      title: "an HTTP listener that forwards",
      change: (r) =>
        patch(r, "http-redirect", { defaultActions: [{ type: "forward", targetGroupArn: "tg" }] }),
      policy: "lb-listener-tls",
      resource: "http-redirect",
      message:
        /HTTP listener on port 80 serves plaintext \(default actions: \["forward"\]\); it may only redirect to HTTPS/,
    },
    {
      title: "an HTTP listener that redirects to HTTP",
      change: (r) =>
        patch(r, "http-redirect", {
          defaultActions: [
            { type: "redirect", redirect: { protocol: "#{protocol}", port: "8080" } },
          ],
        }),
      policy: "lb-listener-tls",
      resource: "http-redirect",
      message: /serves plaintext/,
    },
    {
      title: "a TCP listener",
      change: (r) =>
        patch(r, "http-redirect", {
          protocol: "TCP",
          defaultActions: [{ type: "forward", targetGroupArn: "tg" }],
        }),
      policy: "lb-listener-tls",
      resource: "http-redirect",
      message: /protocol TCP carries plaintext/,
    },
    {
      title: "an aws:alb listener with no protocol (HTTP) that forwards",
      change: (r) =>
        replace(r, "http-redirect", (x) => ({
          ...x,
          type: T.albListener,
          props: { ...x.props, protocol: undefined, defaultActions: [{ type: "fixed-response" }] },
        })),
      policy: "lb-listener-tls",
      resource: "http-redirect",
      message: /HTTP listener on port 80 serves plaintext/,
    },
    {
      title: "a PostgreSQL parameter group without rds.force_ssl",
      change: (r) =>
        patch(r, "db-params", { parameters: [{ name: "log_connections", value: "1" }] }),
      policy: "rds-parameter-group-force-ssl",
      resource: "db-params",
      message: /family "postgres16"\) does not set rds.force_ssl = 1/,
      also: ["rds-postgres-uses-force-ssl-group"],
    },
    {
      title: "rds.force_ssl = 0 on the Aurora cluster group",
      change: (r) =>
        patch(r, "aurora-params", { parameters: [{ name: "rds.force_ssl", value: "0" }] }),
      policy: "rds-parameter-group-force-ssl",
      resource: "aurora-params",
      message: /does not set rds.force_ssl = 1/,
      also: ["rds-postgres-uses-force-ssl-group"],
    },
    {
      title: "a PostgreSQL instance on the default parameter group",
      change: (r) => patch(r, "db", { parameterGroupName: undefined }),
      policy: "rds-postgres-uses-force-ssl-group",
      resource: "db",
      message: /parameterGroupName is not set, so the engine's default parameter group applies/,
    },
    {
      title: "a PostgreSQL instance on a group outside the stack",
      change: (r) => patch(r, "db", { parameterGroupName: "shared-pg" }),
      policy: "rds-postgres-uses-force-ssl-group",
      resource: "db",
      message: /parameterGroupName shared-pg is not a parameter group of this stack/,
    },
    {
      title: "an Aurora cluster on the default cluster parameter group",
      change: (r) => patch(r, "aurora", { dbClusterParameterGroupName: undefined }),
      policy: "rds-postgres-uses-force-ssl-group",
      resource: "aurora",
      message: /dbClusterParameterGroupName is not set/,
    },
    {
      title: "in-transit encryption off",
      change: (r) =>
        patch(r, "cache", { transitEncryptionEnabled: false, transitEncryptionMode: undefined }),
      policy: "elasticache-in-transit-encrypted",
      resource: "cache",
      message: /transitEncryptionEnabled is false; set transitEncryptionEnabled: true/,
    },
    {
      title: "in-transit encryption in preferred mode",
      change: (r) => patch(r, "cache", { transitEncryptionMode: "preferred" }),
      policy: "elasticache-in-transit-encrypted",
      resource: "cache",
      message: /transitEncryptionMode is "preferred"/,
    },
    {
      title: "no AUTH token",
      change: (r) => patch(r, "cache", { authToken: undefined }),
      policy: "elasticache-in-transit-encrypted",
      resource: "cache",
      message: /no authToken \(or userGroupIds\)/,
    },
    {
      title: "a bucket without a bucket policy",
      change: (r) => without(r, "uploads-tls-only"),
      policy: "s3-bucket-tls-only",
      resource: "uploads",
      message:
        /bucket uploads \(platform-prod-uploads\) has no bucket policy, so plain-HTTP requests are allowed/,
    },
    {
      title: "a bucket policy without the TLS deny",
      change: (r) =>
        patch(r, "uploads-tls-only", {
          policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::123456789012:root" },
                Action: "s3:GetObject",
                Resource: "*",
              },
            ],
          }),
        }),
      policy: "s3-bucket-tls-only",
      resource: "uploads",
      message:
        /bucket policy uploads-tls-only of bucket uploads \(platform-prod-uploads\) has no Deny statement on aws:SecureTransport = false/,
    },
    {
      title: "an Allow (not Deny) on aws:SecureTransport",
      change: (r) =>
        patch(r, "uploads-tls-only", {
          policy: JSON.stringify({
            Statement: {
              Effect: "Allow",
              Principal: "*",
              Action: "s3:*",
              Resource: "*",
              Condition: { Bool: { "aws:SecureTransport": "true" } },
            },
          }),
        }),
      policy: "s3-bucket-tls-only",
      resource: "uploads",
      message: /has no Deny statement/,
    },
    {
      title: "a default behaviour that allows HTTP",
      change: (r) => patch(r, "cdn", { "defaultCacheBehavior.viewerProtocolPolicy": "allow-all" }),
      policy: "cloudfront-tls",
      resource: "cdn",
      message: /defaultCacheBehavior.viewerProtocolPolicy is "allow-all"/,
    },
    {
      title: "an ordered behaviour that allows HTTP",
      change: (r) =>
        patch(r, "cdn", {
          orderedCacheBehaviors: [
            { pathPattern: "/legacy/*", targetOriginId: "alb", viewerProtocolPolicy: "allow-all" },
          ],
        }),
      policy: "cloudfront-tls",
      resource: "cdn",
      message: /orderedCacheBehaviors\[0\].viewerProtocolPolicy is "allow-all"/,
    },
    {
      title: "the default CloudFront certificate",
      change: (r) => patch(r, "cdn", { viewerCertificate: { cloudfrontDefaultCertificate: true } }),
      policy: "cloudfront-tls",
      resource: "cdn",
      message: /default CloudFront certificate, which forces TLSv1/,
    },
    {
      title: "a TLS 1.1 minimum protocol",
      change: (r) =>
        patch(r, "cdn", { "viewerCertificate.minimumProtocolVersion": "TLSv1.1_2016" }),
      policy: "cloudfront-tls",
      resource: "cdn",
      message: /minimumProtocolVersion is "TLSv1.1_2016"/,
    },
  ]);

  describe("skips what does not apply", () => {
    it("a MySQL parameter group and a MySQL instance are not PostgreSQL", async () => {
      const suffix = aws("random:index/randomId:RandomId", "mysql-final-snapshot-suffix", {
        byteLength: 4,
      });
      const r = [
        ...compliant(),
        aws(T.rdsParameterGroup, "mysql-params", {
          name: "mysql-pg",
          family: "mysql8.0",
          parameters: [],
        }),
        suffix,
        {
          ...aws(
            T.rdsInstance,
            "mysql",
            {
              engine: "mysql",
              storageEncrypted: true,
              kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/k",
              deletionProtection: true,
              skipFinalSnapshot: false,
              finalSnapshotIdentifier: "mysql-final-91c834ee",
              backupRetentionPeriod: 14,
            },
            { protect: true },
          ),
          propertyDependencies: { finalSnapshotIdentifier: [suffix.urn!] },
        },
      ];
      expectClean(await check(r));
    });

    it("accepts a TLS listener (NLB) with an allowed policy, and a BoolIfExists deny with a boolean false", async () => {
      const r = patch(
        patch(compliant(), "https", {
          protocol: "TLS",
          defaultActions: [{ type: "forward", targetGroupArn: "tg" }],
        }),
        "uploads-tls-only",
        {
          policy: denyPlainHttp("platform-prod-uploads", {
            BoolIfExists: { "aws:securetransport": false },
          }),
        },
      );
      expectClean(await check(r));
    });

    it("accepts the policy document as an object and a TLS-only inline bucket policy", async () => {
      const asObject = patch(compliant(), "uploads-tls-only", {
        policy: JSON.parse(TLS_ONLY_POLICY("platform-prod-uploads")),
      });
      expectClean(await check(asObject));
      const inline = patch(without(compliant(), "uploads-tls-only"), "uploads", {
        policy: TLS_ONLY_POLICY("platform-prod-uploads"),
      });
      expectClean(await check(inline));
    });

    it("accepts RBAC user groups instead of an AUTH token", async () => {
      expectClean(
        await check(
          patch(compliant(), "cache", {
            authToken: undefined,
            userGroupIds: ["platform-prod-users"],
          }),
        ),
      );
    });

    it("takes the allowed ELB policies from the config", async () => {
      const config = {
        "lb-listener-tls": { allowedSslPolicies: ["ELBSecurityPolicy-TLS13-1-3-2021-06"] },
      };
      const result = await check(compliant(), { config });
      expectOnly(
        result,
        "lb-listener-tls",
        "https",
        /sslPolicy ELBSecurityPolicy-TLS13-1-2-2021-06 is not a TLS 1.2\+ policy; use one of ELBSecurityPolicy-TLS13-1-3-2021-06$/,
      );
    });
  });

  describe("values unknown during preview", () => {
    it('treats the "[secret]" AUTH token as set and an unknown one as cannot-be-checked', async () => {
      expectClean(await check(patch(compliant(), "cache", { authToken: "[secret]" })));
      expectOnly(
        await check(patch(compliant(), "cache", { authToken: "[unknown]" })),
        "elasticache-in-transit-encrypted",
        "cache",
        /^cannot be checked during preview: string value at \.authToken/,
        "advisory",
      );
    });

    it("an unknown bucket reference on the only bucket policy is cannot-be-checked", async () => {
      const result = await check(patch(compliant(), "uploads-tls-only", { bucket: "[unknown]" }));
      expectOnly(
        result,
        "s3-bucket-tls-only",
        "platform-prod",
        /^cannot be checked during preview: string value at \.bucket/,
        "advisory",
      );
    });

    it("a property dependency links the policy to its bucket even while the name is unknown", async () => {
      const r = replace(
        patch(compliant(), "uploads-tls-only", { bucket: "[unknown]" }),
        "uploads-tls-only",
        (x) =>
          ({
            ...x,
            propertyDependencies: {
              bucket: ["urn:pulumi:prod::platform::aws:s3/bucket:Bucket::uploads"],
            },
          }) as typeof x,
      );
      expectClean(await check(r));
    });
  });

  it("isTlsOnlyPolicy rejects what is not a policy document", () => {
    expect(isTlsOnlyPolicy("not json")).to.equal(false);
    expect(isTlsOnlyPolicy(undefined)).to.equal(false);
    expect(
      isTlsOnlyPolicy(denyPlainHttp("b", { Bool: { "aws:SecureTransport": ["false"] } })),
    ).to.equal(true);
  });
});
