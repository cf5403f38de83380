/**
 * Enforcement levels per environment. The Pulumi SDK gives a policy one
 * level; a stack runs it at the level its policy config sets
 * (`--policy-pack-config`), as cdk-nag sets the level per pack. The pack's own
 * config files, policy-pack/config/<env>.json, are generated from the rules
 * (`npm run policy:config`): every rule with its level in that environment
 * (`levels[env]`, else its own level) and the `environment` the rules compare
 * against. Anything else written in a file (exemptions, a rule's settings) is
 * kept as written. Without a config file every rule runs at its own level.
 *
 * "A configured enforcement level for a specific policy will override the
 * policy's existing enforcement level": Pulumi, Configuring policy packs,
 * https://www.pulumi.com/docs/using-pulumi/crossguard/configuration/ (read
 * 2026-11-30); cli/check/config.ts applies the file the same way offline.
 */
import type { EnforcementLevel } from "@pulumi/policy";
import { ENVIRONMENTS, Environment } from "./vocabulary";

/** A rule's level in the environments where it differs from its own level. */
export type EnvironmentLevels = Readonly<Partial<Record<Environment, EnforcementLevel>>>;

/**
 * Mandatory in prod, advisory in dev and staging, off in previews (disposable
 * by design: no deletion protection, final snapshot or long backups).
 */
export const MANDATORY_IN_PROD: EnvironmentLevels = {
  dev: "advisory",
  staging: "advisory",
  prod: "mandatory",
  preview: "disabled",
};

/** What a rule says about its levels. */
export interface LevelledPolicy {
  readonly name: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly levels?: EnvironmentLevels;
}

/** The level `policy` runs at in `env`. */
export function levelIn(policy: LevelledPolicy, env: Environment): EnforcementLevel {
  return policy.levels?.[env] ?? policy.enforcementLevel;
}

/** "advisory in dev, staging; disabled in preview": where the level differs from the rule's own. */
export function describeLevels(policy: LevelledPolicy): string {
  const byLevel = new Map<EnforcementLevel, Environment[]>();
  for (const env of ENVIRONMENTS) {
    const level = levelIn(policy, env);
    if (level === policy.enforcementLevel) continue;
    byLevel.set(level, [...(byLevel.get(level) ?? []), env]);
  }
  return [...byLevel].map(([level, envs]) => `${level} in ${envs.join(", ")}`).join("; ");
}

/** One rule's entry in a config file: the generated keys first, then whatever else was written. */
export interface PolicyConfigEntry {
  readonly enforcementLevel: EnforcementLevel;
  readonly environment: Environment;
  readonly [setting: string]: unknown;
}

/** Thrown when a config file holds settings the generator would have to drop. */
export class PackConfigError extends Error {}

const GENERATED = new Set(["enforcementLevel", "environment"]);

function settingsOf(name: string, entry: unknown): Record<string, unknown> {
  if (entry === undefined || typeof entry === "string") return {};
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
    throw new PackConfigError(
      `${name}: expected an object of settings, got ${JSON.stringify(entry)}`,
    );
  }
  return Object.fromEntries(Object.entries(entry).filter(([key]) => !GENERATED.has(key)));
}

/**
 * The config file of `env`: every rule, in the pack's order, at its level in
 * `env`, keeping the other settings of `written` (the file as it is). A
 * setting written for a rule the pack no longer has is an error naming it,
 * never dropped silently.
 */
export function packConfig(
  policies: readonly LevelledPolicy[],
  env: Environment,
  written: Readonly<Record<string, unknown>> = {},
): Record<string, PolicyConfigEntry> {
  const names = new Set(policies.map((p) => p.name));
  for (const [name, entry] of Object.entries(written)) {
    if (names.has(name)) continue;
    const orphaned = Object.keys(settingsOf(name, entry));
    if (orphaned.length > 0) {
      throw new PackConfigError(
        `${name} is not a rule of the pack, but its entry sets ${orphaned.join(", ")}; move them to an existing rule or delete them`,
      );
    }
  }
  return Object.fromEntries(
    policies.map((p) => [
      p.name,
      {
        enforcementLevel: levelIn(p, env),
        environment: env,
        ...settingsOf(p.name, written[p.name]),
      },
    ]),
  );
}
