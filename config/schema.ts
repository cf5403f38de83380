/**
 * Typed, validated platform configuration.
 *
 * `readPlatformConfig` is pure: it takes the flat config map Pulumi hands the
 * program (`"platform:owner" → "team-a"`) and the stack name, and returns the
 * whole configuration or throws one ConfigError line. The program calls it
 * before it registers any resource, so a bad value creates nothing.
 */
import { LOG_RETENTION_DAYS } from "../lib/cloudwatch";
import { DEV_KEYS, DevSettings, readDevSettings } from "../lib/dev/settings";
import { FARGATE_CPU, fargateMemoryOptions } from "../lib/fargate";
import { ConfigError, invalid } from "./errors";
import { parseBoolean, parseInteger, parseOneOf, parsePattern } from "./parse";
import { ENVIRONMENTS, Environment, isEnvironment, PROFILES, Profile, Target } from "./profiles";

export interface PlatformConfig {
  readonly project: string;
  readonly stack: string;
  readonly environment: Environment;
  readonly target: Target;
  /** The pull request a preview stack belongs to. */
  readonly pullRequest?: number;
  readonly owner: string;
  readonly costCenter: string;
  /** AWS region (AWS targets). */
  readonly region: string;
  /** Public host name of the web service, e.g. `staging.example.com`. */
  readonly domain?: string;
  /** ACM certificate for the HTTPS listener (AWS targets). */
  readonly certificateArn?: string;
  /** Route 53 hosted zone for `domain`; when set, an alias record is created. */
  readonly hostedZoneId?: string;
  /** The application container image. */
  readonly appImage: string;
  /** Path of the file processor's Lambda package (a directory or .zip). */
  readonly fileProcessorCode: string;
  /** IPv4 CIDR of the VPC (AWS targets with their own network). */
  readonly vpcCidr: string;
  /** Where alarms are e-mailed; none when unset. */
  readonly alarmEmail?: string;
  /** Region AWS Backup copies prod recovery points to; none when unset. */
  readonly backupCopyRegion?: string;
  /** The stack whose network a preview reuses (`<org>/<project>/<stack>` or a stack name). */
  readonly networkStack: string;
  /** Hours a preview lives after its last deploy. */
  readonly previewTtlHours: number;
  /**
   * How many web services the platform runs (AWS). The first is `platform-web`
   * at `domain`; service k ≥ 2 is `platform-web-k` at `web-k.<domain>` (the
   * certificate must cover it, e.g. a wildcard).
   */
  readonly services: number;
  /** DNS zone previews live under: a preview's host is `pr-<N>.<previewDomain>`. */
  readonly previewDomain?: string;
  /** Wildcard ACM certificate (`*.<previewDomain>`) of the previews' HTTPS listeners. */
  readonly previewCertificateArn?: string;
  /** Route 53 zone of `previewDomain`; when set, each preview gets an alias record. */
  readonly previewHostedZoneId?: string;
  /** When a preview expires (ISO-8601 UTC, tagged ExpiresAt); `platform preview up` sets it on every deploy. */
  readonly expiresAt?: string;
  /** A preview's incarnation, set once when its stack is created (see `secretName`). */
  readonly previewInstance?: string;
  readonly profile: Profile;
  /** The dev (Docker) stack's images and published ports (defaults elsewhere; any dev key on an AWS stack is an error). */
  readonly dev: DevSettings;
}

export interface ConfigContext {
  readonly project: string;
  readonly stack: string;
}

const PREVIEW_STACK = /^pr-([1-9][0-9]{0,6})$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const ACM_ARN = /^arn:aws(-[a-z]+)?:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const FREE_TEXT = /^[\p{L}\p{N} _.:/=+\-@]{1,256}$/u;
const IMAGE = /^[a-z0-9]+([._\-/:@][a-zA-Z0-9]+)*$/;
const HOSTED_ZONE = /^Z[A-Z0-9]{1,31}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CIDR16 = /^10\.(\d{1,3})\.0\.0\/16$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const INSTANCE = /^[a-z0-9]{4,16}$/;

/** A stack named `pr-<N>` is the preview of pull request N. */
export function previewNumber(stack: string): number | undefined {
  const m = PREVIEW_STACK.exec(stack);
  return m ? Number(m[1]) : undefined;
}

/**
 * Values a stack may override, each a single typed key. The profile supplies
 * the default; `apply` returns the profile with the value in place.
 */
