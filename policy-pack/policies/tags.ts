/**
 * Cost-allocation facts on every resource: AWS tags (own tags merged over the
 * provider's defaultTags) and the same facts as Docker labels.
 */
import { resourcePolicy } from "../lib/define";
import { DOCKER_LABELS, dockerLabels, effectiveTags, ENVIRONMENTS } from "../lib/tags";
import { T } from "../lib/types";
import { isSet } from "../lib/values";

/**
 * AWS types without a `tags` input in the AWS provider v7 schema: the ones
 * this program uses, and their common siblings. Every other `aws:` type is
 * treated as taggable, so a new resource type fails closed (it must carry the
 * tags, or be added here). policy-pack/tests/tags.spec.ts checks each entry
 * against the installed @pulumi/aws type definitions.
 */
export const UNTAGGABLE_AWS_TYPES: readonly string[] = [
  "aws:acm/certificateValidation:CertificateValidation",
  "aws:appautoscaling/policy:Policy",
  "aws:appautoscaling/scheduledAction:ScheduledAction",
  "aws:backup/selection:Selection",
  "aws:backup/vaultNotifications:VaultNotifications",
  "aws:backup/vaultPolicy:VaultPolicy",
  "aws:cloudwatch/dashboard:Dashboard",
  "aws:cloudwatch/eventTarget:EventTarget",
  "aws:cloudwatch/logStream:LogStream",
  "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
  "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment",
  "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation",
  "aws:ec2/networkAclAssociation:NetworkAclAssociation",
  "aws:ec2/networkAclRule:NetworkAclRule",
  "aws:ec2/route:Route",
  "aws:ec2/routeTableAssociation:RouteTableAssociation",
  "aws:ec2/securityGroupRule:SecurityGroupRule",
  "aws:ec2/volumeAttachment:VolumeAttachment",
  "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation",
  "aws:ecr/lifecyclePolicy:LifecyclePolicy",
  "aws:ecr/repositoryPolicy:RepositoryPolicy",
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
  "aws:efs/backupPolicy:BackupPolicy",
  "aws:efs/fileSystemPolicy:FileSystemPolicy",
  "aws:efs/mountTarget:MountTarget",
  "aws:iam/policyAttachment:PolicyAttachment",
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  "aws:kms/alias:Alias",
  "aws:kms/grant:Grant",
  "aws:lambda/alias:Alias",
  "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
  "aws:lambda/functionUrl:FunctionUrl",
  "aws:lambda/permission:Permission",
  "aws:lb/listenerCertificate:ListenerCertificate",
  "aws:lb/targetGroupAttachment:TargetGroupAttachment",
  "aws:route53/record:Record",
  "aws:s3/bucketAcl:BucketAcl",
  "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration",
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
  "aws:s3/bucketLogging:BucketLogging",
  "aws:s3/bucketNotification:BucketNotification",
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  "aws:s3/bucketPolicy:BucketPolicy",
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
  "aws:s3/bucketVersioning:BucketVersioning",
  "aws:s3/bucketVersioningV2:BucketVersioningV2",
  "aws:secretsmanager/secretPolicy:SecretPolicy",
  "aws:secretsmanager/secretRotation:SecretRotation",
  "aws:secretsmanager/secretVersion:SecretVersion",
  "aws:sns/topicPolicy:TopicPolicy",
  "aws:sns/topicSubscription:TopicSubscription",
  "aws:sqs/queuePolicy:QueuePolicy",
  "aws:sqs/redrivePolicy:RedrivePolicy",
];

export const REQUIRED_TAGS = ["Environment", "Project", "Owner", "CostCenter"];

export function isTaggableAwsType(type: string): boolean {
  return type.startsWith("aws:") && !UNTAGGABLE_AWS_TYPES.includes(type);
}

function environmentProblem(
  value: string,
  allowed: readonly string[],
  expected: string | undefined,
): string | undefined {
  if (!allowed.includes(value))
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
  resourceTypes: ["every aws: type except the untaggable list in policy-pack/policies/tags.ts"],
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
      const problem = environmentProblem(env, config.allowedEnvironments, config.environment);
      if (problem) report(`label ${DOCKER_LABELS.Environment} ${problem}`);
    }
  },
});

export const tagPolicies = [awsRequiredTags, dockerRequiredLabels];
