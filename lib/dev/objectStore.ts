/**
 * The dev object store (MinIO): the entrypoint script that starts it with
 * TLS and credentials read from files, creates the uploads bucket, gives the
 * workload its own least-privilege user, and points the bucket's
 * notifications at the file processor's webhook; and the policy of that user.
 */

export const OBJECT_STORE_PORT = 9000;
/** The webhook target's identifier (the `_<ID>` of MinIO's MINIO_NOTIFY_WEBHOOK_* variables). */
export const WEBHOOK_TARGET_ID = "FILEPROCESSOR";
/** The ARN MinIO gives that target, which the bucket's notification rule names. */
export const WEBHOOK_TARGET_ARN = `arn:minio:sqs::${WEBHOOK_TARGET_ID}:webhook`;
/** The MinIO policy attached to the workload's user. */
export const APP_POLICY_NAME = "platform-app";

/** Where the entrypoint keeps mc's configuration (the dev CA it trusts), under the scratch folder. */
export function mcConfigDir(scratchDir: string): string {
  return `${scratchDir}/.mc`;
}

/** File names under the object store's files folder. */
export const OBJECT_STORE_FILES = {
  rootUser: "root-user",
  rootPassword: "root-password",
  webhookToken: "webhook-token",
  appAccessKey: "app-access-key",
  appSecretKey: "app-secret-key",
  appPolicy: "app-policy.json",
  /** MinIO's --certs-dir: public.crt, private.key and CAs/. */
  certsDir: "certs",
} as const;

export interface ObjectStoreScriptOptions {
  /** The uploads bucket (S3_BUCKET). */
  readonly bucket: string;
  /** Folder holding the OBJECT_STORE_FILES (mounted read-only). */
  readonly filesDir: string;
  /** Where MinIO keeps objects. */
  readonly dataDir: string;
  /** Writable scratch folder (mc's configuration, the ready marker). */
  readonly scratchDir: string;
  /** Only upload keys ending in this suffix notify the file processor. @default ".csv" */
  readonly suffix?: string;
  /** @default 9000 */
  readonly port?: number;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PATH = /^\/[A-Za-z0-9_./-]*$/;

/** The file whose presence says the bucket, user and notification rule are in place (the health check looks for it). */
export function readyMarker(scratchDir: string): string {
  return `${scratchDir}/objectstore-ready`;
}

/** POSIX sh: runs as the container's main process (MinIO's image has sh, cat, cp, mkdir, sleep and mc). */
export function renderObjectStoreEntrypoint(o: ObjectStoreScriptOptions): string {
  if (!BUCKET.test(o.bucket))
    throw new Error(
      `renderObjectStoreEntrypoint: bucket must be an S3 bucket name, got ${JSON.stringify(o.bucket)}`,
    );
  for (const [name, value] of [
    ["filesDir", o.filesDir],
    ["dataDir", o.dataDir],
    ["scratchDir", o.scratchDir],
  ] as const) {
    if (!PATH.test(value))
      throw new Error(
        `renderObjectStoreEntrypoint: ${name} must be an absolute plain path, got ${JSON.stringify(value)}`,
      );
  }
  const suffix = o.suffix ?? ".csv";
  if (!/^[A-Za-z0-9._-]*$/.test(suffix))
    throw new Error(
      `renderObjectStoreEntrypoint: suffix must be plain, got ${JSON.stringify(suffix)}`,
    );
  const port = o.port ?? OBJECT_STORE_PORT;
  const f = OBJECT_STORE_FILES;
  return `#!/bin/sh
# Entrypoint of the dev object store (rendered by lib/dev/objectStore.ts).
# Secrets are read from files into this process's environment only: they never
# appear in the container's configuration (docker inspect) or on a command line.
set -eu
FILES=${o.filesDir}
MINIO_ROOT_USER="$(cat "$FILES/${f.rootUser}")"
MINIO_ROOT_PASSWORD="$(cat "$FILES/${f.rootPassword}")"
MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN_${WEBHOOK_TARGET_ID}="$(cat "$FILES/${f.webhookToken}")"
export MINIO_ROOT_USER MINIO_ROOT_PASSWORD MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN_${WEBHOOK_TARGET_ID}

minio server --address ":${port}" --certs-dir "$FILES/${f.certsDir}" ${o.dataDir} &
server=$!
trap 'kill -TERM "$server" 2>/dev/null; wait "$server"; exit 0' TERM INT

# mc trusts the dev CA through its configuration folder.
export MC_CONFIG_DIR=${mcConfigDir(o.scratchDir)}
mkdir -p "$MC_CONFIG_DIR/certs/CAs"
cp "$FILES/${f.certsDir}/CAs/ca.crt" "$MC_CONFIG_DIR/certs/CAs/ca.crt"
MC_HOST_local="https://$MINIO_ROOT_USER:$MINIO_ROOT_PASSWORD@localhost:${port}"
export MC_HOST_local

tries=0
until mc ready local >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "objectstore: MinIO did not become ready in 60 s" >&2
    kill -TERM "$server" 2>/dev/null || true
    exit 1
  fi
  sleep 1
done

mc mb --ignore-existing "local/${o.bucket}"
mc admin policy create local ${APP_POLICY_NAME} "$FILES/${f.appPolicy}"
app_user="$(cat "$FILES/${f.appAccessKey}")"
mc admin user add local "$app_user" "$(cat "$FILES/${f.appSecretKey}")"
mc admin policy attach local ${APP_POLICY_NAME} --user "$app_user" >/dev/null 2>&1 || true
mc event add --ignore-existing "local/${o.bucket}" ${WEBHOOK_TARGET_ARN} --event put --suffix "${suffix}"
unset MC_HOST_local MINIO_ROOT_PASSWORD
touch ${readyMarker(o.scratchDir)}
echo "objectstore: bucket ${o.bucket} ready; new ${suffix} objects notify ${WEBHOOK_TARGET_ARN}"

wait "$server"
`;
}

/** The workload's MinIO policy: the same rights as its AWS task role on the bucket. */
export function appObjectStorePolicy(bucket: string): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "UploadsObjects",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: [`arn:aws:s3:::${bucket}/*`],
      },
      {
        Sid: "UploadsList",
        Effect: "Allow",
        Action: ["s3:ListBucket"],
        Resource: [`arn:aws:s3:::${bucket}`],
      },
    ],
  };
}

export interface WebhookTargetOptions {
  /** The file processor's webhook, e.g. http://file-processor:8080/events. */
  readonly endpoint: string;
  /** Where MinIO queues events while the webhook is down. */
  readonly queueDir: string;
}

/** The MinIO server settings that are not secret, as container environment variables. */
export function objectStoreEnvironment(o: WebhookTargetOptions): Record<string, string> {
  return {
    MINIO_BROWSER: "off",
    [`MINIO_NOTIFY_WEBHOOK_ENABLE_${WEBHOOK_TARGET_ID}`]: "on",
    [`MINIO_NOTIFY_WEBHOOK_ENDPOINT_${WEBHOOK_TARGET_ID}`]: o.endpoint,
    [`MINIO_NOTIFY_WEBHOOK_QUEUE_DIR_${WEBHOOK_TARGET_ID}`]: o.queueDir,
  };
}
