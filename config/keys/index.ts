/**
 * The configuration table: every key the program reads, in the order it reads
 * them. Everything about a key (parser, default, when it is required, its
 * documentation) is in its declaration; config/schema.ts reads the table,
 * config/docs.ts renders it into the README and Pulumi.yaml.
 */
import { DEV_KEYS } from "./dev";
import { ENVIRONMENT_KEY } from "./environment";
import {
  EXPIRES_AT,
  NETWORK_STACK,
  PREVIEW_CERTIFICATE_ARN,
  PREVIEW_DOMAIN,
  PREVIEW_HOSTED_ZONE_ID,
  PREVIEW_DATA_TIER,
  PREVIEW_INSTANCE,
  PREVIEW_TTL_HOURS,
} from "./preview";
import { PROFILE_KEYS } from "./profile";
import {
  ALARM_EMAIL,
  APP_IMAGE,
  BACKUP_COPY_REGION,
  CERTIFICATE_ARN,
  COST_CENTER,
  DOMAIN_KEY,
  FILE_PROCESSOR_CODE,
  HOSTED_ZONE_ID,
  ORGANIZATION_TRAIL,
  OWNER,
  REGION_KEY,
  SERVICES,
  VPC_CIDR,
} from "./stack";
import type { ConfigKey, KeyDoc } from "./types";

export * from "./dev";
export * from "./environment";
export * from "./patterns";
export * from "./preview";
export * from "./profile";
export * from "./stack";
export * from "./types";

/** The keys read one by one after the environment and the profile overrides, in order. */
export const VALUE_KEYS: readonly ConfigKey[] = [
  OWNER,
  COST_CENTER,
  REGION_KEY,
  PREVIEW_DOMAIN,
  PREVIEW_CERTIFICATE_ARN,
  PREVIEW_HOSTED_ZONE_ID,
  PREVIEW_INSTANCE,
  DOMAIN_KEY,
  CERTIFICATE_ARN,
  HOSTED_ZONE_ID,
  APP_IMAGE,
  FILE_PROCESSOR_CODE,
  VPC_CIDR,
  ALARM_EMAIL,
  BACKUP_COPY_REGION,
  NETWORK_STACK,
  PREVIEW_TTL_HOURS,
  EXPIRES_AT,
  SERVICES,
  ORGANIZATION_TRAIL,
  PREVIEW_DATA_TIER,
  ...DEV_KEYS,
];

/** Every key, as documented: the environment, the profile overrides, then the rest. */
export const ALL_KEYS: readonly KeyDoc[] = [ENVIRONMENT_KEY, ...PROFILE_KEYS, ...VALUE_KEYS];

/** Whether `name` lives in another namespace (`aws:region`) rather than the project's. */
export function isForeignKey(name: string): boolean {
  return name.includes(":");
}

/** The full key: `platform:owner`, or `aws:region` as it is. */
export function fullKey(project: string, name: string): string {
  return isForeignKey(name) ? name : `${project}:${name}`;
}

/** Every `<project>:` key the program reads; anything else in the namespace is a typo. */
export const KNOWN_KEYS: readonly string[] = ALL_KEYS.map((k) => k.name).filter(
  (n) => !isForeignKey(n),
);

/** Keys a preview does not inherit from its base stack's file. */
export const PREVIEW_DROPPED_KEYS: readonly string[] = ALL_KEYS.filter(
  (k) => k.inheritedByPreview === false,
).map((k) => k.name);
