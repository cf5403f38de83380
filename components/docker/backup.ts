/**
 * Backup (Docker): none. Dev data is disposable and lives on the developer's
 * laptop; the database and cache volumes survive container restarts and
 * `pulumi up`, and `pulumi destroy` removes them. The component exists, with
 * no resources, so that the topology is the same as on AWS (it has no
 * dependents, so an empty component loses no link).
 */
import * as pulumi from "@pulumi/pulumi";
import { COMPONENT_TYPES } from "../contracts";

export class Backup extends pulumi.ComponentResource {
  /** Always false in dev. */
  public readonly enabled: pulumi.Output<boolean>;

  constructor(name: string, _args: Record<string, never>, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.Backup, name, {}, opts);
    this.enabled = pulumi.output(false);
    this.registerOutputs({ enabled: this.enabled });
  }
}
