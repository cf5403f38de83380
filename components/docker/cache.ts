/**
 * Cache (Docker): Redis on the internal `data` network. Only the TLS port is
 * open (`port 0`, `tls-port 6379`, the dev CA's certificate); the password
 * (`requirepass`, from `random`) sits in redis.conf, a read-only file, never
 * on the command line; AOF and snapshots persist to a named volume.
 * redis.conf is rendered by lib/dev/redis.ts. The workload gets the whole
 * REDIS_URL (`rediss://:<password>@cache:6379`) as a file, as on AWS it gets
 * it from Secrets Manager.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { REDIS_TLS_PORT, renderRedisConf } from "../../lib/dev/redis";
import { dockerName, SERVICE_HOSTS } from "../../lib/dev/services";
import { COMPONENT_TYPES } from "../contracts";
import {
  containerFiles,
  DockerContext,
  FILES_DIR,
  labelList,
  pulledImage,
  serviceContainer,
} from "./container";
import type { ServerCertificate } from "./encryption";

/** The official image's `redis` user. */
export const REDIS_USER = "999:999";
export const REDIS_DATA_DIR = "/data";
export const CACHE_FILES = {
  conf: "redis.conf",
  cert: "server.crt",
  key: "server.key",
  ca: "ca.crt",
} as const;

/** REDIS_URL: TLS (`rediss://`) with the password. */
export function devRedisUrl(password: string): string {
  return `rediss://:${encodeURIComponent(password)}@${SERVICE_HOSTS.cache}:${REDIS_TLS_PORT}`;
}

/** Reads the password from redis.conf into REDISCLI_AUTH (not argv) and pings over TLS. */
export function cacheHealthcheck(): string[] {
  const conf = `${FILES_DIR}/${CACHE_FILES.conf}`;
  return [
    "CMD-SHELL",
    `REDISCLI_AUTH="$(sed -n 's/^requirepass //p' ${conf})" redis-cli --tls --cacert ${FILES_DIR}/${CACHE_FILES.ca} -h 127.0.0.1 -p ${REDIS_TLS_PORT} ping | grep -q PONG`,
  ];
}

export interface CacheArgs extends DockerContext {
  /** Pinned Redis image (built with TLS, as the official one is). */
  readonly image: string;
  /** The `data` network. */
  readonly network: pulumi.Input<string>;
  /** The dev CA (PEM), installed as Redis's CA file (its health check verifies the server with it). */
  readonly caCertPem: pulumi.Input<string>;
  /** The server certificate and key for the `cache` host name. */
  readonly certificate: ServerCertificate;
  /** Memory limit (MiB); swap is not allowed beyond it. @default 256 */
  readonly memoryMb?: number;
}

export class Cache extends pulumi.ComponentResource {
  /** REDIS_URL with the password (secret). */
  public readonly url: pulumi.Output<string>;
  public readonly containerName: pulumi.Output<string>;

  constructor(name: string, args: CacheArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.Cache, name, {}, opts);
    const ctx: DockerContext = { naming: args.naming, labels: args.labels };
    const image = pulledImage(`${name}-image`, args.image, this);
    // Letters and digits: nothing to escape in redis.conf or in the URL.
    const password = new random.RandomPassword(
      `${name}-password`,
      { length: 64, special: false },
      { parent: this },
    );
    const secretPassword = pulumi.secret(password.result);
    const data = new docker.Volume(
      `${name}-data`,
      {
        name: dockerName(args.naming, "cache-data"),
        labels: labelList({ ...args.labels, "platform.service": SERVICE_HOSTS.cache }),
      },
      { parent: this },
    );
    const f = CACHE_FILES;
    const files = containerFiles(
      `${name}-redis`,
      {
        ...ctx,
        service: "cache",
        image: image.imageId,
        files: [
          {
            path: f.conf,
            content: secretPassword.apply((pw) =>
              renderRedisConf({
                tlsPort: REDIS_TLS_PORT,
                certFile: `${FILES_DIR}/${f.cert}`,
                keyFile: `${FILES_DIR}/${f.key}`,
                caFile: `${FILES_DIR}/${f.ca}`,
                password: pw,
                dataDir: REDIS_DATA_DIR,
              }),
            ),
            owner: REDIS_USER,
            mode: "0400",
            secret: true,
          },
          { path: f.cert, content: args.certificate.certPem, owner: REDIS_USER, mode: "0444" },
          {
            path: f.key,
            content: args.certificate.privateKeyPem,
            owner: REDIS_USER,
            mode: "0600",
            secret: true,
          },
          { path: f.ca, content: args.caCertPem, owner: REDIS_USER, mode: "0444" },
        ],
      },
      this,
    );
    const container = serviceContainer(
      `${name}-redis`,
      {
        ...ctx,
        service: "cache",
        image: image.imageId,
        user: REDIS_USER,
        memoryMb: args.memoryMb ?? 256,
        files,
        command: ["redis-server", `${FILES_DIR}/${f.conf}`],
        tmpfs: { "/tmp": "rw,noexec,nosuid,size=16m" },
        mounts: [{ type: "volume", source: data.name, target: REDIS_DATA_DIR }],
        networks: [{ name: args.network, aliases: [SERVICE_HOSTS.cache] }],
        healthcheck: cacheHealthcheck(),
      },
      this,
    );

    this.url = pulumi.secret(
      pulumi.all([secretPassword, container.id]).apply(([pw]) => devRedisUrl(pw)),
    );
    this.containerName = container.name;
    this.registerOutputs({ url: this.url, containerName: this.containerName });
  }
}
