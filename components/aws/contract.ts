/**
 * The AWS half held to the contract: for every kind, `./index` exports the
 * class of that name, and it offers exactly the outputs components/contracts.ts
 * declares (`AwsOutputs`). An output added here and not there, or missing
 * here, fails `tsc` with the outputs named. The shared preview tier's
 * classes stand in for Network, Database and Cache on previews, so they are
 * held to the same outputs (the shared network also exports its subnets).
 */
import type {
  AwsOutputs,
  AwsSharedNetworkOutputs,
  HalfMatches,
  ImplementsContract,
} from "../contracts";
import type * as Aws from "./index";

export type AwsImplementsContract = ImplementsContract<HalfMatches<typeof Aws, AwsOutputs>>;

export type AwsSharedTierImplementsContract = ImplementsContract<
  HalfMatches<
    {
      Network: typeof Aws.SharedNetwork;
      Database: typeof Aws.SharedDatabase;
      Cache: typeof Aws.SharedCache;
    },
    {
      Network: AwsSharedNetworkOutputs;
      Database: AwsOutputs["Database"];
      Cache: AwsOutputs["Cache"];
    }
  >
>;
