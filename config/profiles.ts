/**
 * Environment profiles: the defaults every stack of an environment starts from.
 *
 * What differs between environments is size, redundancy and retention — never
 * shape. A stack file overrides single values (keys in `config/keys/profile.ts`); the
 * profile supplies the rest.
 */

import { POSTGRES_MAJOR } from "../lib/rds";

import { ENVIRONMENTS, Environment } from "../policy-pack/lib/vocabulary";

export { ENVIRONMENTS } from "../policy-pack/lib/vocabulary";
export type { Environment } from "../policy-pack/lib/vocabulary";

/** Where an environment runs. */
export type Target = "docker" | "aws";

export interface NetworkProfile {
  /** Availability zones the VPC spans. */
  readonly azCount: number;
  /** One NAT gateway for the VPC, one per AZ, or none (previews reuse staging's network). */
  readonly natGateways: "single" | "perAz" | "none";
  /** Whether this environment creates its own network or wraps the base stack's. */
  readonly mode: "own" | "shared";
}

export interface DatabaseProfile {
  readonly instanceClass: string;
  readonly allocatedStorageGb: number;
  /** Storage autoscaling ceiling; 0 turns autoscaling off, else at least ceil(1.1 × allocated). */
  readonly maxAllocatedStorageGb: number;
  readonly multiAz: boolean;
  readonly backupRetentionDays: number;
  readonly deletionProtection: boolean;
  readonly skipFinalSnapshot: boolean;
  readonly performanceInsights: boolean;
  /** A major version (`16`, RDS keeps the minor current) or a pinned minor (`16.11`, no automatic minor upgrades). */
  readonly engineVersion: string;
}

export interface CacheProfile {
  readonly nodeType: string;
  readonly numCacheClusters: number;
  readonly automaticFailover: boolean;
  readonly multiAz: boolean;
  readonly snapshotRetentionDays: number;
  readonly engineVersion: string;
}

export interface ObjectStoreProfile {
  /** Empty the bucket on destroy (previews only). */
  readonly forceDestroy: boolean;
  readonly transitionToIaDays: number;
  readonly noncurrentVersionExpirationDays: number;
}

export interface WebProfile {
  /** Fargate task CPU units (256 = 0.25 vCPU). */
  readonly cpu: number;
  /** Fargate task memory in MiB. */
  readonly memoryMb: number;
  readonly desiredCount: number;
  readonly minCount: number;
  readonly maxCount: number;
  readonly targetCpuPercent: number;
}

export interface FileProcessorProfile {
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
}

export interface ObservabilityProfile {
  /** CloudWatch log retention; must be a value CloudWatch accepts. */
  readonly logRetentionDays: number;
  readonly flowLogs: boolean;
}

export interface EncryptionProfile {
  /** Days KMS waits before it deletes a scheduled key (7–30). */
  readonly keyDeletionWindowDays: number;
}

export interface SecretsProfile {
  /** Days a deleted secret can be restored (0 deletes at once; else 7–30). */
  readonly recoveryWindowDays: number;
}

export interface BackupProfile {
  readonly enabled: boolean;
  readonly retentionDays: number;
}

/**
 * The monthly AWS Budget of an environment. The amount is set here, in the
 * profile (not derived from `platform cost` at deploy time, so a price-table
 * refresh never moves it silently). The amounts were sized on the stacks'
 * us-east-1 estimates of 2026-11-30 (staging $157.57, prod $946.27, a preview
 * $73.33; staging $214.35 once it owns the shared preview tier, so its budget
 * went from 250 to 300); tests/cli/cost/budgets.spec.ts fails when an estimate
 * comes within 20 % of its budget.
 */
export interface BudgetProfile {
  /**
   * Monthly limit in USD; 0 creates no budget. The preview profile's amount is
   * the one budget all `pr-*` stacks share (the staging stack creates it).
   */
  readonly monthlyLimitUsd: number;
}

export interface Profile {
  readonly environment: Environment;
  readonly target: Target;
  /** Pulumi `protect` on stateful resources. */
  readonly protect: boolean;
  readonly network: NetworkProfile;
  readonly encryption: EncryptionProfile;
  readonly secrets: SecretsProfile;
  readonly database: DatabaseProfile;
  readonly cache: CacheProfile;
  readonly objectStore: ObjectStoreProfile;
  readonly web: WebProfile;
  readonly fileProcessor: FileProcessorProfile;
  readonly observability: ObservabilityProfile;
  readonly backup: BackupProfile;
  readonly budget: BudgetProfile;
}

/** RDS picks the minor and keeps it current (autoMinorVersionUpgrade); pin one with `dbEngineVersion`. */
const POSTGRES_VERSION = POSTGRES_MAJOR;
const REDIS_VERSION = "7.1";

