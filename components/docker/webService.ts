/**
 * WebService (Docker): the application container and, in front of it, an
 * unprivileged nginx reverse proxy (lib/dev/nginx.ts): TLS 1.2/1.3 with the
 * dev CA's certificate, HSTS and security headers, plain HTTP answering only
 * with a redirect, published on 127.0.0.1 only. The proxy is the one
 * container on the `edge` network; the app sits on the internal `app` and
 * `data` networks.
 *
 * The app receives the same contract as on AWS: plain values as environment
 * variables, secrets as read-only files named by `X_FILE` variables.
 */
import * as pulumi from "@pulumi/pulumi";
import { renderNginxConf } from "../../lib/dev/nginx";
import { SERVICE_HOSTS } from "../../lib/dev/services";
import { AppPlainValues, AppSecretValues, COMPONENT_TYPES } from "../contracts";
import {
  contextOf,
  DockerContext,
  filePath,
  ownedBy,
  pulledImage,
  serviceWithFiles,
} from "./container";
import type { ServerCertificate } from "./encryption";
import { nodeHealthcheck } from "./notifications";

/** The app image's non-root user (app/Dockerfile), as on ECS. */
export const APP_USER = "10001:10001";
export const APP_PORT = 8080;
/** nginx-unprivileged's `nginx` user. */
export const PROXY_USER = "101:101";
/** Docker's embedded DNS server, which resolves the app's alias per request. */
export const DOCKER_DNS = "127.0.0.11";

/** The files the workload reads (APP_SECRET_KEY_FILE and friends). */
export const APP_FILES = {
  ca: "ca.crt",
  appSecretKey: "app-secret-key",
  databasePassword: "database-password",
  redisUrl: "redis-url",
  s3AccessKeyId: "s3-access-key-id",
  s3SecretAccessKey: "s3-secret-access-key",
  webhookToken: "webhook-token",
} as const;
export const PROXY_FILES = {
  conf: "nginx.conf",
  cert: "server.crt",
  key: "server.key",
  ca: "ca.crt",
} as const;

/** The contract's plain values in Docker. */
export interface AppEnvironment extends AppPlainValues {
  readonly ENVIRONMENT: string;
}

/** The contract's secrets, delivered as files, and the object store's credentials. */
export interface AppSecrets extends AppSecretValues {
  /** The workload's object store credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY). */
  readonly S3_ACCESS_KEY_ID: pulumi.Input<string>;
  readonly S3_SECRET_ACCESS_KEY: pulumi.Input<string>;
}

export interface WebServiceArgs extends DockerContext {
  /** The application image (built from app/ or pulled). */
  readonly appImage: pulumi.Input<string>;
  /** Pinned nginx-unprivileged image. */
  readonly proxyImage: string;
  /** `edge` (the proxy, published), `app` (proxy → app) and `data` (app → database, cache, objects). */
  readonly networks: {
    readonly edge: pulumi.Input<string>;
    readonly app: pulumi.Input<string>;
    readonly data: pulumi.Input<string>;
  };
  /** The application contract's plain values. */
  readonly environment: AppEnvironment;
  /** The application contract's secrets, given to the app as files. */
  readonly secrets: AppSecrets;
  /** The dev CA (PEM): the app verifies the database, the cache and the object store with it. */
  readonly caCertPem: pulumi.Input<string>;
  /** The proxy's certificate (localhost, 127.0.0.1). */
  readonly certificate: ServerCertificate;
  /** Host port of HTTPS on 127.0.0.1 (also the proxy's own port, so the redirect names it). */
  readonly httpsPort: number;
  /** Host port of the redirect on 127.0.0.1. */
  readonly httpPort: number;
  /** The app's memory limit (MiB), from the profile. */
  readonly memoryMb: number;
  /** The proxy's memory limit (MiB). @default 128 */
  readonly proxyMemoryMb?: number;
}

/** The app's environment: `NAME=value` for plain values, `NAME_FILE=<path>` for secrets, sorted. */
export function appEnvs(env: Readonly<Record<string, string>>): string[] {
  return Object.keys(env)
    .sort()
    .map((k) => `${k}=${env[k]}`);
}

export class WebService extends pulumi.ComponentResource {
  /** https://127.0.0.1:<httpsPort> */
  public readonly url: pulumi.Output<string>;
  public readonly appContainerName: pulumi.Output<string>;
  public readonly proxyContainerName: pulumi.Output<string>;

  constructor(name: string, args: WebServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.WebService, name, {}, opts);
    const ctx = contextOf(args);
    const a = APP_FILES;
    const appFiles = ownedBy(APP_USER);

