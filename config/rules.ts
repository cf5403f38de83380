/**
 * Rules that span several keys, checked after each key has been read on its
 * own (config/keys/). Each throws one ConfigError line naming the key to fix.
 */
import { partitionOf } from "../lib/awsRegions";
import { fargateMemoryOptions } from "../lib/fargate";
import { lambdaPackageProblem, projectRoot } from "../lib/project";
import { storageAutoscalingProblem } from "../lib/rds";
import { invalid } from "./errors";
import type { AwsConfig } from "./platformConfig";
import type { Profile } from "./profiles";

/** The profile after overrides: a Fargate size AWS offers, sane task counts, failover with 2+ nodes. */
export function checkProfileRules(profile: Profile, k: (name: string) => string): void {
  const web = profile.web;
  if (!fargateMemoryOptions(web.cpu).includes(web.memoryMb)) {
    throw invalid(
      k("webMemoryMb"),
      String(web.memoryMb),
      `one of ${fargateMemoryOptions(web.cpu).join(", ")} with webCpu ${web.cpu}`,
    );
  }
  if (web.minCount > web.maxCount) {
    throw invalid(k("webMinCount"), String(web.minCount), `at most webMaxCount (${web.maxCount})`);
  }
  if (web.desiredCount < web.minCount || web.desiredCount > web.maxCount) {
    throw invalid(
      k("webDesiredCount"),
      String(web.desiredCount),
      `between webMinCount (${web.minCount}) and webMaxCount (${web.maxCount})`,
    );
  }
  const db = profile.database;
  const storageProblem = storageAutoscalingProblem(db.allocatedStorageGb, db.maxAllocatedStorageGb);
  if (storageProblem !== undefined) {
    throw invalid(
      k("dbMaxAllocatedStorageGb"),
      String(db.maxAllocatedStorageGb),
      `${storageProblem} with dbAllocatedStorageGb ${db.allocatedStorageGb}`,
    );
  }
  if (profile.cache.automaticFailover && profile.cache.numCacheClusters < 2) {
    throw invalid(
      k("cacheNodes"),
      String(profile.cache.numCacheClusters),
      "at least 2 when automatic failover is on (prod)",
    );
  }
}

/** AWS Backup copies recovery points to another region, never to the stack's own. */
export function checkBackupCopyRegion(
  region: string,
  backupCopyRegion: string | undefined,
  k: (name: string) => string,
): void {
  if (backupCopyRegion !== undefined && backupCopyRegion === region) {
    throw invalid(
      k("backupCopyRegion"),
      backupCopyRegion,
      `a region other than the stack's own (${region})`,
    );
  }
}

/** An ALB needs a certificate from its own region. */
export function checkAwsRules(cfg: AwsConfig, k: (name: string) => string): void {
  if (!cfg.certificateArn.includes(`:acm:${cfg.region}:`)) {
    throw invalid(
      cfg.pullRequest !== undefined ? k("previewCertificateArn") : k("certificateArn"),
      cfg.certificateArn,
      `a certificate in the stack's region ${cfg.region} (an ALB needs a regional certificate)`,
    );
  }
  const partition = partitionOf(cfg.region);
  if (!cfg.certificateArn.startsWith(`arn:${partition}:`)) {
    throw invalid(
      cfg.pullRequest !== undefined ? k("previewCertificateArn") : k("certificateArn"),
      cfg.certificateArn,
      `an ARN in the partition of ${cfg.region} (arn:${partition}:acm:…)`,
    );
  }
}

/**
 * The file processor's package exists (default included) before anything is
 * registered: a missing one fails `pulumi up` only when the archive is
 * uploaded, after the role, the queue and the rest were created.
 */
export function checkLambdaPackage(
  cfg: AwsConfig,
  k: (name: string) => string,
  root: string = projectRoot(__dirname),
): void {
  const problem = lambdaPackageProblem(root, cfg.fileProcessorCode);
  if (problem !== undefined) throw invalid(k("fileProcessorCode"), cfg.fileProcessorCode, problem);
}
