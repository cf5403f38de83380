/**
 * The generated type tables (policy-pack/lib/generated/awsTypes.ts) must match
 * the installed @pulumi/aws: a provider upgrade that adds, removes or changes
 * a `tags` input or an encryption input fails here until
 * `npm run policy:aws-types` regenerates them.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  awsPackageDir,
  ENCRYPTION_INPUT,
  interfaceInputs,
  scanAwsProvider,
} from "../build/awsProvider";
import {
  AWS_ENCRYPTION_INPUTS,
  AWS_PROVIDER_VERSION,
  TAGGABLE_AWS_TYPES,
} from "../lib/generated/awsTypes";

describe("types derived from the installed @pulumi/aws", () => {
  const scan = scanAwsProvider();

  it("were generated from the installed provider version", () => {
    const installed = JSON.parse(
      fs.readFileSync(path.join(awsPackageDir(), "package.json"), "utf8"),
    ).version;
    expect(AWS_PROVIDER_VERSION).to.equal(installed);
    expect(scan.version).to.equal(installed);
  });

  it("list exactly the types whose Args have a tags input (npm run policy:aws-types to refresh)", () => {
    const taggable = scan.types.filter((t) => t.inputs.includes("tags")).map((t) => t.type);
    expect([...TAGGABLE_AWS_TYPES].sort()).to.deep.equal(taggable);
  });

  it("list exactly the encryption-shaped inputs per type (npm run policy:aws-types to refresh)", () => {
    const expected = Object.fromEntries(
      scan.types
        .map((t) => [t.type, t.inputs.filter((i) => ENCRYPTION_INPUT.test(i))] as const)
        .filter(([, inputs]) => inputs.length > 0),
    );
    expect(AWS_ENCRYPTION_INPUTS).to.deep.equal(expected);
  });

  it("read the Args interface of a known file as the provider declares it", () => {
    // @pulumi/aws 7.48.0 sqs/queue.d.ts: QueueArgs has kmsMasterKeyId and tags; BucketPolicyArgs has bucket, policy and region only.
    const queue = fs.readFileSync(path.join(awsPackageDir(), "sqs", "queue.d.ts"), "utf8");
    expect(interfaceInputs(queue, "QueueArgs")).to.include.members(["kmsMasterKeyId", "tags"]);
    const policy = fs.readFileSync(path.join(awsPackageDir(), "s3", "bucketPolicy.d.ts"), "utf8");
    expect(interfaceInputs(policy, "BucketPolicyArgs")).to.deep.equal([
      "bucket",
      "policy",
      "region",
    ]);
    expect(TAGGABLE_AWS_TYPES.has("aws:sqs/queue:Queue")).to.equal(true);
    expect(TAGGABLE_AWS_TYPES.has("aws:s3/bucketPolicy:BucketPolicy")).to.equal(false);
  });
});