interface Override {
  readonly key: string;
  readonly apply: (p: Profile, raw: string, key: string) => Profile;
}

const OVERRIDES: readonly Override[] = [
  {
    key: "dbInstanceClass",
    apply: (p, raw, key) => ({
      ...p,
      database: {
        ...p.database,
        instanceClass: parsePattern(
          key,
          raw,
          /^db\.[a-z0-9]+\.[a-z0-9]+$/,
          "an RDS instance class such as db.t4g.small",
        ),
      },
    }),
  },
  {
    key: "dbAllocatedStorageGb",
    apply: (p, raw, key) => ({
      ...p,
      database: { ...p.database, allocatedStorageGb: parseInteger(key, raw, 20, 65536) },
    }),
  },
  {
    key: "dbBackupRetentionDays",
    apply: (p, raw, key) => ({
      ...p,
      database: { ...p.database, backupRetentionDays: parseInteger(key, raw, 1, 35) },
    }),
  },
  {
    key: "dbMultiAz",
    apply: (p, raw, key) => ({
      ...p,
      database: { ...p.database, multiAz: parseBoolean(key, raw) },
    }),
  },
  {
    key: "cacheNodeType",
    apply: (p, raw, key) => ({
      ...p,
      cache: {
        ...p.cache,
        nodeType: parsePattern(
          key,
          raw,
          /^cache\.[a-z0-9]+\.[a-z0-9]+$/,
          "an ElastiCache node type such as cache.t4g.small",
        ),
      },
    }),
  },
  {
    key: "cacheNodes",
    apply: (p, raw, key) => ({
      ...p,
      cache: { ...p.cache, numCacheClusters: parseInteger(key, raw, 1, 6) },
    }),
  },
  {
    key: "webCpu",
    apply: (p, raw, key) => ({ ...p, web: { ...p.web, cpu: parseOneOf(key, raw, FARGATE_CPU) } }),
  },
  {
    key: "webMemoryMb",
    apply: (p, raw, key) => ({
      ...p,
      web: { ...p.web, memoryMb: parseInteger(key, raw, 512, 30720) },
    }),
  },
  {
    key: "webDesiredCount",
    apply: (p, raw, key) => ({
      ...p,
      web: { ...p.web, desiredCount: parseInteger(key, raw, 1, 100) },
    }),
  },
  {
    key: "webMinCount",
    apply: (p, raw, key) => ({ ...p, web: { ...p.web, minCount: parseInteger(key, raw, 1, 100) } }),
  },
  {
    key: "webMaxCount",
    apply: (p, raw, key) => ({ ...p, web: { ...p.web, maxCount: parseInteger(key, raw, 1, 100) } }),
  },
  {
    key: "logRetentionDays",
    apply: (p, raw, key) => ({
      ...p,
      observability: {
        ...p.observability,
        logRetentionDays: parseOneOf(key, raw, LOG_RETENTION_DAYS),
      },
    }),
  },
  {
    key: "azCount",
    apply: (p, raw, key) => ({
      ...p,
      network: { ...p.network, azCount: parseInteger(key, raw, 2, 3) },
    }),
  },
];

/** Every `platform:` key the program reads; anything else in the namespace is a typo. */
const KNOWN_KEYS = new Set<string>([
  "environment",
  "owner",
  "costCenter",
  "domain",
  "certificateArn",
  "hostedZoneId",
  "appImage",
  "fileProcessorCode",
  "vpcCidr",
  "alarmEmail",
  "backupCopyRegion",
  "networkStack",
  "previewTtlHours",
  "services",
  "previewDomain",
  "previewCertificateArn",
  "previewHostedZoneId",
  "expiresAt",
  "previewInstance",
  ...OVERRIDES.map((o) => o.key),
  ...DEV_KEYS,
]);

function resolveEnvironment(stack: string, raw: string | undefined, key: string): Environment {
  const pr = previewNumber(stack);
  if (raw !== undefined) {
    if (!isEnvironment(raw)) {
      throw invalid(key, raw, `one of ${ENVIRONMENTS.join(", ")}`);
    }
    if (pr !== undefined && raw !== "preview") {
      throw invalid(key, raw, `"preview" (or unset) on the preview stack ${stack}`);
    }
    if (raw === "preview" && pr === undefined) {
      throw invalid(key, raw, `set only on stacks named pr-<N>, not on ${stack}`);
    }
    return raw;
  }
  if (pr !== undefined) return "preview";
  if (isEnvironment(stack) && stack !== "preview") return stack;
  throw new ConfigError(
    `${key} is required for stack ${JSON.stringify(stack)}: set it to one of dev, staging, prod (or name the stack pr-<N> for a preview)`,
  );
}

