/**
 * The foundation of an AWS stack, built first: the customer managed key, the
 * network (its own, or on a preview its base stack's), and the application's
 * own secrets.
 */
import * as pulumi from "@pulumi/pulumi";
import { Encryption } from "./encryption";
import { Network } from "./network";
import type { AwsPlatformContext, BuiltAws } from "./platformContext";
import { Secrets } from "./secrets";
import { SharedNetwork } from "./sharedNetwork";

export interface AwsFoundation {
  /** The stack's CMK: every encrypted resource uses it. */
  readonly kmsKeyArn: pulumi.Output<string>;
  /** The network every other component is placed in. */
  readonly network: BuiltAws<"Network">;
  /** The stack's own network (what it exports); undefined on a preview, which reuses its base stack's. */
  readonly ownNetwork: Network | undefined;
  readonly secrets: BuiltAws<"Secrets">;
}

export function createFoundation(ctx: AwsPlatformContext): AwsFoundation {
  const { cfg, naming } = ctx;
  const { name, opts, keep } = ctx.wiring;
  const p = cfg.profile;
  const encryption = keep(
    "Encryption",
    new Encryption(
      name("Encryption"),
      {
        naming,
        region: cfg.region,
        deletionWindowDays: p.encryption.keyDeletionWindowDays,
        protect: p.protect,
      },
      opts("Encryption"),
    ),
  );
  const kmsKeyArn = encryption.keyArn;
  const network = createNetwork(ctx, kmsKeyArn);
  const secrets = keep(
    "Secrets",
    new Secrets(
      name("Secrets"),
      {
        naming,
        kmsKeyArn,
        recoveryWindowDays: p.secrets.recoveryWindowDays,
        protect: p.protect,
      },
      opts("Secrets"),
    ),
  );
  return {
    kmsKeyArn,
    network,
    ownNetwork: network instanceof Network ? network : undefined,
    secrets,
  };
}

/**
 * A preview reuses its base stack's network (no VPC, NAT or EIP per PR) behind
 * the same component type and name; every other stack builds its own, which
 * needs a NAT gateway.
 */
function createNetwork(
  ctx: AwsPlatformContext,
  kmsKeyArn: pulumi.Output<string>,
): Network | SharedNetwork {
  const { cfg, naming } = ctx;
  const { name, opts, keep } = ctx.wiring;
  const p = cfg.profile;
  if (p.network.mode === "shared") {
    return keep(
      "Network",
      new SharedNetwork(
        name("Network"),
        {
          naming,
          region: cfg.region,
          networkStack: cfg.networkStack,
          azCount: p.network.azCount,
          sharedTier: cfg.previewDataTier === "shared",
        },
        opts("Network"),
      ),
    );
  }
  if (p.network.natGateways === "none") {
    throw new pulumi.RunError(
      `the ${cfg.environment} profile builds its own network without NAT, which this program does not support`,
    );
  }
  return keep(
    "Network",
    new Network(
      name("Network"),
      {
        naming,
        region: cfg.region,
        cidr: cfg.vpcCidr,
        azCount: p.network.azCount,
        natGateways: p.network.natGateways,
        flowLogs: p.observability.flowLogs,
        logRetentionDays: p.observability.logRetentionDays,
        kmsKeyArn,
      },
      opts("Network"),
    ),
  );
}
