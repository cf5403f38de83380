/**
 * Validates what an AWS Backup restore test restored, and reports the verdict with
 * PutRestoreValidationResult: the "validation step" of the restore testing plan
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-validation.md, read
 * 2026-11-30: an EventBridge rule on the restore job reaching COMPLETED invokes a validation
 * workflow, which reports FAILED | SUCCESSFUL | TIMED_OUT | VALIDATING). The same guide warns
 * that PutRestoreValidationResult is not in the SDK the Lambda runtime provides, so this module
 * is bundled with its own @aws-sdk/client-backup (scripts/build-lambda.mjs).
 *
 * The event names the job (`detail.restoreJobId`); everything else is read with
 * DescribeRestoreJob (`CreatedBy.RestoreTestingPlanArn`, `ResourceType`, `CreatedResourceArn`,
 * `Status`: https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeRestoreJob.html).
 * Jobs not started by a restore testing plan are left alone.
 *
 * - RDS: the restored instance must be `available` and encrypted.
 * - S3: the restored bucket must answer HeadBucket and list its objects.
 */

/** What the validator reads and writes; the AWS SDK in production, fakes in tests. */
export interface RestoreValidationApi {
  describeRestoreJob(id: string): Promise<{
    readonly status: string | undefined;
    readonly resourceType: string | undefined;
    readonly createdResourceArn: string | undefined;
    readonly restoreTestingPlanArn: string | undefined;
  }>;
  /** DescribeDBInstances for one instance identifier. */
  describeDbInstance(
    id: string,
  ): Promise<{ readonly status: string | undefined; readonly encrypted: boolean | undefined }>;
  /** HeadBucket, then ListObjectsV2 (at most `max` keys): how many keys came back. */
  countObjects(bucket: string, max: number): Promise<number>;
  putResult(id: string, status: "SUCCESSFUL" | "FAILED", message: string): Promise<void>;
}

export type RestoreValidationOutcome =
  | { readonly restoreJobId: string; readonly skipped: string }
  | {
      readonly restoreJobId: string;
      readonly status: "SUCCESSFUL" | "FAILED";
      readonly message: string;
    };

/** The restore job id of a "Restore Job State Change" event, or an error naming what is missing. */
export function restoreJobIdOf(event: unknown): string {
  const detail = (event as { detail?: { restoreJobId?: unknown } } | null)?.detail;
  const id = detail?.restoreJobId;
  if (typeof id !== "string" || id === "")
    throw new Error(
      "expected an AWS Backup Restore Job State Change event with detail.restoreJobId",
    );
  return id;
}

/** `arn:aws:rds:<region>:<account>:db:<id>` → `<id>`; `arn:aws:s3:::<bucket>` → `<bucket>`. */
export function resourceNameOf(arn: string, type: "RDS" | "S3"): string | undefined {
  const m =
    type === "RDS"
      ? /^arn:aws[\w-]*:rds:[^:]*:\d*:db:(.+)$/.exec(arn)
      : /^arn:aws[\w-]*:s3:::(.+)$/.exec(arn);
  return m?.[1];
}

async function verdict(
  api: RestoreValidationApi,
  type: string | undefined,
  arn: string,
): Promise<{ status: "SUCCESSFUL" | "FAILED"; message: string }> {
  if (type === "RDS") {
    const id = resourceNameOf(arn, "RDS");
    if (id === undefined) return { status: "FAILED", message: `not an RDS instance ARN: ${arn}` };
    const db = await api.describeDbInstance(id);
    if (db.status !== "available")
      return {
        status: "FAILED",
        message: `restored instance ${id} is ${db.status ?? "missing"}, not available`,
      };
    if (db.encrypted !== true)
      return { status: "FAILED", message: `restored instance ${id} is not encrypted at rest` };
    return { status: "SUCCESSFUL", message: `restored instance ${id} is available and encrypted` };
  }
  if (type === "S3") {
    const bucket = resourceNameOf(arn, "S3");
    if (bucket === undefined) return { status: "FAILED", message: `not an S3 bucket ARN: ${arn}` };
    const count = await api.countObjects(bucket, 1000);
    return {
      status: "SUCCESSFUL",
      message: `restored bucket ${bucket} answers and lists ${count}${count === 1000 ? "+" : ""} objects`,
    };
  }
  return { status: "FAILED", message: `no validation for resource type ${type ?? "(none)"}` };
}