/** Reads and validates the whole platform configuration. Throws ConfigError. */
export function readPlatformConfig(
  raw: Readonly<Record<string, string>>,
  ctx: ConfigContext,
): PlatformConfig {
  const ns = ctx.project;
  const k = (name: string) => `${ns}:${name}`;
  const get = (name: string): string | undefined => {
    const v = raw[k(name)];
    return v === undefined || v.trim() === "" ? undefined : v;
  };
  const require = (name: string, expected: string): string => {
    const v = get(name);
    if (v === undefined) {
      throw new ConfigError(`${k(name)} is required for stack ${ctx.stack}: expected ${expected}`);
    }
    return v;
  };

  for (const key of Object.keys(raw).sort()) {
    if (key.startsWith(`${ns}:`) && !KNOWN_KEYS.has(key.slice(ns.length + 1))) {
      throw new ConfigError(
        `${key} is not a setting of this program: expected one of ${[...KNOWN_KEYS].map(k).join(", ")}`,
      );
    }
  }

  const environment = resolveEnvironment(ctx.stack, get("environment"), k("environment"));
  let profile = PROFILES[environment];
  for (const o of OVERRIDES) {
    const v = get(o.key);
    if (v !== undefined) profile = o.apply(profile, v, k(o.key));
  }
  const aws = profile.target === "aws";

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
  if (profile.cache.automaticFailover && profile.cache.numCacheClusters < 2) {
    throw invalid(
      k("cacheNodes"),
      String(profile.cache.numCacheClusters),
      "at least 2 when automatic failover is on (prod)",
    );
  }

  const owner = parsePattern(
    k("owner"),
    require("owner", "the owning team, e.g. team-payments"),
    FREE_TEXT,
    "a tag-safe name of 1–256 characters",
  );
  const costCenter = parsePattern(
    k("costCenter"),
    require("costCenter", "the cost center, e.g. cc-1234"),
    FREE_TEXT,
    "a tag-safe name of 1–256 characters",
  );

  const regionRaw = raw["aws:region"];
  let region = "us-east-1";
  if (aws) {
    if (regionRaw === undefined || regionRaw.trim() === "") {
      throw new ConfigError(
        `aws:region is required for stack ${ctx.stack}: expected an AWS region such as eu-west-1`,
      );
    }
    region = parsePattern("aws:region", regionRaw, REGION, "an AWS region such as eu-west-1");
  } else if (regionRaw !== undefined) {
    region = parsePattern("aws:region", regionRaw, REGION, "an AWS region such as eu-west-1");
  }

  const pullRequest = previewNumber(ctx.stack);
  const preview = readPreviewSettings(get, k, ctx.stack, pullRequest);

  const domainRaw = get("domain");
  const domain =
    preview.domain ??
    (domainRaw === undefined
      ? undefined
      : parsePattern(
          k("domain"),
          domainRaw.toLowerCase(),
          DOMAIN,
          "a DNS name such as staging.example.com",
        ));
  if (aws && domain === undefined) {
    throw new ConfigError(
      `${k("domain")} is required for stack ${ctx.stack}: expected a DNS name such as staging.example.com`,
    );
  }
  const certRaw = get("certificateArn");
  const certificateArn =
    preview.certificateArn ??
    (certRaw === undefined
      ? undefined
      : parsePattern(
          k("certificateArn"),
          certRaw,
          ACM_ARN,
          "an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)",
        ));
  if (aws && certificateArn === undefined) {
    throw new ConfigError(
      `${k("certificateArn")} is required for stack ${ctx.stack}: expected an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)`,
    );
  }
  if (aws && certificateArn !== undefined && !certificateArn.includes(`:acm:${region}:`)) {
    throw invalid(
      preview.certificateArn !== undefined ? k("previewCertificateArn") : k("certificateArn"),
      certificateArn,
      `a certificate in the stack's region ${region} (an ALB needs a regional certificate)`,
    );
  }
  const hostedZoneRaw = get("hostedZoneId");
  const hostedZoneId =
    pullRequest !== undefined
      ? preview.hostedZoneId
      : hostedZoneRaw === undefined
        ? undefined
        : parsePattern(
            k("hostedZoneId"),
            hostedZoneRaw,
            HOSTED_ZONE,
            "a Route 53 hosted zone id such as Z0123456789ABC",
          );

  const appImage = parsePattern(
    k("appImage"),
    get("appImage") ?? DEFAULT_APP_IMAGE,
    IMAGE,
    "a container image reference such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.2.3",
  );
  if (aws && appImage.endsWith(":latest")) {
    throw invalid(k("appImage"), appImage, "an image pinned by tag or digest, not :latest");
  }
  const fileProcessorCode = get("fileProcessorCode") ?? DEFAULT_FILE_PROCESSOR_CODE;

  const vpcRaw = get("vpcCidr") ?? DEFAULT_VPC_CIDR[environment];
  const vpcMatch = CIDR16.exec(vpcRaw.trim());
  if (!vpcMatch || Number(vpcMatch[1]) > 255) {
    throw invalid(k("vpcCidr"), vpcRaw, "a private /16 such as 10.20.0.0/16");
  }

  const emailRaw = get("alarmEmail");
  const alarmEmail =
    emailRaw === undefined
      ? undefined
      : parsePattern(k("alarmEmail"), emailRaw, EMAIL, "an e-mail address");
  const copyRaw = get("backupCopyRegion");
  const backupCopyRegion =
    copyRaw === undefined
      ? undefined
      : parsePattern(k("backupCopyRegion"), copyRaw, REGION, "an AWS region such as eu-central-1");
  if (backupCopyRegion !== undefined && backupCopyRegion === region) {
    throw invalid(
      k("backupCopyRegion"),
      backupCopyRegion,
      `a region other than the stack's own (${region})`,
    );
  }

  const networkStack = parsePattern(
    k("networkStack"),
    get("networkStack") ?? "staging",
    /^[A-Za-z0-9_.\-/]{1,200}$/,
    "a stack name or <org>/<project>/<stack>",
  );
  const previewTtlHours = parseInteger(
    k("previewTtlHours"),
    get("previewTtlHours") ?? "72",
    1,
    720,
  );
  const expiresAt = readExpiresAt(get, k, ctx.stack, pullRequest);
  const services = parseInteger(k("services"), get("services") ?? "1", 1, 50);
  if (services > 1 && profile.target !== "aws") {
    throw invalid(
      k("services"),
      String(services),
      `1 on ${ctx.stack} (the Docker environment runs one web service)`,
    );
  }

  return {
    project: ctx.project,
    stack: ctx.stack,
    environment,
    target: profile.target,
    pullRequest,
    owner,
    costCenter,
    region,
    domain,
    certificateArn,
    hostedZoneId,
    appImage,
    fileProcessorCode,
    vpcCidr: vpcRaw.trim(),
    alarmEmail,
    backupCopyRegion,
    networkStack,
    previewTtlHours,
    services,
    previewDomain: preview.previewDomain,
    previewCertificateArn: preview.previewCertificateArn,
    previewHostedZoneId: preview.previewHostedZoneId,
    expiresAt,
    previewInstance: preview.instance,
    profile,
    dev: readDevSettings(get, k, profile.target, ctx.stack),
  };
}

