/**
 * FileProcessor (AWS): uploads bucket → Lambda (in the VPC, X-Ray on,
 * environment encrypted with the CMK, failed events to an encrypted
 * dead-letter queue) → database → Notifications.
 */
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import type { FileProcessorProfile } from "../../config/profiles";
import { NameContext, physicalName } from "../../lib/naming";
import { COMPONENT_TYPES, FileProcessorContractArgs } from "../contracts";
import { assumeRolePolicy, MANAGED_POLICIES, policyDocument, Statement } from "./iam";

/** Newest Node.js runtime Lambda offers (nodejs24.x, available since November 2025: AWS Lambda "Supported runtimes", read 2026-11-30). Handlers must be async (Node 24 drops callback handlers); app/src/lambda.ts is. */
export const LAMBDA_RUNTIME = "nodejs24.x";
/** Where `npm run build:lambda -w app` puts the RDS CA bundle (LAMBDA_CA_BUNDLE) inside the package. */
export const LAMBDA_CA_BUNDLE_FILE = "/var/task/certs/ca-bundle.pem";
/** `app/src/lambda.ts` compiled to `lambda.js`, exporting `handler`. */
export const LAMBDA_HANDLER = "lambda.handler";

export interface FileProcessorArgs extends FileProcessorContractArgs {
  /** Naming context (project, environment, PR). */
  readonly naming: NameContext;
  /** Memory and timeout from the environment profile. */
  readonly profile: FileProcessorProfile;
  /** Path of the Lambda package (a directory or .zip) built from app/. */
  readonly code: string;
  /** The CMK: the dead-letter queue, the log group and the function's environment are encrypted with it. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Log group retention (days). */
  readonly logRetentionDays: number;
  /** Subnets the function runs in (private: it reaches the database and AWS through the VPC). */
  readonly privateSubnetIds: pulumi.Input<string>[];
  /** The function's security group. */
  readonly securityGroupId: pulumi.Input<string>;
  /** ARN of the uploads bucket: the role may read it, and only it may invoke the function. */
  readonly bucketArn: pulumi.Input<string>;
  /** The notifications topic (NOTIFY_TARGET) the function publishes to. */
  readonly topicArn: pulumi.Input<string>;
  /** The RDS-managed secret with the database password. */
  readonly databaseSecretArn: pulumi.Input<string>;
  /** CA_BUNDLE_FILE inside the package. */
  readonly caBundleFile: string;
}

export class FileProcessor extends pulumi.ComponentResource {
  public readonly functionName: pulumi.Output<string>;
  public readonly functionArn: pulumi.Output<string>;
  public readonly deadLetterQueueName: pulumi.Output<string>;
  public readonly deadLetterQueueArn: pulumi.Output<string>;

  constructor(name: string, args: FileProcessorArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.FileProcessor, name, {}, opts);
    const p = args.profile;
    if (p.timeoutSeconds < 1 || p.timeoutSeconds > 900) {
      throw new pulumi.ResourceError(
        `fileProcessor.timeoutSeconds must be between 1 and 900, got ${p.timeoutSeconds}`,
        this,
      );
    }
    const functionName = physicalName(args.naming, "file-processor", "lambda");

