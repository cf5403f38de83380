/**
 * Building blocks every Docker component uses: a hardened service container
 * and the read-only files (configuration, certificates, secrets) it mounts.
 *
 * Why files go through a volume and a "loader" container: the Docker Engine
 * refuses to copy files into a container whose root filesystem is read-only
 * ("container rootfs is marked read-only"; the provider's `uploads` extract at
 * `/`), and it cannot copy into a read-only volume either. So each service
 * gets a named volume that a created-but-never-started loader container
 * receives the `uploads` into, and the service mounts that volume read-only.
 * The loader never runs: it has no network, no capabilities and no process.
 *
 * File ownership: each upload sets a numeric `owner`/`group`, which the
 * service's user needs for its 0400/0600 files (PostgreSQL refuses a key it
 * does not own unless root owns it with at most 0640). These two fields are
 * in @pulumi/docker 5.2.0's schema (types/input.d.ts, ContainerUpload: "numeric
 * IDs can be used directly"), and the Engine keeps a tar entry's uid/gid when
 * copying into a container (PUT /containers/{id}/archive without copyUIDGID).
 * They are NOT in the provider source readable here (terraform-provider-docker
 * master of 2026-07-22 writes tar headers without uid/gid; pulumi-docker
 * v5.1.0's schema has no owner/group), so with an older provider every file
 * would be root:root. package.json pins @pulumi/docker to exactly 5.2.0 (its
 * plugin is the one the CLI installs), and this was not run against a Docker
 * engine here.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { NameContext } from "../../lib/naming";
import { dockerName, DevService, SERVICE_HOSTS } from "../../lib/dev/services";
import { LOG_FORWARD_ADDRESS } from "../../lib/observability/devStack";

/** Where every container finds its files (read-only). */
export const FILES_DIR = "/run/platform";
/** The label whose value changes when a container's files change, so the container is replaced and reads them again. */
export const FILES_DIGEST_LABEL = "platform.files-sha256";
/** The label naming the service a container or volume belongs to. */
export const SERVICE_LABEL = "platform.service";
/** The user of the loader containers, which never run. */
export const LOADER_USER = "65534:65534";

/** What every Docker resource of the stack carries. */
export interface DockerContext {
  /** Naming context (project, environment). */
  readonly naming: NameContext;
  /** `dockerLabels(...)`: environment, project, owner, cost center, stack. */
  readonly labels: Readonly<Record<string, string>>;
}

/** The DockerContext part of a component's Args (which extend it with their own fields). */
export function contextOf(args: DockerContext): DockerContext {
  return { naming: args.naming, labels: args.labels };
}

export function labelList(
  labels: Readonly<Record<string, string>>,
): docker.types.input.ContainerLabel[] {
  return Object.keys(labels)
    .sort()
    .map((label) => ({ label, value: labels[label] }));
}

/** A file a container reads from FILES_DIR. */
export interface ContainerFile {
  /** Path under FILES_DIR, e.g. `certs/private.key`. */
  readonly path: string;
  readonly content: pulumi.Input<string>;
  /** Numeric `uid:gid` that owns the file (the server's user: PostgreSQL refuses a key it does not own). */
  readonly owner: string;
  /** Octal permissions, e.g. `0400`. */
  readonly mode: "0400" | "0440" | "0444" | "0600";
  /** Wrap the content in `pulumi.secret` (passwords, private keys, files holding either). */
  readonly secret?: boolean;
}

/** Where a container reads its file `file` (a path under FILES_DIR). */
export function filePath(file: string): string {
  return `${FILES_DIR}/${file}`;
}

/** The files of one container user (`uid:gid`), which owns each of them. */
export interface OwnedFiles {
  /** A file its service only reads (configuration, certificates, scripts): mode 0444. */
  readOnly(path: string, content: pulumi.Input<string>): ContainerFile;
  /**
   * A secret file (a password, key or token): readable by its owner only
   * (0400, or 0600 where the server insists on it), its content wrapped in
   * `pulumi.secret`.
   */
  secret(path: string, content: pulumi.Input<string>, mode?: "0400" | "0600"): ContainerFile;
}

