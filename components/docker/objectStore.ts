/**
 * ObjectStore (Docker): MinIO, the S3-compatible server, on the internal
 * `data` network, serving TLS with the dev CA's certificate. Its entrypoint
 * (lib/dev/objectStore.ts) reads the credentials from files, creates the
 * uploads bucket (S3_BUCKET), gives the workload its own user limited to
 * that bucket (as its AWS task role is), and points the bucket's
 * notifications for new `.csv` objects at the file processor's webhook
 * (MinIO's stand-in for S3 → Lambda).
 *
 * Objects live on a tmpfs: MinIO runs as a non-root user, and a new named
 * volume's root belongs to root (the MinIO image has no directory a non-root
 * user owns to copy ownership from). Dev uploads therefore last until the
 * container restarts; the database, which holds what the processor made of
 * them, persists.
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { physicalName } from "../../lib/naming";
import {
  appObjectStorePolicy,
  OBJECT_STORE_FILES,
  OBJECT_STORE_PORT,
  objectStoreEnvironment,
  readyMarker,
  renderObjectStoreEntrypoint,
} from "../../lib/dev/objectStore";
import { SERVICE_HOSTS } from "../../lib/dev/services";
import { COMPONENT_TYPES } from "../contracts";
import {
  contextOf,
  DockerContext,
  FILES_DIR,
  filePath,
  ownedBy,
  pulledImage,
  serviceWithFiles,
} from "./container";
import type { ServerCertificate } from "./encryption";

/** MinIO's image has no user; any non-root uid works. */
export const OBJECT_STORE_USER = "10002:10002";
export const OBJECT_STORE_DATA_DIR = "/data";
export const OBJECT_STORE_SCRATCH_DIR = "/tmp";
export const ENTRYPOINT_FILE = "entrypoint.sh";
/** Where the file processor (worker mode of the app image) receives MinIO's bucket notifications. */
export const FILE_PROCESSOR_WEBHOOK_PORT = 8080;
export const FILE_PROCESSOR_WEBHOOK_PATH = "/events";

export function devS3Endpoint(): string {
  return `https://${SERVICE_HOSTS.objectStore}:${OBJECT_STORE_PORT}`;
}

export function fileProcessorWebhookUrl(): string {
  return `http://${SERVICE_HOSTS.fileProcessor}:${FILE_PROCESSOR_WEBHOOK_PORT}${FILE_PROCESSOR_WEBHOOK_PATH}`;
}

export interface ObjectStoreArgs extends DockerContext {
  /** Pinned MinIO image (it must ship `mc`, as the official one does). */
  readonly image: string;
  /** The `data` network. */
  readonly network: pulumi.Input<string>;
  /** The dev CA (PEM), installed in MinIO's certs/CAs (the CAs it trusts for outgoing TLS). */
  readonly caCertPem: pulumi.Input<string>;
  /** The server certificate and key for the object store's host name. */
  readonly certificate: ServerCertificate;
  /** Size of the tmpfs holding the objects (MiB). @default 512 */
  readonly dataSizeMb?: number;
  /** Memory limit (MiB); swap is not allowed beyond it. @default 1024 (the objects' tmpfs counts against it) */
  readonly memoryMb?: number;
}

export class ObjectStore extends pulumi.ComponentResource {
  /** S3_BUCKET. */
  public readonly bucketName: pulumi.Output<string>;
  /** S3_ENDPOINT. */
  public readonly endpoint: pulumi.Output<string>;
  /** The workload's credentials (secret). */
  public readonly appAccessKeyId: pulumi.Output<string>;
  public readonly appSecretAccessKey: pulumi.Output<string>;
  /** The bearer token MinIO sends with each notification (secret); the file processor requires it. */
  public readonly webhookToken: pulumi.Output<string>;
  public readonly containerName: pulumi.Output<string>;

