/** Keys every stack reads: ownership, the region, the public host and the workload. */
import { invalid } from "../errors";
import { parseBoolean, parseInteger, parsePattern } from "../parse";
import type { Environment } from "../profiles";
import * as path from "node:path";
import { isAwsRegion } from "../../lib/awsRegions";
import { projectRoot } from "../../lib/project";
import {
  ACM_ARN,
  CIDR16,
  DOMAIN,
  EMAIL,
  FREE_TEXT,
  HOSTED_ZONE,
  IMAGE,
  isPrivateSlash16,
  REGION,
} from "./patterns";
import type { DefaultedKey, OptionalKey, RequiredKey } from "./types";

/** The image `platform:appImage` defaults to; the dev stack builds app/ instead of pulling it. */
export const DEFAULT_APP_IMAGE = "ghcr.io/example/platform-app:0.1.0";
/** Where `npm run build:lambda -w app` puts the file processor's Lambda package. */
export const DEFAULT_FILE_PROCESSOR_CODE = "app/dist/lambda";
/** The VPC range of each environment; a preview shares staging's network. */
export const DEFAULT_VPC_CIDR: Readonly<Record<Environment, string>> = {
  dev: "10.10.0.0/16",
  staging: "10.20.0.0/16",
  prod: "10.30.0.0/16",
  preview: "10.20.0.0/16",
};

const TAG_SAFE = "a tag-safe name of 1–256 characters";
const REGION_EXPECTED = "an AWS region such as eu-west-1";

/** A region `@pulumi/aws` knows (lib/awsRegions.ts), not just one shaped like a region. */
export function parseRegion(key: string, raw: string, expected: string): string {
  const region = parsePattern(key, raw, REGION, expected);
  if (!isAwsRegion(region)) throw invalid(key, raw, `${expected} (one that @pulumi/aws knows)`);
  return region;
}
const DOMAIN_EXPECTED = "a DNS name such as staging.example.com";
const ACM_EXPECTED = "an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)";
export const ZONE_EXPECTED = "a Route 53 hosted zone id such as Z0123456789ABC";

export const OWNER: RequiredKey<string> = {
  name: "owner",
  doc: "the owning team, tagged as Owner (e.g. team-payments)",
  scope: "any",
  required: "always",
  expected: "the owning team, e.g. team-payments",
  parse: (raw, key) => parsePattern(key, raw, FREE_TEXT, TAG_SAFE),
};

export const COST_CENTER: RequiredKey<string> = {
  name: "costCenter",
  doc: "the cost-allocation center, tagged as CostCenter (e.g. cc-1234)",
  scope: "any",
  required: "always",
  expected: "the cost center, e.g. cc-1234",
  parse: (raw, key) => parsePattern(key, raw, FREE_TEXT, TAG_SAFE),
};

export const REGION_KEY: DefaultedKey<string> = {
  name: "aws:region",
  doc: "region of the explicit AWS provider",
  scope: "any",
  required: "aws",
  expected: REGION_EXPECTED,
  default: "us-east-1",
  defaultDoc: "none on AWS; us-east-1 (unused) in dev",
  parse: (raw, key) => parseRegion(key, raw, REGION_EXPECTED),
};

export const DOMAIN_KEY: OptionalKey<string> = {
  name: "domain",
  doc: "public host name of the web service",
  scope: "not-preview",
  onPreview: "previewDomain",
  required: "aws",
  expected: DOMAIN_EXPECTED,
  inheritedByPreview: false,
  parse: (raw, key) => parsePattern(key, raw.toLowerCase(), DOMAIN, DOMAIN_EXPECTED),
};

export const CERTIFICATE_ARN: OptionalKey<string> = {
  name: "certificateArn",
  doc: "ACM certificate of the HTTPS listener, in the stack's region",
  scope: "not-preview",
  onPreview: "previewCertificateArn",
  required: "aws",
  expected: ACM_EXPECTED,
  inheritedByPreview: false,
  parse: (raw, key) => parsePattern(key, raw, ACM_ARN, ACM_EXPECTED),
};

export const HOSTED_ZONE_ID: OptionalKey<string> = {
  name: "hostedZoneId",
  doc: "Route 53 zone of `domain`: creates the alias record",
  scope: "not-preview",
  onPreview: "previewHostedZoneId",
  required: "no",
  inheritedByPreview: false,
  parse: (raw, key) => parsePattern(key, raw, HOSTED_ZONE, ZONE_EXPECTED),
};

