/**
 * The controls each rule of the pack provides evidence for, per framework
 * (the committed control lists are policy-pack/compliance/frameworks/*.json;
 * policy-pack/tests/compliance.spec.ts checks that every rule maps at least
 * one control and that every id exists in its list).
 *
 * A rule is evidence for a control when a violation of the rule would be a
 * finding against that control for the resources the rule sees; it never
 * means the control is met for the whole account (most CIS and FSBP controls
 * are account-wide, the pack sees one stack). Left out on purpose: SOC 2
 * criteria about people and process (CC1-CC5, CC9) a resource graph cannot
 * show.
 */

/** Framework ids, as in each list's `id`. */
export type FrameworkId = "cis-aws-foundations" | "aws-fsbp" | "soc2";

export type RuleControls = { readonly [F in FrameworkId]?: readonly string[] };

const atRest = (fsbp: string[], cis: string[] = []): RuleControls => ({
  ...(cis.length > 0 ? { "cis-aws-foundations": cis } : {}),
  ...(fsbp.length > 0 ? { "aws-fsbp": fsbp } : {}),
  soc2: ["CC6.1"],
});
const inTransit = (fsbp: string[], cis: string[] = []): RuleControls => ({
  ...(cis.length > 0 ? { "cis-aws-foundations": cis } : {}),
  ...(fsbp.length > 0 ? { "aws-fsbp": fsbp } : {}),
  soc2: ["CC6.7"],
});
const exposure = (fsbp: string[], cis: string[] = []): RuleControls => ({
  ...(cis.length > 0 ? { "cis-aws-foundations": cis } : {}),
  ...(fsbp.length > 0 ? { "aws-fsbp": fsbp } : {}),
  soc2: ["CC6.1", "CC6.6"],
});
/** A rule that keeps a deployment from failing half-way: change management. */
const deployable: RuleControls = { soc2: ["CC8.1"] };

