/**
 * SharedNetwork (AWS): a preview's Network. It creates no VPC, subnets, NAT
 * gateway or Elastic IP: it reads the base stack's network (staging's) through
 * a `pulumi.StackReference` and adds the preview's own security groups, with
 * the same edges as every other stack, in that VPC. On the shared tier it has
 * no database or cache group: the preview's data lives in the shared tier's.
 *
 * It registers the same component type and logical name as `Network`, and
 * exposes the same outputs, so the rest of the platform — and `platform
 * topology` — cannot tell the two apart.
 */
import * as pulumi from "@pulumi/pulumi";
import type { NameContext } from "../../lib/naming";
import { previewNetworkEnvironmentProblem } from "../../lib/previewNetwork";
import { AwsNetworkOutputs, COMPONENT_TYPES } from "../contracts";
import type { NetworkExport } from "../outputs";

export type { NetworkExport } from "../outputs";
import { createSecurityGroups, SecurityGroupIds } from "./securityGroups";

/** The outputs a Network offers the rest of the platform (`Network` and `SharedNetwork`). */
export type NetworkOutputs = AwsNetworkOutputs;

/** What `Network` and `SharedNetwork` register: the same outputs, so the two cannot be told apart. */
export function registeredNetworkOutputs(network: NetworkOutputs): pulumi.Inputs {
  return {
    vpcId: network.vpcId,
    publicSubnetIds: network.publicSubnetIds,
    privateSubnetIds: network.privateSubnetIds,
    isolatedSubnetIds: network.isolatedSubnetIds,
    securityGroups: network.securityGroups,
  };
}

/** The name of the base stack's output that SharedNetwork reads. */
export const NETWORK_OUTPUT = "network";

/** Builds the `network` export of a stack from its Network. */
export function networkExport(
  network: NetworkOutputs,
  region: string,
  environment: string,
): pulumi.Output<NetworkExport> {
  return pulumi.output({
    vpcId: network.vpcId,
    region,
    environment,
    publicSubnetIds: network.publicSubnetIds,
    privateSubnetIds: network.privateSubnetIds,
    isolatedSubnetIds: network.isolatedSubnetIds,
  });
}

export interface SharedNetworkArgs {
  /** Naming context (project, environment, PR) of the preview. */
  readonly naming: NameContext;
  /** The preview's AWS region; the base stack's network must be in it. */
  readonly region: string;
  /** The stack whose network to reuse: a stack name or `<org>/<project>/<stack>`. */
  readonly networkStack: string;
  /** Subnets of each tier to use (the base stack must have at least this many). @default 2 */
  readonly azCount?: number;
  /**
   * The preview uses staging's shared preview tier (its ALB, PostgreSQL and Redis): its own ALB
   * group takes no traffic from the internet, and it has no database or cache group. @default false
   */
  readonly sharedTier?: boolean;
}

/** Checks the base stack's `network` output; throws one line naming the stack and what is wrong. */
export function checkNetworkExport(
  value: unknown,
  networkStack: string,
  region: string,
  azCount: number,
): NetworkExport {
  const where = `the ${NETWORK_OUTPUT} output of stack ${networkStack}`;
  if (value === undefined || value === null || typeof value !== "object") {
    throw new Error(
      `${where} is missing: deploy ${networkStack} with this program first (it exports vpcId, region and subnet ids)`,
    );
  }
  const n = value as Record<string, unknown>;
  if (typeof n.vpcId !== "string" || n.vpcId === "") {
    throw new Error(`${where} has no vpcId`);
  }
  const environmentProblem = previewNetworkEnvironmentProblem(n.environment, networkStack);
  if (environmentProblem !== undefined) throw new Error(environmentProblem);
  if (n.region !== region) {
    throw new Error(
      `${where} is in region ${String(n.region)}, but this preview deploys to ${region}: set aws:region to ${String(n.region)}`,
    );
  }
  for (const tier of ["publicSubnetIds", "privateSubnetIds", "isolatedSubnetIds"]) {
    const ids = n[tier];
    if (!Array.isArray(ids) || ids.length < azCount || ids.some((id) => typeof id !== "string")) {
      throw new Error(
        `${where} must list at least ${azCount} ${tier}, got ${JSON.stringify(ids ?? null)}`,
      );
    }
  }
  return n as unknown as NetworkExport;
}

export class SharedNetwork extends pulumi.ComponentResource implements NetworkOutputs {
  public readonly vpcId: pulumi.Output<string>;
  public readonly publicSubnetIds: pulumi.Output<string>[];
  public readonly privateSubnetIds: pulumi.Output<string>[];
  public readonly isolatedSubnetIds: pulumi.Output<string>[];
  public readonly securityGroups: SecurityGroupIds;
  /** The base stack this network comes from. */
  public readonly networkStack: string;

  constructor(name: string, args: SharedNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.Network, name, {}, opts);
    const azCount = args.azCount ?? 2;
    if (args.networkStack.trim() === "") {
      throw new pulumi.ResourceError('sharedNetwork.networkStack must name a stack, got ""', this);
    }
    const base = new pulumi.StackReference(
      `${name}-base`,
      { name: args.networkStack },
      { parent: this },
    );
    const shared = base
      .getOutput(NETWORK_OUTPUT)
      .apply((v: unknown) => checkNetworkExport(v, args.networkStack, args.region, azCount));
    const subnets = (tier: "publicSubnetIds" | "privateSubnetIds" | "isolatedSubnetIds") =>
      Array.from({ length: azCount }, (_, i) => shared.apply((n) => n[tier][i]));

    this.networkStack = args.networkStack;
    this.vpcId = shared.apply((n) => n.vpcId);
    this.publicSubnetIds = subnets("publicSubnetIds");
    this.privateSubnetIds = subnets("privateSubnetIds");
    this.isolatedSubnetIds = subnets("isolatedSubnetIds");
    // The preview's own groups in the shared VPC: the same edges as every stack, less those of
    // the shared tier's data groups.
    this.securityGroups = createSecurityGroups(
      name,
      args.naming,
      this.vpcId,
      this,
      args.sharedTier ?? false,
    );
    this.registerOutputs(registeredNetworkOutputs(this));
  }
}