const staging: Profile = {
  environment: "staging",
  target: "aws",
  protect: false,
  network: { azCount: 2, natGateways: "single", mode: "own" },
  encryption: { keyDeletionWindowDays: 7 },
  secrets: { recoveryWindowDays: 7 },
  database: {
    instanceClass: "db.t4g.small",
    allocatedStorageGb: 20,
    maxAllocatedStorageGb: 100,
    multiAz: false,
    backupRetentionDays: 7,
    deletionProtection: false,
    skipFinalSnapshot: true,
    performanceInsights: true,
    engineVersion: POSTGRES_VERSION,
  },
  cache: {
    nodeType: "cache.t4g.small",
    numCacheClusters: 1,
    automaticFailover: false,
    multiAz: false,
    snapshotRetentionDays: 1,
    engineVersion: REDIS_VERSION,
  },
  objectStore: { forceDestroy: false, transitionToIaDays: 30, noncurrentVersionExpirationDays: 30 },
  web: { cpu: 256, memoryMb: 512, desiredCount: 1, minCount: 1, maxCount: 3, targetCpuPercent: 60 },
  fileProcessor: { memoryMb: 256, timeoutSeconds: 60 },
  observability: { logRetentionDays: 30, flowLogs: true },
  backup: { enabled: false, retentionDays: 0 },
  budget: { monthlyLimitUsd: 300 },
};

const prod: Profile = {
  environment: "prod",
  target: "aws",
  protect: true,
  network: { azCount: 3, natGateways: "perAz", mode: "own" },
  encryption: { keyDeletionWindowDays: 30 },
  secrets: { recoveryWindowDays: 30 },
  database: {
    instanceClass: "db.m7g.large",
    allocatedStorageGb: 100,
    maxAllocatedStorageGb: 500,
    multiAz: true,
    backupRetentionDays: 14,
    deletionProtection: true,
    skipFinalSnapshot: false,
    performanceInsights: true,
    engineVersion: POSTGRES_VERSION,
  },
  cache: {
    nodeType: "cache.m7g.large",
    numCacheClusters: 2,
    automaticFailover: true,
    multiAz: true,
    snapshotRetentionDays: 7,
    engineVersion: REDIS_VERSION,
  },
  objectStore: { forceDestroy: false, transitionToIaDays: 30, noncurrentVersionExpirationDays: 90 },
  web: {
    cpu: 1024,
    memoryMb: 2048,
    desiredCount: 3,
    minCount: 3,
    maxCount: 12,
    targetCpuPercent: 50,
  },
  fileProcessor: { memoryMb: 512, timeoutSeconds: 120 },
  observability: { logRetentionDays: 365, flowLogs: true },
  backup: { enabled: true, retentionDays: 35 },
  budget: { monthlyLimitUsd: 1300 },
};

const preview: Profile = {
  environment: "preview",
  target: "aws",
  protect: false,
  network: { azCount: 2, natGateways: "none", mode: "shared" },
  encryption: { keyDeletionWindowDays: 7 },
  secrets: { recoveryWindowDays: 0 },
  database: {
    instanceClass: "db.t4g.micro",
    allocatedStorageGb: 20,
    // Off: RDS refuses a ceiling less than 10 % above the allocated storage, and a preview needs no growth.
    maxAllocatedStorageGb: 0,
    multiAz: false,
    backupRetentionDays: 1,
    deletionProtection: false,
    skipFinalSnapshot: true,
    performanceInsights: false,
    engineVersion: POSTGRES_VERSION,
  },
  cache: {
    nodeType: "cache.t4g.micro",
    numCacheClusters: 1,
    automaticFailover: false,
    multiAz: false,
    snapshotRetentionDays: 0,
    engineVersion: REDIS_VERSION,
  },
  objectStore: { forceDestroy: true, transitionToIaDays: 30, noncurrentVersionExpirationDays: 1 },
  web: { cpu: 256, memoryMb: 512, desiredCount: 1, minCount: 1, maxCount: 1, targetCpuPercent: 70 },
  fileProcessor: { memoryMb: 256, timeoutSeconds: 60 },
  observability: { logRetentionDays: 3, flowLogs: false },
  backup: { enabled: false, retentionDays: 0 },
  // Shared by every pr-* stack: room for about five previews at once.
  budget: { monthlyLimitUsd: 500 },
};

/** dev runs in Docker; the AWS sizes below are unused there but keep the type total. */
const dev: Profile = {
  ...preview,
  environment: "dev",
  target: "docker",
  network: { azCount: 1, natGateways: "none", mode: "own" },
  secrets: { recoveryWindowDays: 7 },
  objectStore: { forceDestroy: true, transitionToIaDays: 30, noncurrentVersionExpirationDays: 7 },
  observability: { logRetentionDays: 1, flowLogs: false },
  budget: { monthlyLimitUsd: 0 },
};

export const PROFILES: Readonly<Record<Environment, Profile>> = { dev, staging, prod, preview };

export function isEnvironment(value: string): value is Environment {
  return (ENVIRONMENTS as readonly string[]).includes(value);
}
