/**
 * The facts every resource carries: AWS tags (the resource's own merged over
 * its provider's `defaultTags`) and Docker labels.
 */
import { PolicyProviderResource } from "@pulumi/policy";
import { asArray, asRecord, parseJson } from "./values";

export { ENVIRONMENTS } from "./vocabulary";
export type { Environment } from "./vocabulary";

/** Tag key → Docker label key for the same fact. */
export const DOCKER_LABELS: Readonly<Record<string, string>> = {
  Environment: "platform.environment",
  Project: "platform.project",
  Owner: "platform.owner",
  CostCenter: "platform.cost-center",
};

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const record = asRecord(value);
  if (!record) return out;
  for (const key of Object.keys(record)) {
    const v = record[key];
    if (typeof v === "string") out[key] = v;
  }
  return out;
}

/**
 * The provider's `defaultTags.tags`. The engine hands provider inputs to
 * policies as JSON strings (`"{\"tags\":{…}}"`); programs and files may use
 * the object form. Both are accepted.
 */
export function providerDefaultTags(
  provider: PolicyProviderResource | undefined,
): Record<string, string> {
  if (!provider) return {};
  const where = "the provider's defaultTags";
  const defaultTags = asRecord(parseJson(provider.props.defaultTags, where), where);
  if (!defaultTags) return {};
  return stringMap(parseJson(defaultTags.tags, `${where}.tags`));
}

/** The tags AWS will apply: provider default tags, overridden by the resource's own. */
export function effectiveTags(
  props: Record<string, unknown>,
  provider: PolicyProviderResource | undefined,
): Record<string, string> {
  return { ...providerDefaultTags(provider), ...stringMap(parseJson(props.tags, "tags")) };
}

/** Docker provider labels: `labels: [{ label, value }]`. */
export function dockerLabels(props: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of asArray(props.labels, "labels")) {
    const e = asRecord(entry, "labels[]");
    if (e && typeof e.label === "string" && typeof e.value === "string") out[e.label] = e.value;
  }
  return out;
}

/** The resource's environment fact: AWS `Environment` tag or Docker `platform.environment` label. */
export function resourceEnvironment(
  type: string,
  props: Record<string, unknown>,
  provider: PolicyProviderResource | undefined,
): string | undefined {
  if (type.startsWith("docker:")) return dockerLabels(props)[DOCKER_LABELS.Environment];
  return effectiveTags(props, provider).Environment;
}
