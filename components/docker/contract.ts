/**
 * The Docker half held to the contract: for every kind, `./index` exports the
 * class of that name, and it offers exactly the outputs components/contracts.ts
 * declares (`DockerOutputs`). An output added here and not there, or missing
 * here, fails `tsc` with the outputs named.
 */
import type { DockerOutputs, HalfMatches, ImplementsContract } from "../contracts";
import type * as Docker from "./index";

export type DockerImplementsContract = ImplementsContract<
  HalfMatches<typeof Docker, DockerOutputs>
>;
