/**
 * How every rule of the pack is built: one concern, one exported constant,
 * with the metadata the docs and `platform check` read (group, resource types,
 * remediation, exemptable?) and the behaviour every rule shares:
 *
 * - `getConfig()` is completed with the schema's defaults (the engine does
 *   this too; doing it here keeps the rules correct when called directly);
 * - exemptions come only from the policy's config:
 *   `exemptions: [{ resource: "<urn or logical name>", reason, expires: "YYYY-MM-DD" }]`.
 *   An exemption is in force through its expiry date (UTC). In force, the
 *   resource is skipped (reported to the engine as "not applicable" with the
 *   reason). Expired or malformed, it is a violation of the policy itself. On
 *   a rule that is not exemptable (encryption at rest), any exemption that
 *   names a resource is a violation.
 */
import { controlsOf, RuleControls } from "../compliance/mapping";
import {
  EnforcementLevel,
  PolicyConfigSchema,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import type { EnvironmentLevels } from "./levels";
import { ENVIRONMENTS, Environment } from "./tags";
import { asRecord, show } from "./values";

export const POLICY_GROUPS = {
  encryption: "Encryption at rest",
  tls: "Encryption in transit (TLS)",
  tags: "Cost-allocation tags and labels",
  exposure: "Network exposure",
  containers: "Container hardening",
  "data-protection": "Data protection",
  "resource-policies": "Resource policies open to anyone",
  "data-stores": "Data stores (encryption at rest, fail-closed)",
  compute: "Compute exposure",
  secrets: "Secrets in plain text",
  iam: "IAM breadth",
  logging: "Logging",
  deployability: "Deployability",
  audit: "Audit trail",
} as const;
export type PolicyGroup = keyof typeof POLICY_GROUPS;

/** Documentation and behaviour shared by every rule of the pack. */
export interface PlatformPolicyMeta {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: EnforcementLevel;
  /** What to change to comply (the SDK's `remediationSteps`, shown by Pulumi Cloud and docs/policies.md). */
  readonly remediationSteps: string;
  readonly configSchema: PolicyConfigSchema;
  readonly group: PolicyGroup;
  /** Resource type tokens the rule inspects (a description for "every taggable aws: type"). */
  readonly resourceTypes: readonly string[];
  /** Whether config exemptions are honoured. Encryption at rest: never. */
  readonly exemptable: boolean;
  /** Its level where it differs per environment (written into policy-pack/config/<env>.json). @default the same level everywhere */
  readonly levels?: EnvironmentLevels;
  /** The framework controls it provides evidence for (policy-pack/compliance/mapping.ts). */
  readonly controls: RuleControls;
}

export type PlatformResourcePolicy = ResourceValidationPolicy &
  PlatformPolicyMeta & {
    readonly kind: "resource";
    /**
     * Whether the rule inspects a resource of this type. On any other type its
     * `validateResource` only handles exemptions that name the resource: with
     * none in its config it returns without a report, so `platform check`
     * does not call it (as the SDK skips a `validateResourceOfType` policy).
     */
    readonly appliesTo: (type: string) => boolean;
  };
export type PlatformStackPolicy = StackValidationPolicy &
  PlatformPolicyMeta & { readonly kind: "stack" };
export type PlatformPolicy = PlatformResourcePolicy | PlatformStackPolicy;

export interface Exemption {
  readonly resource: string;
  readonly reason: string;
  readonly expires: string;
}

/** Config keys every rule accepts. */
export interface CommonConfig {
  /** The stack's environment; rules that compare against it skip the comparison when unset. */
  readonly environment?: Environment;
  readonly exemptions: readonly Exemption[];
  /** How far ahead an exemption may expire. @default DEFAULT_MAX_EXEMPTION_DAYS */
  readonly maxExemptionDays?: number;
}

/**
 * `platform check` attaches the evaluation date under this key of the args
 * (tests pin it); the engine does not, so the pack uses today's date.
 */
export const CLOCK = Symbol.for("platform-guardrails.clock");

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The default limit on how far ahead an exemption may expire (config `maxExemptionDays`). */
export const DEFAULT_MAX_EXEMPTION_DAYS = 365;

function commonSchema(exemptable: boolean): Record<string, PolicyConfigJSONSchema> {
  return {
    environment: {
      type: "string",
      enum: [...ENVIRONMENTS],
      description:
        "The stack's environment (dev, staging, prod, preview); set by policy-pack/config/<env>.json.",
    },
    maxExemptionDays: {
      type: "integer",
      minimum: 1,
      maximum: 3650,
      default: DEFAULT_MAX_EXEMPTION_DAYS,
      description:
        "How far ahead (in days from today) an exemption may expire; a later expiry is refused, as is a wildcard resource.",
    },
    exemptions: {
      type: "array",
      default: [],
      description: exemptable
        ? "Resources exempted from this rule: { resource: URN or logical name, reason, expires: YYYY-MM-DD }. Expired entries are violations."
        : "Not exemptable: any entry naming a resource is itself a violation.",
      items: {
        type: "object",
        required: ["resource", "reason", "expires"],
        properties: {
          resource: {
            type: "string",
            minLength: 1,
            description: "The resource's URN or logical name.",
          },
          reason: {
            type: "string",
            minLength: 1,
            description: "Why the exemption is acceptable, and who approved it.",
          },
          expires: {
            type: "string",
            pattern: DATE.source,
            description: "Last day (UTC) the exemption is in force.",
          },
        },
      },
    },
  };
}

function deepCopy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** The policy's config with the schema's defaults filled in (shallow, as the engine does). */
export function configWithDefaults<C>(schema: PolicyConfigSchema, raw: object): C {
  const out: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  for (const [key, prop] of Object.entries(schema.properties)) {
    if (out[key] === undefined && typeof prop === "object" && prop.default !== undefined) {
      out[key] = deepCopy(prop.default);
    }
  }
  return out as C;
}

/** The evaluation date (YYYY-MM-DD, UTC): `platform check`'s (tests pin it), else today. */
export function evaluationDate(args: object): string {
  const pinned = (args as Record<symbol, unknown>)[CLOCK];
  return (pinned instanceof Date ? pinned : new Date()).toISOString().slice(0, 10);
}

const today = evaluationDate;

function validDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export type ExemptionStatus =
  | { readonly status: "in-force"; readonly exemption: Exemption }
  | { readonly status: "expired"; readonly exemption: Exemption }
  | { readonly status: "refused"; readonly exemption: Exemption; readonly why: string }
  | { readonly status: "malformed"; readonly raw: unknown; readonly resource?: string };

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Why an otherwise well-formed exemption is refused: a wildcard resource, or an expiry too far ahead. */
export function exemptionRefusal(
  exemption: Exemption,
  date: string,
  maxDays: number = DEFAULT_MAX_EXEMPTION_DAYS,
): string | undefined {
  if (exemption.resource.includes("*")) {
    return `"resource": ${JSON.stringify(exemption.resource)} is a wildcard; an exemption names one resource's URN or logical name`;
  }
  const latest = addDays(date, maxDays);
  if (exemption.expires > latest) {
    return `it expires on ${exemption.expires}, more than ${maxDays} days ahead (at most ${latest}; the limit is the config maxExemptionDays)`;
  }
  return undefined;
}

/** Classifies one configured exemption on `date` (YYYY-MM-DD, UTC). */
export function exemptionStatus(
  raw: unknown,
  date: string,
  maxDays: number = DEFAULT_MAX_EXEMPTION_DAYS,
): ExemptionStatus {
  const e = asRecord(raw);
  const resource = typeof e?.resource === "string" && e.resource !== "" ? e.resource : undefined;
  if (
    !e ||
    !resource ||
    typeof e.reason !== "string" ||
    e.reason.trim() === "" ||
    typeof e.expires !== "string" ||
    !validDate(e.expires)
  ) {
    return { status: "malformed", raw, resource };
  }
  const exemption: Exemption = { resource, reason: e.reason, expires: e.expires };
  if (date > exemption.expires) return { status: "expired", exemption };
  const why = exemptionRefusal(exemption, date, maxDays);
  return why !== undefined
    ? { status: "refused", exemption, why }
    : { status: "in-force", exemption };
}

function exemptionProblem(
  policy: string,
  exemptable: boolean,
  s: ExemptionStatus,
): string | undefined {
  if (s.status === "malformed") {
    return `exemption ${show(s.raw)} is malformed: expected { "resource": "<urn or logical name>", "reason": "…", "expires": "YYYY-MM-DD" }`;
  }
  const { resource, reason, expires } = s.exemption;
  if (!exemptable) {
    return `exemption for ${resource} is not allowed: ${policy} protects encryption at rest and cannot be exempted; remove the exemption and fix the resource`;
  }
  if (s.status === "expired") {
    return `exemption for ${resource} expired on ${expires} (${reason}): fix the resource, or renew the exemption with a new expiry date`;
  }
  if (s.status === "refused") {
    return `exemption for ${resource} is refused: ${s.why}`;
  }
  return undefined;
}

function matches(s: ExemptionStatus, urn: string, name: string): boolean {
  const resource = s.status === "malformed" ? s.resource : s.exemption.resource;
  return resource !== undefined && (resource === urn || resource === name);
}

interface SpecBase {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly group: PolicyGroup;
  readonly remediation: string;
  readonly resourceTypes: readonly string[];
  readonly exemptable: boolean;
  /** The level per environment, where it differs from `enforcementLevel` (lib/levels.ts). */
  readonly levels?: EnvironmentLevels;
  /** Extra config properties (each with a default where it has one); `validate` sees them typed as `C`. */
  readonly config?: Record<string, PolicyConfigJSONSchema>;
}

export interface ResourcePolicySpec<C> extends SpecBase {
  /** Which types the rule inspects; defaults to membership in `resourceTypes`. */
  readonly appliesTo?: (type: string) => boolean;
  readonly validate: (
    args: ResourceValidationArgs,
    report: (message: string) => void,
    config: C & CommonConfig,
  ) => void | Promise<void>;
}

export interface StackPolicySpec<C> extends SpecBase {
  readonly validate: (
    args: StackValidationArgs,
    report: ReportViolation,
    config: C & CommonConfig,
  ) => void;
}

function schemaOf(spec: SpecBase): PolicyConfigSchema {
  return { properties: { ...commonSchema(spec.exemptable), ...(spec.config ?? {}) } };
}

function meta(spec: SpecBase, configSchema: PolicyConfigSchema): PlatformPolicyMeta {
  return {
    name: spec.name,
    description: spec.description,
    enforcementLevel: spec.enforcementLevel,
    remediationSteps: spec.remediation,
    configSchema,
    group: spec.group,
    resourceTypes: spec.resourceTypes,
    exemptable: spec.exemptable,
    ...(spec.levels ? { levels: spec.levels } : {}),
    controls: controlsOf(spec.name),
  };
}

/** A rule that sees one resource (its inputs and its provider) at a time. */
export function resourcePolicy<C extends object = object>(
  spec: ResourcePolicySpec<C>,
): PlatformResourcePolicy {
  const configSchema = schemaOf(spec);
  const applies = spec.appliesTo ?? ((type: string) => spec.resourceTypes.includes(type));
  return {
    ...meta(spec, configSchema),
    kind: "resource",
    appliesTo: applies,
    validateResource: (args, reportViolation) => {
      const config = configWithDefaults<C & CommonConfig>(configSchema, args.getConfig());
      let inForce: Exemption | undefined;
      for (const raw of config.exemptions ?? []) {
        const s = exemptionStatus(raw, today(args), config.maxExemptionDays);
        if (!matches(s, args.urn, args.name)) continue;
        const problem = exemptionProblem(spec.name, spec.exemptable, s);
        if (problem) reportViolation(problem);
        else if (s.status === "in-force") inForce = s.exemption;
      }
      if (inForce) args.notApplicable(`exempted until ${inForce.expires}: ${inForce.reason}`);
      if (!applies(args.type)) return;
      return spec.validate(args, (message) => reportViolation(message), config);
    },
  };
}

/** A rule that sees every resource of the stack (to correlate S3 side resources, security groups, …). */
export function stackPolicy<C extends object = object>(
  spec: StackPolicySpec<C>,
): PlatformStackPolicy {
  const configSchema = schemaOf(spec);
  return {
    ...meta(spec, configSchema),
    kind: "stack",
    validateStack: (args, reportViolation) => {
      const config = configWithDefaults<C & CommonConfig>(configSchema, args.getConfig());
      const exempted = new Set<string>();
      // URN or logical name → resources, built once: exemptions × resources would be quadratic.
      const named = new Map<string, PolicyResource[]>();
      if ((config.exemptions ?? []).length > 0) {
        for (const r of args.resources) {
          for (const key of new Set([r.urn, r.name])) {
            const list = named.get(key);
            if (list) list.push(r);
            else named.set(key, [r]);
          }
        }
      }
      for (const raw of config.exemptions ?? []) {
        const s = exemptionStatus(raw, today(args), config.maxExemptionDays);
        const resource = s.status === "malformed" ? s.resource : s.exemption.resource;
        const hits = resource === undefined ? [] : (named.get(resource) ?? []);
        const problem = exemptionProblem(spec.name, spec.exemptable, s);
        if (problem) {
          if (hits.length === 0) reportViolation(problem);
          for (const r of hits) reportViolation(problem, r.urn);
        } else if (s.status === "in-force") {
          hits.forEach((r) => exempted.add(r.urn));
        }
      }
      const report: ReportViolation = (message, urn) => {
        if (urn !== undefined && exempted.has(urn)) return;
        reportViolation(message, urn);
      };
      spec.validate(args, report, config);
    },
  };
}

/** The stack's environment: the policy config's, else the resource's own Environment fact. */
export function environmentOf(
  config: CommonConfig,
  resourceFact: () => string | undefined,
): string | undefined {
  return config.environment ?? resourceFact();
}
