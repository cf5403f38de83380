/**
 * Small IAM helpers shared by the AWS components: trust policies and
 * least-privilege inline policies as plain JSON.
 */
export function assumeRolePolicy(service: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
  });
}

export interface Statement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, unknown>;
}

export function policyDocument(statements: Statement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

export const MANAGED_POLICIES = {
  ecsTaskExecution: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
  lambdaVpcAccess: "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
  xrayWrite: "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess",
  backupService: "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
  backupRestore: "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
  backupS3: "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
  backupS3Restore: "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
} as const;