  constructor(name: string, args: ObjectStoreArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.ObjectStore, name, {}, opts);
    const bucket = physicalName(args.naming, "uploads", "s3Bucket");
    const image = pulledImage(`${name}-image`, args.image, this);
    const secret = (role: string, length: number) =>
      pulumi.secret(
        new random.RandomPassword(`${name}-${role}`, { length, special: false }, { parent: this })
          .result,
      );
    const rootUser = secret("root-user", 20);
    const rootPassword = secret("root-password", 40);
    const appAccessKeyId = secret("app-access-key", 20);
    const appSecretAccessKey = secret("app-secret-key", 40);
    const webhookToken = secret("webhook-token", 48);

    const f = OBJECT_STORE_FILES;
    const [uid, gid] = OBJECT_STORE_USER.split(":");
    const own = ownedBy(OBJECT_STORE_USER);
    const env = objectStoreEnvironment({
      endpoint: fileProcessorWebhookUrl(),
      queueDir: `${OBJECT_STORE_SCRATCH_DIR}/minio-events`,
    });
    const container = serviceWithFiles(
      `${name}-minio`,
      {
        ...contextOf(args),
        service: "objectStore",
        image: image.imageId,
        user: OBJECT_STORE_USER,
        memoryMb: args.memoryMb ?? 1024,
        files: [
          own.readOnly(
            ENTRYPOINT_FILE,
            renderObjectStoreEntrypoint({
              bucket,
              filesDir: FILES_DIR,
              dataDir: OBJECT_STORE_DATA_DIR,
              scratchDir: OBJECT_STORE_SCRATCH_DIR,
            }),
          ),
          own.readOnly(f.appPolicy, JSON.stringify(appObjectStorePolicy(bucket), null, 2)),
          own.readOnly(`${f.certsDir}/public.crt`, args.certificate.certPem),
          own.secret(`${f.certsDir}/private.key`, args.certificate.privateKeyPem, "0600"),
          own.readOnly(`${f.certsDir}/CAs/ca.crt`, args.caCertPem),
          own.secret(f.rootUser, rootUser),
          own.secret(f.rootPassword, rootPassword),
          own.secret(f.appAccessKey, appAccessKeyId),
          own.secret(f.appSecretKey, appSecretAccessKey),
          own.secret(f.webhookToken, webhookToken),
        ],
        entrypoints: ["/bin/sh", filePath(ENTRYPOINT_FILE)],
        envs: [
          `HOME=${OBJECT_STORE_SCRATCH_DIR}`,
          ...Object.keys(env)
            .sort()
            .map((k) => `${k}=${env[k]}`),
        ],
        tmpfs: {
          [OBJECT_STORE_SCRATCH_DIR]: "rw,noexec,nosuid,size=64m",
          [OBJECT_STORE_DATA_DIR]: `rw,noexec,nosuid,nodev,size=${args.dataSizeMb ?? 512}m,uid=${uid},gid=${gid},mode=0700`,
        },
        networks: [{ name: args.network, aliases: [SERVICE_HOSTS.objectStore] }],
        // Healthy once the bucket, the workload's user and the notification rule exist.
        healthcheck: ["CMD-SHELL", `test -f ${readyMarker(OBJECT_STORE_SCRATCH_DIR)}`],
        startPeriodSeconds: 60,
      },
      this,
    );

    this.bucketName = container.id.apply(() => bucket);
    this.endpoint = container.id.apply(() => devS3Endpoint());
    this.appAccessKeyId = appAccessKeyId;
    this.appSecretAccessKey = appSecretAccessKey;
    this.webhookToken = webhookToken;
    this.containerName = container.name;
    this.registerOutputs({
      bucketName: this.bucketName,
      endpoint: this.endpoint,
      appAccessKeyId: this.appAccessKeyId,
      appSecretAccessKey: this.appSecretAccessKey,
      webhookToken: this.webhookToken,
      containerName: this.containerName,
    });
  }
}
