/**
 * The pack's facts about AWS, one versioned JSON file each in this folder,
 * every entry with the URL it was read from and the date. Rules and lib/
 * (config validation, physical names) read them only through here, except
 * data-stores.json, which lib/dataStores.ts reads and this lists.
 * How to refresh them: docs/policies.md, "Refreshing the data".
 */
import cloudwatchMetrics from "./cloudwatch-metrics.json";
import dataStores from "./data-stores.json";
import devPorts from "./dev-ports.json";
import elasticacheEngines from "./elasticache-engines.json";
import fargateTaskSizes from "./fargate-task-sizes.json";
import lambdaRuntimes from "./lambda-runtimes.json";
import nameLimits from "./name-limits.json";
import processFootprints from "./process-footprints.json";
import rdsEngineVersions from "./rds-engine-versions.json";

/** RDS minor versions that can no longer be created from `noCreateFrom` (YYYY-MM-DD). */
export interface BlockedVersions {
  readonly versions: readonly string[];
  readonly noCreateFrom: string;
  readonly endOfStandardSupport: string;
  readonly source: string;
}

export const RDS_BLOCKED_VERSIONS: Readonly<Record<string, readonly BlockedVersions[]>> =
  rdsEngineVersions.engines;

/** Per engine, the form of a major-only engineVersion (e.g. postgres: "16"). */
export const RDS_MAJOR_VERSION: Readonly<Record<string, { pattern: string; example: string }>> =
  rdsEngineVersions.majorVersionFormat;

export interface RuntimeDates {
  readonly deprecation: string;
  readonly blockCreate: string;
  readonly blockUpdate: string;
  readonly source: string;
}

export const LAMBDA_RUNTIMES: Readonly<Record<string, RuntimeDates>> = lambdaRuntimes.runtimes;

/** engine → engineVersion → the parameter group family it needs. */
export const ELASTICACHE_FAMILIES: Readonly<Record<string, Readonly<Record<string, string>>>> =
  elasticacheEngines.engines;

type Memory =
  readonly number[] | { readonly from: number; readonly to: number; readonly step: number };

function expand(memory: Memory): number[] {
  if (Array.isArray(memory)) return [...(memory as readonly number[])];
  const { from, to, step } = memory as { from: number; to: number; step: number };
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

/** Task-level cpu units → the memory values (MiB) Fargate accepts with them. */
export const FARGATE_SIZES: ReadonlyMap<number, readonly number[]> = new Map(
  fargateTaskSizes.sizes.map((s) => [s.cpu, expand(s.memory as Memory)]),
);

/** Namespace → metric → the dimension sets AWS publishes it with. */
export const CLOUDWATCH_DIMENSIONS: Readonly<
  Record<
    string,
    {
      readonly source: string;
      readonly metrics: Readonly<Record<string, readonly (readonly string[])[]>>;
    }
  >
> = cloudwatchMetrics.namespaces;

export interface NameRule {
  readonly maxLength: number;
  readonly minLength: number;
  readonly pattern: string;
  readonly rule: string;
  readonly resources: readonly { readonly type: string; readonly prop: string }[];
  readonly source: string;
}

export const NAME_RULES: Readonly<Record<keyof typeof nameLimits.limits, NameRule>> =
  nameLimits.limits;

/** What docs/policies.md lists about each data file. */
export interface DataFile {
  readonly file: string;
  readonly version: number;
  readonly readAt: string;
  readonly description: string;
  /** How the file's facts were read, and what could not be checked. */
  readonly note?: string;
  /** Every distinct source URL of the file, in order of appearance. */
  readonly sources: readonly string[];
}

function sourcesOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => sourcesOf(v, out));
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (/^(source|calendar|familiesSource|measuredBy)$/.test(k) && typeof v === "string") {
        if (!out.includes(v)) out.push(v);
      } else sourcesOf(v, out);
    }
  }
  return out;
}

function describe(
  file: string,
  doc: { version: number; readAt: string; description: string; note?: string },
): DataFile {
  return {
    file: `policy-pack/data/${file}`,
    version: doc.version,
    readAt: doc.readAt,
    description: doc.description,
    ...(doc.note !== undefined ? { note: doc.note } : {}),
    sources: sourcesOf(doc),
  };
}

export const DATA_FILES: readonly DataFile[] = [
  describe("rds-engine-versions.json", rdsEngineVersions),
  describe("lambda-runtimes.json", lambdaRuntimes),
  describe("elasticache-engines.json", elasticacheEngines),
  describe("fargate-task-sizes.json", fargateTaskSizes),
  describe("cloudwatch-metrics.json", cloudwatchMetrics),
  describe("name-limits.json", nameLimits),
  describe("process-footprints.json", processFootprints),
  describe("dev-ports.json", devPorts),
  describe("data-stores.json", dataStores),
];

/** A runtime's measured memory: one health-check process at its peak, and a server of it at rest. */
export interface ProcessFootprint {
  readonly healthcheckPeakMiB: number;
  readonly serverMiB: number;
  readonly measuredWith: string;
}

/** Program name (as a health check runs it) → its measured footprint. */
export const PROCESS_FOOTPRINTS: Readonly<Record<string, ProcessFootprint>> =
  processFootprints.runtimes;

/** A host port a common development tool binds by default. */
export interface CommonPort {
  readonly port: number;
  readonly usedBy: string;
  readonly source: string;
}

/** Host port → the tools that bind it by default. */
export const COMMON_DEV_PORTS: ReadonlyMap<number, CommonPort> = new Map(
  devPorts.ports.map((p) => [p.port, p]),
);

/** Ports below this one need privileges that rootless Docker lacks by default. */
export const PRIVILEGED_PORTS_BELOW: { readonly port: number; readonly source: string } =
  devPorts.privilegedBelow;