/** Files owned by `owner`, the service's numeric `uid:gid`. */
export function ownedBy(owner: string): OwnedFiles {
  return {
    readOnly: (path, content) => ({ path, content, owner, mode: "0444" }),
    secret: (path, content, mode = "0400") => ({ path, content, owner, mode, secret: true }),
  };
}

export interface ContainerFilesArgs extends DockerContext {
  /** The service the files are for (names the volume and the loader). */
  readonly service: DevService;
  /** The image the loader is created from (the service's own: already pulled). */
  readonly image: pulumi.Input<string>;
  /** The files to load into the volume, each with its owner and mode. */
  readonly files: readonly ContainerFile[];
}

/** A service's files: the volume, its loader, the read-only mount and the digest label. */
export interface ContainerFiles {
  readonly volume: docker.Volume;
  readonly loader: docker.Container;
  readonly mount: docker.types.input.ContainerMount;
  /** sha256 of every path, owner, mode and content (not secret: it reveals nothing of the values). */
  readonly digest: pulumi.Output<string>;
}

const OWNER = /^\d+:\d+$/;

export function containerFiles(
  name: string,
  args: ContainerFilesArgs,
  parent: pulumi.Resource,
): ContainerFiles {
  const host = SERVICE_HOSTS[args.service];
  for (const f of args.files) {
    if (!OWNER.test(f.owner))
      throw new pulumi.ResourceError(
        `file ${f.path}: owner must be numeric uid:gid, got ${JSON.stringify(f.owner)}`,
        parent,
      );
    if (f.path.startsWith("/") || f.path.includes(".."))
      throw new pulumi.ResourceError(
        `file ${f.path}: path must be relative to ${FILES_DIR}`,
        parent,
      );
  }
  const labels = labelList({ ...args.labels, [SERVICE_LABEL]: host });
  const volume = new docker.Volume(
    `${name}-files`,
    { name: dockerName(args.naming, `${host}-files`), labels },
    { parent },
  );
  const uploads = args.files.map((f) => {
    const [uid, gid] = f.owner.split(":");
    return {
      file: filePath(f.path),
      content: f.secret === true ? pulumi.secret(f.content) : f.content,
      owner: uid,
      group: gid,
      permissions: f.mode,
    };
  });
  const loader = new docker.Container(
    `${name}-files-loader`,
    {
      name: dockerName(args.naming, `${host}-files-loader`),
      image: args.image,
      // Created, never started: it only receives the uploads into the volume.
      start: false,
      mustRun: false,
      restart: "no",
      networkMode: "none",
      user: LOADER_USER,
      // The one container that is not read-only: the Engine copies `uploads` through its root filesystem.
      readOnly: false,
      capabilities: { drops: ["ALL"] },
      securityOpts: ["no-new-privileges:true"],
      memory: 16,
      labels: labelList({ ...args.labels, [SERVICE_LABEL]: `${host}-files-loader` }),
      mounts: [{ type: "volume", source: volume.name, target: FILES_DIR, readOnly: false }],
      uploads,
    },
    // A fixed container name cannot exist twice: replace by deleting first.
    { parent, deleteBeforeReplace: true },
  );
  const digest = pulumi.unsecret(
    pulumi.all(args.files.map((f) => pulumi.output(f.content))).apply((contents) => {
      const h = createHash("sha256");
      args.files.forEach((f, i) => h.update(`${f.path}\0${f.owner}\0${f.mode}\0${contents[i]}\0`));
      return h.digest("hex");
    }),
  );
  return {
    volume,
    loader,
    mount: { type: "volume", source: volume.name, target: FILES_DIR, readOnly: true },
    digest,
  };
}

/** How a container joins a network. */
export interface NetworkAttachment {
  readonly name: pulumi.Input<string>;
  readonly aliases: string[];
}