    const env = args.environment;
    const app = serviceWithFiles(
      `${name}-app`,
      {
        ...ctx,
        service: "app",
        image: args.appImage,
        user: APP_USER,
        memoryMb: args.memoryMb,
        files: [
          appFiles.readOnly(a.ca, args.caCertPem),
          appFiles.secret(a.appSecretKey, args.secrets.APP_SECRET_KEY),
          appFiles.secret(a.databasePassword, args.secrets.DATABASE_PASSWORD),
          appFiles.secret(a.redisUrl, args.secrets.REDIS_URL),
          appFiles.secret(a.s3AccessKeyId, args.secrets.S3_ACCESS_KEY_ID),
          appFiles.secret(a.s3SecretAccessKey, args.secrets.S3_SECRET_ACCESS_KEY),
        ],
        init: true,
        envs: pulumi
          .all([
            env.DATABASE_URL,
            env.NOTIFY_TARGET,
            env.S3_BUCKET,
            env.S3_ENDPOINT,
            env.OTEL_EXPORTER_OTLP_ENDPOINT,
          ])
          .apply(([databaseUrl, notifyTarget, bucket, endpoint, tracesEndpoint]) =>
            appEnvs({
              APP_SECRET_KEY_FILE: filePath(a.appSecretKey),
              AWS_ACCESS_KEY_ID_FILE: filePath(a.s3AccessKeyId),
              AWS_SECRET_ACCESS_KEY_FILE: filePath(a.s3SecretAccessKey),
              CA_BUNDLE_FILE: filePath(a.ca),
              DATABASE_PASSWORD_FILE: filePath(a.databasePassword),
              DATABASE_URL: databaseUrl,
              ENVIRONMENT: env.ENVIRONMENT,
              NOTIFY_TARGET: notifyTarget,
              OTEL_EXPORTER_OTLP_ENDPOINT: tracesEndpoint,
              PORT: String(APP_PORT),
              REDIS_URL_FILE: filePath(a.redisUrl),
              S3_BUCKET: bucket,
              S3_ENDPOINT: endpoint,
            }),
          ),
        tmpfs: { "/tmp": "rw,noexec,nosuid,size=64m" },
        networks: [
          { name: args.networks.app, aliases: [SERVICE_HOSTS.app] },
          { name: args.networks.data, aliases: [] },
        ],
        healthcheck: nodeHealthcheck(APP_PORT),
      },
      this,
    );

    const p = PROXY_FILES;
    const proxyFiles = ownedBy(PROXY_USER);
    const proxyImage = pulledImage(`${name}-proxy-image`, args.proxyImage, this);
    const proxy = serviceWithFiles(
      `${name}-proxy`,
      {
        ...ctx,
        service: "proxy",
        image: proxyImage.imageId,
        user: PROXY_USER,
        memoryMb: args.proxyMemoryMb ?? 128,
        files: [
          proxyFiles.readOnly(
            p.conf,
            renderNginxConf({
              serverName: "localhost",
              upstream: `${SERVICE_HOSTS.app}:${APP_PORT}`,
              httpsPort: args.httpsPort,
              httpPort: args.httpPort,
              certFile: filePath(p.cert),
              keyFile: filePath(p.key),
              resolver: DOCKER_DNS,
              runDir: "/tmp",
            }),
          ),
          proxyFiles.readOnly(p.cert, args.certificate.certPem),
          proxyFiles.secret(p.key, args.certificate.privateKeyPem, "0600"),
          proxyFiles.readOnly(p.ca, args.caCertPem),
        ],
        // nginx itself, not the image's entrypoint scripts (they rewrite files under /etc/nginx).
        entrypoints: ["nginx", "-c", filePath(p.conf)],
        tmpfs: { "/tmp": "rw,noexec,nosuid,size=32m" },
        networks: [
          { name: args.networks.edge, aliases: [SERVICE_HOSTS.proxy] },
          { name: args.networks.app, aliases: [SERVICE_HOSTS.proxy] },
        ],
        ports: [
          { internal: args.httpsPort, external: args.httpsPort, ip: "127.0.0.1", protocol: "tcp" },
          { internal: args.httpPort, external: args.httpPort, ip: "127.0.0.1", protocol: "tcp" },
        ],
        healthcheck: [
          "CMD",
          "curl",
          "-fsS",
          "-o",
          "/dev/null",
          "--cacert",
          filePath(p.ca),
          `https://localhost:${args.httpsPort}/nginx-health`,
        ],
        dependsOn: [app],
      },
      this,
    );

    this.url = proxy.id.apply(() => `https://127.0.0.1:${args.httpsPort}`);
    this.appContainerName = app.name;
    this.proxyContainerName = proxy.name;
    this.registerOutputs({
      url: this.url,
      appContainerName: this.appContainerName,
      proxyContainerName: this.proxyContainerName,
    });
  }
}
