/**
 * Backup (AWS): in environments whose profile enables it (prod), an AWS
 * Backup vault encrypted with the CMK, a daily plan with the profile's
 * retention, a copy to a vault in another region when configured, and a
 * selection of the database and the uploads bucket, and restore testing of both
 * with a validation step (restoreValidation.ts). Elsewhere the component
 * is present (the topology is the same everywhere) and creates nothing:
 * RDS automated backups and S3 versioning are the safety net there.
 */
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import type { BackupProfile } from "../../config/profiles";
import { NameContext, physicalName } from "../../lib/naming";
import { COMPONENT_TYPES } from "../contracts";
import { keyPolicy } from "./encryption";
import { assumeRolePolicy, MANAGED_POLICIES } from "./iam";
import { restoreValidator } from "./restoreValidation";

/**
 * Daily at 06:00 UTC, started within an hour and done within two more: 06:00–09:00, at least an
 * hour clear of the database's automated backup window (02:00–03:00) and of its weekly
 * maintenance window (Sunday 03:30–04:30, when RDS may reboot or upgrade the instance), so a
 * recovery point is never taken while the instance is being maintained. RDS holds its own
 * backups to the same rule: "The backup window can't overlap with the weekly maintenance
 * window" (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ManagingAutomatedBackups.html,
 * read 2026-11-30). See `DATABASE_BACKUP_WINDOW` and `DATABASE_MAINTENANCE_WINDOW`.
 */
export const BACKUP_SCHEDULE = "cron(0 6 * * ? *)";
export const BACKUP_START_WINDOW_MINUTES = 60;
export const BACKUP_COMPLETION_WINDOW_MINUTES = 120;

export interface BackupArgs {
  /** Naming context (project, environment, PR). */
  readonly naming: NameContext;
  /** Whether to back up, the retention and the restore testing, from the environment profile. */
  readonly profile: BackupProfile;
  /** The CMK the main vault encrypts recovery points with. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Resources to back up (database instance, bucket). */
  readonly resourceArns: pulumi.Input<string>[];
  /** Region to copy recovery points to. @default none (no cross-region copy) */
  readonly copyRegion?: string;
  /** Tags for the copy region's provider (the same defaultTags as the main provider). @default {} */
  readonly copyProviderTags?: Record<string, string>;
  /** Pulumi `protect` on the vaults. @default false */
  readonly protect?: boolean;
  /**
   * What AWS Backup restore testing restores on its schedule: the database
   * instance and the bucket. @default none (no restore testing)
   */
  readonly restoreTests?: {
    readonly databaseArn: pulumi.Input<string>;
    readonly bucketArn: pulumi.Input<string>;
    /**
     * The app's Lambda package, whose `restore-validation.handler` validates each restore test
     * and reports the result (components/aws/restoreValidation.ts).
     */
    readonly validatorCode: string;
    /** Retention of the validator's log group. */
    readonly logRetentionDays: number;
  };
  /** The alarm topic: failed backup, copy and restore jobs (restore tests included) are sent there. @default none */
  readonly alarmTopicArn?: pulumi.Input<string>;
}

/** Restore tests run weekly, Tuesday 06:00 UTC: clear of the daily 03:00 backup window and of the Sunday maintenance window. */
export const RESTORE_TEST_SCHEDULE = "cron(0 6 ? * TUE *)";
/** Hours a restored copy is kept for validation before AWS Backup deletes it. */
export const RESTORE_VALIDATION_HOURS = 4;

/**
 * AWS Backup's job events as EventBridge delivers them: backup and copy jobs
 * report `state`, restore jobs `status`
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html, read 2026-11-30).
 */
export function failedJobsEventPattern(): string {
  return JSON.stringify({
    source: ["aws.backup"],
    $or: [
      {
        "detail-type": ["Backup Job State Change", "Copy Job State Change"],
        detail: { state: ["FAILED", "ABORTED", "EXPIRED"] },
      },
      { "detail-type": ["Restore Job State Change"], detail: { status: ["FAILED", "ABORTED"] } },
    ],
  });
}

/** Restore testing names allow letters, digits and underscores only (1-50). */
export function restoreTestingName(naming: NameContext, role: string): string {
  return physicalName(naming, role, "backupPlan")
    .replace(/[^A-Za-z0-9]/g, "_")
    .slice(0, 50);
}

export class Backup extends pulumi.ComponentResource {
  /** The vault's name; empty where backups are not enabled. */
  public readonly vaultName: pulumi.Output<string>;

  constructor(name: string, args: BackupArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.Backup, name, {}, opts);
    if (!args.profile.enabled) {
      this.vaultName = pulumi.output("");
      this.registerOutputs({ vaultName: this.vaultName });
      return;
    }
    const protect = args.protect ?? false;
    const vault = new aws.backup.Vault(
      `${name}-vault`,
      { name: physicalName(args.naming, "vault", "backupVault"), kmsKeyArn: args.kmsKeyArn },
      { parent: this, protect },
    );

