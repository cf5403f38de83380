/**
 * The base of a component kind with more than one AWS implementation: a
 * Database is its own RDS instance (`Database`) or, for a preview on the shared
 * tier, its own database in staging's shared instance (`SharedDatabase`); a
 * Cache likewise. Both implementations register the kind's type token and set
 * the kind's outputs (components/contracts.ts `AwsOutputs`) once, with
 * `publish`, so the rest of the platform and `platform topology` cannot tell
 * them apart.
 */
import * as pulumi from "@pulumi/pulumi";
import { AwsOutputs, COMPONENT_TYPES, ComponentKind } from "../contracts";

export abstract class KindComponent<K extends ComponentKind> extends pulumi.ComponentResource {
  protected constructor(kind: K, name: string, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES[kind], name, {}, opts);
  }

  /** Sets the kind's outputs on this component and registers them, all at once. */
  protected publish(outputs: AwsOutputs[K]): void {
    Object.assign(this, outputs);
    this.registerOutputs({ ...outputs });
  }
}
