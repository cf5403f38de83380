/**
 * FileProcessor (Docker): the same handler code as the AWS Lambda, in the
 * application image's worker mode (`node dist/worker.js`): an HTTP webhook on
 * the internal `data` network that MinIO calls with each new upload's bucket
 * notification (the S3 event JSON), authenticated by a bearer token. It reads
 * the object, writes the database and notifies the sink on the `app` network.
 */
import * as pulumi from "@pulumi/pulumi";
import { SERVICE_HOSTS } from "../../lib/dev/services";
import { DEV_TRACES_ENDPOINT } from "../../lib/observability/tracing";
import { COMPONENT_TYPES, FileProcessorContractArgs } from "../contracts";
import { contextOf, DockerContext, filePath, ownedBy, serviceWithFiles } from "./container";
import { nodeHealthcheck } from "./notifications";
import { FILE_PROCESSOR_WEBHOOK_PORT, fileProcessorWebhookUrl } from "./objectStore";
import { APP_FILES, APP_USER, appEnvs } from "./webService";

/** The app image's worker entry point (app/src/worker.ts, compiled). */
export const WORKER_COMMAND = ["node", "dist/worker.js"];

export interface FileProcessorArgs extends DockerContext, FileProcessorContractArgs {
  /** The application image (the web service's). */
  readonly appImage: pulumi.Input<string>;
  /** The `app` network (its webhook, its metrics) and the `data` network (database, object store). */
  readonly networks: { readonly app: pulumi.Input<string>; readonly data: pulumi.Input<string> };
  /** The dev CA (PEM): the worker verifies the database and the object store with it. */
  readonly caCertPem: pulumi.Input<string>;
  /** The database password (secret), given to the worker as a file. */
  readonly databasePassword: pulumi.Input<string>;
  /** The object store's HTTPS endpoint (S3_ENDPOINT). */
  readonly s3Endpoint: pulumi.Input<string>;
  /** The workload's object store access key (secret, as a file). */
  readonly s3AccessKeyId: pulumi.Input<string>;
  /** The workload's object store secret key (secret, as a file). */
  readonly s3SecretAccessKey: pulumi.Input<string>;
  /** The bearer token the object store sends. */
  readonly webhookToken: pulumi.Input<string>;
  /** Where the worker posts notifications (NOTIFY_TARGET: the notification sink). */
  readonly notifyTarget: pulumi.Input<string>;
  /** Memory limit (MiB), from the profile. */
  readonly memoryMb: number;
}

export class FileProcessor extends pulumi.ComponentResource {
  public readonly containerName: pulumi.Output<string>;
  /** Where the object store delivers notifications. */
  public readonly webhookUrl: pulumi.Output<string>;

  constructor(name: string, args: FileProcessorArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.FileProcessor, name, {}, opts);
    const a = APP_FILES;
    const appFiles = ownedBy(APP_USER);
    const container = serviceWithFiles(
      `${name}-worker`,
      {
        ...contextOf(args),
        service: "fileProcessor",
        image: args.appImage,
        user: APP_USER,
        memoryMb: args.memoryMb,
        files: [
          appFiles.readOnly(a.ca, args.caCertPem),
          appFiles.secret(a.databasePassword, args.databasePassword),
          appFiles.secret(a.s3AccessKeyId, args.s3AccessKeyId),
          appFiles.secret(a.s3SecretAccessKey, args.s3SecretAccessKey),
          appFiles.secret(a.webhookToken, args.webhookToken),
        ],
        init: true,
        command: WORKER_COMMAND,
        envs: pulumi
          .all([args.databaseUrl, args.bucketName, args.s3Endpoint, args.notifyTarget])
          .apply(([databaseUrl, bucket, endpoint, notifyTarget]) =>
            appEnvs({
              AWS_ACCESS_KEY_ID_FILE: filePath(a.s3AccessKeyId),
              AWS_SECRET_ACCESS_KEY_FILE: filePath(a.s3SecretAccessKey),
              CA_BUNDLE_FILE: filePath(a.ca),
              DATABASE_PASSWORD_FILE: filePath(a.databasePassword),
              DATABASE_URL: databaseUrl,
              ENVIRONMENT: args.environmentName,
              NOTIFY_TARGET: notifyTarget,
              // The trace store on the app network (lib/observability/tracing.ts).
              OTEL_EXPORTER_OTLP_ENDPOINT: DEV_TRACES_ENDPOINT,
              PORT: String(FILE_PROCESSOR_WEBHOOK_PORT),
              S3_BUCKET: bucket,
              S3_ENDPOINT: endpoint,
              WEBHOOK_TOKEN_FILE: filePath(a.webhookToken),
            }),
          ),
        tmpfs: { "/tmp": "rw,noexec,nosuid,size=64m" },
        networks: [
          { name: args.networks.data, aliases: [SERVICE_HOSTS.fileProcessor] },
          { name: args.networks.app, aliases: [] },
        ],
        healthcheck: nodeHealthcheck(FILE_PROCESSOR_WEBHOOK_PORT),
      },
      this,
    );
    this.containerName = container.name;
    this.webhookUrl = container.id.apply(() => fileProcessorWebhookUrl());
    this.registerOutputs({ containerName: this.containerName, webhookUrl: this.webhookUrl });
  }
}