    let copyVaultArn: pulumi.Output<string> | undefined;
    if (args.copyRegion !== undefined) {
      const copyProvider = new aws.Provider(
        `${name}-copy-region`,
        {
          region: args.copyRegion as aws.Region,
          defaultTags: { tags: args.copyProviderTags ?? {} },
        },
        { parent: this },
      );
      const identity = aws.getCallerIdentityOutput({}, { parent: this });
      const copyKey = new aws.kms.Key(
        `${name}-copy-key`,
        {
          description: `Backup copies of ${physicalName(args.naming, "vault", "backupVault")}`,
          enableKeyRotation: true,
          deletionWindowInDays: 30,
          policy: identity.accountId.apply((account) =>
            JSON.stringify(keyPolicy(account, args.copyRegion as string)),
          ),
        },
        { parent: this, provider: copyProvider, protect },
      );
      const copyVault = new aws.backup.Vault(
        `${name}-copy-vault`,
        { name: physicalName(args.naming, "vault-copy", "backupVault"), kmsKeyArn: copyKey.arn },
        { parent: this, provider: copyProvider, protect },
      );
      copyVaultArn = copyVault.arn;
    }

    const retention = args.profile.retentionDays;
    const plan = new aws.backup.Plan(
      `${name}-plan`,
      {
        name: physicalName(args.naming, "daily", "backupPlan"),
        rules: [
          {
            ruleName: "daily",
            targetVaultName: vault.name,
            schedule: BACKUP_SCHEDULE,
            startWindow: BACKUP_START_WINDOW_MINUTES,
            completionWindow: BACKUP_COMPLETION_WINDOW_MINUTES,
            lifecycle: { deleteAfter: retention },
            ...(copyVaultArn
              ? {
                  copyActions: [
                    { destinationVaultArn: copyVaultArn, lifecycle: { deleteAfter: retention } },
                  ],
                }
              : {}),
          },
        ],
      },
      { parent: this },
    );
    const role = new aws.iam.Role(
      `${name}-role`,
      {
        name: physicalName(args.naming, "backup", "iamRole"),
        assumeRolePolicy: assumeRolePolicy("backup.amazonaws.com"),
      },
      { parent: this },
    );
    for (const [key, arn] of [
      ["backup", MANAGED_POLICIES.backupService],
      ["restore", MANAGED_POLICIES.backupRestore],
      ["s3-backup", MANAGED_POLICIES.backupS3],
      ["s3-restore", MANAGED_POLICIES.backupS3Restore],
    ] as const) {
      new aws.iam.RolePolicyAttachment(
        `${name}-${key}`,
        { role: role.name, policyArn: arn },
        { parent: this },
      );
    }
    new aws.backup.Selection(
      `${name}-selection`,
      {
        name: physicalName(args.naming, "stateful", "backupPlan"),
        planId: plan.id,
        iamRoleArn: role.arn,
        resources: args.resourceArns,
      },
      { parent: this },
    );

    if (args.restoreTests !== undefined) {
      const restorePlan = new aws.backup.RestoreTestingPlan(
        `${name}-restore-testing`,
        {
          name: restoreTestingName(args.naming, "restore-test"),
          scheduleExpression: RESTORE_TEST_SCHEDULE,
          startWindowHours: 4,
          recoveryPointSelection: {
            algorithm: "LATEST_WITHIN_WINDOW",
            includeVaults: [vault.arn],
            recoveryPointTypes: ["SNAPSHOT"],
            selectionWindowDays: 7,
          },
        },
        { parent: this },
      );
      for (const [key, type, arn] of [
        ["database", "RDS", args.restoreTests.databaseArn],
        ["bucket", "S3", args.restoreTests.bucketArn],
      ] as const) {
        new aws.backup.RestoreTestingSelection(
          `${name}-restore-testing-${key}`,
          {
            name: restoreTestingName(args.naming, `restore-${key}`),
            restoreTestingPlanName: restorePlan.name,
            protectedResourceType: type,
            protectedResourceArns: [arn],
            iamRoleArn: role.arn,
            validationWindowHours: RESTORE_VALIDATION_HOURS,
          },
          { parent: this },
        );
      }
      restoreValidator(
        `${name}-restore-validator`,
        {
          naming: args.naming,
          code: args.restoreTests.validatorCode,
          kmsKeyArn: args.kmsKeyArn,
          logRetentionDays: args.restoreTests.logRetentionDays,
        },
        this,
      );
    }
    if (args.alarmTopicArn !== undefined) {
      const rule = new aws.cloudwatch.EventRule(
        `${name}-failed-jobs`,
        {
          name: physicalName(args.naming, "backup-failed", "eventRule"),
          description: "AWS Backup backup, copy or restore (restore test) jobs that failed",
          eventPattern: failedJobsEventPattern(),
        },
        { parent: this },
      );
      new aws.cloudwatch.EventTarget(
        `${name}-failed-jobs`,
        { rule: rule.name, arn: args.alarmTopicArn },
        { parent: this },
      );
    }

    this.vaultName = vault.name;
    this.registerOutputs({ vaultName: this.vaultName });
  }
}
