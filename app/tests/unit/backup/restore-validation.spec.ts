import { expect } from "chai";
import {
  resourceNameOf,
  RestoreValidationApi,
  validateRestoreJob,
} from "../../../src/restore-validation";

const PLAN =
  "arn:aws:backup:eu-west-1:123456789012:restore-testing-plan:platform_prod_restore_test-abc";
const EVENT = {
  source: "aws.backup",
  "detail-type": "Restore Job State Change",
  detail: { restoreJobId: "job-1", status: "COMPLETED" },
};

type Job = Awaited<ReturnType<RestoreValidationApi["describeRestoreJob"]>>;

/** A fake API recording every call. */
function fakeApi(
  job: Job,
  db: { status?: string; encrypted?: boolean } | Error = {},
  objects: number | Error = 0,
) {
  const calls: string[] = [];
  const api: RestoreValidationApi = {
    describeRestoreJob: async (id) => (calls.push(`describeRestoreJob ${id}`), job),
    describeDbInstance: async (id) => {
      calls.push(`describeDbInstance ${id}`);
      if (db instanceof Error) throw db;
      return { status: db.status, encrypted: db.encrypted };
    },
    countObjects: async (bucket, max) => {
      calls.push(`countObjects ${bucket} ${max}`);
      if (objects instanceof Error) throw objects;
      return objects;
    },
    putResult: async (id, status, message) => {
      calls.push(`putResult ${id} ${status} ${message}`);
    },
  };
  return { api, calls };
}

const rdsJob = (over: Partial<Job> = {}): Job => ({
  status: "COMPLETED",
  resourceType: "RDS",
  createdResourceArn: "arn:aws:rds:eu-west-1:123456789012:db:awsbackup-restore-test-1",
  restoreTestingPlanArn: PLAN,
  ...over,
});

describe("restore-validation: validateRestoreJob", () => {
  it("reports SUCCESSFUL for a restored instance that is available and encrypted", async () => {
    const { api, calls } = fakeApi(rdsJob(), { status: "available", encrypted: true });
    expect(await validateRestoreJob(EVENT, api)).to.deep.equal({
      restoreJobId: "job-1",
      status: "SUCCESSFUL",
      message: "restored instance awsbackup-restore-test-1 is available and encrypted",
    });
    expect(calls).to.deep.equal([
      "describeRestoreJob job-1",
      "describeDbInstance awsbackup-restore-test-1",
      "putResult job-1 SUCCESSFUL restored instance awsbackup-restore-test-1 is available and encrypted",
    ]);
  });

  it("reports FAILED for an instance that is not available, or not encrypted", async () => {
    const stuck = fakeApi(rdsJob(), { status: "incompatible-restore", encrypted: true });
    await validateRestoreJob(EVENT, stuck.api);
    expect(stuck.calls.at(-1)).to.equal(
      "putResult job-1 FAILED restored instance awsbackup-restore-test-1 is incompatible-restore, not available",
    );
    const plain = fakeApi(rdsJob(), { status: "available", encrypted: false });
    await validateRestoreJob(EVENT, plain.api);
    expect(plain.calls.at(-1)).to.equal(
      "putResult job-1 FAILED restored instance awsbackup-restore-test-1 is not encrypted at rest",
    );
  });

  it("reports FAILED with the reason when a check itself fails", async () => {
    const err = Object.assign(new Error("DBInstance awsbackup-restore-test-1 not found"), {
      name: "DBInstanceNotFoundFault",
    });
    const { api, calls } = fakeApi(rdsJob(), err);
    await validateRestoreJob(EVENT, api);
    expect(calls.at(-1)).to.equal(
      "putResult job-1 FAILED checking arn:aws:rds:eu-west-1:123456789012:db:awsbackup-restore-test-1 failed: DBInstanceNotFoundFault: DBInstance awsbackup-restore-test-1 not found",
    );
  });

  it("checks a restored bucket answers and lists its objects", async () => {
    const { api, calls } = fakeApi(
      rdsJob({ resourceType: "S3", createdResourceArn: "arn:aws:s3:::awsbackup-restore-uploads" }),
      {},
      12,
    );
    expect(await validateRestoreJob(EVENT, api)).to.deep.include({ status: "SUCCESSFUL" });
    expect(calls.slice(1)).to.deep.equal([
      "countObjects awsbackup-restore-uploads 1000",
      "putResult job-1 SUCCESSFUL restored bucket awsbackup-restore-uploads answers and lists 12 objects",
    ]);
  });

  it("leaves alone jobs no restore testing plan started, and jobs not COMPLETED", async () => {
    const manual = fakeApi(rdsJob({ restoreTestingPlanArn: undefined }));
    expect(await validateRestoreJob(EVENT, manual.api)).to.deep.equal({
      restoreJobId: "job-1",
      skipped: "not started by a restore testing plan",
    });
    const running = fakeApi(rdsJob({ status: "RUNNING" }));
    expect(await validateRestoreJob(EVENT, running.api)).to.deep.equal({
      restoreJobId: "job-1",
      skipped: "the restore job is RUNNING, not COMPLETED",
    });
    expect([...manual.calls, ...running.calls]).to.deep.equal([
      "describeRestoreJob job-1",
      "describeRestoreJob job-1",
    ]);
  });

  it("refuses an event without a restore job id, naming what it expected", async () => {
    const { api, calls } = fakeApi(rdsJob());
    let message = "";
    await validateRestoreJob({ detail: {} }, api).catch((e: Error) => (message = e.message));
    expect(message).to.equal(
      "expected an AWS Backup Restore Job State Change event with detail.restoreJobId",
    );
    expect(calls).to.deep.equal([]);
  });

  it("reads the instance id and bucket name out of their ARNs", () => {
    expect([
      resourceNameOf("arn:aws:rds:eu-west-1:123456789012:db:restored-1", "RDS"),
      resourceNameOf("arn:aws:s3:::bucket-1", "S3"),
      resourceNameOf("arn:aws:s3:::bucket-1", "RDS"),
    ]).to.deep.equal(["restored-1", "bucket-1", undefined]);
  });
});
