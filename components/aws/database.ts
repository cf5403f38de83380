/**
 * Database (AWS): RDS PostgreSQL encrypted with the environment's CMK, a
 * parameter group that forces SSL, isolated subnets, never public, the master
 * password managed (and rotated) by RDS in Secrets Manager under the CMK,
 * backups, Performance Insights encrypted; Multi-AZ, deletion protection and a
 * final snapshot where the profile asks for them (prod).
 */
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { DatabaseProfile } from "../../config/profiles";
import { NameContext, physicalName } from "../../lib/naming";
import {
  engineVersionProblem,
  isMinorPin,
  storageAutoscalingProblem,
  todayUtc,
} from "../../lib/rds";
import { KindComponent } from "./kindComponent";
import { POSTGRES_PORT } from "./securityGroups";

export const DATABASE_NAME = "app";
/** RDS's automated backup window (UTC). */
export const DATABASE_BACKUP_WINDOW = "02:00-03:00";
/** RDS's weekly maintenance window (UTC). */
export const DATABASE_MAINTENANCE_WINDOW = "sun:03:30-sun:04:30";
/** The logs the instance exports to CloudWatch Logs. */
export const DATABASE_LOG_EXPORTS = ["postgresql", "upgrade"] as const;
export const DATABASE_USER = "app_admin";

export interface DatabaseArgs {
  /** Naming context (project, environment, PR). */
  readonly naming: NameContext;
  /** Size, redundancy and retention from the environment profile. */
  readonly profile: DatabaseProfile;
  /** CMK for storage, Performance Insights and the master secret. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Isolated subnets (no route out). */
  readonly subnetIds: pulumi.Input<string>[];
  /** The database security group. */
  readonly securityGroupId: pulumi.Input<string>;
  /** Pulumi `protect` on the instance. @default false */
  readonly protect?: boolean;
  /** Retention of the exported PostgreSQL and upgrade logs (a value CloudWatch accepts). */
  readonly logRetentionDays: number;
}

/** `postgres16` from `16` or `16.11`. */
export function parameterGroupFamily(engineVersion: string): string {
  return `postgres${engineVersion.split(".")[0]}`;
}

/** DATABASE_URL without the password: TLS with full certificate verification. */
export function databaseUrl(
  host: string,
  port: number,
  user = DATABASE_USER,
  db = DATABASE_NAME,
): string {
  return `postgres://${user}@${host}:${port}/${db}?sslmode=verify-full`;
}

/** What every Database offers: its own instance (`Database`) or a preview's share of the tier's (`SharedDatabase`). */
export abstract class DatabaseComponent extends KindComponent<"Database"> {
  declare public readonly address: pulumi.Output<string>;
  declare public readonly port: pulumi.Output<number>;
  /** DATABASE_URL without the password (on the shared tier: the preview's own database and role). */
  declare public readonly url: pulumi.Output<string>;
  /** Secrets Manager secret, JSON with username and password (RDS-managed; the preview role's own). */
  declare public readonly masterSecretArn: pulumi.Output<string>;
  /** The instance (on the shared tier: staging's shared one, whose alarms are staging's). */
  declare public readonly instanceIdentifier: pulumi.Output<string>;
  declare public readonly instanceArn: pulumi.Output<string>;
}

export class Database extends DatabaseComponent {
  constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("Database", name, opts);
    const p = args.profile;
    if (p.backupRetentionDays < 1 || p.backupRetentionDays > 35) {
      throw new pulumi.ResourceError(
        `database.backupRetentionDays must be between 1 and 35, got ${p.backupRetentionDays}`,
        this,
      );
    }
    const storageProblem = storageAutoscalingProblem(p.allocatedStorageGb, p.maxAllocatedStorageGb);
    if (storageProblem !== undefined) {
      throw new pulumi.ResourceError(
        `database.maxAllocatedStorageGb must be ${storageProblem}, got ${p.maxAllocatedStorageGb}`,
        this,
      );
    }
    const versionProblem = engineVersionProblem(p.engineVersion, todayUtc());
    if (versionProblem !== undefined) {
      throw new pulumi.ResourceError(
        `database.engineVersion must be ${versionProblem}, got ${JSON.stringify(p.engineVersion)}`,
        this,
      );
    }
    const instance = createPostgresInstance(name, args, this);
    this.publish({
      address: instance.address,
      port: instance.port,
      url: pulumi
        .all([instance.address, instance.port])
        .apply(([host, port]) => databaseUrl(host, port)),
      masterSecretArn: instance.masterUserSecrets.apply((s) => s?.[0]?.secretArn ?? ""),
      instanceIdentifier: instance.identifier,
      instanceArn: instance.arn,
    });
  }
}

/**
 * The RDS PostgreSQL instance and what it needs (log groups, subnet group,
 * TLS-only parameter group), as children of `parent`: the Database
 * component's own instance, and on staging the shared preview instance.
 */
