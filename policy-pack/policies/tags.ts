/**
 * Cost-allocation facts on every resource: AWS tags (own tags merged over the
 * provider's defaultTags) and the same facts as Docker labels.
 */
import { resourcePolicy } from "../lib/define";
import { TAGGABLE_AWS_TYPES } from "../lib/generated/awsTypes";
import { DOCKER_LABELS, dockerLabels, effectiveTags, ENVIRONMENTS } from "../lib/tags";
import { T } from "../lib/types";
import { isOneOf, isSet } from "../lib/values";

/**
 * Tags are demanded only on the types whose Args have a `tags` input in the
 * installed @pulumi/aws (generated: policy-pack/lib/generated/awsTypes.ts).
 * Component resources and other providers' types are never on that list.
 */
export const REQUIRED_TAGS = ["Environment", "Project", "Owner", "CostCenter"];

export function isTaggableAwsType(type: string): boolean {
  return TAGGABLE_AWS_TYPES.has(type);
}

/** What is wrong with an environment tag/label value; a secret one throws SecretValueError naming `where`. */
function environmentProblem(
  value: string,
  allowed: readonly string[],
  expected: string | undefined,
  where: string,
): string | undefined {
  if (!isOneOf(value, allowed, where))
    return `is ${JSON.stringify(value)}, expected one of ${allowed.join(", ")}`;
  if (expected !== undefined && value !== expected)
    return `is ${JSON.stringify(value)} but this stack's environment is ${expected}`;
  return undefined;
}

const ENVIRONMENT_CONFIG = {
  allowedEnvironments: {
    type: "array" as const,
    items: { type: "string" as const },
    default: [...ENVIRONMENTS],
    description: "Values accepted for the Environment tag / platform.environment label.",
  },
};

export const awsRequiredTags = resourcePolicy<{
  requiredTags: string[];
  allowedEnvironments: string[];
}>({
  name: "aws-required-tags",
  description:
    "Every taggable AWS resource carries Environment, Project, Owner and CostCenter (own tags or the provider's defaultTags), with a valid Environment that matches the stack.",
  enforcementLevel: "mandatory",
  group: "tags",
  exemptable: true,
  resourceTypes: [
    "every aws: type with a tags input in @pulumi/aws (policy-pack/lib/generated/awsTypes.ts)",
  ],
  appliesTo: isTaggableAwsType,
  config: {
    requiredTags: {
      type: "array",
      items: { type: "string" },
      default: REQUIRED_TAGS,
      description: "Tag keys every taggable AWS resource must carry.",
    },
    ...ENVIRONMENT_CONFIG,
  },
  remediation:
    "Create AWS resources with the program's explicit `aws.Provider`, whose `defaultTags.tags` carries Environment, Project, Owner and CostCenter (from the stack config); do not override them with empty values on the resource.",
  validate: (args, report, config) => {
    const tags = effectiveTags(args.props, args.provider);
    const missing = config.requiredTags.filter((k) => !isSet(tags[k]));
    if (missing.length > 0) {
      report(
        `missing tag${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (neither on the resource nor in the provider's defaultTags)`,
      );
    }
    if (isSet(tags.Environment)) {
      const problem = environmentProblem(
        tags.Environment,
        config.allowedEnvironments,
        config.environment,
        "tag Environment",
      );
      if (problem) report(`tag Environment ${problem}`);
    }
  },
});

const DOCKER_TYPES = [T.dockerContainer, T.dockerNetwork, T.dockerVolume];

export const dockerRequiredLabels = resourcePolicy<{
  requiredLabels: string[];
  allowedEnvironments: string[];
}>({
  name: "docker-required-labels",
  description:
    "Docker containers, networks and volumes carry the labels platform.environment, platform.project, platform.owner and platform.cost-center, with a valid environment.",
  enforcementLevel: "mandatory",
  group: "tags",
  exemptable: true,
  resourceTypes: DOCKER_TYPES,
  config: {
    requiredLabels: {
      type: "array",
      items: { type: "string" },
      default: Object.values(DOCKER_LABELS),
      description: "Label keys every Docker container, network and volume must carry.",
    },
    ...ENVIRONMENT_CONFIG,
  },
  remediation:
    'Pass the platform\'s standard labels (`labels: [{ label: "platform.environment", value: "dev" }, …]`) to every docker.Container, docker.Network and docker.Volume.',
  validate: ({ props }, report, config) => {
    const labels = dockerLabels(props);
    const missing = config.requiredLabels.filter((k) => !isSet(labels[k]));
    if (missing.length > 0)
      report(`missing label${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`);
    const env = labels[DOCKER_LABELS.Environment];
    if (isSet(env)) {
      const problem = environmentProblem(
        env,
        config.allowedEnvironments,
        config.environment,
        `label ${DOCKER_LABELS.Environment}`,
      );
      if (problem) report(`label ${DOCKER_LABELS.Environment} ${problem}`);
    }
  },
});

export const tagPolicies = [awsRequiredTags, dockerRequiredLabels];
