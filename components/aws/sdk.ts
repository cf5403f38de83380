/**
 * The parts of `@pulumi/aws` the AWS half uses, each loaded from its own
 * module. `import * as aws from "@pulumi/aws"` loads the provider's root
 * index, which requires the index of every one of its ~250 services: about a
 * quarter of a second of every run of the program, `pulumi up` and
 * `platform synth` alike. These are the same classes and functions (the root
 * re-exports them from these modules), so `aws.ec2.Vpc` here is
 * `aws.ec2.Vpc` there.
 *
 * Components import this module as `aws`; a service the program starts to
 * use is added here (eslint refuses the root import under components/).
 */
export * as appautoscaling from "@pulumi/aws/appautoscaling";
export * as backup from "@pulumi/aws/backup";
export * as budgets from "@pulumi/aws/budgets";
export * as cloudtrail from "@pulumi/aws/cloudtrail";
export * as cloudwatch from "@pulumi/aws/cloudwatch";
export * as ec2 from "@pulumi/aws/ec2";
export * as ecs from "@pulumi/aws/ecs";
export * as elasticache from "@pulumi/aws/elasticache";
export * as iam from "@pulumi/aws/iam";
export * as kms from "@pulumi/aws/kms";
export * as lambda from "@pulumi/aws/lambda";
export * as lb from "@pulumi/aws/lb";
export * as rds from "@pulumi/aws/rds";
export * as route53 from "@pulumi/aws/route53";
export * as s3 from "@pulumi/aws/s3";
export * as secretsmanager from "@pulumi/aws/secretsmanager";
export * as sns from "@pulumi/aws/sns";
export * as sqs from "@pulumi/aws/sqs";
export * as vpc from "@pulumi/aws/vpc";
export type * as types from "@pulumi/aws/types";
export type { Region } from "@pulumi/aws/types/enums";
export { Provider } from "@pulumi/aws/provider";
export { getAvailabilityZonesOutput } from "@pulumi/aws/getAvailabilityZones";
export { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
export { getPartitionOutput } from "@pulumi/aws/getPartition";
