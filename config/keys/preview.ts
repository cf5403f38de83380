/**
 * Keys of preview stacks (`pr-<N>`). previewDomain, previewCertificateArn and
 * previewHostedZoneId live in the base stack's file (Pulumi.staging.yaml) and
 * are validated wherever they appear; a preview takes its host name,
 * certificate and zone from them. expiresAt and previewInstance are set by
 * `platform preview up`.
 */
import { invalid } from "../errors";
import { parseInteger, parsePattern } from "../parse";
import { ZONE_EXPECTED } from "./stack";
import { ACM_ARN, DOMAIN, HOSTED_ZONE, INSTANCE, ISO_UTC, STACK_REF } from "./patterns";
import type { DefaultedKey, OptionalKey } from "./types";

/** The longest preview host prefix: `pr-`, 7 digits and a dot. */
const PREVIEW_HOST_PREFIX_MAX = "pr-9999999.".length;
const PREVIEW_DOMAIN_MAX = 253 - PREVIEW_HOST_PREFIX_MAX;
const PREVIEW_DOMAIN_EXPECTED = `a DNS name of at most ${PREVIEW_DOMAIN_MAX} characters such as preview.example.com`;
const EXPIRES_AT_EXPECTED = "an ISO-8601 UTC time such as 2030-01-31T12:00:00Z";

export const NETWORK_STACK: DefaultedKey<string> = {
  name: "networkStack",
  doc: "the stack whose VPC a preview (pr-<N>) reuses",
  scope: "any",
  required: "no",
  default: "staging",
  declareDefault: true,
  parse: (raw, key, ctx) => {
    const ref = parsePattern(key, raw, STACK_REF, "a stack name or <org>/<project>/<stack>");
    if (ctx.pullRequest !== undefined) refusePreviewOnProd(key, ref, ctx.stack);
    return ref;
  },
};

export const PREVIEW_TTL_HOURS: DefaultedKey<number> = {
  name: "previewTtlHours",
  doc: "hours a preview lives after its last deploy (ExpiresAt tag)",
  scope: "any",
  required: "no",
  type: "integer",
  default: "72",
  declareDefault: true,
  parse: (raw, key) => parseInteger(key, raw, 1, 720),
};

export const PREVIEW_DOMAIN: OptionalKey<string> = {
  name: "previewDomain",
  doc: "in the base stack's file: previews live at `pr-<N>.<previewDomain>`",
  scope: "any",
  required: "preview",
  expected:
    "the DNS zone previews live under, such as preview.example.com (set it in the base stack's file)",
  parse: (raw, key) => {
    const domain = parsePattern(key, raw.toLowerCase(), DOMAIN, PREVIEW_DOMAIN_EXPECTED);
    if (domain.length > PREVIEW_DOMAIN_MAX) throw invalid(key, raw, PREVIEW_DOMAIN_EXPECTED);
    return domain;
  },
};

export const PREVIEW_CERTIFICATE_ARN: OptionalKey<string> = {
  name: "previewCertificateArn",
  doc: "in the base stack's file: the wildcard ACM certificate (`*.<previewDomain>`) of the previews' listeners",
  scope: "any",
  required: "preview",
  expected: (read) =>
    `the ARN of an ACM certificate for *.${String(read.previewDomain)} (set it in the base stack's file)`,
  parse: (raw, key) =>
    parsePattern(
      key,
      raw,
      ACM_ARN,
      "the ARN of an ACM certificate for *.<previewDomain> (arn:aws:acm:<region>:<account>:certificate/<id>)",
    ),
};

export const PREVIEW_HOSTED_ZONE_ID: OptionalKey<string> = {
  name: "previewHostedZoneId",
  doc: "in the base stack's file: Route 53 zone of `previewDomain`; each preview gets an alias record",
  scope: "any",
  required: "no",
  parse: (raw, key) => parsePattern(key, raw, HOSTED_ZONE, ZONE_EXPECTED),
};

export const PREVIEW_INSTANCE: OptionalKey<string> = {
  name: "previewInstance",
  doc: "set by `platform preview up`: the incarnation that keeps a re-created PR's secret names fresh",
  scope: "preview",
  required: "no",
  parse: (raw, key) =>
    parsePattern(
      key,
      raw,
      INSTANCE,
      "4–16 lowercase letters or digits (platform preview up sets it)",
    ),
};

/**
 * `expiresAt`: required on a preview, refused elsewhere. `platform preview up`
 * sets it to now + previewTtlHours on every deploy; `platform synth` derives
 * it from its own clock (see cli/synth/stackConfig.ts).
 */
export const EXPIRES_AT: OptionalKey<string> = {
  name: "expiresAt",
  doc: "set by `platform preview up`: when the preview expires (ISO-8601 UTC, tagged ExpiresAt)",
  scope: "preview",
  required: "preview",
  expected: `${EXPIRES_AT_EXPECTED} (platform preview up sets it on every deploy)`,
  parse: (raw, key) => {
    const v = raw.trim();
    const t = Date.parse(v);
    if (
      !ISO_UTC.test(v) ||
      Number.isNaN(t) ||
      new Date(t).toISOString() !== v.replace("Z", ".000Z")
    ) {
      throw invalid(key, raw, EXPIRES_AT_EXPECTED);
    }
    return v;
  },
};

/** A preview must never land in prod's VPC: `networkStack` must not name prod. */
export function refusePreviewOnProd(key: string, networkStack: string, stack: string): void {
  if (networkStack.split("/").pop() === "prod") {
    throw invalid(
      key,
      networkStack,
      `a non-prod stack on the preview stack ${stack}, such as staging (a preview must not share prod's network)`,
    );
  }
}

/** Where a preview's database, cache and load balancer live. */
export type PreviewDataTier = "shared" | "isolated";

/**
 * `previewDataTier`: `shared` (the default on staging and previews) puts each
 * preview's database, Redis user and host rule on one tier staging owns;
 * `isolated` gives each preview its own instance, replication group and ALB.
 * On staging it decides whether that tier is built; prod and dev have none.
 */
export const PREVIEW_DATA_TIER: DefaultedKey<PreviewDataTier> = {
  name: "previewDataTier",
  doc: "`shared`: previews get their own database, Redis user and host rule on one ALB, PostgreSQL instance and Redis replication group that staging owns (built on staging when `shared`); `isolated`: each preview builds its own (staging and previews only)",
  scope: "any",
  required: "no",
  default: (ctx) =>
    ctx.environment === "staging" || ctx.environment === "preview" ? "shared" : "isolated",
  defaultDoc: "staging and previews `shared`, prod and dev `isolated`",
  parse: (raw, key, ctx) => {
    const v = raw.trim();
    const onTier = ctx.environment === "staging" || ctx.environment === "preview";
    if (v === "isolated" || (v === "shared" && onTier)) return v;
    throw invalid(
      key,
      raw,
      onTier
        ? "shared or isolated"
        : `isolated on ${ctx.stack} (only staging and previews have a shared preview tier)`,
    );
  },
};
