/**
 * Which environment a set of resources belongs to, so `platform check` can
 * load policy-pack/config/<environment>.json: the AWS provider's
 * `defaultTags` Environment, else the Docker resources' platform.environment
 * label, else the stack name (`pr-<N>` is a preview).
 */
import {
  dockerLabels,
  DOCKER_LABELS,
  ENVIRONMENTS,
  providerDefaultTags,
} from "../../policy-pack/lib/tags";
import { Resource } from "../core/resource";

export interface DetectedEnvironment {
  readonly environment: string;
  /** Where it came from, for the summary line. */
  readonly source: string;
}

export function isKnownEnvironment(env: string | undefined): env is (typeof ENVIRONMENTS)[number] {
  return env !== undefined && (ENVIRONMENTS as readonly string[]).includes(env);
}

export function environmentFromStackName(stack: string | undefined): string | undefined {
  if (stack === undefined) return undefined;
  if (/^pr-\d+$/.test(stack)) return "preview";
  return isKnownEnvironment(stack) ? stack : undefined;
}

export function detectEnvironment(
  resources: readonly Resource[],
  stack?: string,
): DetectedEnvironment | undefined {
  for (const r of resources) {
    const providers = [
      r.provider,
      r.type.startsWith("pulumi:providers:")
        ? { type: r.type, name: r.name, urn: r.urn ?? "", props: r.props }
        : undefined,
    ];
    for (const p of providers) {
      if (!p || p.type !== "pulumi:providers:aws") continue;
      const env = providerDefaultTags({
        type: p.type,
        name: p.name,
        urn: p.urn ?? "",
        props: p.props,
      }).Environment;
      if (env) return { environment: env, source: `the AWS provider's defaultTags` };
    }
  }
  for (const r of resources) {
    if (!r.type.startsWith("docker:")) continue;
    const env = dockerLabels(r.props)[DOCKER_LABELS.Environment];
    if (env) return { environment: env, source: "the Docker resources' labels" };
  }
  const fromName = environmentFromStackName(stack);
  return fromName ? { environment: fromName, source: `the stack name ${stack}` } : undefined;
}