export const APP_IMAGE: DefaultedKey<string> = {
  name: "appImage",
  doc: "the workload image, pinned (no `:latest` on AWS); dev builds app/ unless set",
  scope: "any",
  required: "no",
  default: DEFAULT_APP_IMAGE,
  parse: (raw, key, ctx) => {
    const image = parsePattern(
      key,
      raw,
      IMAGE,
      "a container image reference such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.2.3",
    );
    if (ctx.target === "aws" && image.endsWith(":latest")) {
      throw invalid(key, image, "an image pinned by tag or digest, not :latest");
    }
    // The tag sits after the last "/" (a ":" before it is a registry port); a digest follows "@".
    const lastPart = image.slice(image.lastIndexOf("/") + 1);
    if (ctx.target === "aws" && !lastPart.includes(":") && !image.includes("@")) {
      throw invalid(
        key,
        image,
        "an image pinned by tag or digest such as ghcr.io/example/app:1.2.3 (without one, :latest is pulled)",
      );
    }
    return image;
  },
};

export const FILE_PROCESSOR_CODE: DefaultedKey<string> = {
  name: "fileProcessorCode",
  doc: "path of the file processor's Lambda package (a directory or .zip)",
  scope: "any",
  required: "no",
  default: DEFAULT_FILE_PROCESSOR_CODE,
  parse: (raw, key) => parseCodePath(key, raw),
};

/** The repository this program lives in: Pulumi runs it from there, and `platform synth` too. */
const REPOSITORY = projectRoot(__dirname);

/**
 * `fileProcessorCode` as set: a relative path inside the repository. That it
 * exists is checked for AWS stacks, default included (config/rules.ts
 * checkLambdaPackage), before anything is registered.
 */
function parseCodePath(key: string, raw: string): string {
  const value = raw.trim();
  const expected = "a path inside the repository, such as app/dist/lambda";
  const full = path.resolve(REPOSITORY, value);
  const rel = path.relative(REPOSITORY, full);
  if (path.isAbsolute(value) || rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) {
    throw invalid(key, raw, `${expected} (not outside it)`);
  }
  return value;
}

export const VPC_CIDR: DefaultedKey<string> = {
  name: "vpcCidr",
  doc: "a private /16 for the VPC",
  scope: "any",
  required: "no",
  inheritedByPreview: false,
  default: (ctx) => DEFAULT_VPC_CIDR[ctx.environment],
  defaultDoc: Object.entries(DEFAULT_VPC_CIDR)
    .map(([env, cidr]) => `${env} ${cidr}`)
    .join(", "),
  parse: (raw, key) => {
    const m = CIDR16.exec(raw.trim());
    if (!m || !isPrivateSlash16(Number(m[1]), Number(m[2]))) {
      throw invalid(
        key,
        raw,
        "a private /16 such as 10.20.0.0/16 (in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, no leading zeros)",
      );
    }
    return raw.trim();
  },
};

export const ALARM_EMAIL: OptionalKey<string> = {
  name: "alarmEmail",
  doc: "e-mail subscription of the alarm topic",
  scope: "any",
  required: "no",
  inheritedByPreview: false,
  parse: (raw, key) => parsePattern(key, raw, EMAIL, "an e-mail address"),
};

export const BACKUP_COPY_REGION: OptionalKey<string> = {
  name: "backupCopyRegion",
  doc: "prod: copy AWS Backup recovery points to this region (not the stack's own)",
  scope: "any",
  required: "no",
  inheritedByPreview: false,
  parse: (raw, key) => parseRegion(key, raw, "an AWS region such as eu-central-1"),
};

export const SERVICES: DefaultedKey<number> = {
  name: "services",
  doc: "web services to run (1–50, AWS): service k ≥ 2 is `platform-web-k` at `web-k.<domain>` with its own ALB (the certificate must cover it), on a preview at `pr-<N>-web-k.<previewDomain>` (one label, covered by the wildcard); alarms watch the first",
  scope: "any",
  required: "no",
  type: "integer",
  default: "1",
  parse: (raw, key, ctx) => {
    const services = parseInteger(key, raw, 1, 50);
    if (services > 1 && ctx.target !== "aws") {
      throw invalid(
        key,
        String(services),
        `1 on ${ctx.stack} (the Docker environment runs one web service)`,
      );
    }
    return services;
  },
};

export const ORGANIZATION_TRAIL: DefaultedKey<boolean> = {
  name: "organizationTrail",
  doc: "staging and previews: `true` when an AWS Organizations trail already records this account, so the stack creates no CloudTrail trail of its own (prod always keeps its own trail with data events)",
  scope: "any",
  required: "no",
  type: "boolean",
  default: "false",
  parse: (raw, key, ctx) => {
    const on = parseBoolean(key, raw);
    if (on && (ctx.target !== "aws" || ctx.environment === "prod")) {
      throw invalid(
        key,
        raw,
        `false on ${ctx.stack} (only staging and previews may rely on an organisation trail)`,
      );
    }
    return on;
  },
};
