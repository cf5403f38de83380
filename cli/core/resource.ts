/**
 * The unit every `platform` command speaks (docs/cli.md, "Resource shape").
 */
export interface ResourceProvider {
  readonly type: string;
  readonly name: string;
  readonly urn?: string;
  /** The provider's inputs; `defaultTags` may be an object or a JSON string. */
  readonly props: Record<string, unknown>;
}

export interface ResourceOptions {
  readonly protect?: boolean;
  readonly retainOnDelete?: boolean;
  readonly dependsOn?: readonly string[];
}

export interface Resource {
  readonly type: string;
  readonly name: string;
  readonly urn?: string;
  readonly parent?: string;
  readonly provider?: ResourceProvider;
  /** The inputs the program passed, plain JSON; secret values replaced by "[secret]". */
  readonly props: Record<string, unknown>;
  readonly opts?: ResourceOptions;
  /**
   * For each input, the URNs of the resources whose outputs flowed into it,
   * as the engine hands them to stack policies (optional).
   */
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

export interface SynthDocument {
  readonly stack: string;
  readonly resources: Resource[];
}

/** How a secret value appears in a Resource's props. */
export const SECRET_PLACEHOLDER = "[secret]";
/** How a value unknown at synth time appears (never produced by synth, which resolves mocks). */
export const UNKNOWN_PLACEHOLDER = "[unknown]";