export interface ServiceContainerArgs extends DockerContext {
  /** The service: its container name, host name (network alias) and service label. */
  readonly service: DevService;
  /** The image to run (a pulled or built image's ID or reference). */
  readonly image: pulumi.Input<string>;
  /** Numeric `uid:gid`, never root. */
  readonly user: string;
  /** Memory limit (MiB); swap is not allowed beyond it. */
  readonly memoryMb: number;
  /** The health check's command (`CMD …` or `CMD-SHELL …`). */
  readonly healthcheck: string[];
  /** The networks the container joins, with its aliases on each. */
  readonly networks: readonly NetworkAttachment[];
  /** Its files volume (`containerFiles`), mounted read-only at FILES_DIR. @default none */
  readonly files?: ContainerFiles;
  /** Environment variables, `NAME=value`. @default none (the image's) */
  readonly envs?: pulumi.Input<pulumi.Input<string>[]>;
  /** Replaces the image's entry point. @default the image's */
  readonly entrypoints?: string[];
  /** Replaces the image's command. @default the image's */
  readonly command?: string[];
  /** tmpfs mounts for scratch space (the root filesystem is read-only): path → mount options. @default none */
  readonly tmpfs?: Record<string, string>;
  /** Extra mounts (data volumes). @default none */
  readonly mounts?: docker.types.input.ContainerMount[];
  /** Published ports; each must be bound to 127.0.0.1. @default none (not published) */
  readonly ports?: docker.types.input.ContainerPort[];
  /** Run an init process as PID 1 (reaps zombies, forwards signals to node). @default false */
  readonly init?: boolean;
  /** Seconds the health check may fail while the server starts. @default 30 */
  readonly startPeriodSeconds?: number;
  /** Resources to create first (beyond the files' loader). @default none */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
  /**
   * Seconds a replace or destroy waits for the server to stop after its stop
   * signal before it is killed. Without it the provider stops the container
   * with a zero timeout, which is an immediate SIGKILL.
   * @default STATEFUL_STOP_GRACE_SECONDS[service]; none (killed at once) for stateless services
   */
  readonly destroyGraceSeconds?: number;
}

/**
 * How long the servers that keep data on a volume (PostgreSQL, Redis) may
 * take to shut down cleanly (checkpoint, flush, fsync) on a replace or
 * destroy. The Docker provider stops a container with
 * `destroy_grace_seconds` as the stop timeout, and with 0 when it is unset,
 * which is an immediate SIGKILL mid-write (kreuzwerker/terraform-provider-docker,
 * which @pulumi/docker bridges: internal/provider/resource_docker_container_funcs.go,
 * resourceDockerContainerDelete, master 83c00e0 of 2026-07-22, read
 * 2026-11-30). PostgreSQL's image stops with SIGINT (fast shutdown, with a
 * checkpoint), Redis with SIGTERM (a final save). The other services keep
 * their state on tmpfs, which a stop loses anyway.
 */
export const STATEFUL_STOP_GRACE_SECONDS: Readonly<Partial<Record<DevService, number>>> = {
  db: 60,
  cache: 30,
};

export interface ServiceWithFilesArgs extends Omit<ServiceContainerArgs, "files"> {
  /** The files the service reads from FILES_DIR, each with its owner and mode. */
  readonly files: readonly ContainerFile[];
}

/**
 * A service's container and its files, under one name: the files volume and
 * its loader (`containerFiles`, from the service's own image), then the
 * container (`serviceContainer`) mounting it read-only.
 */
export function serviceWithFiles(
  name: string,
  args: ServiceWithFilesArgs,
  parent: pulumi.Resource,
): docker.Container {
  const files = containerFiles(
    name,
    { ...contextOf(args), service: args.service, image: args.image, files: args.files },
    parent,
  );
  return serviceContainer(name, { ...args, files }, parent);
}

/** The health check timing shared by every service. */
export function healthcheck(
  tests: string[],
  startPeriodSeconds = 30,
): docker.types.input.ContainerHealthcheck {
  return {
    tests,
    interval: "10s",
    timeout: "5s",
    retries: 5,
    startPeriod: `${startPeriodSeconds}s`,
  };
}

