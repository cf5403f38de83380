import type * as pulumi from "@pulumi/pulumi";

/**
 * What a stack exports: the service URL and the endpoints a developer needs.
 * Never a secret value: secrets are referenced by ARN (AWS) or file (dev).
 */
export interface PlatformOutputs {
  readonly serviceUrl: pulumi.Output<string>;
  readonly endpoints: Readonly<Record<string, pulumi.Output<string>>>;
}
