/**
 * What a change to a resource means: which inputs replace it and which types
 * hold data (which changes loosen encryption, TLS or public exposure is in
 * ./loosenings.ts).
 *
 * Replace-on-change inputs follow the AWS provider's schema (`ForceNew`, as in
 * terraform-provider-aws, which @pulumi/aws bridges), for the types this
 * program uses. Notable in-place cases: an RDS instance's dbSubnetGroupName,
 * instanceClass, storageType, port and parameter group change in place;
 * an ElastiCache replication group's transitEncryptionEnabled changes in
 * place from Redis 7.0.5 on (it forces replacement below that), while its
 * atRestEncryptionEnabled and kmsKeyId still force replacement.
 */
import { Resource } from "../core/resource";
import { T } from "../../policy-pack/lib/types";

export type Severity = "critical" | "high" | "low";

/** Top-level inputs whose change replaces the resource, by type. */
export const REPLACE_ON_CHANGE: Readonly<Record<string, readonly string[]>> = {
  [T.rdsInstance]: [
    "identifier",
    "identifierPrefix",
    "engine",
    "kmsKeyId",
    "storageEncrypted",
    "dbName",
    "username",
    "availabilityZone",
    "characterSetName",
    "ncharCharacterSetName",
    "timezone",
    "snapshotIdentifier",
    "restoreToPointInTime",
    "s3Import",
    "customIamInstanceProfile",
  ],
  [T.replicationGroup]: [
    "replicationGroupId",
    "atRestEncryptionEnabled",
    "kmsKeyId",
    "port",
    "subnetGroupName",
    "securityGroupNames",
    "snapshotArns",
    "snapshotName",
    "dataTieringEnabled",
    "networkType",
    "globalReplicationGroupId",
  ],
  [T.bucket]: ["bucket", "bucketPrefix", "objectLockEnabled"],
  [T.bucketV2]: ["bucket", "bucketPrefix", "objectLockEnabled"],
  [T.kmsKey]: ["customerMasterKeySpec", "keyUsage", "multiRegion", "customKeyStoreId", "xksKeyId"],
  [T.secret]: ["name", "namePrefix"],
  [T.logGroup]: ["name", "namePrefix", "logGroupClass"],
  [T.backupVault]: ["name", "kmsKeyArn"],
  [T.sqsQueue]: ["name", "namePrefix", "fifoQueue"],
  [T.snsTopic]: ["name", "namePrefix", "fifoTopic"],
  [T.efsFileSystem]: [
    "creationToken",
    "encrypted",
    "kmsKeyId",
    "performanceMode",
    "availabilityZoneName",
  ],
  [T.ebsVolume]: ["availabilityZone", "encrypted", "kmsKeyId", "snapshotId"],
  [T.rdsSubnetGroup]: ["name", "namePrefix"],
  [T.rdsParameterGroup]: ["name", "namePrefix", "family"],
  [T.elasticacheSubnetGroup]: ["name"],
  [T.elasticacheParameterGroup]: ["name", "family"],
  [T.lb]: ["name", "namePrefix", "internal", "loadBalancerType"],
  [T.lbTargetGroup]: [
    "name",
    "namePrefix",
    "port",
    "protocol",
    "protocolVersion",
    "targetType",
    "vpcId",
  ],
  [T.ecsCluster]: ["name"],
  [T.ecsService]: ["name", "cluster", "launchType", "schedulingStrategy", "iamRole"],
  [T.lambdaFunction]: ["name", "packageType"],
  [T.vpc]: ["cidrBlock", "instanceTenancy"],
  [T.subnet]: ["vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId"],
  [T.securityGroup]: ["name", "namePrefix", "description", "vpcId"],
  [T.natGateway]: ["allocationId", "subnetId", "connectivityType", "privateIp"],
  [T.eip]: ["domain", "publicIpv4Pool"],
  [T.vpcEndpoint]: ["vpcId", "serviceName", "vpcEndpointType"],
  [T.iamRole]: ["name", "namePrefix", "path"],
  [T.kmsAlias]: ["name", "namePrefix"],
  [T.dashboard]: ["dashboardName"],
  [T.metricAlarm]: ["name"],
  [T.securityGroupIngressRule]: ["securityGroupId"],
  [T.securityGroupEgressRule]: ["securityGroupId"],
};

/** Types that are immutable: any input change but tags registers a new one (a revision, not data loss). */
export const IMMUTABLE_REVISIONS: ReadonlySet<string> = new Set([T.ecsTaskDefinition]);

