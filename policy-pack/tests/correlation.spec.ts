/**
 * Side resources (public access block, policy, encryption configuration) are
 * tied to their bucket through the engine's `propertyDependencies`, which
 * `platform synth` records as the engine would hand them to stack policies
 * (../shared/CLI.md, "Resource shape"). An auto-named bucket has no name in
 * its inputs, so the dependency is the only link to it.
 */
import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { checkResources } from "../../cli/check/runner";
import { Resource } from "../../cli/core/resource";
import { build } from "../../tests/support/mockRun";
import { s3PublicAccessBlocked } from "../policies/exposure";

function autoNamedBucket(blockAll: boolean) {
  return () => {
    const bucket = new aws.s3.Bucket("site");
    new aws.s3.BucketPublicAccessBlock("site-pab", {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: blockAll,
    });
    return {};
  };
}

const run = (resources: readonly Resource[]) =>
  checkResources(resources, { policies: [s3PublicAccessBlocked] });

describe("correlating a bucket with its side resources", () => {
  it("synth records the bucket input's property dependency on the bucket", async () => {
    const resources = await build(autoNamedBucket(true));
    const bucket = resources.find((r) => r.type === "aws:s3/bucket:Bucket")!;
    const pab = resources.find((r) => r.name === "site-pab")!;
    expect(bucket.props.bucket).to.equal(undefined);
    expect(pab.props.bucket).to.equal("site-id");
    expect(pab.propertyDependencies).to.deep.equal({ bucket: [bucket.urn] });
  });

  it("an auto-named bucket with a compliant public access block is compliant", async () => {
    const result = await run(await build(autoNamedBucket(true)));
    expect(result.violations).to.deep.equal([]);
  });

  it("an auto-named bucket whose public access block leaves a flag off is reported on the bucket", async () => {
    const result = await run(await build(autoNamedBucket(false)));
    expect(result.violations.map((v) => [v.resource.name, v.message])).to.deep.equal([
      [
        "site",
        "public access block site-pab of bucket site leaves restrictPublicBuckets = false; set all four to true",
      ],
    ]);
  });

  it("without the engine's dependencies nothing ties the block to the auto-named bucket", async () => {
    const resources = (await build(autoNamedBucket(true))).map(
      ({ propertyDependencies: _, ...r }) => r,
    );
    const result = await run(resources);
    expect(result.violations.map((v) => v.message)).to.deep.equal([
      "bucket site has no BucketPublicAccessBlock; add one with all four settings true",
    ]);
  });
});
