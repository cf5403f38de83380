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

export type Severity = "critical" | "high" | "low";

/** Top-level inputs whose change replaces the resource, by type. */
export const REPLACE_ON_CHANGE: Readonly<Record<string, readonly string[]>> = {
  "aws:rds/instance:Instance": [
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
  "aws:elasticache/replicationGroup:ReplicationGroup": [
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
  "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix", "objectLockEnabled"],
  "aws:s3/bucketV2:BucketV2": ["bucket", "bucketPrefix", "objectLockEnabled"],
  "aws:kms/key:Key": [
    "customerMasterKeySpec",
    "keyUsage",
    "multiRegion",
    "customKeyStoreId",
    "xksKeyId",
  ],
  "aws:secretsmanager/secret:Secret": ["name", "namePrefix"],
  "aws:cloudwatch/logGroup:LogGroup": ["name", "namePrefix", "logGroupClass"],
  "aws:backup/vault:Vault": ["name", "kmsKeyArn"],
  "aws:sqs/queue:Queue": ["name", "namePrefix", "fifoQueue"],
  "aws:sns/topic:Topic": ["name", "namePrefix", "fifoTopic"],
  "aws:efs/fileSystem:FileSystem": [
    "creationToken",
    "encrypted",
    "kmsKeyId",
    "performanceMode",
    "availabilityZoneName",
  ],
  "aws:ebs/volume:Volume": ["availabilityZone", "encrypted", "kmsKeyId", "snapshotId"],
  "aws:rds/subnetGroup:SubnetGroup": ["name", "namePrefix"],
  "aws:rds/parameterGroup:ParameterGroup": ["name", "namePrefix", "family"],
  "aws:elasticache/subnetGroup:SubnetGroup": ["name"],
  "aws:elasticache/parameterGroup:ParameterGroup": ["name", "family"],
  "aws:lb/loadBalancer:LoadBalancer": ["name", "namePrefix", "internal", "loadBalancerType"],
  "aws:lb/targetGroup:TargetGroup": [
    "name",
    "namePrefix",
    "port",
    "protocol",
    "protocolVersion",
    "targetType",
    "vpcId",
  ],
  "aws:ecs/cluster:Cluster": ["name"],
  "aws:ecs/service:Service": ["name", "cluster", "launchType", "schedulingStrategy", "iamRole"],
  "aws:lambda/function:Function": ["name", "packageType"],
  "aws:ec2/vpc:Vpc": ["cidrBlock", "instanceTenancy"],
  "aws:ec2/subnet:Subnet": ["vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId"],
  "aws:ec2/securityGroup:SecurityGroup": ["name", "namePrefix", "description", "vpcId"],
  "aws:ec2/natGateway:NatGateway": ["allocationId", "subnetId", "connectivityType", "privateIp"],
  "aws:ec2/eip:Eip": ["domain", "publicIpv4Pool"],
  "aws:ec2/vpcEndpoint:VpcEndpoint": ["vpcId", "serviceName", "vpcEndpointType"],
  "aws:iam/role:Role": ["name", "namePrefix", "path"],
  "aws:kms/alias:Alias": ["name", "namePrefix"],
  "aws:cloudwatch/dashboard:Dashboard": ["dashboardName"],
  "aws:cloudwatch/metricAlarm:MetricAlarm": ["name"],
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ["securityGroupId"],
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ["securityGroupId"],
};

/** Types that are immutable: any input change but tags registers a new one (a revision, not data loss). */
export const IMMUTABLE_REVISIONS = new Set(["aws:ecs/taskDefinition:TaskDefinition"]);

/** Types that hold data (or keys to it): deleting or replacing one loses that data. */
export const STATEFUL: Readonly<Record<string, string>> = {
  "aws:rds/instance:Instance": "database",
  "aws:rds/cluster:Cluster": "database cluster",
  "aws:elasticache/replicationGroup:ReplicationGroup": "cache",
  "aws:s3/bucket:Bucket": "bucket",
  "aws:s3/bucketV2:BucketV2": "bucket",
  "aws:kms/key:Key": "encryption key (data encrypted with it becomes unreadable)",
  "aws:secretsmanager/secret:Secret": "secret",
  "aws:cloudwatch/logGroup:LogGroup": "log group",
  "aws:backup/vault:Vault": "backup vault",
  "aws:sqs/queue:Queue": "queue (its messages)",
  "aws:efs/fileSystem:FileSystem": "file system",
  "aws:ebs/volume:Volume": "volume",
  "aws:dynamodb/table:Table": "table",
  "aws:dynamodb/globalTable:GlobalTable": "global table",
  "aws:rds/globalCluster:GlobalCluster": "global database cluster",
  "aws:rds/snapshot:Snapshot": "database snapshot",
  "aws:rds/clusterSnapshot:ClusterSnapshot": "database cluster snapshot",
  "aws:docdb/cluster:Cluster": "document database cluster",
  "aws:docdb/elasticCluster:ElasticCluster": "document database cluster",
  "aws:neptune/cluster:Cluster": "graph database cluster",
  "aws:dsql/cluster:Cluster": "database cluster",
  "aws:redshift/cluster:Cluster": "data warehouse",
  "aws:redshiftserverless/namespace:Namespace": "data warehouse namespace",
  "aws:lightsail/database:Database": "database",
  "aws:elasticache/cluster:Cluster": "cache cluster",
  "aws:elasticache/serverlessCache:ServerlessCache": "cache",
  "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup": "global cache",
  "aws:memorydb/cluster:Cluster": "in-memory database",
  "aws:opensearch/domain:Domain": "search domain (its indices)",
  "aws:elasticsearch/domain:Domain": "search domain (its indices)",
  "aws:s3/directoryBucket:DirectoryBucket": "bucket",
  "aws:s3tables/tableBucket:TableBucket": "table bucket",
  "aws:glacier/vault:Vault": "archive vault",
  "aws:ebs/snapshot:Snapshot": "volume snapshot",
  "aws:fsx/lustreFileSystem:LustreFileSystem": "file system",
  "aws:fsx/windowsFileSystem:WindowsFileSystem": "file system",
  "aws:fsx/ontapFileSystem:OntapFileSystem": "file system",
  "aws:fsx/openZfsFileSystem:OpenZfsFileSystem": "file system",
  "aws:ecr/repository:Repository": "image repository (its images)",
  "aws:kinesis/stream:Stream": "stream (its records)",
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": "delivery stream (buffered records)",
  "aws:msk/cluster:Cluster": "Kafka cluster (its topics)",
  "aws:mq/broker:Broker": "message broker (its queues)",
  "aws:kms/replicaKey:ReplicaKey": "encryption key (data encrypted with it becomes unreadable)",
  "aws:kms/externalKey:ExternalKey": "encryption key (data encrypted with it becomes unreadable)",
  "aws:acmpca/certificateAuthority:CertificateAuthority": "certificate authority (its private key)",
  "aws:secretsmanager/secretVersion:SecretVersion": "secret value",
  "aws:ssm/parameter:Parameter": "parameter value",
  "aws:cognito/userPool:UserPool": "user pool (its users)",
  "aws:timestreamwrite/table:Table": "time-series table",
  "aws:keyspaces/table:Table": "table",
  "aws:qldb/ledger:Ledger": "ledger",
  // dev (Docker): the data volumes, and generated credentials and keys that existing data depends on.
  "docker:index/volume:Volume": "Docker volume (the service's data)",
  "random:index/randomPassword:RandomPassword":
    "generated password (data initialised with it no longer opens)",
  "tls:index/privateKey:PrivateKey": "private key (what it signed or encrypted no longer verifies)",
};

/** Types whose changes are security-relevant even when nothing is loosened outright. */
export function isAccessControl(type: string): boolean {
  return (
    type === "aws:ec2/securityGroup:SecurityGroup" ||
    type === "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup" ||
    type.startsWith("aws:vpc/securityGroup") ||
    type.startsWith("aws:ec2/securityGroupRule") ||
    type.startsWith("aws:iam/") ||
    type === "aws:s3/bucketPolicy:BucketPolicy" ||
    type === "aws:kms/key:Key"
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
  if (
    type === "aws:elasticache/replicationGroup:ReplicationGroup" &&
    input === "transitEncryptionEnabled"
  ) {
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