/** Types that hold data (or keys to it): deleting or replacing one loses that data. */
export const STATEFUL: Readonly<Record<string, string>> = {
  [T.rdsInstance]: "database",
  [T.rdsCluster]: "database cluster",
  [T.replicationGroup]: "cache",
  [T.bucket]: "bucket",
  [T.bucketV2]: "bucket",
  [T.kmsKey]: "encryption key (data encrypted with it becomes unreadable)",
  [T.secret]: "secret",
  [T.logGroup]: "log group",
  [T.backupVault]: "backup vault",
  [T.sqsQueue]: "queue (its messages)",
  [T.efsFileSystem]: "file system",
  [T.ebsVolume]: "volume",
  [T.dynamodbTable]: "table",
  [T.dynamodbGlobalTable]: "global table",
  [T.rdsGlobalCluster]: "global database cluster",
  [T.rdsSnapshot]: "database snapshot",
  [T.rdsClusterSnapshot]: "database cluster snapshot",
  [T.docdbCluster]: "document database cluster",
  [T.docdbElasticCluster]: "document database cluster",
  [T.neptuneCluster]: "graph database cluster",
  [T.dsqlCluster]: "database cluster",
  [T.redshiftCluster]: "data warehouse",
  [T.redshiftserverlessNamespace]: "data warehouse namespace",
  [T.lightsailDatabase]: "database",
  [T.elasticacheCluster]: "cache cluster",
  [T.elasticacheServerlessCache]: "cache",
  [T.elasticacheGlobalReplicationGroup]: "global cache",
  [T.memorydbCluster]: "in-memory database",
  [T.opensearchDomain]: "search domain (its indices)",
  [T.elasticsearchDomain]: "search domain (its indices)",
  [T.s3DirectoryBucket]: "bucket",
  [T.s3tablesTableBucket]: "table bucket",
  [T.glacierVault]: "archive vault",
  [T.ebsSnapshot]: "volume snapshot",
  [T.fsxLustreFileSystem]: "file system",
  [T.fsxWindowsFileSystem]: "file system",
  [T.fsxOntapFileSystem]: "file system",
  [T.fsxOpenZfsFileSystem]: "file system",
  [T.ecrRepository]: "image repository (its images)",
  [T.kinesisStream]: "stream (its records)",
  [T.kinesisFirehoseDeliveryStream]: "delivery stream (buffered records)",
  [T.mskCluster]: "Kafka cluster (its topics)",
  [T.mqBroker]: "message broker (its queues)",
  [T.kmsReplicaKey]: "encryption key (data encrypted with it becomes unreadable)",
  [T.kmsExternalKey]: "encryption key (data encrypted with it becomes unreadable)",
  [T.acmpcaCertificateAuthority]: "certificate authority (its private key)",
  [T.secretVersion]: "secret value",
  [T.ssmParameter]: "parameter value",
  [T.cognitoUserPool]: "user pool (its users)",
  [T.timestreamwriteTable]: "time-series table",
  [T.keyspacesTable]: "table",
  [T.qldbLedger]: "ledger",
  // dev (Docker): the data volumes, and generated credentials and keys that existing data depends on.
  [T.dockerVolume]: "Docker volume (the service's data)",
  [T.randomPassword]: "generated password (data initialised with it no longer opens)",
  [T.tlsPrivateKey]: "private key (what it signed or encrypted no longer verifies)",
};

/** Types whose changes are security-relevant even when nothing is loosened outright. */
export function isAccessControl(type: string): boolean {
  return (
    type === T.securityGroup ||
    type === T.defaultSecurityGroup ||
    type.startsWith("aws:vpc/securityGroup") ||
    type.startsWith("aws:ec2/securityGroupRule") ||
    type.startsWith("aws:iam/") ||
    type === T.bucketPolicy ||
    type === T.kmsKey
  );
}

/** Does this top-level input replace a resource of this type, given its inputs before and after? */
export function replacesOnChange(
  type: string,
  input: string,
  before: Resource["props"],
  after: Resource["props"],
): boolean {
  if (IMMUTABLE_REVISIONS.has(type)) return input !== "tags";
  if (REPLACE_ON_CHANGE[type]?.includes(input)) return true;
  if (type === T.replicationGroup && input === "transitEncryptionEnabled") {
    const version = String(after.engineVersion ?? before.engineVersion ?? "");
    return versionLessThan(version, "7.0.5");
  }
  return false;
}

/** `7.1` < `7.0.5`? Missing or unparsable versions count as old (the safe answer: replacement). */
export function versionLessThan(version: string, than: string): boolean {
  const parse = (v: string) => v.split(".").map((x) => Number.parseInt(x, 10));
  const a = parse(version);
  const b = parse(than);
  if (a.some((x) => Number.isNaN(x))) return true;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

// ---------------------------------------------------------------- posture
