/**
 * Keys that override one value of the environment's profile
 * (config/profiles.ts). Unset, the profile's value applies.
 */
import { LOG_RETENTION_DAYS } from "../../lib/cloudwatch";
import { FARGATE_CPU } from "../../lib/fargate";
import { engineVersionProblem, todayUtc } from "../../lib/rds";
import { invalid } from "../errors";
import { parseBoolean, parseInteger, parseOneOf, parsePattern } from "../parse";
import type { Profile } from "../profiles";
import type { ProfileKey } from "./types";

interface Spec<T extends string | number | boolean> {
  readonly name: string;
  readonly doc: string;
  readonly type?: "integer" | "boolean";
  readonly parse: (raw: string, key: string) => T;
  /** The profile's value. */
  readonly current: (p: Profile) => T;
  /** The profile with `value` in place. */
  readonly apply: (p: Profile, value: T) => Profile;
}

function profileKey<T extends string | number | boolean>(spec: Spec<T>): ProfileKey {
  return {
    name: spec.name,
    doc: spec.doc,
    type: spec.type,
    current: spec.current,
    override: (p, raw, key) => spec.apply(p, spec.parse(raw, key)),
    scope: "any",
    required: "no",
    // A preview's own profile decides sizes and retention.
    inheritedByPreview: false,
    defaultDoc: "the profile",
  };
}

const withDatabase = (p: Profile, change: Partial<Profile["database"]>): Profile => ({
  ...p,
  database: { ...p.database, ...change },
});
const withCache = (p: Profile, change: Partial<Profile["cache"]>): Profile => ({
  ...p,
  cache: { ...p.cache, ...change },
});
const withWeb = (p: Profile, change: Partial<Profile["web"]>): Profile => ({
  ...p,
  web: { ...p.web, ...change },
});

export const PROFILE_KEYS: readonly ProfileKey[] = [
  profileKey({
    name: "dbInstanceClass",
    doc: "RDS instance class of the database",
    parse: (raw, key) =>
      parsePattern(
        key,
        raw,
        /^db\.[a-z0-9]+\.[a-z0-9]+$/,
        "an RDS instance class such as db.t4g.small",
      ),
    current: (p) => p.database.instanceClass,
    apply: (p, instanceClass) => withDatabase(p, { instanceClass }),
  }),
  profileKey({
    name: "dbAllocatedStorageGb",
    doc: "initial database storage in GiB (20–65536)",
    type: "integer",
    parse: (raw, key) => parseInteger(key, raw, 20, 65536),
    current: (p) => p.database.allocatedStorageGb,
    apply: (p, allocatedStorageGb) => withDatabase(p, { allocatedStorageGb }),
  }),
  profileKey({
    name: "dbMaxAllocatedStorageGb",
    doc: "storage autoscaling ceiling in GiB: 0 turns it off, otherwise at least ceil(1.1 × dbAllocatedStorageGb), as RDS requires",
    type: "integer",
    parse: (raw, key) => parseInteger(key, raw, 0, 65536),
    current: (p) => p.database.maxAllocatedStorageGb,
    apply: (p, maxAllocatedStorageGb) => withDatabase(p, { maxAllocatedStorageGb }),
  }),
  profileKey({
    name: "dbEngineVersion",
    doc: "PostgreSQL version: the major (RDS keeps the minor current), or a pinned minor such as 16.11, which turns automatic minor upgrades off; a minor RDS no longer creates is refused",
    parse: (raw, key) => {
      const problem = engineVersionProblem(raw.trim(), todayUtc());
      if (problem !== undefined) throw invalid(key, raw, problem);
      return raw.trim();
    },
    current: (p) => p.database.engineVersion,
    apply: (p, engineVersion) => withDatabase(p, { engineVersion }),
  }),
  profileKey({
    name: "dbBackupRetentionDays",
    doc: "days RDS keeps automated backups (1–35)",
    type: "integer",
    parse: (raw, key) => parseInteger(key, raw, 1, 35),
    current: (p) => p.database.backupRetentionDays,
    apply: (p, backupRetentionDays) => withDatabase(p, { backupRetentionDays }),
  }),
  profileKey({
    name: "dbMultiAz",
    doc: "a standby database in a second AZ",
    type: "boolean",
    parse: (raw, key) => parseBoolean(key, raw),
    current: (p) => p.database.multiAz,
    apply: (p, multiAz) => withDatabase(p, { multiAz }),
  }),
  profileKey({
    name: "cacheNodeType",
    doc: "ElastiCache node type of the cache",
    parse: (raw, key) =>
      parsePattern(
        key,
        raw,
        /^cache\.[a-z0-9]+\.[a-z0-9]+$/,
        "an ElastiCache node type such as cache.t4g.small",
      ),
    current: (p) => p.cache.nodeType,
    apply: (p, nodeType) => withCache(p, { nodeType }),
  }),
  profileKey({
    name: "cacheNodes",
    doc: "cache nodes (1–6; at least 2 with automatic failover)",
    type: "integer",
    parse: (raw, key) => parseInteger(key, raw, 1, 6),
    current: (p) => p.cache.numCacheClusters,
    apply: (p, numCacheClusters) => withCache(p, { numCacheClusters }),
  }),
  profileKey({
    name: "webCpu",
    doc: `Fargate task CPU units (${FARGATE_CPU.join(", ")})`,
    type: "integer",
    parse: (raw, key) => parseOneOf(key, raw, FARGATE_CPU),
    current: (p) => p.web.cpu,
    apply: (p, cpu) => withWeb(p, { cpu }),
  }),
  profileKey({
    name: "webMemoryMb",
    doc: "Fargate task memory in MiB (a size Fargate offers with webCpu)",
    type: "integer",
    parse: (raw, key) => parseInteger(key, raw, 512, 30720),
    current: (p) => p.web.memoryMb,
    apply: (p, memoryMb) => withWeb(p, { memoryMb }),
  }),
  profileKey({
    name: "webDesiredCount",
    doc: "web tasks to start with (between webMinCount and webMaxCount)",
    type: "integer",
    parse: (raw, key) => parseInteger(key, raw, 1, 100),
    current: (p) => p.web.desiredCount,
    apply: (p, desiredCount) => withWeb(p, { desiredCount }),
  }),
  profileKey({
    name: "webMinCount",
    doc: "fewest web tasks autoscaling keeps (1–100)",
    type: "integer",
    parse: (raw, key) => parseInteger(key, raw, 1, 100),
    current: (p) => p.web.minCount,
    apply: (p, minCount) => withWeb(p, { minCount }),
  }),
  profileKey({
    name: "webMaxCount",
    doc: "most web tasks autoscaling starts (1–100)",
    type: "integer",
    parse: (raw, key) => parseInteger(key, raw, 1, 100),
    current: (p) => p.web.maxCount,
    apply: (p, maxCount) => withWeb(p, { maxCount }),
  }),
  profileKey({
    name: "logRetentionDays",
    doc: "CloudWatch log retention in days (a value CloudWatch accepts)",
    type: "integer",
    parse: (raw, key) => parseOneOf(key, raw, LOG_RETENTION_DAYS),
    current: (p) => p.observability.logRetentionDays,
    apply: (p, logRetentionDays) => ({
      ...p,
      observability: { ...p.observability, logRetentionDays },
    }),
  }),
  profileKey({
    name: "azCount",
    doc: "availability zones the VPC spans (2–3)",
    type: "integer",
    parse: (raw, key) => parseInteger(key, raw, 2, 3),
    current: (p) => p.network.azCount,
    apply: (p, azCount) => ({ ...p, network: { ...p.network, azCount } }),
  }),
];
