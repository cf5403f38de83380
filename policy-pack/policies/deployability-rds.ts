/**
 * Deployability: RDS instances AWS refuses to create, or whose settings make
 * a later `pulumi up` fail. Mandatory by default: these fail only when AWS is
 * called, so `pulumi preview` alone never shows them. Dated facts come from
 * policy-pack/data/rds-engine-versions.json (each entry with its source and
 * the date it was read) and are compared with the evaluation date.
 */
import { RDS_BLOCKED_VERSIONS, RDS_MAJOR_VERSION } from "../data";
import { evaluationDate, resourcePolicy } from "../lib/define";
import { T } from "../lib/types";
import { isTrue, numeric, show, trimmed } from "../lib/values";
import { DEPLOYABILITY } from "../lib/deployability";

/** An RDS instance's engine and engine version, trimmed; undefined where unset. */
function engineOf(props: Record<string, unknown>): { engine?: string; version?: string } {
  return {
    engine: trimmed(props.engine, "engine"),
    version: trimmed(props.engineVersion, "engineVersion"),
  };
}

/**
 * RDS refuses CreateDBInstance on minor versions past their "no new
 * instances" date (AWS Health notices; release calendar:
 * https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html).
 */
export const rdsEngineVersionCreatable = resourcePolicy({
  ...DEPLOYABILITY,
  name: "rds-engine-version-creatable",
  description:
    "RDS instances ask for an engine version AWS still lets you create (policy-pack/data/rds-engine-versions.json).",
  resourceTypes: [T.rdsInstance],
  remediation:
    'Use the major version only (engineVersion "16", with autoMinorVersionUpgrade on) so RDS picks a minor it still offers, or pin a minor version that is not past its no-create date.',
  validate: (args, report) => {
    const { engine, version } = engineOf(args.props);
    if (!engine || !version) return;
    const today = evaluationDate(args);
    const blocked = (RDS_BLOCKED_VERSIONS[engine] ?? []).find((b) =>
      b.versions.some((v) => v.toLowerCase() === version.toLowerCase()),
    );
    if (blocked && blocked.noCreateFrom <= today) {
      report(
        `engineVersion ${show(version)} can no longer be created: AWS refuses new ${engine} ${version} instances since ${blocked.noCreateFrom} (end of standard support ${blocked.endOfStandardSupport}; ${blocked.source}); use the major version ${show(version.split(".")[0])} or a minor version AWS still offers`,
      );
    }
  },
});

/**
 * A pinned minor version with auto minor upgrades on: once RDS upgrades the
 * instance, every later update asks to "upgrade" back down and fails with
 * "InvalidParameterCombination: Cannot upgrade postgres from X to Y"
 * (https://github.com/hashicorp/terraform/issues/22462,
 * https://github.com/CDCgov/dibbs-query-connector/pull/961, read 2026-11-30).
 */
export const rdsMinorVersionNotPinnedWithAutoUpgrade = resourcePolicy({
  ...DEPLOYABILITY,
  name: "rds-minor-version-not-pinned-with-auto-upgrade",
  description:
    "RDS instances with automatic minor version upgrades ask for a major version only, so an upgrade done by AWS never breaks the next update.",
  resourceTypes: [T.rdsInstance],
  remediation:
    'Set engineVersion to the major version ("16"): the provider accepts it while auto minor upgrades are on. To pin a minor version deliberately, set autoMinorVersionUpgrade: false and upgrade it yourself.',
  validate: (args, report) => {
    const { engine, version } = engineOf(args.props);
    const major = engine ? RDS_MAJOR_VERSION[engine] : undefined;
    if (!version || !major) return;
    // The API's default for AutoMinorVersionUpgrade is true.
    const auto =
      args.props.autoMinorVersionUpgrade === undefined ||
      isTrue(args.props.autoMinorVersionUpgrade, "autoMinorVersionUpgrade");
    if (auto && !new RegExp(major.pattern).test(version)) {
      report(
        `engineVersion ${show(version)} pins a minor version while autoMinorVersionUpgrade is on: after RDS upgrades the instance, the next update fails with "Cannot upgrade ${engine} from <newer> to ${version}"; set engineVersion ${show(version.split(".")[0])}, or autoMinorVersionUpgrade: false`,
      );
    }
  },
});

/**
 * RDS storage autoscaling: the maximum storage threshold must be at least
 * 10% above the allocated storage
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.Autoscaling.html, read 2026-11-30);
 * 0 or unset turns autoscaling off.
 */
export const rdsStorageAutoscalingBounds = resourcePolicy({
  ...DEPLOYABILITY,
  name: "rds-storage-autoscaling-bounds",
  description:
    "RDS instances with storage autoscaling set maxAllocatedStorage to at least ceil(1.1 × allocatedStorage).",
  resourceTypes: [T.rdsInstance],
  remediation:
    "Leave maxAllocatedStorage unset (or 0) to keep storage autoscaling off, or set it to at least ceil(1.1 × allocatedStorage) — AWS recommends 26% above or more.",
  validate: (args, report) => {
    const max = numeric(args.props.maxAllocatedStorage, "maxAllocatedStorage");
    const allocated = numeric(args.props.allocatedStorage, "allocatedStorage");
    if (max === undefined || max <= 0 || allocated === undefined) return;
    const minimum = Math.ceil((allocated * 11) / 10);
    if (max < minimum) {
      report(
        `maxAllocatedStorage ${max} is less than ceil(1.1 × allocatedStorage ${allocated}) = ${minimum}: RDS rejects it ("The maximum allocated storage must be increased by at least 10 percent"); set it to at least ${minimum}, or leave storage autoscaling off`,
      );
    }
  },
});

export const deployabilityRdsPolicies = [
  rdsEngineVersionCreatable,
  rdsMinorVersionNotPinnedWithAutoUpgrade,
  rdsStorageAutoscalingBounds,
];