/**
 * Validates the restore job named by a "Restore Job State Change" event and reports the verdict.
 * A failed check (the API refusing, the resource missing) is a FAILED verdict with its reason.
 */
export async function validateRestoreJob(
  event: unknown,
  api: RestoreValidationApi,
): Promise<RestoreValidationOutcome> {
  const restoreJobId = restoreJobIdOf(event);
  const job = await api.describeRestoreJob(restoreJobId);
  if (job.restoreTestingPlanArn === undefined)
    return { restoreJobId, skipped: "not started by a restore testing plan" };
  if (job.status !== "COMPLETED")
    return {
      restoreJobId,
      skipped: `the restore job is ${job.status ?? "unknown"}, not COMPLETED`,
    };
  if (job.createdResourceArn === undefined) {
    const message = "the restore job names no restored resource";
    await api.putResult(restoreJobId, "FAILED", message);
    return { restoreJobId, status: "FAILED", message };
  }
  let result: { status: "SUCCESSFUL" | "FAILED"; message: string };
  try {
    result = await verdict(api, job.resourceType, job.createdResourceArn);
  } catch (err) {
    result = {
      status: "FAILED",
      message: `checking ${job.createdResourceArn} failed: ${(err as Error).name}: ${(err as Error).message}`,
    };
  }
  await api.putResult(restoreJobId, result.status, result.message.slice(0, 1000));
  return { restoreJobId, ...result };
}

/** The AWS SDK behind RestoreValidationApi (loaded on first use, so tests never need it). */
async function awsApi(): Promise<RestoreValidationApi> {
  const backup = await import("@aws-sdk/client-backup");
  const rds = await import("@aws-sdk/client-rds");
  const s3 = await import("@aws-sdk/client-s3");
  const backupClient = new backup.BackupClient({});
  const rdsClient = new rds.RDSClient({});
  const s3Client = new s3.S3Client({});
  return {
    async describeRestoreJob(id) {
      const out = await backupClient.send(
        new backup.DescribeRestoreJobCommand({ RestoreJobId: id }),
      );
      return {
        status: out.Status,
        resourceType: out.ResourceType,
        createdResourceArn: out.CreatedResourceArn,
        restoreTestingPlanArn: out.CreatedBy?.RestoreTestingPlanArn,
      };
    },
    async describeDbInstance(id) {
      const out = await rdsClient.send(
        new rds.DescribeDBInstancesCommand({ DBInstanceIdentifier: id }),
      );
      const db = out.DBInstances?.[0];
      return { status: db?.DBInstanceStatus, encrypted: db?.StorageEncrypted };
    },
    async countObjects(bucket, max) {
      await s3Client.send(new s3.HeadBucketCommand({ Bucket: bucket }));
      const out = await s3Client.send(
        new s3.ListObjectsV2Command({ Bucket: bucket, MaxKeys: max }),
      );
      return out.KeyCount ?? 0;
    },
    async putResult(id, status, message) {
      await backupClient.send(
        new backup.PutRestoreValidationResultCommand({
          RestoreJobId: id,
          ValidationStatus: status,
          ValidationStatusMessage: message,
        }),
      );
    },
  };
}

let api: Promise<RestoreValidationApi> | undefined;

/** The Lambda handler: one JSON log line per event with the verdict. */
export async function handler(event: unknown): Promise<RestoreValidationOutcome> {
  api ??= awsApi();
  const outcome = await validateRestoreJob(event, await api);
  process.stdout.write(
    `${JSON.stringify({ level: "info", msg: "restore validation", ...outcome })}\n`,
  );
  return outcome;
}
