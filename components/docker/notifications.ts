/**
 * Notifications (Docker): a local sink the developer can read. A tiny
 * Node.js server (lib/dev/sink.ts) on the internal `app` network prints every
 * notification the file processor POSTs as one JSON line:
 * `docker logs -f <project>-dev-notifications`. NOTIFY_TARGET is its URL, as
 * on AWS it is the SNS topic's ARN.
 */
import * as pulumi from "@pulumi/pulumi";
import { SERVICE_HOSTS } from "../../lib/dev/services";
import { renderSinkScript, SINK_PATH, SINK_PORT } from "../../lib/dev/sink";
import { COMPONENT_TYPES } from "../contracts";
import {
  contextOf,
  DockerContext,
  filePath,
  pulledImage,
  ownedBy,
  serviceWithFiles,
} from "./container";

/** The Node.js image's `node` user. */
export const SINK_USER = "1000:1000";
export const SINK_FILE = "sink.js";

export function devNotifyTarget(): string {
  return `http://${SERVICE_HOSTS.notifications}:${SINK_PORT}${SINK_PATH}`;
}

/** A health check for Node.js containers: GET http://127.0.0.1:<port>/healthz must answer 2xx. */
export function nodeHealthcheck(port: number): string[] {
  return [
    "CMD",
    "node",
    "-e",
    `fetch('http://127.0.0.1:${port}/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
  ];
}

/** The sink's memory limit: room for the sink (~51 MiB) and a health check (~62 MiB) at once. */
export const SINK_MEMORY_MB = 192;

export interface NotificationsArgs extends DockerContext {
  /** Pinned Node.js image. */
  readonly image: string;
  /** The `app` network. */
  readonly network: pulumi.Input<string>;
  /**
   * Memory limit (MiB), shared by the sink and each run of its health check,
   * a second Node process. Measured on Node 24.21.0 (x86_64, 2026-11-30;
   * policy-pack/data/process-footprints.json): the sink peaks at about
   * 51 MiB, one health check at about 62 MiB, so 96 MiB would OOM-kill a
   * health check and mark the sink unhealthy; the pack's
   * docker-healthcheck-fits-memory rule refuses less than 142 MiB. @default SINK_MEMORY_MB
   */
  readonly memoryMb?: number;
}

export class Notifications extends pulumi.ComponentResource {
  /** NOTIFY_TARGET. */
  public readonly target: pulumi.Output<string>;
  public readonly containerName: pulumi.Output<string>;

  constructor(name: string, args: NotificationsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.Notifications, name, {}, opts);
    const image = pulledImage(`${name}-image`, args.image, this);
    const container = serviceWithFiles(
      `${name}-sink`,
      {
        ...contextOf(args),
        service: "notifications",
        image: image.imageId,
        user: SINK_USER,
        memoryMb: args.memoryMb ?? SINK_MEMORY_MB,
        files: [ownedBy(SINK_USER).readOnly(SINK_FILE, renderSinkScript({ port: SINK_PORT }))],
        init: true,
        command: ["node", filePath(SINK_FILE)],
        tmpfs: { "/tmp": "rw,noexec,nosuid,size=8m" },
        networks: [{ name: args.network, aliases: [SERVICE_HOSTS.notifications] }],
        healthcheck: nodeHealthcheck(SINK_PORT),
      },
      this,
    );
    this.target = container.id.apply(() => devNotifyTarget());
    this.containerName = container.name;
    this.registerOutputs({ target: this.target, containerName: this.containerName });
  }
}
