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
import { T } from "../../policy-pack/lib/types";

export * from "./ruleKit";
export * from "./sharedTierRules";
export * from "./infraRules";
export * from "./serviceRules";

/** The rule of each priced type. Types not here are free by the table's `noCharge` list, or unpriced. */
export const RULES: Readonly<Record<string, PriceRule>> = {
  [T.natGateway]: natGateway,
  [T.eip]: elasticIp,
  [T.vpcEndpoint]: vpcEndpoint,
  [T.flowLog]: flowLog,
  [T.lb]: loadBalancer,
  [T.alb]: loadBalancer,
  [T.rdsInstance]: rdsInstance,
  [T.replicationGroup]: cacheReplicationGroup,
  [T.bucket]: s3Bucket,
  [T.bucketV2]: s3Bucket,
  [T.backupVault]: backupVault,
  [T.ecsService]: ecsService,
  [T.ecsCluster]: ecsCluster,
  [T.lambdaFunction]: lambdaFunction,
  [T.kmsKey]: kmsKey,
  [T.secret]: secret,
  [T.metricAlarm]: metricAlarm,
  [T.dashboard]: dashboard,
  [T.logGroup]: logGroup,
  [T.snsTopic]: snsTopic,
  [T.topicSubscription]: topicSubscription,
  [T.sqsQueue]: sqsQueue,
  // A preview's parts on staging's shared tier: no charge here, their share said in the basis.
  [T.lbListenerRule]: sharedAlbShare,
  [T.lambdaInvocation]: sharedDatabaseShare,
  [T.elasticacheUser]: sharedCacheShare,
};
