/**
 * The web service's IAM documents as plain JSON: what the ECS execution role
 * may read to inject secrets, and what the task itself may touch.
 */
import { policyDocument } from "./iam";

/** The execution role reads exactly the injected secrets and decrypts them with the CMK. */
export function executionSecretsPolicy(secretArns: string[], kmsKeyArn: string): string {
  return policyDocument([
    {
      Sid: "ReadInjectedSecrets",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: secretArns,
    },
    {
      Sid: "DecryptInjectedSecrets",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: kmsKeyArn,
    },
  ]);
}

/**
 * The task reads and writes the uploads bucket, publishes notifications, uses the CMK, writes
 * X-Ray traces (the collector sidecar) and reads the secrets the app fetches itself at run time
 * (none: no statement).
 */
export function taskAccessPolicy(
  bucketArn: string,
  topicArn: string,
  kmsKeyArn: string,
  runtimeSecretArns: readonly string[] = [],
): string {
  return policyDocument([
    ...(runtimeSecretArns.length > 0
      ? [
          {
            Sid: "ReadRotatingSecrets",
            Effect: "Allow" as const,
            Action: "secretsmanager:GetSecretValue",
            Resource: [...runtimeSecretArns],
          },
        ]
      : []),
    {
      Sid: "UploadsBucket",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
      Resource: [bucketArn, `${bucketArn}/*`],
    },
    { Sid: "Notify", Effect: "Allow", Action: "sns:Publish", Resource: topicArn },
    {
      Sid: "UseTheKey",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: kmsKeyArn,
    },
    // The ADOT collector sidecar's awsxray exporter (PutTraceSegments, and PutTelemetryRecords for
    // its own telemetry). X-Ray has no resource-level permissions for these actions, hence "*":
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html and the
    // AWS managed policy AWSXRayDaemonWriteAccess (read 2026-11-30). No sampling-rule reads: the
    // app samples every trace itself.
    {
      Sid: "WriteTraces",
      Effect: "Allow",
      Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
      Resource: "*",
    },
  ]);
}
