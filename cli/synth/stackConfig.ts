/**
 * Reads a stack's configuration the way the Pulumi CLI would: project-level
 * declarations from Pulumi.yaml (types, defaults), values from
 * Pulumi.<stack>.yaml, then `--config key=value` overrides. A `pr-<N>` stack
 * needs no file: it starts from its base stack's non-secret config.
 *
 * Secure (encrypted) values cannot be decrypted offline: they are present,
 * marked secret, with the placeholder "[secret]".
 *
 * A preview's `expiresAt` is set by `platform preview up` on every deploy.
 * Synth has no deploy time, so when the key is unset it derives the value
 * from a clock: SYNTH_EPOCH unless the caller injects one (`options.now`),
 * plus `previewTtlHours`. A fixed clock keeps synth output deterministic; the
 * value is obviously not a real expiry.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isMap, isScalar, parseDocument, visit } from "yaml";
import { ConfigError } from "../../config/errors";
import { refusePreviewOnProd } from "../../config/keys/preview";
import { PREVIEW_DROPPED_KEYS, previewNumber } from "../../config/keys";
import { expiresAtFrom } from "../../lib/tags";
import { SECRET_PLACEHOLDER } from "../core/resource";
import { UsageError } from "../errors";

export interface StackConfig {
  readonly project: string;
  readonly stack: string;
  /** Flat map as the Pulumi runtime sees it: `"platform:owner" → "team-a"`. */
  readonly values: Record<string, string>;
  readonly secretKeys: string[];
  /** Which file the values came from (for messages). */
  readonly source: string;
}

interface Declaration {
  readonly type?: string;
  readonly default?: unknown;
  readonly description?: string;
}

const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/**
 * Bounds on a project or stack file. Real ones are a few kilobytes; the YAML
 * library's own duplicate-key check is quadratic in a mapping's size (20,000
 * keys: over a minute), so it is off and duplicates are found here in one pass.
 */
export const MAX_YAML_BYTES = 256 * 1024;
export const MAX_YAML_KEYS = 5000;

