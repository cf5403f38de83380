/**
 * Policy pack config, reconciled the way the Pulumi engine does it for
 * `--policy-pack-config` (pkg/resource/analyzer/config.go): start from each
 * policy's schema defaults and enforcement level, apply `all` (an enforcement
 * level for every policy), then each policy's entry (a level string, or an
 * object with an optional `enforcementLevel` and config properties), then
 * validate every policy's properties against its JSON schema.
 */
import type Ajv from "ajv";
import type { ValidateFunction } from "ajv";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { threadId } from "node:worker_threads";
import type { EnforcementLevel, Policy } from "@pulumi/policy";

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = [
  "advisory",
  "mandatory",
  "remediate",
  "disabled",
];

export interface PolicyConfigEntry {
  readonly enforcementLevel: EnforcementLevel;
  readonly properties: Record<string, unknown>;
}

/** A config document that the engine would refuse. */
export class PolicyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyConfigError";
  }
}

let ajv: Ajv | undefined;
const validators = new WeakMap<Policy, ValidateFunction>();
/** Compiled once per distinct schema: most rules share the pack's common properties. */
const bySchema = new Map<string, ValidateFunction>();

/**
 * Where compiled validators are kept between runs: ajv's standalone code, one
 * module per distinct schema, named by a hash of ajv's version, its options and
 * the schema. Compiling the pack's schemas costs about a tenth of a `check`;
 * loading the modules, a few milliseconds. The folder is in dist/ (the build's
 * own output, never a shared temporary directory, since its files are run).
 */
const UP = path.resolve(__dirname, "..", "..");
/** dist/.validators, whether this runs compiled (dist/cli/check) or from source (cli/check). */
export const VALIDATOR_CACHE_DIR = path.join(
  path.basename(UP) === "dist" ? UP : path.join(UP, "dist"),
  ".validators",
);
const AJV_OPTIONS = { strict: false, allErrors: false, code: { source: true } } as const;
const AJV_VERSION = (require("ajv/package.json") as { version: string }).version;

/** The module file that holds (or will hold) the compiled validator of `schemaKey`. */
export function validatorCacheFile(schemaKey: string, dir = VALIDATOR_CACHE_DIR): string {
  const hash = createHash("sha256")
    .update(`ajv ${AJV_VERSION}\n${JSON.stringify(AJV_OPTIONS)}\n${schemaKey}`)
    .digest("hex")
    .slice(0, 32);
  return path.join(dir, `${hash}.js`);
}

