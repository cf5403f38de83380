/**
 * The validation step of AWS Backup restore testing: when a restore job reaches COMPLETED,
 * EventBridge invokes a Lambda (app/src/restore-validation.ts, `restore-validation.handler` in the
 * app's Lambda package) that checks what was restored (the RDS instance is available and
 * encrypted; the bucket answers and lists) and reports the verdict with
 * PutRestoreValidationResult. AWS describes this flow in
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-validation.md (read
 * 2026-11-30). Created by the Backup component beside its restore testing plan.
 */
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import { NameContext, physicalName } from "../../lib/naming";
import { LAMBDA_RUNTIME } from "./fileProcessor";
import { assumeRolePolicy, policyDocument } from "./iam";

/** The validator's handler in the app's Lambda package (app/scripts/build-lambda.mjs). */
export const RESTORE_VALIDATION_HANDLER = "restore-validation.handler";

/**
 * Restore jobs that completed. AWS Backup reports a restore job's `status` (not `state`) in
 * "Restore Job State Change" events (https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html,
 * read 2026-11-30). The function itself skips jobs no restore testing plan started.
 */
export function restoreCompletedEventPattern(): string {
  return JSON.stringify({
    source: ["aws.backup"],
    "detail-type": ["Restore Job State Change"],
    detail: { status: ["COMPLETED"] },
  });
}

/**
 * What the validator may do: read the restore job and report on it (AWS Backup), describe the
 * restored instance (RDS), list the restored bucket (S3), and write its log group. The restored
 * resources get names AWS Backup chooses, so the read actions cannot name them in advance.
 */
export function restoreValidatorPolicy(logGroupArn: string): string {
  return policyDocument([
    {
      Sid: "ReportValidation",
      Effect: "Allow",
      Action: ["backup:DescribeRestoreJob", "backup:PutRestoreValidationResult"],
      Resource: "*",
    },
    {
      Sid: "ReadRestoredInstance",
      Effect: "Allow",
      Action: "rds:DescribeDBInstances",
      Resource: "*",
    },
    {
      Sid: "ListRestoredBucket",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: "arn:aws:s3:::*",
    },
    {
      Sid: "Logs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${logGroupArn}:*`,
    },
  ]);
}

export interface RestoreValidatorArgs {
  /** Naming context (project, environment, PR). */
  readonly naming: NameContext;
  /** Path of the app's Lambda package (the directory the file processor ships). */
  readonly code: string;
  /** The CMK: the function's log group and any environment it gets. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Retention of the function's log group, in days. */
  readonly logRetentionDays: number;
}

/** Creates the validator function and the rule that runs it; resources are children of `parent`. */
export function restoreValidator(
  name: string,
  args: RestoreValidatorArgs,
  parent: pulumi.Resource,
): aws.lambda.Function {
  const functionName = physicalName(args.naming, "restore-validator", "lambda");
  const logGroup = new aws.cloudwatch.LogGroup(
    `${name}-logs`,
    {
      name: `/aws/lambda/${functionName}`,
      retentionInDays: args.logRetentionDays,
      kmsKeyId: args.kmsKeyArn,
    },
    { parent },
  );
  const role = new aws.iam.Role(
    `${name}-role`,
    {
      name: physicalName(args.naming, "restore-validator", "iamRole"),
      assumeRolePolicy: assumeRolePolicy("lambda.amazonaws.com"),
    },
    { parent },
  );
  const access = new aws.iam.RolePolicy(
    `${name}-access`,
    { role: role.id, policy: logGroup.arn.apply((arn) => restoreValidatorPolicy(arn)) },
    { parent },
  );
  const fn = new aws.lambda.Function(
    `${name}-function`,
    {
      name: functionName,
      description: "Validates what AWS Backup restore tests restored and reports the result",
      runtime: LAMBDA_RUNTIME,
      handler: RESTORE_VALIDATION_HANDLER,
      code: new pulumi.asset.FileArchive(args.code),
      role: role.arn,
      memorySize: 256,
      timeout: 60,
      // No environment today; any added later is encrypted with the CMK like the file processor's.
      kmsKeyArn: args.kmsKeyArn,
      loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
    },
    // The first invocation needs the inline policy.
    { parent, dependsOn: [access] },
  );
  const rule = new aws.cloudwatch.EventRule(
    `${name}-completed`,
    {
      name: physicalName(args.naming, "restore-completed", "eventRule"),
      description: "AWS Backup restore jobs that completed: validate restore tests",
      eventPattern: restoreCompletedEventPattern(),
    },
    { parent },
  );
  const permission = new aws.lambda.Permission(
    `${name}-invoke`,
    {
      action: "lambda:InvokeFunction",
      function: fn.name,
      principal: "events.amazonaws.com",
      sourceArn: rule.arn,
    },
    { parent },
  );
  new aws.cloudwatch.EventTarget(
    `${name}-completed`,
    { rule: rule.name, arn: fn.arn },
    { parent, dependsOn: [permission] },
  );
  return fn;
}