export function createPostgresInstance(
  name: string,
  args: DatabaseArgs & {
    /** The role in physical names. @default "db" */
    readonly role?: string;
    /** The database RDS creates (the admin's). @default DATABASE_NAME */
    readonly dbName?: string;
  },
  parent: pulumi.Resource,
): aws.rds.Instance {
  const p = args.profile;
  // A pinned minor with automatic minor upgrades fails the next `up` once RDS
  // has upgraded the instance ("Cannot upgrade postgres from 16.x to 16.y"), so
  // a pin turns the upgrades off; a major version lets RDS keep the minor current.
  const autoMinorVersionUpgrade = !isMinorPin(p.engineVersion);
  const role = args.role ?? "db";
  const identifier = physicalName(args.naming, role, "rdsInstance");

  // RDS creates /aws/rds/instance/<id>/<log> itself on first export, without a CMK and
  // kept forever; created here first, the groups carry both, and the instance waits for them
  // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html,
  // read 2026-11-30: exported logs go to /aws/rds/instance/<instance>/<log type>).
  const logGroups = DATABASE_LOG_EXPORTS.map(
    (log) =>
      new aws.cloudwatch.LogGroup(
        `${name}-${log}-log`,
        {
          name: `/aws/rds/instance/${identifier}/${log}`,
          retentionInDays: args.logRetentionDays,
          kmsKeyId: args.kmsKeyArn,
        },
        { parent },
      ),
  );
  // A final snapshot name must be new on every delete: a fixed one collides with the snapshot
  // the previous incarnation left ("DBSnapshotAlreadyExists"). The suffix lives as long as the
  // instance, so each create gets a fresh one.
  const snapshotSuffix = p.skipFinalSnapshot
    ? undefined
    : new random.RandomId(
        `${name}-final-snapshot-suffix`,
        { byteLength: 4, keepers: { identifier } },
        { parent },
      );

  const subnetGroup = new aws.rds.SubnetGroup(
    `${name}-subnets`,
    {
      name: physicalName(args.naming, `${role}-isolated`, "dbSubnetGroup"),
      description: "Isolated subnets of the database",
      subnetIds: args.subnetIds,
    },
    { parent },
  );
  const family = parameterGroupFamily(p.engineVersion);
  const parameterGroup = new aws.rds.ParameterGroup(
    `${name}-params`,
    {
      name: physicalName(args.naming, `${role}-${family}`, "rdsParameterGroup"),
      family,
      description: "PostgreSQL: TLS only, slow statements logged",
      parameters: [
        { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" },
        { name: "ssl_min_protocol_version", value: "TLSv1.2", applyMethod: "pending-reboot" },
        { name: "log_min_duration_statement", value: "500" },
        { name: "log_connections", value: "1" },
      ],
    },
    { parent },
  );

  const instance = new aws.rds.Instance(
    `${name}-instance`,
    {
      identifier,
      engine: "postgres",
      engineVersion: p.engineVersion,
      instanceClass: p.instanceClass,
      allocatedStorage: p.allocatedStorageGb,
      ...(p.maxAllocatedStorageGb > 0 ? { maxAllocatedStorage: p.maxAllocatedStorageGb } : {}),
      storageType: "gp3",
      storageEncrypted: true,
      kmsKeyId: args.kmsKeyArn,
      dbName: args.dbName ?? DATABASE_NAME,
      username: DATABASE_USER,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: args.kmsKeyArn,
      port: POSTGRES_PORT,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [args.securityGroupId],
      parameterGroupName: parameterGroup.name,
      publiclyAccessible: false,
      multiAz: p.multiAz,
      caCertIdentifier: "rds-ca-rsa2048-g1",
      iamDatabaseAuthenticationEnabled: true,
      backupRetentionPeriod: p.backupRetentionDays,
      backupWindow: DATABASE_BACKUP_WINDOW,
      maintenanceWindow: DATABASE_MAINTENANCE_WINDOW,
      copyTagsToSnapshot: true,
      deletionProtection: p.deletionProtection,
      skipFinalSnapshot: p.skipFinalSnapshot,
      ...(snapshotSuffix === undefined
        ? {}
        : {
            finalSnapshotIdentifier: pulumi.interpolate`${identifier}-final-${snapshotSuffix.hex}`,
          }),
      performanceInsightsEnabled: p.performanceInsights,
      ...(p.performanceInsights
        ? { performanceInsightsKmsKeyId: args.kmsKeyArn, performanceInsightsRetentionPeriod: 7 }
        : {}),
      enabledCloudwatchLogsExports: [...DATABASE_LOG_EXPORTS],
      autoMinorVersionUpgrade,
      applyImmediately: !p.deletionProtection,
    },
    { parent, protect: args.protect ?? false, dependsOn: logGroups },
  );
  return instance;
}