/** The validator of `schema`: from the cache folder, else compiled and written there for the next run. */
export function loadOrCompileValidator(
  schema: Record<string, unknown>,
  dir = VALIDATOR_CACHE_DIR,
): ValidateFunction {
  const key = JSON.stringify(schema);
  const file = validatorCacheFile(key, dir);
  try {
    return require(file) as ValidateFunction;
  } catch {
    // Not compiled yet (or unreadable): compile it below.
  }
  // ajv itself is loaded only here: a run whose validators are all cached never loads it.
  ajv ??= new (require("ajv") as typeof import("ajv")).default(AJV_OPTIONS);
  const v = ajv.compile(schema);
  try {
    const standalone = (require("ajv/dist/standalone") as typeof import("ajv/dist/standalone"))
      .default;
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.${threadId}.tmp`;
    fs.writeFileSync(tmp, standalone(ajv, v));
    fs.renameSync(tmp, file); // atomic: a concurrent run reads the old state or the whole module
  } catch {
    // A read-only install: compile again next time.
  }
  return v;
}

function validatorFor(policy: Policy): ValidateFunction {
  let v = validators.get(policy);
  if (!v) {
    const schema: Record<string, unknown> = { type: "object" };
    if (policy.configSchema && Object.keys(policy.configSchema.properties).length > 0)
      schema.properties = policy.configSchema.properties;
    if (policy.configSchema?.required?.length) schema.required = policy.configSchema.required;
    const key = JSON.stringify(schema);
    v = bySchema.get(key);
    if (!v) {
      v = loadOrCompileValidator(schema);
      bySchema.set(key, v);
    }
    validators.set(policy, v);
  }
  return v;
}

function level(value: unknown, where: string): EnforcementLevel {
  if (typeof value !== "string" || !ENFORCEMENT_LEVELS.includes(value as EnforcementLevel)) {
    throw new PolicyConfigError(
      `${where}: ${JSON.stringify(value)} is not a valid enforcement level (expected ${ENFORCEMENT_LEVELS.join(", ")})`,
    );
  }
  return value as EnforcementLevel;
}

function copy<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.values(value as object).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

const reconciled = new Map<string, Map<string, PolicyConfigEntry>>();

/**
 * `reconcilePolicyConfig`, remembered per policy set and document: the
 * result is deep-frozen, so policies share it without being able to alter it.
 */
export function reconcilePolicyConfigCached(
  policies: readonly Policy[],
  document: unknown,
  common: Record<string, unknown> = {},
): ReadonlyMap<string, PolicyConfigEntry> {
  const key = `${policies.map((p) => p.name).join(",")}\n${JSON.stringify(document ?? null)}\n${JSON.stringify(common)}`;
  let result = reconciled.get(key);
  if (!result) {
    result = reconcilePolicyConfig(policies, document, common);
    result.forEach(deepFreeze);
    if (reconciled.size > 200) reconciled.clear();
    reconciled.set(key, result);
  }
  return result;
}

/**
 * The effective config of every policy. `common` properties (e.g. the
 * stack's `environment`) apply to every policy before the document's own.
 */
export function reconcilePolicyConfig(
  policies: readonly Policy[],
  document: unknown,
  common: Record<string, unknown> = {},
  packEnforcementLevel: EnforcementLevel = "advisory",
): Map<string, PolicyConfigEntry> {
  if (
    document !== undefined &&
    (document === null || typeof document !== "object" || Array.isArray(document))
  ) {
    throw new PolicyConfigError(
      "policy config must be a JSON object mapping policy names to an enforcement level or a config object",
    );
  }
  const doc = (document ?? {}) as Record<string, unknown>;
  const result = new Map<
    string,
    { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }
  >();
  for (const p of policies) {
    const properties: Record<string, unknown> = {};
    for (const [k, prop] of Object.entries(p.configSchema?.properties ?? {})) {
      if (typeof prop === "object" && prop.default !== undefined)
        properties[k] = copy(prop.default);
    }
    Object.assign(properties, common);
    result.set(p.name, {
      enforcementLevel: p.enforcementLevel ?? packEnforcementLevel,
      properties,
    });
  }
  const all = doc.all;
  if (all !== undefined) {
    const allLevel = level(
      typeof all === "object" && all !== null
        ? (all as Record<string, unknown>).enforcementLevel
        : all,
      "all",
    );
    for (const entry of result.values()) entry.enforcementLevel = allLevel;
  }
  for (const [name, given] of Object.entries(doc)) {
    if (name === "all") continue;
    const entry = result.get(name);
    // The engine keeps config for a name no policy has, and nothing reads it: a typo would silently do nothing.
    if (entry === undefined) {
      throw new PolicyConfigError(
        `${JSON.stringify(name)} is not a policy of this pack: expected "all" or a policy name (docs/policies.md lists them)`,
      );
    }
    if (typeof given === "string") {
      const l = level(given, name);
      if (entry) entry.enforcementLevel = l;
    } else if (given !== null && typeof given === "object" && !Array.isArray(given)) {
      const { enforcementLevel, ...props } = given as Record<string, unknown>;
      const l =
        enforcementLevel === undefined
          ? undefined
          : level(enforcementLevel, `${name}.enforcementLevel`);
      if (entry) {
        if (l) entry.enforcementLevel = l;
        Object.assign(entry.properties, props);
      }
    } else {
      throw new PolicyConfigError(
        `${name}: ${JSON.stringify(given)} is not a valid value; must be a string or object`,
      );
    }
  }
  for (const p of policies) {
    const entry = result.get(p.name)!;
    const validate = validatorFor(p);
    if (!validate(entry.properties)) {
      const e = validate.errors?.[0];
      const at = e?.instancePath ? e.instancePath.slice(1).replace(/\//g, ".") : "";
      throw new PolicyConfigError(`${p.name}${at ? `.${at}` : ""}: ${e?.message ?? "is invalid"}`);
    }
  }
  return result;
}

/** How strongly a level holds a stack back: mandatory and remediate block, advisory reports, disabled does nothing. */
const STRENGTH: Readonly<Record<EnforcementLevel, number>> = {
  mandatory: 2,
  remediate: 2,
  advisory: 1,
  disabled: 0,
};

/** A rule that a policy config disables or downgrades from the level the pack gives it. */
export interface WeakenedRule {
  readonly policy: string;
  /** The pack's own level. */
  readonly from: EnforcementLevel;
  /** The level in force. */
  readonly to: EnforcementLevel;
  /** The config entry that set it: `all` or the policy's own. */
  readonly by: string;
  /** False for rules that protect encryption at rest: weakening one fails the check unless allowed. */
  readonly exemptable: boolean;
}

/** Every rule whose effective level (from `reconcilePolicyConfig`) is weaker than the pack's own. */
export function weakenedRules(
  policies: readonly Policy[],
  document: unknown,
  effective: ReadonlyMap<string, PolicyConfigEntry>,
  packEnforcementLevel: EnforcementLevel = "advisory",
): WeakenedRule[] {
  const doc = (document !== null && typeof document === "object" ? document : {}) as Record<
    string,
    unknown
  >;
  const ownLevel = (name: string): boolean => {
    const given = doc[name];
    return (
      typeof given === "string" ||
      (given !== null &&
        typeof given === "object" &&
        (given as Record<string, unknown>).enforcementLevel !== undefined)
    );
  };
  const out: WeakenedRule[] = [];
  for (const p of policies) {
    const from = p.enforcementLevel ?? packEnforcementLevel;
    const to = effective.get(p.name)?.enforcementLevel ?? from;
    if (STRENGTH[to] >= STRENGTH[from]) continue;
    out.push({
      policy: p.name,
      from,
      to,
      by: ownLevel(p.name) ? p.name : "all",
      exemptable: (p as { exemptable?: boolean }).exemptable !== false,
    });
  }
  return out;
}