    const dlq = new aws.sqs.Queue(
      `${name}-dlq`,
      {
        name: physicalName(args.naming, "file-processor-dlq", "sqsQueue"),
        kmsMasterKeyId: args.kmsKeyArn,
        kmsDataKeyReusePeriodSeconds: 300,
        messageRetentionSeconds: 14 * 24 * 3600,
      },
      { parent: this },
    );
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      {
        name: `/aws/lambda/${functionName}`,
        retentionInDays: args.logRetentionDays,
        kmsKeyId: args.kmsKeyArn,
      },
      { parent: this },
    );

    const { role, dependsOn } = createVpcLambdaRole(
      name,
      {
        roleName: physicalName(args.naming, "file-processor", "iamRole"),
        logGroupArn: logGroup.arn,
        statements: pulumi
          .all([args.bucketArn, args.topicArn, dlq.arn, args.databaseSecretArn, args.kmsKeyArn])
          .apply(([bucket, topic, queue, dbSecret, key]): Statement[] => [
            {
              // Events on a versioned bucket name the version: that read needs GetObjectVersion.
              Sid: "ReadUploads",
              Effect: "Allow",
              Action: ["s3:GetObject", "s3:GetObjectVersion"],
              Resource: `${bucket}/*`,
            },
            { Sid: "Notify", Effect: "Allow", Action: "sns:Publish", Resource: topic },
            { Sid: "DeadLetters", Effect: "Allow", Action: "sqs:SendMessage", Resource: queue },
            {
              Sid: "DatabasePassword",
              Effect: "Allow",
              Action: "secretsmanager:GetSecretValue",
              Resource: dbSecret,
            },
            {
              Sid: "UseTheKey",
              Effect: "Allow",
              Action: ["kms:Decrypt", "kms:GenerateDataKey"],
              Resource: key,
            },
          ]),
      },
      this,
    );

    const fn = createVpcLambdaFunction(
      `${name}-function`,
      {
        functionName,
        description: "Parses uploaded CSV files into the database and notifies",
        handler: LAMBDA_HANDLER,
        code: args.code,
        roleArn: role.arn,
        memorySize: p.memoryMb,
        timeout: p.timeoutSeconds,
        kmsKeyArn: args.kmsKeyArn,
        variables: {
          CA_BUNDLE_FILE: args.caBundleFile,
          DATABASE_URL: args.databaseUrl,
          DATABASE_PASSWORD_SECRET_ARN: args.databaseSecretArn,
          ENVIRONMENT: args.environmentName,
          NOTIFY_TARGET: args.topicArn,
          S3_BUCKET: args.bucketName,
          S3_ENDPOINT: "",
        },
        subnetIds: args.privateSubnetIds,
        securityGroupId: args.securityGroupId,
        logGroupName: logGroup.name,
        deadLetterTargetArn: dlq.arn,
      },
      { parent: this, dependsOn },
    );
    new aws.lambda.FunctionEventInvokeConfig(
      `${name}-async`,
      { functionName: fn.name, maximumRetryAttempts: 2, maximumEventAgeInSeconds: 6 * 3600 },
      { parent: this },
    );
    const permission = new aws.lambda.Permission(
      `${name}-s3-invoke`,
      {
        action: "lambda:InvokeFunction",
        function: fn.name,
        principal: "s3.amazonaws.com",
        sourceArn: args.bucketArn,
        sourceAccount: aws.getCallerIdentityOutput({}, { parent: this }).accountId,
      },
      { parent: this },
    );
    new aws.s3.BucketNotification(
      `${name}-trigger`,
      {
        bucket: args.bucketName,
        lambdaFunctions: [
          { lambdaFunctionArn: fn.arn, events: ["s3:ObjectCreated:*"], filterSuffix: ".csv" },
        ],
      },
      { parent: this, dependsOn: [permission] },
    );

    this.functionName = fn.name;
    this.functionArn = fn.arn;
    this.deadLetterQueueName = dlq.name;
    this.deadLetterQueueArn = dlq.arn;
    this.registerOutputs({
      functionName: this.functionName,
      functionArn: this.functionArn,
      deadLetterQueueName: this.deadLetterQueueName,
      deadLetterQueueArn: this.deadLetterQueueArn,
    });
  }
}

/**
 * The role of a Lambda function that runs in a VPC with active tracing: the managed VPC-access
 * and X-Ray policies, and an inline policy of `statements` plus writing to its log group (last,
 * Sid `Logs`). Children `<prefix>-role`, `-vpc`, `-xray`, `-access`. `dependsOn`: what the
 * function must wait for (Lambda checks at create time that the role may manage ENIs and write
 * traces; the first invocations need the inline policy).
 */
