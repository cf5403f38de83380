/**
 * The shape of one configuration key. Every `platform:` key the program reads
 * is declared once, in config/keys/, with its parser, its default, when it is
 * required and its documentation. The declarations produce the known-key set,
 * the validation (config/schema.ts), the README's configuration table and
 * Pulumi.yaml's `config:` block (config/docs.ts, `npm run config:docs`).
 */
import type { Environment, Profile, Target } from "../profiles";

/** What a key's parser knows about the stack being read. */
export interface KeyContext {
  readonly stack: string;
  readonly environment: Environment;
  readonly target: Target;
  /** The pull request of a preview stack (`pr-<N>`). */
  readonly pullRequest?: number;
}

/**
 * Which stacks read a key. Setting a key on a stack outside its scope is an
 * error: it would silently do nothing there.
 * - `any`: every stack.
 * - `docker`: the dev (Docker) stack only.
 * - `preview`: preview stacks (`pr-<N>`) only.
 * - `not-preview`: every stack but previews (they derive it from another key).
 */
export type Scope = "any" | "docker" | "preview" | "not-preview";

/**
 * When a key must be set.
 * - `always`: on every stack.
 * - `aws`: on AWS stacks that are not previews (staging, prod).
 * - `preview`: on preview stacks.
 * - `no`: never; the default (or the profile) applies.
 */
export type Requirement = "always" | "aws" | "preview" | "no";

/** How a value is declared in Pulumi.yaml. */
export type YamlType = "string" | "integer" | "boolean";

/** What the docs and Pulumi.yaml need to know about a key. */
export interface KeyDoc {
  /** The key's name in the project namespace (`owner` is `platform:owner`), or a full `ns:key`. */
  readonly name: string;
  /** One line for the README and Pulumi.yaml: what the key means. */
  readonly doc: string;
  readonly scope: Scope;
  readonly required: Requirement;
  /**
   * What a missing required value should be, for the "is required" message;
   * it may depend on the values read before it.
   */
  readonly expected?: string | ((read: ReadSoFar) => string);
  /** Declared type in Pulumi.yaml. @default "string" */
  readonly type?: YamlType;
  /**
   * Whether a preview (`pr-<N>`) inherits the value from its base stack's file.
   * @default true
   */
  readonly inheritedByPreview?: boolean;
  /** The README's words for the default, when the key has no constant one. */
  readonly defaultDoc?: string;
  /** The key a preview reads instead of this one (scope `not-preview`). */
  readonly onPreview?: string;
}

interface KeyBase<T> extends KeyDoc {
  /** Parses a raw value (already known to be non-blank) or throws one ConfigError line. */
  readonly parse: (raw: string, key: string, ctx: KeyContext) => T;
}

/** A key without a default: its value is `undefined` when unset. */
export interface OptionalKey<T> extends KeyBase<T> {
  readonly required: Exclude<Requirement, "always">;
  readonly default?: undefined;
}

/** A key every stack must set. */
export interface RequiredKey<T> extends KeyBase<T> {
  readonly required: "always";
  readonly default?: undefined;
}

/** A key with a default raw value, parsed like a set one. */
export interface DefaultedKey<T> extends KeyBase<T> {
  /** The raw default, the same for every stack or per environment. */
  readonly default: string | ((ctx: KeyContext) => string);
  /** Declare the key with its default in Pulumi.yaml (`pulumi config` shows it). @default false */
  readonly declareDefault?: boolean;
}

/** A key that overrides one value of the environment's profile. */
export interface ProfileKey extends KeyDoc {
  /** The profile's value, for the README's defaults. */
  readonly current: (p: Profile) => string | number | boolean;
  /** Parses `raw` and returns the profile with the value in place, or throws one ConfigError line. */
  readonly override: (p: Profile, raw: string, key: string) => Profile;
}

export type ConfigKey<T = unknown> = OptionalKey<T> | RequiredKey<T> | DefaultedKey<T>;

/** Values read so far, by key name, for messages that depend on them. */
export type ReadSoFar = Readonly<Record<string, unknown>>;

export function isDefaulted<T>(k: ConfigKey<T>): k is DefaultedKey<T> {
  return k.default !== undefined;
}
