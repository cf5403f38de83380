/**
 * Running one deployability rule over a few resources, as the analyzer would
 * (through the offline runner), on a pinned evaluation date.
 */
import { Policy } from "@pulumi/policy";
import { checkResources } from "../../cli/check/runner";
import { Resource } from "../../cli/core/resource";
import { PlatformPolicy } from "../lib/define";

/** The evaluation date of the deployability specs (the data files were read that day). */
export const TODAY = new Date("2026-11-30T12:00:00Z");

/** `policy`'s violations over `resources`, as "resource: message". */
export async function run(
  policy: PlatformPolicy,
  resources: readonly Resource[],
  opts: { now?: Date; config?: Record<string, unknown> } = {},
): Promise<string[]> {
  const result = await checkResources(resources, {
    policies: [policy as Policy],
    environment: "prod",
    config: { [policy.name]: opts.config ?? {} },
    stackName: "prod",
    now: opts.now ?? TODAY,
  });
  return result.violations.map((v) => `${v.resource.name}: ${v.message}`);
}
