/**
 * What the dev data services (PostgreSQL, Redis) share: a pinned image, a
 * generated password (secret), a named data volume that outlives the
 * container, the server's TLS files (certificate, key readable by the server
 * only, the dev CA) owned by the server's user, and one hardened container on
 * the internal `data` network that mounts the volume and its files.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { dockerName, SERVICE_HOSTS } from "../../lib/dev/services";
import {
  ContainerFile,
  contextOf,
  DockerContext,
  labelList,
  ownedBy,
  pulledImage,
  ServiceContainerArgs,
  serviceWithFiles,
} from "./container";
import type { ServerCertificate } from "./encryption";

/** What every data service component takes. */
export interface DataServiceArgs extends DockerContext {
  /** Pinned server image. */
  readonly image: string;
  /** The `data` network. */
  readonly network: pulumi.Input<string>;
  /** The dev CA (PEM), installed next to the server certificate. */
  readonly caCertPem: pulumi.Input<string>;
  /** The server certificate and key for the service's host name. */
  readonly certificate: ServerCertificate;
}

/** The TLS files every data service gets, in FILES_DIR. */
export const TLS_FILES = { cert: "server.crt", key: "server.key", ca: "ca.crt" } as const;

/** How one data service differs from the others. */
export interface DataServiceSpec {
  readonly service: "db" | "cache";
  /** Suffix of its files' and container's logical names (`<name>-postgres`). */
  readonly server: string;
  /** The image's numeric `uid:gid` that runs the server and owns its files. */
  readonly user: string;
  /** Where the server keeps its data (the volume's mount point). */
  readonly dataDir: string;
  /** Length of the generated password (letters and digits only: nothing to escape). */
  readonly passwordLength: number;
  /** Memory limit (MiB). */
  readonly memoryMb: number;
  /** Its files: its own (given the password, a secret) around the shared TLS files. */
  readonly files: (password: pulumi.Output<string>, tls: ContainerFile[]) => ContainerFile[];
  /** The container's own settings. */
  readonly container: Pick<
    ServiceContainerArgs,
    "healthcheck" | "command" | "envs" | "tmpfs" | "startPeriodSeconds"
  >;
}

export interface DataService {
  /** The generated password (secret). */
  readonly password: pulumi.Output<string>;
  readonly container: docker.Container;
}

/** The certificate (0444), the key (0600, secret) and the dev CA (0444), owned by `user`. */
export function tlsFiles(args: DataServiceArgs, user: string): ContainerFile[] {
  const own = ownedBy(user);
  return [
    own.readOnly(TLS_FILES.cert, args.certificate.certPem),
    own.secret(TLS_FILES.key, args.certificate.privateKeyPem, "0600"),
    own.readOnly(TLS_FILES.ca, args.caCertPem),
  ];
}

/** Creates the data service's resources under `parent` (a Database or Cache component). */
export function dataService(
  name: string,
  args: DataServiceArgs,
  spec: DataServiceSpec,
  parent: pulumi.Resource,
): DataService {
  const host = SERVICE_HOSTS[spec.service];
  const image = pulledImage(`${name}-image`, args.image, parent);
  const generated = new random.RandomPassword(
    `${name}-password`,
    { length: spec.passwordLength, special: false },
    { parent },
  );
  const password = pulumi.secret(generated.result);
  const data = new docker.Volume(
    `${name}-data`,
    {
      name: dockerName(args.naming, `${host}-data`),
      labels: labelList({ ...args.labels, "platform.service": host }),
    },
    // The data outlives the container; `pulumi destroy` removes it (dev keeps no backups).
    { parent },
  );
  const container = serviceWithFiles(
    `${name}-${spec.server}`,
    {
      ...contextOf(args),
      ...spec.container,
      service: spec.service,
      image: image.imageId,
      user: spec.user,
      memoryMb: spec.memoryMb,
      files: spec.files(password, tlsFiles(args, spec.user)),
      mounts: [{ type: "volume", source: data.name, target: spec.dataDir }],
      networks: [{ name: args.network, aliases: [host] }],
    },
    parent,
  );
  return { password, container };
}
