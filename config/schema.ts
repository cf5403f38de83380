/**
 * Typed, validated platform configuration.
 *
 * `readPlatformConfig` is pure: it takes the flat config map Pulumi hands the
 * program (`"platform:owner" → "team-a"`) and the stack name, and returns the
 * whole configuration or throws one ConfigError line. The program calls it
 * before it registers any resource, so a bad value creates nothing.
 *
 * What each key means, parses to, defaults to and when it is required is
 * declared once in config/keys/; this module reads that table in order, then
 * applies the rules that span several keys (config/rules.ts).
 */
import { ConfigError, invalid } from "./errors";
import {
  ConfigKey,
  DefaultedKey,
  DEV_HTTP_PORT,
  DEV_HTTPS_PORT,
  DEV_IMAGE_KEYS,
  devImages,
  devSettings,
  ENVIRONMENT_KEY,
  fullKey,
  KeyContext,
  KNOWN_KEYS,
  OptionalKey,
  previewNumber,
  PROFILE_KEYS,
  RequiredKey,
  resolveEnvironment,
  VALUE_KEYS,
} from "./keys";
import * as K from "./keys";
import type { AwsConfig, ConfigContext, DockerConfig, PlatformConfig } from "./platformConfig";
import { PROFILES } from "./profiles";
import {
  checkAwsRules,
  checkBackupCopyRegion,
  checkLambdaPackage,
  checkProfileRules,
} from "./rules";
import { withSecretsHidden } from "./secrets";

export type { AwsConfig, ConfigContext, DockerConfig, PlatformConfig } from "./platformConfig";
export { DEFAULT_APP_IMAGE, DEFAULT_FILE_PROCESSOR_CODE, previewNumber } from "./keys";

/** Whether `key` applies on this stack; when it does not and is set, the error to throw. */
function outOfScope(key: ConfigKey, full: string, raw: string, ctx: KeyContext, project: string) {
  switch (key.scope) {
    case "any":
      return undefined;
    case "docker":
      return ctx.target === "docker"
        ? undefined
        : new ConfigError(
            `${full} is read only by the dev (Docker) stack, not by ${ctx.stack}: remove it from Pulumi.${ctx.stack}.yaml`,
          );
    case "preview":
      return ctx.pullRequest !== undefined
        ? undefined
        : invalid(full, raw, "set only on preview stacks (pr-<N>)");
    case "not-preview":
      return ctx.pullRequest === undefined
        ? undefined
        : invalid(
            full,
            raw,
            `unset on the preview stack ${ctx.stack} (previews use ${fullKey(project, key.onPreview ?? key.name)})`,
          );
  }
}

function isRequired(key: ConfigKey, ctx: KeyContext): boolean {
  switch (key.required) {
    case "always":
      return true;
    case "aws":
      return ctx.target === "aws";
    case "preview":
      return ctx.pullRequest !== undefined;
    case "no":
      return false;
  }
}

/** The values of the table's keys, read in order and typed by their declarations. */
class Values {
  private readonly read = new Map<ConfigKey, unknown>();
  private readonly byName: Record<string, unknown> = {};

  constructor(
    private readonly get: (name: string) => string | undefined,
    private readonly project: string,
    private readonly ctx: KeyContext,
  ) {}

  missing(key: ConfigKey): ConfigError {
    const expected =
      typeof key.expected === "function" ? key.expected(this.byName) : (key.expected ?? key.doc);
    return new ConfigError(
      `${fullKey(this.project, key.name)} is required for stack ${this.ctx.stack}: expected ${expected}`,
    );
  }

  readAll(keys: readonly ConfigKey[]): void {
    for (const key of keys) {
      const full = fullKey(this.project, key.name);
      const raw = this.get(key.name);
      let value: unknown;
      if (raw !== undefined) {
        const refused = outOfScope(key, full, raw, this.ctx, this.project);
        if (refused) throw refused;
        value = key.parse(raw, full, this.ctx);
      } else if (key.scope === "not-preview" && this.ctx.pullRequest !== undefined) {
        value = undefined;
      } else if (isRequired(key, this.ctx)) {
        throw this.missing(key);
      } else if (
        key.default !== undefined &&
        outOfScope(key, full, "", this.ctx, this.project) === undefined
      ) {
        const def = typeof key.default === "function" ? key.default(this.ctx) : key.default;
        value = key.parse(def, full, this.ctx);
      }
      this.read.set(key, value);
      this.byName[key.name] = value;
    }
  }

  /** A key's value: always present for keys with a default or required everywhere. */
  value<T>(key: DefaultedKey<T> | RequiredKey<T>): T;
  value<T>(key: OptionalKey<T>): T | undefined;
  value<T>(key: ConfigKey<T>): T | undefined {
    if (!this.read.has(key)) throw new Error(`${key.name} is read before the table reaches it`);
    const v = this.read.get(key);
    if (v === undefined && (key.default !== undefined || key.required === "always")) {
      throw this.missing(key);
    }
    return v as T | undefined;
  }

