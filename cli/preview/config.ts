/**
 * The config `platform preview up` sets on a pr-<N> stack through the
 * Automation API, on every deploy: the base stack's non-secret config (the
 * same derivation `platform synth` uses), the project's declared defaults,
 * `expiresAt` (now + previewTtlHours) and the preview's instance; secrets of
 * the base come from the CI environment. (Not `pulumi stack init
 * --copy-config-from`: it copies only what was deployed, and a CI checkout
 * keeps no Pulumi.pr-<N>.yaml between runs anyway.)
 */
import { invalid } from "../../config/errors";
import { readPlatformConfig } from "../../config/schema";
import { withSecretsHidden } from "../../config/secrets";
import { expiresAtFrom } from "../../lib/tags";
import { UsageError } from "../errors";
import { readPreviewBase, readProject } from "../synth/stackConfig";
import { ConfigEntries, PreviewConfig } from "./workspace";

export interface PreviewConfigOptions {
  /** The deploy's time; ExpiresAt is previewTtlHours after it. */
  readonly now: Date;
  /** The preview's incarnation (see `secretName`). */
  readonly instance: string;
  /** Where the base's secrets come from (`PLATFORM_SECRET_<KEY>`). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface BuiltPreviewConfig {
  readonly config: PreviewConfig;
  readonly expiresAt: string;
  /** The base stack, e.g. `staging`. */
  readonly baseStack: string;
  /** The Lambda package folder the program deploys (`platform:fileProcessorCode`), relative to the project. */
  readonly fileProcessorCode: string;
  /** The stack whose network the preview reuses (`platform:networkStack`), as configured. */
  readonly networkStack: string;
}

/** The environment variable a base secret comes from: `platform:dbPassword` → `PLATFORM_SECRET_PLATFORM_DBPASSWORD`. */
export function secretEnvName(key: string): string {
  return `PLATFORM_SECRET_${key.replace(/[^A-Za-z0-9]+/g, "_").toUpperCase()}`;
}

function isStructured(value: unknown): value is object {
  return value !== null && typeof value === "object";
}

/** `{ a: [1, { b: 2 }] }` under `k` → `k.a[0] = 1`, `k.a[1].b = 2` (pulumi config set --path). */
function flatten(key: string, value: unknown, out: Record<string, { value: string }>): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => flatten(`${key}[${i}]`, v, out));
  } else if (isStructured(value)) {
    for (const [k, v] of Object.entries(value)) flatten(`${key}.${k}`, v, out);
  } else {
    out[key] = { value: String(value) };
  }
}

/**
 * Builds and validates the whole config of `stack` before anything touches
 * the cloud: a bad value fails here with the program's own one-line error.
 */
export function buildPreviewConfig(
  projectDir: string,
  stack: string,
  opts: PreviewConfigOptions,
): BuiltPreviewConfig {
  const project = readProject(projectDir);
  const base = readPreviewBase(projectDir, stack);
  const plain: Record<string, { value: string; secret?: boolean }> = {};
  const paths: Record<string, { value: string }> = {};
  /** The flat view the program sees, for validation. */
  const flat: Record<string, string> = {};

  for (const [key, value] of Object.entries(base.values)) {
    if (isStructured(value)) {
      flatten(key, value, paths);
      flat[key] = JSON.stringify(value);
    } else {
      plain[key] = { value: String(value) };
      flat[key] = String(value);
    }
  }
  for (const [key, decl] of Object.entries(project.declarations)) {
    if (key in flat || decl.default === undefined) continue;
    const value = typeof decl.default === "string" ? decl.default : JSON.stringify(decl.default);
    plain[key] = { value };
    flat[key] = value;
  }
  for (const key of base.secretKeys) {
    if (key === `${project.name}:networkStack`) {
      // A stack name is printed by every preview run and by Pulumi's StackReference.
      throw new UsageError(
        `platform preview up: ${key} is a secret of ${base.file}: expected a stack name in plain text (previews print it)`,
      );
    }
    const name = secretEnvName(key);
    const value = opts.env[name];
    if (value === undefined || value === "") {
      throw new UsageError(
        `platform preview up: ${key} is a secret of ${base.file}; give the preview its value in the environment variable ${name}`,
      );
    }
    plain[key] = { value, secret: true };
    flat[key] = value;
  }

  // A base secret's value (from the environment) never appears in an error.
  const isSecret = (key: string) => base.secretKeys.includes(key);
  const ttlKey = `${project.name}:previewTtlHours`;
  const ttl = Number(flat[ttlKey] ?? "72");
  if (!Number.isInteger(ttl) || ttl < 1) {
    withSecretsHidden(flat, isSecret, () => {
      throw invalid(ttlKey, flat[ttlKey] ?? "", "a whole number from 1 to 720");
    });
  }
  const expiresAt = expiresAtFrom(opts.now, ttl);
  for (const [name, value] of [
    ["expiresAt", expiresAt],
    ["previewInstance", opts.instance],
  ]) {
    plain[`${project.name}:${name}`] = { value };
    flat[`${project.name}:${name}`] = value;
  }

  const platform = readPlatformConfig(flat, { project: project.name, stack, isSecret });
  if (platform.target !== "aws") {
    throw new UsageError(`platform preview up: ${stack} is a preview, which deploys to AWS`);
  }
  return {
    config: { plain: plain as ConfigEntries, paths: paths as ConfigEntries },
    expiresAt,
    baseStack: base.baseStack,
    fileProcessorCode: platform.fileProcessorCode,
    networkStack: platform.networkStack,
  };
}
