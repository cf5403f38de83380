/**
 * RDS for PostgreSQL facts the program and its config need before anything is
 * registered: which engine version to ask for, which pinned minor versions AWS
 * no longer lets you create, and the bounds of storage autoscaling.
 */

/** The major version the platform runs; RDS picks (and keeps upgrading) the minor. */
export const POSTGRES_MAJOR = "16";

import { RDS_BLOCKED_VERSIONS } from "../policy-pack/data";

/**
 * PostgreSQL minor versions RDS no longer lets you create a new instance on,
 * with the first day creation is refused. One source for the program, its
 * config and the policy pack's rds-engine-version-creatable rule:
 * policy-pack/data/rds-engine-versions.json, where each entry names its
 * source (AWS Health notices, the RDS for PostgreSQL release calendar) and
 * the date it was read; docs/policies.md says how to refresh it.
 */
export const POSTGRES_NO_CREATE_FROM: Readonly<Record<string, string>> = Object.fromEntries(
  (RDS_BLOCKED_VERSIONS.postgres ?? []).flatMap((b) =>
    b.versions.map((v) => [v, b.noCreateFrom] as const),
  ),
);

const MAJOR = /^[1-9][0-9]?$/;
const MINOR = /^[1-9][0-9]?\.[0-9]{1,2}$/;

/** `16.11` is a pinned minor version; `16` lets RDS choose. */
export function isMinorPin(engineVersion: string): boolean {
  return MINOR.test(engineVersion);
}

/**
 * Why `engineVersion` can't be created on `today` (YYYY-MM-DD), or undefined
 * when it can. A major version is always accepted: RDS creates the default
 * minor of that major.
 */
export function engineVersionProblem(engineVersion: string, today: string): string | undefined {
  if (!MAJOR.test(engineVersion) && !MINOR.test(engineVersion)) {
    return "a PostgreSQL major version such as 16, or a minor version such as 16.11";
  }
  const blockedFrom = POSTGRES_NO_CREATE_FROM[engineVersion];
  if (blockedFrom !== undefined && blockedFrom <= today) {
    return `a version RDS still creates (RDS refuses new instances on ${engineVersion} since ${blockedFrom}; see the Amazon RDS for PostgreSQL release calendar)`;
  }
  return undefined;
}

/**
 * The smallest `maxAllocatedStorage` RDS accepts with storage autoscaling on:
 * at least 10 % above the allocated storage ("The maximum allocated storage
 * must be increased by at least 10 percent").
 *
 * Sources (read 2026-11-30):
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.Autoscaling.html
 * ("Set the maximum storage threshold to at least 10% more than the current
 * allocated storage"),
 * https://github.com/ministryofjustice/cloud-platform-environments/pull/24422 (the API error).
 */
export function minimumMaxAllocatedStorage(allocatedGb: number): number {
  // Integer arithmetic: 100 * 1.1 is 110.00000000000001 in floating point.
  return Math.ceil((allocatedGb * 11) / 10);
}

/**
 * Why the pair can't be created, or undefined when it can. `maxAllocatedGb`
 * 0 means storage autoscaling is off.
 */
export function storageAutoscalingProblem(
  allocatedGb: number,
  maxAllocatedGb: number,
): string | undefined {
  if (maxAllocatedGb === 0) return undefined;
  const min = minimumMaxAllocatedStorage(allocatedGb);
  if (maxAllocatedGb < min) {
    return `0 (storage autoscaling off) or at least ${min} (RDS requires 10 % above the allocated ${allocatedGb} GiB)`;
  }
  return undefined;
}

/** Today as YYYY-MM-DD (UTC). */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