  /** A key's value where the table has already required it. */
  need<T>(key: OptionalKey<T>): T {
    const v = this.value(key);
    if (v === undefined) throw this.missing(key);
    return v;
  }
}

/**
 * Reads and validates the whole platform configuration. Throws ConfigError,
 * whose message never holds a secret value (config/secrets.ts).
 */
export function readPlatformConfig(
  raw: Readonly<Record<string, string>>,
  ctx: ConfigContext,
): PlatformConfig {
  return withSecretsHidden(raw, ctx.isSecret ?? (() => false), () => readConfig(raw, ctx));
}

function readConfig(raw: Readonly<Record<string, string>>, ctx: ConfigContext): PlatformConfig {
  const project = ctx.project;
  const k = (name: string) => fullKey(project, name);
  const get = (name: string): string | undefined => {
    const v = raw[k(name)];
    return v === undefined || v.trim() === "" ? undefined : v;
  };

  const known = new Set(KNOWN_KEYS);
  for (const key of Object.keys(raw).sort()) {
    if (key.startsWith(`${project}:`) && !known.has(key.slice(project.length + 1))) {
      throw new ConfigError(
        `${key} is not a setting of this program: expected one of ${KNOWN_KEYS.map(k).join(", ")}`,
      );
    }
    // `platform:services=` would otherwise silently mean the default.
    if (key.startsWith(`${project}:`) && raw[key].trim() === "") {
      throw new ConfigError(
        `${key} is set but empty: expected a value, or leave the key unset for its default`,
      );
    }
  }

  const environment = resolveEnvironment(
    ctx.stack,
    get(ENVIRONMENT_KEY.name),
    k(ENVIRONMENT_KEY.name),
  );
  let profile = PROFILES[environment];
  for (const o of PROFILE_KEYS) {
    const v = get(o.name);
    if (v !== undefined) profile = o.override(profile, v, k(o.name));
  }
  checkProfileRules(profile, k);

  const pullRequest = previewNumber(ctx.stack);
  const keyCtx: KeyContext = { stack: ctx.stack, environment, target: profile.target, pullRequest };
  const values = new Values(get, project, keyCtx);
  values.readAll(VALUE_KEYS);
  const region = values.value(K.REGION_KEY);
  checkBackupCopyRegion(region, values.value(K.BACKUP_COPY_REGION), k);

  const common = {
    project,
    stack: ctx.stack,
    environment,
    owner: values.value(K.OWNER),
    costCenter: values.value(K.COST_CENTER),
    appImage: values.value(K.APP_IMAGE),
    services: values.value(K.SERVICES),
    profile,
  };

  if (profile.target === "docker") {
    const image = (setting: keyof typeof DEV_IMAGE_KEYS) => values.value(DEV_IMAGE_KEYS[setting]);
    const docker: DockerConfig = {
      ...common,
      target: "docker",
      dev: devSettings(
        devImages(image),
        values.value(DEV_HTTPS_PORT),
        values.value(DEV_HTTP_PORT),
        k,
      ),
    };
    return docker;
  }

  const previewDomain = values.value(K.PREVIEW_DOMAIN);
  const previewCertificateArn = values.value(K.PREVIEW_CERTIFICATE_ARN);
  const previewHostedZoneId = values.value(K.PREVIEW_HOSTED_ZONE_ID);
  const onPreview = pullRequest !== undefined;
  const aws: AwsConfig = {
    ...common,
    target: "aws",
    pullRequest,
    region,
    domain: onPreview
      ? `pr-${pullRequest}.${values.need(K.PREVIEW_DOMAIN)}`
      : values.need(K.DOMAIN_KEY),
    certificateArn: onPreview
      ? values.need(K.PREVIEW_CERTIFICATE_ARN)
      : values.need(K.CERTIFICATE_ARN),
    hostedZoneId: onPreview ? previewHostedZoneId : values.value(K.HOSTED_ZONE_ID),
    fileProcessorCode: values.value(K.FILE_PROCESSOR_CODE),
    vpcCidr: values.value(K.VPC_CIDR),
    alarmEmail: values.value(K.ALARM_EMAIL),
    backupCopyRegion: values.value(K.BACKUP_COPY_REGION),
    organizationTrail: values.value(K.ORGANIZATION_TRAIL),
    networkStack: values.value(K.NETWORK_STACK),
    previewTtlHours: values.value(K.PREVIEW_TTL_HOURS),
    previewDomain,
    previewCertificateArn,
    previewHostedZoneId,
    expiresAt: values.value(K.EXPIRES_AT),
    previewInstance: values.value(K.PREVIEW_INSTANCE),
    previewDataTier: values.value(K.PREVIEW_DATA_TIER),
  };
  checkAwsRules(aws, k);
  checkLambdaPackage(aws, k);
  return aws;
}
