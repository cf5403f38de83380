/**
 * Observability (Docker): every container logs to Docker's json-file driver
 * (rotated at 3 × 10 MB), so `docker logs -f <container>` is the dev
 * stack's log view; health is `docker ps` (every container has a health
 * check). No alarms or dashboards: nobody is paged for a laptop. The
 * component exists so that the topology is the same as on AWS.
 */
import * as pulumi from "@pulumi/pulumi";
import { COMPONENT_TYPES } from "../contracts";

export interface ObservabilityArgs {
  /** The containers whose logs the developer reads. */
  readonly containers: Readonly<Record<string, pulumi.Input<string>>>;
}

export class Observability extends pulumi.ComponentResource {
  /** `docker logs -f <container>`, by service. */
  public readonly logCommands: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.Observability, name, {}, opts);
    this.logCommands = pulumi
      .output(args.containers)
      .apply((c) =>
        Object.fromEntries(Object.entries(c).map(([k, v]) => [k, `docker logs -f ${v}`])),
      );
    this.registerOutputs({ logCommands: this.logCommands });
  }
}
