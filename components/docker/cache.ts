/**
 * Cache (Docker): Redis on the internal `data` network. Only the TLS port is
 * open (`port 0`, `tls-port 6379`, the dev CA's certificate); the password
 * (`requirepass`, from `random`) sits in redis.conf, a read-only file, never
 * on the command line; AOF and snapshots persist to a named volume.
 * redis.conf is rendered by lib/dev/redis.ts. The workload gets the whole
 * REDIS_URL (`rediss://:<password>@cache:6379`) as a file, as on AWS it gets
 * it from Secrets Manager.
 */
import * as pulumi from "@pulumi/pulumi";
import { REDIS_TLS_PORT, renderRedisConf } from "../../lib/dev/redis";
import { SERVICE_HOSTS } from "../../lib/dev/services";
import { COMPONENT_TYPES } from "../contracts";
import { filePath, ownedBy } from "./container";
import { dataService, DataServiceArgs, TLS_FILES } from "./dataService";

/** The official image's `redis` user. */
export const REDIS_USER = "999:999";
export const REDIS_DATA_DIR = "/data";
export const CACHE_FILES = {
  conf: "redis.conf",
  ...TLS_FILES,
} as const;

/** REDIS_URL: TLS (`rediss://`) with the password. */
export function devRedisUrl(password: string): string {
  return `rediss://:${encodeURIComponent(password)}@${SERVICE_HOSTS.cache}:${REDIS_TLS_PORT}`;
}

/** Reads the password from redis.conf into REDISCLI_AUTH (not argv) and pings over TLS. */
export function cacheHealthcheck(): string[] {
  const conf = filePath(CACHE_FILES.conf);
  return [
    "CMD-SHELL",
    `REDISCLI_AUTH="$(sed -n 's/^requirepass //p' ${conf})" redis-cli --tls --cacert ${filePath(CACHE_FILES.ca)} -h 127.0.0.1 -p ${REDIS_TLS_PORT} ping | grep -q PONG`,
  ];
}

export interface CacheArgs extends DataServiceArgs {
  /** Memory limit (MiB); swap is not allowed beyond it. @default 256 */
  readonly memoryMb?: number;
}

export class Cache extends pulumi.ComponentResource {
  /** REDIS_URL with the password (secret). */
  public readonly url: pulumi.Output<string>;
  public readonly containerName: pulumi.Output<string>;

  constructor(name: string, args: CacheArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.Cache, name, {}, opts);
    const f = CACHE_FILES;
    const own = ownedBy(REDIS_USER);
    const { password, container } = dataService(
      name,
      args,
      {
        service: "cache",
        server: "redis",
        user: REDIS_USER,
        dataDir: REDIS_DATA_DIR,
        passwordLength: 64,
        memoryMb: args.memoryMb ?? 256,
        files: (secretPassword, tls) => [
          // redis.conf holds the password (requirepass), so it is a secret file.
          own.secret(
            f.conf,
            secretPassword.apply((pw) =>
              renderRedisConf({
                tlsPort: REDIS_TLS_PORT,
                certFile: filePath(f.cert),
                keyFile: filePath(f.key),
                caFile: filePath(f.ca),
                password: pw,
                dataDir: REDIS_DATA_DIR,
              }),
            ),
          ),
          ...tls,
        ],
        container: {
          command: ["redis-server", filePath(f.conf)],
          tmpfs: { "/tmp": "rw,noexec,nosuid,size=16m" },
          healthcheck: cacheHealthcheck(),
        },
      },
      this,
    );

    this.url = pulumi.secret(pulumi.all([password, container.id]).apply(([pw]) => devRedisUrl(pw)));
    this.containerName = container.name;
    this.registerOutputs({ url: this.url, containerName: this.containerName });
  }
}