export const RULE_CONTROLS: Readonly<Record<string, RuleControls>> = {
  // Encryption at rest
  "rds-storage-encrypted": atRest(["RDS.3", "RDS.27"], ["2.3.1"]),
  "rds-performance-insights-encrypted": atRest([]),
  "elasticache-at-rest-encrypted": atRest(["ElastiCache.4"]),
  "s3-bucket-encrypted": atRest(["S3.17"]),
  "sns-topic-encrypted": atRest(["SNS.1"]),
  "sqs-queue-encrypted": atRest(["SQS.1"]),
  "cloudwatch-log-group-encrypted": atRest([]),
  "secretsmanager-secret-encrypted": atRest([]),
  "ebs-volume-encrypted": atRest(["EC2.3"], ["2.2.1"]),
  "efs-file-system-encrypted": atRest(["EFS.1"], ["2.4.1"]),
  "dynamodb-table-encrypted": atRest([]),
  "lambda-environment-encrypted": atRest([]),
  "ecr-repository-encrypted": atRest([]),
  "cloudtrail-encrypted": atRest(["CloudTrail.2"], ["3.5"]),
  "kms-key-rotation": atRest(["KMS.4"], ["3.6"]),
  "data-store-encrypted": atRest([
    "Kinesis.1",
    "Redshift.10",
    "DocumentDB.1",
    "Neptune.1",
    "DynamoDB.3",
    "Backup.1",
  ]),
  "ec2-block-devices-encrypted": atRest(["EC2.3"], ["2.2.1"]),
  // Encryption in transit
  "lb-listener-tls": inTransit(["ELB.1"]),
  "rds-parameter-group-force-ssl": inTransit(["RDS.38"]),
  "rds-postgres-uses-force-ssl-group": inTransit(["RDS.38"]),
  "rds-parameter-group-secure-transport": inTransit(["RDS.39"]),
  "rds-mysql-uses-secure-transport-group": inTransit(["RDS.39"]),
  "elasticache-in-transit-encrypted": {
    "aws-fsbp": ["ElastiCache.5", "ElastiCache.6"],
    soc2: ["CC6.1", "CC6.7"],
  },
  "s3-bucket-tls-only": inTransit(["S3.5"], ["2.1.1"]),
  "cloudfront-tls": inTransit(["CloudFront.3", "CloudFront.10"]),
  "jdbc-connection-ssl": inTransit(["DMS.9"]),
  // Inventory: cost-allocation tags and labels
  "aws-required-tags": { soc2: ["CC6.1"] },
  "docker-required-labels": { soc2: ["CC6.1"] },
  // Network exposure
  "rds-not-public": exposure(["RDS.2"], ["2.3.3"]),
  "security-group-no-public-ingress": exposure(
    ["EC2.13", "EC2.14", "EC2.18", "EC2.19"],
    ["5.2", "5.3"],
  ),
  "elasticache-not-public": exposure(["ElastiCache.7"]),
  // Network segmentation between previews and staging's data (no FSBP/CIS control is about one stack reaching another's groups).
  "preview-reaches-only-shared-tier": exposure([]),
  "s3-public-access-blocked": exposure(["S3.1", "S3.8"], ["2.1.4"]),
  "ec2-imdsv2-required": exposure(["EC2.8"], ["5.6"]),
  "ec2-no-public-ip": exposure(["EC2.9", "EC2.25"]),
  "subnet-no-public-ip-on-launch": exposure(["EC2.15"]),
  "ecs-service-no-public-ip": exposure(["ECS.2"]),
  "resource-policy-not-public": exposure(["S3.3", "SNS.4", "KMS.5", "Lambda.1"]),
  "resource-policy-not-public-read": exposure(["S3.2", "Lambda.1"]),
  // Container hardening
  "ecs-task-not-privileged": { "aws-fsbp": ["ECS.4"], soc2: ["CC6.8"] },
  "ecs-task-read-only-root": { "aws-fsbp": ["ECS.5"], soc2: ["CC6.8"] },
  "ecs-task-non-root-user": { "aws-fsbp": ["ECS.1"], soc2: ["CC6.8"] },
  "docker-container-not-privileged": { soc2: ["CC6.8"] },
  "docker-container-non-root-user": { soc2: ["CC6.8"] },
  "docker-container-read-only-root": { soc2: ["CC6.8"] },
  "docker-container-capabilities": { soc2: ["CC6.8"] },
  "docker-container-no-new-privileges": { soc2: ["CC6.8"] },
  "docker-container-no-sensitive-mounts": { soc2: ["CC6.1", "CC6.8"] },
  "docker-container-ports-localhost": { soc2: ["CC6.6"] },
  // Data protection (backups, deletion)
  "rds-deletion-protection": { "aws-fsbp": ["RDS.7", "RDS.8"], soc2: ["CC7.5", "CC9.1"] },
  "rds-final-snapshot": { soc2: ["CC7.5", "CC9.1"] },
  "rds-backup-retention": { "aws-fsbp": ["RDS.11"], soc2: ["CC7.5", "CC9.1"] },
  "stateful-resources-protected": { "aws-fsbp": ["KMS.3"], soc2: ["CC7.5", "CC9.1"] },
  "dynamodb-point-in-time-recovery": { "aws-fsbp": ["DynamoDB.2"], soc2: ["CC7.5", "CC9.1"] },
  "redshift-final-snapshot": { soc2: ["CC7.5", "CC9.1"] },
  // Secrets and IAM
  "no-plaintext-secrets": { "aws-fsbp": ["ECS.8"], soc2: ["CC6.1"] },
  "iam-no-broad-managed-policies": {
    "cis-aws-foundations": ["1.16"],
    "aws-fsbp": ["IAM.1"],
    soc2: ["CC6.3"],
  },
  "iam-no-wildcard-actions": {
    "cis-aws-foundations": ["1.16"],
    "aws-fsbp": ["IAM.1", "IAM.21"],
    soc2: ["CC6.3"],
  },
  "secretsmanager-rotation": { "aws-fsbp": ["SecretsManager.1"], soc2: ["CC6.1"] },
  // Logging and audit
  "redshift-audit-logging": { "aws-fsbp": ["Redshift.4"], soc2: ["CC7.2"] },
  "s3-access-logging": { "cis-aws-foundations": ["3.4"], "aws-fsbp": ["S3.9"], soc2: ["CC7.2"] },
  "alb-access-logs": { "aws-fsbp": ["ELB.5"], soc2: ["CC7.2"] },
  "apigateway-stage-access-logs": { "aws-fsbp": ["APIGateway.1", "APIGateway.9"], soc2: ["CC7.2"] },
  "cloudfront-logging": { "aws-fsbp": ["CloudFront.5"], soc2: ["CC7.2"] },
  "cloudtrail-log-file-validation": {
    "cis-aws-foundations": ["3.2"],
    "aws-fsbp": ["CloudTrail.4"],
    soc2: ["CC7.2"],
  },
  "cloudtrail-log-bucket-private": {
    "cis-aws-foundations": ["2.1.1", "2.1.4"],
    "aws-fsbp": ["CloudTrail.6"],
    soc2: ["CC6.1", "CC7.2"],
  },
  // Deployability: the change applies as planned
  "rds-engine-version-creatable": deployable,
  "rds-minor-version-not-pinned-with-auto-upgrade": {
    "aws-fsbp": ["RDS.13"],
    soc2: ["CC7.1", "CC8.1"],
  },
  "rds-storage-autoscaling-bounds": deployable,
  "lambda-runtime-creatable": { "aws-fsbp": ["Lambda.2"], soc2: ["CC7.1", "CC8.1"] },
  "fargate-task-size-valid": deployable,
  "elasticache-engine-version-valid": deployable,
  "cloudwatch-metric-dimensions-published": { soc2: ["CC7.2", "CC8.1"] },
  "resource-name-valid": deployable,
  "ecs-service-waits-for-listener": deployable,
  "ecs-service-waits-for-execution-role-policies": deployable,
  "lambda-waits-for-role-policies": deployable,
  "listener-certificate-covers-host": { soc2: ["CC6.7", "CC8.1"] },
  "lambda-code-path-exists": deployable,
  "rds-final-snapshot-identifier-unique": { soc2: ["CC7.5", "CC8.1"] },
  "rds-log-groups-created-first": { soc2: ["CC6.1", "CC7.2", "CC8.1"] },
  "flow-log-role-can-deliver": {
    "cis-aws-foundations": ["3.7"],
    "aws-fsbp": ["EC2.6"],
    soc2: ["CC7.2", "CC8.1"],
  },
  "ecs-secrets-do-not-rotate": { soc2: ["CC6.1", "CC8.1"] },
  "backup-clear-of-database-windows": { soc2: ["CC7.5", "CC8.1"] },
  "docker-data-server-stops-gracefully": deployable,
  "docker-no-hsts-on-localhost": deployable,
  "docker-local-image-native-platform": deployable,
  "docker-healthcheck-fits-memory": deployable,
  "docker-host-ports-uncommon": deployable,
};

/** The controls `rule` maps to; an unmapped rule maps none (the compliance spec fails on it). */
export function controlsOf(rule: string): RuleControls {
  return RULE_CONTROLS[rule] ?? {};
}