export function createVpcLambdaRole(
  prefix: string,
  args: {
    readonly roleName: string;
    readonly statements: pulumi.Input<Statement[]>;
    readonly logGroupArn: pulumi.Input<string>;
  },
  parent: pulumi.Resource,
): { role: aws.iam.Role; dependsOn: pulumi.Resource[] } {
  const role = new aws.iam.Role(
    `${prefix}-role`,
    { name: args.roleName, assumeRolePolicy: assumeRolePolicy("lambda.amazonaws.com") },
    { parent },
  );
  const attachments = (
    [
      ["vpc", MANAGED_POLICIES.lambdaVpcAccess],
      ["xray", MANAGED_POLICIES.xrayWrite],
    ] as const
  ).map(
    ([key, arn]) =>
      new aws.iam.RolePolicyAttachment(
        `${prefix}-${key}`,
        { role: role.name, policyArn: arn },
        { parent },
      ),
  );
  const access = new aws.iam.RolePolicy(
    `${prefix}-access`,
    {
      role: role.id,
      policy: pulumi.all([args.statements, args.logGroupArn]).apply(([statements, logs]) =>
        policyDocument([
          ...statements,
          {
            Sid: "Logs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `${logs}:*`,
          },
        ]),
      ),
    },
    { parent },
  );
  return { role, dependsOn: [...attachments, access] };
}

export interface VpcLambdaFunctionArgs {
  /** The function's physical name. */
  readonly functionName: string;
  /** What the function does. */
  readonly description: string;
  /** The handler in the Lambda package (`lambda.<export>`). */
  readonly handler: string;
  /** Path of the Lambda package (a directory or .zip) built from app/. */
  readonly code: string;
  /** The execution role (from `createVpcLambdaRole`). */
  readonly roleArn: pulumi.Input<string>;
  /** Memory (MB). */
  readonly memorySize: number;
  /** Timeout (seconds). */
  readonly timeout: number;
  /** The CMK the environment is encrypted with. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** The environment variables (ARNs and names, never a secret value). */
  readonly variables: Readonly<Record<string, pulumi.Input<string>>>;
  /** The private subnets it runs in. */
  readonly subnetIds: pulumi.Input<string>[];
  /** Its security group. */
  readonly securityGroupId: pulumi.Input<string>;
  /** The log group it writes JSON logs to. */
  readonly logGroupName: pulumi.Input<string>;
  /** Where failed asynchronous events go. @default none (no dead-letter queue) */
  readonly deadLetterTargetArn?: pulumi.Input<string>;
}

/**
 * A platform function in the VPC: the newest Node.js runtime, X-Ray tracing on, its environment
 * encrypted with the CMK, JSON logs to its own log group. `opts.dependsOn` should hold what
 * `createVpcLambdaRole` returns: the function references only the role's ARN, Lambda checks at
 * create time that the role may manage ENIs in the VPC and write X-Ray traces, and the first
 * invocations need the inline policy.
 */
export function createVpcLambdaFunction(
  name: string,
  args: VpcLambdaFunctionArgs,
  opts: pulumi.CustomResourceOptions,
): aws.lambda.Function {
  return new aws.lambda.Function(
    name,
    {
      name: args.functionName,
      description: args.description,
      runtime: LAMBDA_RUNTIME,
      handler: args.handler,
      code: new pulumi.asset.FileArchive(args.code),
      role: args.roleArn,
      memorySize: args.memorySize,
      timeout: args.timeout,
      kmsKeyArn: args.kmsKeyArn,
      environment: { variables: { ...args.variables } },
      vpcConfig: { subnetIds: args.subnetIds, securityGroupIds: [args.securityGroupId] },
      tracingConfig: { mode: "Active" },
      ...(args.deadLetterTargetArn !== undefined
        ? { deadLetterConfig: { targetArn: args.deadLetterTargetArn } }
        : {}),
      loggingConfig: { logFormat: "JSON", logGroup: args.logGroupName },
    },
    opts,
  );
}
