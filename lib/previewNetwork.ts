/**
 * Which networks a preview may share. A preview's resources land in the VPC
 * of its `platform:networkStack`; that stack exports its environment with its
 * network (components/aws/sharedNetwork.ts `networkExport`), and only a
 * staging network is acceptable: never prod's (its data and its blast
 * radius), never another preview's or a dev stack's (they have no VPC of
 * their own). Checked twice: by `platform preview up` before anything is
 * created, and by the program when it reads the stack reference.
 */

/** The environments whose network previews may share. */
export const PREVIEW_NETWORK_ENVIRONMENTS: readonly string[] = ["staging"];

/** Why a preview may not use the network exported with `environment` by `networkStack`, or undefined. */
export function previewNetworkEnvironmentProblem(
  environment: unknown,
  networkStack: string,
): string | undefined {
  const where = `the network output of stack ${networkStack}`;
  if (environment === undefined || environment === null || environment === "") {
    return `${where} does not say which environment it belongs to: update ${networkStack} with this version of the program (it exports network.environment), then retry`;
  }
  if (typeof environment !== "string" || !PREVIEW_NETWORK_ENVIRONMENTS.includes(environment)) {
    return `${where} belongs to environment ${JSON.stringify(environment)}: previews share only a ${PREVIEW_NETWORK_ENVIRONMENTS.join(" or ")} network; set platform:networkStack to your staging stack`;
  }
  return undefined;
}
