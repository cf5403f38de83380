/**
 * The security checklist for any data store (docs/compliance.md): each item,
 * the question a reviewer asks, and the rules of the pack that answer it.
 * policy-pack/tests/compliance.spec.ts checks every rule named here exists.
 */
export interface ChecklistItem {
  readonly heading: string;
  readonly question: string;
  readonly rules: readonly string[];
  /** What the rules cannot show, said plainly. */
  readonly beyond?: string;
}

export const DATA_STORE_CHECKLIST: readonly ChecklistItem[] = [
  {
    heading: "Encryption at rest",
    question:
      "Is every store (database, cache, bucket, queue, topic, secret, log group, file system, table, trail) encrypted with the environment's customer-managed KMS key?",
    rules: [
      "rds-storage-encrypted",
      "rds-performance-insights-encrypted",
      "elasticache-at-rest-encrypted",
      "s3-bucket-encrypted",
      "sqs-queue-encrypted",
      "sns-topic-encrypted",
      "secretsmanager-secret-encrypted",
      "cloudwatch-log-group-encrypted",
      "ebs-volume-encrypted",
      "efs-file-system-encrypted",
      "dynamodb-table-encrypted",
      "cloudtrail-encrypted",
      "data-store-encrypted",
    ],
  },
  {
    heading: "Encryption in transit",
    question: "Does every store refuse plaintext connections, and every listener serve TLS 1.2+?",
    rules: [
      "rds-parameter-group-force-ssl",
      "rds-postgres-uses-force-ssl-group",
      "rds-parameter-group-secure-transport",
      "rds-mysql-uses-secure-transport-group",
      "elasticache-in-transit-encrypted",
      "s3-bucket-tls-only",
      "lb-listener-tls",
      "cloudfront-tls",
      "jdbc-connection-ssl",
    ],
  },
  {
    heading: "Access control",
    question:
      "Is no store reachable from the internet or by anyone, and does every identity get only what it needs?",
    rules: [
      "rds-not-public",
      "elasticache-not-public",
      "s3-public-access-blocked",
      "security-group-no-public-ingress",
      "resource-policy-not-public",
      "resource-policy-not-public-read",
      "iam-no-broad-managed-policies",
      "iam-no-wildcard-actions",
      "no-plaintext-secrets",
    ],
    beyond:
      "Who holds the deploy roles and who may assume them is account set-up (docs/aws-setup.md), outside the graph.",
  },
  {
    heading: "Audit logs",
    question: "Is access to the data and the keys recorded, tamper-evident and kept private?",
    rules: [
      "cloudtrail-encrypted",
      "cloudtrail-log-file-validation",
      "cloudtrail-log-bucket-private",
      "s3-access-logging",
      "alb-access-logs",
      "redshift-audit-logging",
    ],
    beyond:
      "That a trail exists at all is the program's (components/aws/audit.ts); the rules check the trails a stack creates.",
  },
  {
    heading: "Key rotation",
    question: "Do the keys and the secrets rotate?",
    rules: ["kms-key-rotation", "secretsmanager-rotation"],
    beyond:
      "Checking that everything still decrypts after a rotation is a runbook step: docs/runbooks/key-rotation.md.",
  },
  {
    heading: "Backups (and their encryption)",
    question: "Can each store be restored, from backups encrypted like the store itself?",
    rules: [
      "rds-backup-retention",
      "rds-final-snapshot",
      "rds-deletion-protection",
      "stateful-resources-protected",
      "dynamodb-point-in-time-recovery",
      "redshift-final-snapshot",
      "data-store-encrypted",
    ],
    beyond:
      "RDS snapshots and AWS Backup recovery points of an encrypted store are encrypted with its key; data-store-encrypted checks Backup vaults on the data-store list.",
  },
];