/**
 * A long-running service container, hardened: non-root user, read-only root
 * filesystem, every capability dropped, no privilege escalation, a memory
 * limit, a health check (which `pulumi up` waits for), restart unless
 * stopped, the stack's labels, and logs sent to the dev log store (Loki)
 * through Docker's fluentd log driver; `docker logs` keeps working through
 * the daemon's local cache ("dual logging", Docker Engine 20.10+). The log
 * shipper itself logs to rotated JSON files, so it never feeds itself.
 */
export function serviceContainer(
  name: string,
  args: ServiceContainerArgs,
  parent: pulumi.Resource,
): docker.Container {
  if (!OWNER.test(args.user) || args.user.startsWith("0:")) {
    throw new pulumi.ResourceError(
      `${args.service}: user must be a numeric non-root uid:gid, got ${JSON.stringify(args.user)}`,
      parent,
    );
  }
  for (const p of args.ports ?? []) {
    if ((p as { ip?: unknown }).ip !== "127.0.0.1") {
      throw new pulumi.ResourceError(
        `${args.service}: published ports must be bound to 127.0.0.1`,
        parent,
      );
    }
  }
  const labels: Record<string, pulumi.Input<string>> = {
    ...args.labels,
    [SERVICE_LABEL]: SERVICE_HOSTS[args.service],
  };
  if (args.files !== undefined) labels[FILES_DIGEST_LABEL] = args.files.digest;
  const grace = args.destroyGraceSeconds ?? STATEFUL_STOP_GRACE_SECONDS[args.service];
  return new docker.Container(
    name,
    {
      name: dockerName(args.naming, args.service),
      image: args.image,
      user: args.user,
      readOnly: true,
      capabilities: { drops: ["ALL"] },
      securityOpts: ["no-new-privileges:true"],
      memory: args.memoryMb,
      memorySwap: args.memoryMb,
      restart: "unless-stopped",
      init: args.init ?? false,
      healthcheck: healthcheck(args.healthcheck, args.startPeriodSeconds),
      wait: true,
      waitTimeout: 180,
      ...(grace !== undefined ? { destroyGraceSeconds: grace } : {}),
      labels: Object.keys(labels)
        .sort()
        .map((label) => ({ label, value: labels[label] })),
      ...containerLogging(args.service),
      networksAdvanced: args.networks.map((n) => ({ name: n.name, aliases: n.aliases })),
      ...(args.envs !== undefined ? { envs: args.envs } : {}),
      ...(args.entrypoints !== undefined ? { entrypoints: args.entrypoints } : {}),
      ...(args.command !== undefined ? { command: args.command } : {}),
      ...(args.tmpfs !== undefined ? { tmpfs: args.tmpfs } : {}),
      mounts: [...(args.files !== undefined ? [args.files.mount] : []), ...(args.mounts ?? [])],
      ...(args.ports !== undefined ? { ports: args.ports } : {}),
    },
    {
      parent,
      deleteBeforeReplace: true,
      dependsOn: [
        ...(args.files !== undefined ? [args.files.loader] : []),
        ...(args.dependsOn ?? []),
      ],
    },
  );
}

/**
 * How a service's logs leave it. `fluentd-async` lets a container start while
 * the shipper is not up yet (the driver buffers and reconnects); the tag is
 * the container's name, which becomes the `container` label in Loki.
 */
export function containerLogging(
  service: DevService,
): Pick<docker.ContainerArgs, "logDriver" | "logOpts"> {
  if (service === "logShipper") {
    return { logDriver: "json-file", logOpts: { "max-size": "10m", "max-file": "3" } };
  }
  return {
    logDriver: "fluentd",
    logOpts: {
      "fluentd-address": LOG_FORWARD_ADDRESS,
      "fluentd-async": "true",
      tag: "{{.Name}}",
    },
  };
}

/** Pulls a pinned image once and keeps it when the stack is destroyed (other stacks and offline re-creates reuse it). */
export function pulledImage(
  name: string,
  ref: string,
  parent: pulumi.Resource,
): docker.RemoteImage {
  return new docker.RemoteImage(name, { name: ref, keepLocally: true }, { parent });
}
