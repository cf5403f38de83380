import type * as pulumi from "@pulumi/pulumi";

/**
 * What a stack with its own network exports as its `network` output, for
 * previews to read. Plain values once resolved.
 */
export interface NetworkExport {
  readonly vpcId: string;
  readonly region: string;
  /** The exporting stack's environment: previews may share only staging's network. */
  readonly environment: string;
  readonly publicSubnetIds: string[];
  readonly privateSubnetIds: string[];
  readonly isolatedSubnetIds: string[];
}

/**
 * What a stack exports: the service URL and the endpoints a developer needs.
 * Never a secret value: secrets are referenced by ARN (AWS) or file (dev).
 */
export interface PlatformOutputs {
  readonly serviceUrl: pulumi.Output<string>;
  readonly endpoints: Readonly<Record<string, pulumi.Output<string>>>;
  /** The VPC and subnets, on an AWS stack that builds its own network (previews read it). */
  readonly network?: pulumi.Output<NetworkExport>;
  /** Staging's shared preview tier (previews on `previewDataTier=shared` read it). */
  readonly previewTier?: pulumi.Output<unknown>;
}
