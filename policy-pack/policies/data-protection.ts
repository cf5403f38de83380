/**
 * Data protection: stateful resources survive a mistaken `pulumi destroy` or
 * replacement, and databases keep enough backups.
 *
 * Mandatory in prod, advisory in dev and staging, off in previews
 * (lib/tiered.ts): one policy per rule, whose level per environment is set by
 * the generated policy-pack/config/<env>.json.
 */
import { T } from "../lib/types";
import { asRecord, isSet, isTrue, numeric, show } from "../lib/values";
import { T2 } from "../lib/types";
import { stackPolicy } from "../lib/define";
import { eachKnown, Pending, sideResources } from "../lib/stack";
import { TieredSpec, tiered as tieredIn } from "../lib/tiered";

const tiered = <C extends object = object>(spec: TieredSpec<C>) =>
  tieredIn<C>("data-protection", spec);

const RDS = [T.rdsInstance, T.rdsCluster];

export const rdsDeletionProtection = tiered({
  name: "rds-deletion-protection",
  description: "RDS instances and clusters have deletion protection on.",
  resourceTypes: RDS,
  remediation:
    "Set `deletionProtection: true` (the prod profile does); turn it off deliberately, in a separate change, before a planned deletion.",
  validate: ({ props }, report) => {
    if (!isTrue(props.deletionProtection, "deletionProtection"))
      report(
        `deletionProtection is ${show(props.deletionProtection)}; set deletionProtection: true`,
      );
  },
});

export const rdsFinalSnapshot = tiered({
  name: "rds-final-snapshot",
  description: "RDS instances and clusters take a named final snapshot when deleted.",
  resourceTypes: RDS,
  remediation:
    "Set `skipFinalSnapshot: false` and `finalSnapshotIdentifier` to a name derived from the database name.",
  validate: ({ props }, report) => {
    if (isTrue(props.skipFinalSnapshot, "skipFinalSnapshot"))
      report(
        "skipFinalSnapshot is true: deleting the database loses its data; set skipFinalSnapshot: false",
      );
    else if (!isSet(props.finalSnapshotIdentifier))
      report(
        "finalSnapshotIdentifier is not set, so the final snapshot cannot be taken; set finalSnapshotIdentifier",
      );
  },
});

export const rdsBackupRetention = tiered<{ minimumDays: number }>({
  name: "rds-backup-retention",
  description:
    "RDS instances and clusters keep automated backups for at least the configured number of days (14 by default).",
  resourceTypes: RDS,
  config: {
    minimumDays: {
      type: "integer",
      minimum: 1,
      maximum: 35,
      default: 14,
      description: "Minimum backupRetentionPeriod in days.",
    },
  },
  remediation: "Set `backupRetentionPeriod` to at least 14 (days; RDS allows up to 35).",
  validate: ({ props }, report, config) => {
    const days = numeric(props.backupRetentionPeriod, "backupRetentionPeriod");
    if (days === undefined || days < config.minimumDays) {
      report(
        `backupRetentionPeriod is ${show(props.backupRetentionPeriod)}; keep backups for at least ${config.minimumDays} days`,
      );
    }
  },
});

export const STATEFUL_TYPES: readonly string[] = [
  T.rdsInstance,
  T.rdsCluster,
  T.replicationGroup,
  T.bucket,
  T.bucketV2,
  T.kmsKey,
  T.secret,
  T.efsFileSystem,
  T.dynamodbTable,
  T2.redshiftCluster,
];

export const statefulResourcesProtected = tiered({
  name: "stateful-resources-protected",
  description:
    "Stateful resources (databases, caches, buckets, KMS keys, secrets, file systems, tables, Redshift clusters) are Pulumi-protected.",
  resourceTypes: STATEFUL_TYPES,
  remediation:
    "Pass `protect: true` in the resource options of every stateful resource (the prod profile's `protect` setting); unprotect deliberately before a planned deletion.",
  validate: ({ opts }, report) => {
    if (opts?.protect !== true)
      report(
        "the resource is not protected: `pulumi destroy` or a replacement would delete its data; set the resource option protect: true",
      );
  },
});

export const dynamodbPointInTimeRecovery = tiered({
  name: "dynamodb-point-in-time-recovery",
  description:
    "DynamoDB tables have point-in-time recovery on (off unless set: @pulumi/aws 7.48.0 dynamodb/table.d.ts pointInTimeRecovery, read 2026-11-30).",
  resourceTypes: [T.dynamodbTable],
  remediation: "Set `pointInTimeRecovery: { enabled: true }` on the table.",
  validate: ({ props }, report) => {
    const pitr = asRecord(props.pointInTimeRecovery, "pointInTimeRecovery");
    if (!isTrue(pitr?.enabled, "pointInTimeRecovery.enabled")) {
      report(
        `pointInTimeRecovery.enabled is ${show(pitr?.enabled)}: a bad write or delete cannot be rolled back; set pointInTimeRecovery: { enabled: true }`,
      );
    }
  },
});

export const redshiftFinalSnapshot = tiered({
  name: "redshift-final-snapshot",
  description: "Redshift clusters take a named final snapshot when deleted.",
  resourceTypes: [T2.redshiftCluster],
  remediation:
    "Set `skipFinalSnapshot: false` and `finalSnapshotIdentifier` to a name derived from the cluster identifier.",
  validate: ({ props }, report) => {
    if (isTrue(props.skipFinalSnapshot, "skipFinalSnapshot")) {
      report(
        "skipFinalSnapshot is true: deleting the cluster loses its data; set skipFinalSnapshot: false and finalSnapshotIdentifier",
      );
    } else if (!isSet(props.finalSnapshotIdentifier)) {
      report(
        "finalSnapshotIdentifier is not set, so no final snapshot can be taken when the cluster is deleted (skipFinalSnapshot defaults to false and then requires one); set finalSnapshotIdentifier",
      );
    }
  },
});

export const redshiftAuditLogging = stackPolicy({
  name: "redshift-audit-logging",
  description:
    "Redshift clusters have audit logging: an aws.redshift.Logging resource for the cluster (the cluster itself has no logging input in @pulumi/aws 7.48.0, redshift/cluster.d.ts, read 2026-11-30).",
  enforcementLevel: "advisory",
  group: "data-protection",
  exemptable: true,
  resourceTypes: [T2.redshiftCluster, T2.redshiftLogging],
  remediation:
    'Add an `aws.redshift.Logging` with `clusterIdentifier` set to the cluster and `logDestinationType: "cloudwatch"` with `logExports: ["connectionlog", "userlog", "useractivitylog"]` (or an S3 bucket).',
  validate: (args, report) => {
    const pending = new Pending();
    eachKnown(
      args.resources.filter((r) => r.type === T2.redshiftCluster),
      pending,
      (cluster) => {
        const { linked, unknown } = sideResources(
          args.resources,
          [T2.redshiftLogging],
          "clusterIdentifier",
          cluster,
        );
        if (linked.length > 0) return;
        if (unknown.length > 0) {
          unknown.forEach((e) => pending.add(e));
          return;
        }
        report(
          `Redshift cluster ${cluster.name} has no aws.redshift.Logging, so connections and queries are not audited; add one for its clusterIdentifier`,
          cluster.urn,
        );
      },
    );
    pending.settle();
  },
});

export const dataProtectionPolicies = [
  rdsDeletionProtection,
  rdsFinalSnapshot,
  rdsBackupRetention,
  statefulResourcesProtected,
  dynamodbPointInTimeRecovery,
  redshiftFinalSnapshot,
  redshiftAuditLogging,
];
