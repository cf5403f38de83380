/**
 * One pricing rule per AWS resource type: a pure function of the resource's
 * inputs, the price table and the usage assumptions, returning the monthly
 * figure and a basis a reader can check by hand. A rule that lacks a price or
 * an input throws `Unpriced`; it never returns a silent zero.
 */
import { PriceRule } from "./ruleKit";
import {
  backupVault,
  cacheReplicationGroup,
  elasticIp,
  flowLog,
  loadBalancer,
  natGateway,
  rdsInstance,
  s3Bucket,
  vpcEndpoint,
} from "./infraRules";
import {
  dashboard,
  ecsCluster,
  ecsService,
  kmsKey,
  lambdaFunction,
  logGroup,
  metricAlarm,
  secret,
  snsTopic,
  sqsQueue,
  topicSubscription,
} from "./serviceRules";

import { sharedAlbShare, sharedCacheShare, sharedDatabaseShare } from "./sharedTierRules";

export * from "./ruleKit";
export * from "./sharedTierRules";
export * from "./infraRules";
export * from "./serviceRules";

/** The rule of each priced type. Types not here are free by the table's `noCharge` list, or unpriced. */
export const RULES: Readonly<Record<string, PriceRule>> = {
  "aws:ec2/natGateway:NatGateway": natGateway,
  "aws:ec2/eip:Eip": elasticIp,
  "aws:ec2/vpcEndpoint:VpcEndpoint": vpcEndpoint,
  "aws:ec2/flowLog:FlowLog": flowLog,
  "aws:lb/loadBalancer:LoadBalancer": loadBalancer,
  "aws:alb/loadBalancer:LoadBalancer": loadBalancer,
  "aws:rds/instance:Instance": rdsInstance,
  "aws:elasticache/replicationGroup:ReplicationGroup": cacheReplicationGroup,
  "aws:s3/bucket:Bucket": s3Bucket,
  "aws:s3/bucketV2:BucketV2": s3Bucket,
  "aws:backup/vault:Vault": backupVault,
  "aws:ecs/service:Service": ecsService,
  "aws:ecs/cluster:Cluster": ecsCluster,
  "aws:lambda/function:Function": lambdaFunction,
  "aws:kms/key:Key": kmsKey,
  "aws:secretsmanager/secret:Secret": secret,
  "aws:cloudwatch/metricAlarm:MetricAlarm": metricAlarm,
  "aws:cloudwatch/dashboard:Dashboard": dashboard,
  "aws:cloudwatch/logGroup:LogGroup": logGroup,
  "aws:sns/topic:Topic": snsTopic,
  "aws:sns/topicSubscription:TopicSubscription": topicSubscription,
  "aws:sqs/queue:Queue": sqsQueue,
  // A preview's parts on staging's shared tier: no charge here, their share said in the basis.
  "aws:lb/listenerRule:ListenerRule": sharedAlbShare,
  "aws:lambda/invocation:Invocation": sharedDatabaseShare,
  "aws:elasticache/user:User": sharedCacheShare,
};