/** The longest preview host prefix: `pr-`, 7 digits and a dot. */
const PREVIEW_HOST_PREFIX_MAX = "pr-9999999.".length;
const PREVIEW_DOMAIN_MAX = 253 - PREVIEW_HOST_PREFIX_MAX;

interface PreviewSettings {
  /** `pr-<N>.<previewDomain>`, on a preview. */
  readonly domain?: string;
  /** `previewCertificateArn`, on a preview. */
  readonly certificateArn?: string;
  /** `previewHostedZoneId`, on a preview. */
  readonly hostedZoneId?: string;
  readonly previewDomain?: string;
  readonly previewCertificateArn?: string;
  readonly previewHostedZoneId?: string;
  readonly instance?: string;
}

/**
 * The preview keys. They live in the base stack's file (Pulumi.staging.yaml)
 * and are validated wherever they appear. A preview (pr-<N>) requires the
 * domain and certificate and takes its host name, certificate and zone from
 * them; it must not set `domain`, `certificateArn` or `hostedZoneId`.
 */
function readPreviewSettings(
  get: (name: string) => string | undefined,
  k: (name: string) => string,
  stack: string,
  pullRequest: number | undefined,
): PreviewSettings {
  const domainRaw = get("previewDomain");
  const domainExpected = `a DNS name of at most ${PREVIEW_DOMAIN_MAX} characters such as preview.example.com`;
  const previewDomain =
    domainRaw === undefined
      ? undefined
      : parsePattern(k("previewDomain"), domainRaw.toLowerCase(), DOMAIN, domainExpected);
  if (previewDomain !== undefined && previewDomain.length > PREVIEW_DOMAIN_MAX) {
    throw invalid(k("previewDomain"), domainRaw ?? "", domainExpected);
  }
  const certRaw = get("previewCertificateArn");
  const previewCertificateArn =
    certRaw === undefined
      ? undefined
      : parsePattern(
          k("previewCertificateArn"),
          certRaw,
          ACM_ARN,
          "the ARN of an ACM certificate for *.<previewDomain> (arn:aws:acm:<region>:<account>:certificate/<id>)",
        );
  const zoneRaw = get("previewHostedZoneId");
  const previewHostedZoneId =
    zoneRaw === undefined
      ? undefined
      : parsePattern(
          k("previewHostedZoneId"),
          zoneRaw,
          HOSTED_ZONE,
          "a Route 53 hosted zone id such as Z0123456789ABC",
        );
  const instanceRaw = get("previewInstance");
  const settings = { previewDomain, previewCertificateArn, previewHostedZoneId };

  if (pullRequest === undefined) {
    if (instanceRaw !== undefined) {
      throw invalid(k("previewInstance"), instanceRaw, "set only on preview stacks (pr-<N>)");
    }
    return settings;
  }
  for (const [own, instead] of [
    ["domain", "previewDomain"],
    ["certificateArn", "previewCertificateArn"],
    ["hostedZoneId", "previewHostedZoneId"],
  ]) {
    const v = get(own);
    if (v !== undefined) {
      throw invalid(k(own), v, `unset on the preview stack ${stack} (previews use ${k(instead)})`);
    }
  }
  if (previewDomain === undefined) {
    throw new ConfigError(
      `${k("previewDomain")} is required for stack ${stack}: expected the DNS zone previews live under, such as preview.example.com (set it in the base stack's file)`,
    );
  }
  if (previewCertificateArn === undefined) {
    throw new ConfigError(
      `${k("previewCertificateArn")} is required for stack ${stack}: expected the ARN of an ACM certificate for *.${previewDomain} (set it in the base stack's file)`,
    );
  }
  const instance =
    instanceRaw === undefined
      ? undefined
      : parsePattern(
          k("previewInstance"),
          instanceRaw,
          INSTANCE,
          "4–16 lowercase letters or digits (platform preview up sets it)",
        );
  return {
    ...settings,
    domain: `pr-${pullRequest}.${previewDomain}`,
    certificateArn: previewCertificateArn,
    hostedZoneId: previewHostedZoneId,
    instance,
  };
}

