/**
 * Database (Docker): PostgreSQL in a container on the internal `data`
 * network, its data on a named volume. TLS is on with the dev CA's
 * certificate; pg_hba accepts only `hostssl` + SCRAM and rejects everything
 * else; the password comes from `random` and reaches the server (and the
 * workload) as a file. postgresql.conf and pg_hba.conf are rendered by
 * lib/dev/postgres.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  DEV_DATABASE_NAME,
  DEV_DATABASE_USER,
  POSTGRES_PORT,
  renderPgHba,
  renderPostgresConf,
} from "../../lib/dev/postgres";
import { SERVICE_HOSTS } from "../../lib/dev/services";
import { COMPONENT_TYPES } from "../contracts";
import { filePath, ownedBy } from "./container";
import { dataService, DataServiceArgs, TLS_FILES } from "./dataService";

/** The official image's `postgres` user. */
export const POSTGRES_USER = "999:999";
export const POSTGRES_DATA_DIR = "/var/lib/postgresql/data";
export const DATABASE_FILES = {
  conf: "postgresql.conf",
  hba: "pg_hba.conf",
  ...TLS_FILES,
  password: "postgres-password",
} as const;

/** DATABASE_URL: no password, TLS with full verification of the dev CA's certificate. */
export function devDatabaseUrl(): string {
  return `postgres://${DEV_DATABASE_USER}@${SERVICE_HOSTS.db}:${POSTGRES_PORT}/${DEV_DATABASE_NAME}?sslmode=verify-full`;
}

export interface DatabaseArgs extends DataServiceArgs {
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
    const f = DATABASE_FILES;
    const own = ownedBy(POSTGRES_USER);
    const { password, container } = dataService(
      name,
      args,
      {
        service: "db",
        server: "postgres",
        user: POSTGRES_USER,
        dataDir: POSTGRES_DATA_DIR,
        passwordLength: 40,
        memoryMb: args.memoryMb ?? 512,
        files: (secretPassword, tls) => [
          own.readOnly(
            f.conf,
            renderPostgresConf({
              certFile: filePath(f.cert),
              keyFile: filePath(f.key),
              caFile: filePath(f.ca),
              hbaFile: filePath(f.hba),
            }),
          ),
          own.readOnly(f.hba, renderPgHba()),
          ...tls,
          own.secret(f.password, secretPassword),
        ],
        container: {
          envs: [
            `POSTGRES_DB=${DEV_DATABASE_NAME}`,
            `POSTGRES_PASSWORD_FILE=${filePath(f.password)}`,
            `POSTGRES_USER=${DEV_DATABASE_USER}`,
            `PGDATA=${POSTGRES_DATA_DIR}`,
          ],
          command: ["postgres", "-c", `config_file=${filePath(f.conf)}`],
          tmpfs: {
            "/tmp": "rw,noexec,nosuid,size=64m",
            "/var/run/postgresql": "rw,noexec,nosuid,size=8m",
          },
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
      },
      this,
    );

    this.url = container.id.apply(() => devDatabaseUrl());
    this.password = password;
    this.containerName = container.name;
    this.registerOutputs({
      url: this.url,
      password: this.password,
      containerName: this.containerName,
    });
  }
}
