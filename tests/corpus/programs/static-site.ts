// A static website on S3 behind CloudFront, as the "static website" tutorials write it.
import * as aws from "@pulumi/aws";

export function program() {
  const bucket = new aws.s3.BucketV2("site-bucket");
  new aws.s3.BucketWebsiteConfigurationV2("site-website", {
    bucket: bucket.id,
    indexDocument: { suffix: "index.html" },
    errorDocument: { key: "error.html" },
  });
  const pab = new aws.s3.BucketPublicAccessBlock("site-pab", {
    bucket: bucket.id,
    blockPublicAcls: false,
    blockPublicPolicy: false,
    ignorePublicAcls: false,
    restrictPublicBuckets: false,
  });
  new aws.s3.BucketPolicy(
    "site-policy",
    {
      bucket: bucket.id,
      policy: bucket.arn.apply((arn) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Principal: "*", Action: ["s3:GetObject"], Resource: [`${arn}/*`] },
          ],
        }),
      ),
    },
    { dependsOn: [pab] },
  );
  const cdn = new aws.cloudfront.Distribution("site-cdn", {
    enabled: true,
    defaultRootObject: "index.html",
    origins: [{ originId: "s3", domainName: bucket.bucketRegionalDomainName }],
    defaultCacheBehavior: {
      targetOriginId: "s3",
      viewerProtocolPolicy: "allow-all",
      allowedMethods: ["GET", "HEAD"],
      cachedMethods: ["GET", "HEAD"],
      forwardedValues: { queryString: false, cookies: { forward: "none" } },
    },
    restrictions: { geoRestriction: { restrictionType: "none" } },
    viewerCertificate: { cloudfrontDefaultCertificate: true },
  });
  return { url: cdn.domainName };
}
