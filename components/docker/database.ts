/**
 * Database (Docker): PostgreSQL in a container on the internal `data`
 * network, its data on a named volume. TLS is on with the dev CA's
 * certificate; pg_hba accepts only `hostssl` + SCRAM and rejects everything
 * else; the password comes from `random` and reaches the server (and the
 * workload) as a file. postgresql.conf and pg_hba.conf are rendered by
 * lib/dev/postgres.ts.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import {
  DEV_DATABASE_NAME,
  DEV_DATABASE_USER,
  POSTGRES_PORT,
  renderPgHba,
  renderPostgresConf,
} from "../../lib/dev/postgres";
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

/** The official image's `postgres` user. */
export const POSTGRES_USER = "999:999";
export const POSTGRES_DATA_DIR = "/var/lib/postgresql/data";
export const DATABASE_FILES = {
  conf: "postgresql.conf",
  hba: "pg_hba.conf",
  cert: "server.crt",
  key: "server.key",
  ca: "ca.crt",
  password: "postgres-password",
} as const;

/** DATABASE_URL: no password, TLS with full verification of the dev CA's certificate. */
export function devDatabaseUrl(): string {
  return `postgres://${DEV_DATABASE_USER}@${SERVICE_HOSTS.db}:${POSTGRES_PORT}/${DEV_DATABASE_NAME}?sslmode=verify-full`;
}

export interface DatabaseArgs extends DockerContext {
  /** Pinned PostgreSQL image. */
  readonly image: string;
  /** The `data` network. */
  readonly network: pulumi.Input<string>;
  /** The dev CA (PEM), installed next to the server certificate. */
  readonly caCertPem: pulumi.Input<string>;
  /** The server certificate and key for the `db` host name. */
  readonly certificate: ServerCertificate;
  /** Memory limit (MiB); swap is not allowed beyond it. @default 512 */
  readonly memoryMb?: number;
}

export class Database extends pulumi.ComponentResource {
  /** DATABASE_URL (without the password). */
  public readonly url: pulumi.Output<string>;
  /** DATABASE_PASSWORD (secret). */
  public readonly password: pulumi.Output<string>;
  public readonly containerName: pulumi.Output<string>;

  constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.Database, name, {}, opts);
    const ctx: DockerContext = { naming: args.naming, labels: args.labels };
    const image = pulledImage(`${name}-image`, args.image, this);
    const password = new random.RandomPassword(
      `${name}-password`,
      { length: 40, special: false },
      { parent: this },
    );
    const secretPassword = pulumi.secret(password.result);
    const data = new docker.Volume(
      `${name}-data`,
      {
        name: dockerName(args.naming, "db-data"),
        labels: labelList({ ...args.labels, "platform.service": SERVICE_HOSTS.db }),
      },
      // The data outlives the container; `pulumi destroy` removes it (dev keeps no backups).
      { parent: this },
    );
    const f = DATABASE_FILES;
    const files = containerFiles(
      `${name}-postgres`,
      {
        ...ctx,
        service: "db",
        image: image.imageId,
        files: [
          {
            path: f.conf,
            content: renderPostgresConf({
              certFile: `${FILES_DIR}/${f.cert}`,
              keyFile: `${FILES_DIR}/${f.key}`,
              caFile: `${FILES_DIR}/${f.ca}`,
              hbaFile: `${FILES_DIR}/${f.hba}`,
            }),
            owner: POSTGRES_USER,
            mode: "0444",
          },
          { path: f.hba, content: renderPgHba(), owner: POSTGRES_USER, mode: "0444" },
          { path: f.cert, content: args.certificate.certPem, owner: POSTGRES_USER, mode: "0444" },
          {
            path: f.key,
            content: args.certificate.privateKeyPem,
            owner: POSTGRES_USER,
            mode: "0600",
            secret: true,
          },
          { path: f.ca, content: args.caCertPem, owner: POSTGRES_USER, mode: "0444" },
          {
            path: f.password,
            content: secretPassword,
            owner: POSTGRES_USER,
            mode: "0400",
            secret: true,
          },
        ],
      },
      this,
    );
    const container = serviceContainer(
      `${name}-postgres`,
      {
        ...ctx,
        service: "db",
        image: image.imageId,
        user: POSTGRES_USER,
        memoryMb: args.memoryMb ?? 512,
        files,
        envs: [
          `POSTGRES_DB=${DEV_DATABASE_NAME}`,
          `POSTGRES_PASSWORD_FILE=${FILES_DIR}/${f.password}`,
          `POSTGRES_USER=${DEV_DATABASE_USER}`,
          `PGDATA=${POSTGRES_DATA_DIR}`,
        ],
        command: ["postgres", "-c", `config_file=${FILES_DIR}/${f.conf}`],
        tmpfs: {
          "/tmp": "rw,noexec,nosuid,size=64m",
          "/var/run/postgresql": "rw,noexec,nosuid,size=8m",
        },
        mounts: [{ type: "volume", source: data.name, target: POSTGRES_DATA_DIR }],
        networks: [{ name: args.network, aliases: [SERVICE_HOSTS.db] }],
        // TCP, so the check passes only after the image's first-start initialisation (socket only) is over.
        healthcheck: [
          "CMD",
          "pg_isready",
          "-h",
          "127.0.0.1",
          "-p",
          String(POSTGRES_PORT),
          "-U",
          DEV_DATABASE_USER,
          "-d",
          DEV_DATABASE_NAME,
        ],
        startPeriodSeconds: 60,
      },
      this,
    );

    this.url = container.id.apply(() => devDatabaseUrl());
    this.password = secretPassword;
    this.containerName = container.name;
    this.registerOutputs({
      url: this.url,
      password: this.password,
      containerName: this.containerName,
    });
  }
}