function readYaml(file: string): Record<string, unknown> {
  const name = path.basename(file);
  let text: string;
  try {
    if (fs.statSync(file).size > MAX_YAML_BYTES) {
      throw new UsageError(
        `${name} is larger than ${MAX_YAML_BYTES / 1024} KiB: expected a stack file of at most that size`,
      );
    }
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${file}`);
  }
  const doc = parseDocument(text, { uniqueKeys: false });
  const error = doc.errors[0];
  if (error) {
    throw new UsageError(`${name} is not valid YAML: ${error.message.split("\n")[0]}`);
  }
  let keys = 0;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (++keys > MAX_YAML_KEYS) {
          throw new UsageError(
            `${name} has more than ${MAX_YAML_KEYS} keys: expected a stack file of at most that many`,
          );
        }
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (seen.has(key)) {
          throw new UsageError(
            `${name} is not valid YAML: the key ${JSON.stringify(key)} appears twice in one mapping`,
          );
        }
        seen.add(key);
      }
    },
  });
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new UsageError(`${name} is not valid YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  return isMap(doc.contents) ? (value as Record<string, unknown>) : {};
}

function namespaced(project: string, key: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

function toConfigString(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function isSecure(value: unknown): boolean {
  return value !== null && typeof value === "object" && "secure" in (value as object);
}

export function readProject(cwd: string): {
  name: string;
  declarations: Record<string, Declaration>;
} {
  const doc = readYaml(path.join(cwd, "Pulumi.yaml"));
  const name = doc.name;
  if (typeof name !== "string") throw new UsageError(`Pulumi.yaml in ${cwd} has no project name`);
  const raw = (doc.config ?? {}) as Record<string, unknown>;
  const declarations: Record<string, Declaration> = {};
  for (const [key, decl] of Object.entries(raw)) {
    declarations[namespaced(name, key)] =
      decl !== null && typeof decl === "object" ? (decl as Declaration) : { default: decl };
  }
  return { name, declarations };
}

/** Parses `key=value` overrides as `pulumi config set` would take them. */
export function parseOverrides(project: string, pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) {
      throw new UsageError(
        `--config expects key=value (e.g. platform:owner=team-a), got ${JSON.stringify(pair)}`,
      );
    }
    out[namespaced(project, pair.slice(0, eq).trim())] = pair.slice(eq + 1);
  }
  return out;
}

/** The clock synth derives a preview's `expiresAt` from when none is injected. */
export const SYNTH_EPOCH = new Date("1970-01-01T00:00:00Z");

export interface LoadOptions {
  /** The clock for a preview's derived `expiresAt`. @default SYNTH_EPOCH */
  readonly now?: Date;
}

/** What a preview stack inherits from its base stack's file. */
export interface PreviewBase {
  /** The base stack's short name, e.g. `staging`. */
  readonly baseStack: string;
  /** The file the values came from, e.g. `Pulumi.staging.yaml`. */
  readonly file: string;
  /** Non-secret values as the YAML holds them (strings, numbers, lists…), namespaced keys. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Secure keys of the base a preview inherits; their values come from CI. */
  readonly secretKeys: readonly string[];
}

/**
 * The base of the preview `stack`: the non-secret config of the stack named by
 * `networkStack` (default staging; `<org>/<project>/<stack>` reads
 * `Pulumi.<stack>.yaml`) minus the keys the configuration table marks as not
 * inherited (PREVIEW_DROPPED_KEYS: a preview's own profile decides sizes and
 * retention, and its host name, certificate and zone come from previewDomain,
 * previewCertificateArn and previewHostedZoneId). `platform synth` and
 * `platform preview up` both start from it.
 */
export function readPreviewBase(cwd: string, stack: string, networkStack?: string): PreviewBase {
  const project = readProject(cwd);
  const base = networkStack ?? "staging";
  refusePreviewOnProd(`${project.name}:networkStack`, base, stack);
  const baseName = base.split("/").pop() ?? base;
  const file = `Pulumi.${baseName}.yaml`;
  const baseFile = path.join(cwd, file);
  if (!fs.existsSync(baseFile)) {
    throw new UsageError(
      `stack ${stack} is a preview built on ${baseName}, but ${file} does not exist`,
    );
  }
  const values: Record<string, unknown> = {};
  const secretKeys: string[] = [];
  for (const [rawKey, value] of Object.entries(
    (readYaml(baseFile).config ?? {}) as Record<string, unknown>,
  )) {
    const key = namespaced(project.name, rawKey);
    if (PREVIEW_DROPPED_KEYS.includes(key.replace(/^[^:]+:/, ""))) continue;
    if (isSecure(value)) secretKeys.push(key);
    else values[key] = value;
  }
  return { baseStack: baseName, file, values, secretKeys };
}

export function loadStackConfig(
  cwd: string,
  stack: string,
  overrides: Record<string, string> = {},
  options: LoadOptions = {},
): StackConfig {
  if (!STACK_NAME.test(stack)) {
    throw new UsageError(
      `--stack must be a stack name of letters, digits, '-', '_' or '.', got ${JSON.stringify(stack)}`,
    );
  }
  const project = readProject(cwd);
  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  let source = `Pulumi.${stack}.yaml`;
  const stackFile = path.join(cwd, source);

  const take = (
    config: Record<string, unknown>,
    skip: (key: string, secure: boolean) => boolean,
  ) => {
    for (const [rawKey, value] of Object.entries(config)) {
      const key = namespaced(project.name, rawKey);
      const secure = isSecure(value);
      if (skip(key, secure)) continue;
      if (secure) {
        values[key] = SECRET_PLACEHOLDER;
        secretKeys.push(key);
      } else {
        values[key] = toConfigString(value);
      }
    }
  };

  if (fs.existsSync(stackFile)) {
    take((readYaml(stackFile).config ?? {}) as Record<string, unknown>, () => false);
  } else if (previewNumber(stack) !== undefined) {
    // A preview starts from its base stack's non-secret config; secrets come from CI.
    const base = readPreviewBase(cwd, stack, overrides[`${project.name}:networkStack`]);
    source = `${base.file} (preview base)`;
    for (const [key, value] of Object.entries(base.values)) values[key] = toConfigString(value);
    for (const key of base.secretKeys) {
      values[key] = SECRET_PLACEHOLDER;
      secretKeys.push(key);
    }
  } else {
    throw new UsageError(
      `--stack ${stack}: no Pulumi.${stack}.yaml in ${cwd} (stacks named pr-<N> need none)`,
    );
  }

  Object.assign(values, overrides);
  for (const key of Object.keys(overrides)) {
    const i = secretKeys.indexOf(key);
    if (i >= 0) secretKeys.splice(i, 1);
  }
  for (const [key, decl] of Object.entries(project.declarations)) {
    if (values[key] !== undefined) continue;
    if (decl.default !== undefined) {
      values[key] = toConfigString(decl.default);
    } else {
      throw new ConfigError(
        `${key} is required for stack ${stack}: ${decl.description ?? "declared in Pulumi.yaml"}`,
      );
    }
  }
  const expiresKey = `${project.name}:expiresAt`;
  const ttl = Number(values[`${project.name}:previewTtlHours`]);
  if (previewNumber(stack) !== undefined && values[expiresKey] === undefined && ttl > 0) {
    values[expiresKey] = expiresAtFrom(options.now ?? SYNTH_EPOCH, ttl);
  }
  return { project: project.name, stack, values, secretKeys, source };
}