/**
 * `expiresAt`: required on a preview, refused elsewhere. `platform preview up`
 * sets it to now + previewTtlHours on every deploy; `platform synth` derives
 * it from its own clock (see cli/synth/stackConfig.ts).
 */
function readExpiresAt(
  get: (name: string) => string | undefined,
  k: (name: string) => string,
  stack: string,
  pullRequest: number | undefined,
): string | undefined {
  const raw = get("expiresAt");
  if (pullRequest === undefined) {
    if (raw !== undefined)
      throw invalid(k("expiresAt"), raw, "set only on preview stacks (pr-<N>)");
    return undefined;
  }
  const expected = "an ISO-8601 UTC time such as 2030-01-31T12:00:00Z";
  if (raw === undefined) {
    throw new ConfigError(
      `${k("expiresAt")} is required for stack ${stack}: expected ${expected} (platform preview up sets it on every deploy)`,
    );
  }
  const v = raw.trim();
  const t = Date.parse(v);
  if (
    !ISO_UTC.test(v) ||
    Number.isNaN(t) ||
    new Date(t).toISOString() !== v.replace("Z", ".000Z")
  ) {
    throw invalid(k("expiresAt"), raw, expected);
  }
  return v;
}

export const DEFAULT_APP_IMAGE = "ghcr.io/example/platform-app:0.1.0";
export const DEFAULT_FILE_PROCESSOR_CODE = "app/dist/lambda";
const DEFAULT_VPC_CIDR: Readonly<Record<Environment, string>> = {
  dev: "10.10.0.0/16",
  staging: "10.20.0.0/16",
  prod: "10.30.0.0/16",
  preview: "10.20.0.0/16",
};
