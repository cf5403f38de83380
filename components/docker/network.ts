/**
 * Network (Docker): user-defined bridge networks. `edge` is the only network
 * with a way out, and only the reverse proxy joins it (its ports are
 * published on 127.0.0.1); `app` (proxy, workload, notification sink) and
 * `data` (workload, database, cache, object store) are `internal`: no route
 * to the host's network or the internet, so a data service is reachable only
 * from the containers that share its network.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { dockerName } from "../../lib/dev/services";
import { COMPONENT_TYPES } from "../contracts";
import { DockerContext, labelList } from "./container";

/** The networks and whether each is internal. */
export const DEV_NETWORKS = { edge: false, app: true, data: true } as const;
export type DevNetwork = keyof typeof DEV_NETWORKS;

export type NetworkArgs = DockerContext;

export class Network extends pulumi.ComponentResource {
  /** Docker network names, by role. */
  public readonly names: Readonly<Record<DevNetwork, pulumi.Output<string>>>;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.Network, name, {}, opts);
    const make = (role: DevNetwork) =>
      new docker.Network(
        `${name}-${role}`,
        {
          name: dockerName(args.naming, `net-${role}`),
          driver: "bridge",
          internal: DEV_NETWORKS[role],
          attachable: false,
          labels: labelList({ ...args.labels, "platform.network": role }),
        },
        { parent: this },
      ).name;
    this.names = { edge: make("edge"), app: make("app"), data: make("data") };
    this.registerOutputs({ names: this.names });
  }
}
