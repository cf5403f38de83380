/**
 * Data protection: stateful resources survive a mistaken `pulumi destroy` or
 * replacement, and databases keep enough backups.
 *
 * Mandatory in prod, advisory elsewhere. The SDK fixes a policy's enforcement
 * level per policy, not per violation, so each rule is a pair of constants:
 * `<rule>` (mandatory, reports only when the environment is prod) and
 * `<rule>-advisory` (advisory, reports only outside prod). The environment is
 * the policy config's `environment` (policy-pack/config/<env>.json sets it),
 * else the resource's own Environment tag.
 */
import {
  environmentOf,
  PlatformResourcePolicy,
  resourcePolicy,
  ResourcePolicySpec,
} from "../lib/define";
import { resourceEnvironment } from "../lib/tags";
import { T } from "../lib/types";
import { isSet, isTrue, show } from "../lib/values";

type TieredSpec<C> = Omit<
  ResourcePolicySpec<C>,
  "enforcementLevel" | "environments" | "group" | "exemptable"
>;

/** The prod (mandatory) and outside-prod (advisory) policies of one data-protection rule. */
function tiered<C extends object = object>(
  spec: TieredSpec<C>,
): [PlatformResourcePolicy, PlatformResourcePolicy] {
  const make = (prod: boolean): PlatformResourcePolicy =>
    resourcePolicy<C>({
      ...spec,
      name: prod ? spec.name : `${spec.name}-advisory`,
      description: `${spec.description} ${prod ? "Mandatory in prod." : "Advisory outside prod."}`,
      enforcementLevel: prod ? "mandatory" : "advisory",
      environments: prod ? "prod" : "outside prod",
      group: "data-protection",
      exemptable: true,
      validate: (args, report, config) => {
        const env = environmentOf(config, () =>
          resourceEnvironment(args.type, args.props, args.provider),
        );
        if ((env === "prod") !== prod) {
          args.notApplicable(
            prod
              ? `enforced in prod; ${spec.name}-advisory covers ${env ?? "this stack"}`
              : `prod is covered by ${spec.name}`,
          );
        }
        spec.validate(args, report, config);
      },
    });
  return [make(true), make(false)];
}

const RDS = [T.rdsInstance, T.rdsCluster];

export const [rdsDeletionProtection, rdsDeletionProtectionAdvisory] = tiered({
  name: "rds-deletion-protection",
  description: "RDS instances and clusters have deletion protection on.",
  resourceTypes: RDS,
  remediation:
    "Set `deletionProtection: true` (the prod profile does); turn it off deliberately, in a separate change, before a planned deletion.",
  validate: ({ props }, report) => {
    if (!isTrue(props.deletionProtection))
      report(
        `deletionProtection is ${show(props.deletionProtection)}; set deletionProtection: true`,
      );
  },
});

export const [rdsFinalSnapshot, rdsFinalSnapshotAdvisory] = tiered({
  name: "rds-final-snapshot",
  description: "RDS instances and clusters take a named final snapshot when deleted.",
  resourceTypes: RDS,
  remediation:
    "Set `skipFinalSnapshot: false` and `finalSnapshotIdentifier` to a name derived from the database name.",
  validate: ({ props }, report) => {
    if (isTrue(props.skipFinalSnapshot))
      report(
        "skipFinalSnapshot is true: deleting the database loses its data; set skipFinalSnapshot: false",
      );
    else if (!isSet(props.finalSnapshotIdentifier))
      report(
        "finalSnapshotIdentifier is not set, so the final snapshot cannot be taken; set finalSnapshotIdentifier",
      );
  },
});

export const [rdsBackupRetention, rdsBackupRetentionAdvisory] = tiered<{ minimumDays: number }>({
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
    const days =
      typeof props.backupRetentionPeriod === "number"
        ? props.backupRetentionPeriod
        : Number(props.backupRetentionPeriod);
    if (!Number.isFinite(days) || days < config.minimumDays) {
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
];

export const [statefulResourcesProtected, statefulResourcesProtectedAdvisory] = tiered({
  name: "stateful-resources-protected",
  description:
    "Stateful resources (databases, caches, buckets, KMS keys, secrets, file systems, tables) are Pulumi-protected.",
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

export const dataProtectionPolicies = [
  rdsDeletionProtection,
  rdsDeletionProtectionAdvisory,
  rdsFinalSnapshot,
  rdsFinalSnapshotAdvisory,
  rdsBackupRetention,
  rdsBackupRetentionAdvisory,
  statefulResourcesProtected,
  statefulResourcesProtectedAdvisory,
];
