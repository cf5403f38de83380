/**
 * AWS regions and partitions.
 *
 * The regions are those `@pulumi/aws` (7.48.0) knows: its `Region` enum
 * (node_modules/@pulumi/aws/types/enums/index.d.ts). A region it does not list
 * is a typo here. Each region's partition follows the `regionRegex` of each
 * partition in the AWS SDK's partitions.json
 * (https://github.com/aws/aws-sdk-js-v3/blob/main/packages/util-endpoints/src/lib/aws/partitions.json,
 * read 2026-11-30): an ARN's partition must be its region's.
 */
import { Region } from "@pulumi/aws/types/enums";

/** Every region `@pulumi/aws` knows, sorted. */
export const AWS_REGIONS: readonly string[] = [...new Set<string>(Object.values(Region))].sort();

export function isAwsRegion(region: string): boolean {
  return AWS_REGIONS.includes(region);
}

/** partition id → the regions it holds, as partitions.json's regionRegex says (most specific first). */
const PARTITIONS: readonly (readonly [string, RegExp])[] = [
  ["aws-us-gov", /^us-gov-\w+-\d+$/],
  ["aws-iso-b", /^us-isob-\w+-\d+$/],
  ["aws-iso-f", /^us-isof-\w+-\d+$/],
  ["aws-iso", /^us-iso-\w+-\d+$/],
  ["aws-iso-e", /^eu-isoe-\w+-\d+$/],
  ["aws-eusc", /^eusc-(de)-\w+-\d+$/],
  ["aws-cn", /^cn-\w+-\d+$/],
  ["aws", /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/],
];

/** The partition of `region` (`aws`, `aws-cn`, `aws-us-gov`, …), or undefined. */
export function partitionOf(region: string): string | undefined {
  return PARTITIONS.find(([, re]) => re.test(region))?.[0];
}
