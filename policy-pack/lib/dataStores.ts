/**
 * THE list of AWS data-store types: for each, the input that turns on
 * encryption at rest with a customer-managed KMS key, what AWS does when the
 * program sets nothing, and the rule that checks it. Fail-closed:
 * policy-pack/tests/data-stores.spec.ts fails when a type of the installed
 * @pulumi/aws that looks like a data store (an encryption-at-rest input, see
 * policy-pack/build/awsProvider.ts ENCRYPTION_INPUT) is neither here nor in
 * REVIEWED_NOT_DATA_STORES.
 *
 * Defaults were read on 2026-11-30 from the sources cited; "not reviewed"
 * means the rule demands the customer-managed key without claiming what AWS
 * does by default.
 */
import { T, T2 } from "./types";

export interface DataStore {
  readonly type: string;
  /** Human name in messages. */
  readonly label: string;
  /** A setting that must be on: `path` (dot-separated) must be true, or equal `equals`. */
  readonly flag?: { readonly path: string; readonly equals?: string };
  /** Where the customer-managed KMS key goes (dot-separated path). */
  readonly key?: string;
  /** What AWS does when the program sets nothing. */
  readonly awsDefault: string;
  /** Where that default is documented. */
  readonly source?: string;
  /** The policy that checks the type. */
  readonly rule: string;
}

const GENERIC = "data-store-encrypted";

const store = (
  type: string,
  label: string,
  spec: Omit<DataStore, "type" | "label" | "rule"> & { rule?: string },
): DataStore => ({ type, label, rule: spec.rule ?? GENERIC, ...spec });

const NOT_REVIEWED = "not reviewed here";

export const DATA_STORES: readonly DataStore[] = [
  // Covered by their own rules in policies/encryption.ts.
  store(T.rdsInstance, "RDS instance (every engine)", {
    flag: { path: "storageEncrypted" },
    key: "kmsKeyId",
    awsDefault: "unencrypted unless storageEncrypted is set",
    source: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
    rule: "rds-storage-encrypted",
  }),
  store(T.rdsCluster, "RDS/Aurora cluster (every engine)", {
    flag: { path: "storageEncrypted" },
    key: "kmsKeyId",
    awsDefault: "unencrypted unless storageEncrypted is set",
    source: "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.html",
    rule: "rds-storage-encrypted",
  }),
  store(T.replicationGroup, "ElastiCache replication group", {
    flag: { path: "atRestEncryptionEnabled" },
    key: "kmsKeyId",
    awsDefault: "unencrypted unless atRestEncryptionEnabled is set",
    source: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html",
    rule: "elasticache-at-rest-encrypted",
  }),
  store(T.bucket, "S3 bucket", {
    awsDefault: "SSE-S3 with an AWS-owned key since January 2023",
    source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html",
    rule: "s3-bucket-encrypted",
  }),
  store(T.bucketV2, "S3 bucket", {
    awsDefault: "SSE-S3 with an AWS-owned key since January 2023",
    source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html",
    rule: "s3-bucket-encrypted",
  }),
  store(T.snsTopic, "SNS topic", {
    key: "kmsMasterKeyId",
    awsDefault: "no server-side encryption unless kmsMasterKeyId is set",
    source: "https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html",
    rule: "sns-topic-encrypted",
  }),
  store(T.sqsQueue, "SQS queue", {
    key: "kmsMasterKeyId",
    awsDefault: "SSE-SQS (an SQS-owned key) for queues created since October 2022",
    source:
      "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html",
    rule: "sqs-queue-encrypted",
  }),
  store(T.logGroup, "CloudWatch log group", {
    key: "kmsKeyId",
    awsDefault: "encrypted by CloudWatch Logs with a service-owned key",
    source: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
    rule: "cloudwatch-log-group-encrypted",
  }),
  store(T.secret, "Secrets Manager secret", {
    key: "kmsKeyId",
    awsDefault: "the AWS-managed key aws/secretsmanager",
    rule: "secretsmanager-secret-encrypted",
  }),
  store(T.ebsVolume, "EBS volume", {
    flag: { path: "encrypted" },
    key: "kmsKeyId",
    awsDefault: "unencrypted unless the account enabled EBS encryption by default",
    source: "https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html",
    rule: "ebs-volume-encrypted",
  }),
  store(T.efsFileSystem, "EFS file system", {
    flag: { path: "encrypted" },
    key: "kmsKeyId",
    awsDefault:
      "unencrypted through the API unless encrypted is set (the console encrypts by default)",
    source: "https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html",
    rule: "efs-file-system-encrypted",
  }),
  store(T.dynamodbTable, "DynamoDB table", {
    flag: { path: "serverSideEncryption.enabled" },
    key: "serverSideEncryption.kmsKeyArn",
    awsDefault: "always encrypted, with an AWS-owned key unless a KMS key is chosen",
    source:
      "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html",
    rule: "dynamodb-table-encrypted",
  }),
  store(T.lambdaFunction, "Lambda function (environment variables)", {
    key: "kmsKeyArn",
    awsDefault: "environment variables encrypted with the AWS-managed key aws/lambda",
    rule: "lambda-environment-encrypted",
  }),
  store(T.ecrRepository, "ECR repository", {
    awsDefault: "AES256 with an AWS-owned key",
    rule: "ecr-repository-encrypted",
  }),
  store(T.cloudtrail, "CloudTrail trail", {
    key: "kmsKeyId",
    awsDefault: "SSE-S3 on the log bucket",
    rule: "cloudtrail-encrypted",
  }),
  store(T2.ec2Instance, "EC2 instance (root and EBS block devices)", {
    awsDefault: "unencrypted volumes unless the account enabled EBS encryption by default",
    source: "https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html",
    rule: "ec2-block-devices-encrypted",
  }),
  store(T2.launchTemplate, "EC2 launch template (block device mappings)", {
    awsDefault: "unencrypted volumes unless the account enabled EBS encryption by default",
    source: "https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html",
    rule: "ec2-block-devices-encrypted",
  }),
  // Checked by data-store-encrypted (policies/data-stores.ts).
  store("aws:kinesis/stream:Stream", "Kinesis data stream", {
    flag: { path: "encryptionType", equals: "KMS" },
    key: "kmsKeyId",
    awsDefault: "records not encrypted unless encryptionType is KMS",
    source:
      "https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_kinesis.StreamEncryption.html",
  }),
  store("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "Firehose delivery stream", {
    flag: { path: "serverSideEncryption.enabled" },
    key: "serverSideEncryption.keyArn",
    awsDefault: "stored unencrypted in the stream unless serverSideEncryption is enabled",
    source:
      "https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_kinesisfirehose.StreamEncryptionType.html",
  }),
  store("aws:kinesis/videoStream:VideoStream", "Kinesis video stream", {
    key: "kmsKeyId",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:redshift/cluster:Cluster", "Redshift cluster", {
    flag: { path: "encrypted" },
    key: "kmsKeyId",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:redshiftserverless/namespace:Namespace", "Redshift Serverless namespace", {
    key: "kmsKeyId",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:opensearch/domain:Domain", "OpenSearch domain", {
    flag: { path: "encryptAtRest.enabled" },
    key: "encryptAtRest.kmsKeyId",
    awsDefault: "unencrypted unless encryptAtRest.enabled is set",
    source:
      "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html",
  }),
  store("aws:elasticsearch/domain:Domain", "Elasticsearch domain", {
    flag: { path: "encryptAtRest.enabled" },
    key: "encryptAtRest.kmsKeyId",
    awsDefault: "unencrypted unless encryptAtRest.enabled is set",
    source:
      "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html",
  }),
  store("aws:docdb/cluster:Cluster", "DocumentDB cluster", {
    flag: { path: "storageEncrypted" },
    key: "kmsKeyId",
    awsDefault: "unencrypted through the API unless storageEncrypted is set",
    source: "https://docs.aws.amazon.com/documentdb/latest/developerguide/encryption-at-rest.html",
  }),
  store("aws:docdb/elasticCluster:ElasticCluster", "DocumentDB elastic cluster", {
    key: "kmsKeyId",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:neptune/cluster:Cluster", "Neptune cluster", {
    flag: { path: "storageEncrypted" },
    key: "kmsKeyArn",
    awsDefault: "unencrypted through the API unless storageEncrypted is set",
    source: "https://docs.aws.amazon.com/neptune/latest/userguide/encrypt.html",
  }),
  store("aws:neptunegraph/graph:Graph", "Neptune Analytics graph", {
    key: "kmsKeyIdentifier",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:msk/cluster:Cluster", "MSK cluster", {
    key: "encryptionInfo.encryptionAtRestKmsKeyArn",
    awsDefault:
      "always encrypted at rest, with the AWS-managed key aws/kafka unless a key is given",
    source: "https://docs.aws.amazon.com/msk/latest/developerguide/msk-encryption.html",
  }),
  store("aws:elasticache/serverlessCache:ServerlessCache", "ElastiCache serverless cache", {
    key: "kmsKeyId",
    awsDefault: "always encrypted at rest, with an AWS-owned key unless kmsKeyId is set",
    source: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html",
  }),
  store("aws:elasticache/cluster:Cluster", "ElastiCache cluster (single node / Memcached)", {
    awsDefault:
      "no encryption-at-rest setting on CreateCacheCluster: use a replication group or serverless cache",
    source: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html",
  }),
  store("aws:memorydb/cluster:Cluster", "MemoryDB cluster", {
    key: "kmsKeyArn",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:memorydb/snapshot:Snapshot", "MemoryDB snapshot", {
    key: "kmsKeyArn",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:dax/cluster:Cluster", "DAX cluster", {
    flag: { path: "serverSideEncryption.enabled" },
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:backup/vault:Vault", "Backup vault", {
    key: "kmsKeyArn",
    awsDefault: "encrypted with the AWS-managed key aws/backup unless kmsKeyArn is set",
    source: "https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html",
  }),
  store("aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault", "Backup air-gapped vault", {
    key: "encryptionKeyArn",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:dynamodb/tableReplica:TableReplica", "DynamoDB table replica", {
    key: "kmsKeyArn",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:keyspaces/table:Table", "Keyspaces table", {
    flag: { path: "encryptionSpecification.type", equals: "CUSTOMER_MANAGED_KMS_KEY" },
    key: "encryptionSpecification.kmsKeyIdentifier",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:timestreamwrite/database:Database", "Timestream database", {
    key: "kmsKeyId",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:qldb/ledger:Ledger", "QLDB ledger", { key: "kmsKey", awsDefault: NOT_REVIEWED }),
  store("aws:dsql/cluster:Cluster", "Aurora DSQL cluster", {
    key: "kmsEncryptionKey",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:cloudtrail/eventDataStore:EventDataStore", "CloudTrail Lake event data store", {
    key: "kmsKeyId",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:cloudwatch/eventArchive:EventArchive", "EventBridge archive", {
    key: "kmsKeyIdentifier",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:codecommit/repository:Repository", "CodeCommit repository", {
    key: "kmsKeyId",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:codeartifact/domain:Domain", "CodeArtifact domain", {
    key: "encryptionKey",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:fsx/lustreFileSystem:LustreFileSystem", "FSx for Lustre", {
    key: "kmsKeyId",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:fsx/ontapFileSystem:OntapFileSystem", "FSx for ONTAP", {
    key: "kmsKeyId",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:fsx/openZfsFileSystem:OpenZfsFileSystem", "FSx for OpenZFS", {
    key: "kmsKeyId",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:fsx/windowsFileSystem:WindowsFileSystem", "FSx for Windows", {
    key: "kmsKeyId",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:fsx/fileCache:FileCache", "FSx file cache", {
    key: "kmsKeyId",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:s3/filesFileSystem:FilesFileSystem", "S3 Files file system", {
    key: "kmsKeyId",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:s3tables/tableBucket:TableBucket", "S3 table bucket", {
    key: "encryptionConfiguration.kmsKeyArn",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:s3tables/table:Table", "S3 table", {
    key: "encryptionConfiguration.kmsKeyArn",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:ebs/snapshotCopy:SnapshotCopy", "EBS snapshot copy", {
    flag: { path: "encrypted" },
    key: "kmsKeyId",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:ebs/snapshotImport:SnapshotImport", "EBS snapshot import", {
    flag: { path: "encrypted" },
    key: "kmsKeyId",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:ec2/amiCopy:AmiCopy", "AMI copy (its snapshots)", {
    flag: { path: "encrypted" },
    key: "kmsKeyId",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:rds/snapshotCopy:SnapshotCopy", "RDS snapshot copy", {
    key: "kmsKeyId",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:rds/clusterSnapshotCopy:ClusterSnapshotCopy", "RDS cluster snapshot copy", {
    key: "kmsKeyId",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:storagegateway/cachesIscsiVolume:CachesIscsiVolume", "Storage Gateway cached volume", {
    flag: { path: "kmsEncrypted" },
    key: "kmsKey",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:storagegateway/storedIscsiVolume:StoredIscsiVolume", "Storage Gateway stored volume", {
    flag: { path: "kmsEncrypted" },
    key: "kmsKey",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:storagegateway/nfsFileShare:NfsFileShare", "Storage Gateway NFS share", {
    flag: { path: "kmsEncrypted" },
    key: "kmsKeyArn",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:storagegateway/smbFileShare:SmbFileShare", "Storage Gateway SMB share", {
    flag: { path: "kmsEncrypted" },
    key: "kmsKeyArn",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:sagemaker/notebookInstance:NotebookInstance", "SageMaker notebook instance", {
    key: "kmsKeyId",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:sagemaker/domain:Domain", "SageMaker domain (home EFS)", {
    key: "kmsKeyId",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:amp/workspace:Workspace", "Managed Prometheus workspace", {
    key: "kmsKeyArn",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:appsync/apiCache:ApiCache", "AppSync API cache", {
    flag: { path: "atRestEncryptionEnabled" },
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:location/tracker:Tracker", "Location tracker", {
    key: "kmsKeyId",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:location/geofenceCollection:GeofenceCollection", "Location geofence collection", {
    key: "kmsKeyId",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:mailmanager/archive:Archive", "Mail Manager archive", {
    key: "kmsKeyArn",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:workmail/organization:Organization", "WorkMail organization", {
    key: "kmsKeyArn",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:bedrock/agentcoreMemory:AgentcoreMemory", "Bedrock AgentCore memory", {
    key: "encryptionKeyArn",
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:s3/vectorsVectorBucket:VectorsVectorBucket", "S3 vector bucket", {
    awsDefault: NOT_REVIEWED,
  }),
  store("aws:s3/vectorsIndex:VectorsIndex", "S3 vector index", { awsDefault: NOT_REVIEWED }),
];

/**
 * Types with an encryption-shaped input that were reviewed (2026-11-30) and
 * judged not to be data stores for this pack: the key encrypts configuration,
 * code, credentials or transient processing rather than a store of customer
 * data, or the data lives in a store on the list above.
 */
export const REVIEWED_NOT_DATA_STORES: Readonly<Record<string, string>> = Object.fromEntries(
  (
    [
      [
        "configuration or metadata only",
        [
          "aws:agentregistry/registry:Registry",
          "aws:appconfig/configurationProfile:ConfigurationProfile",
          "aws:appconfig/deployment:Deployment",
          "aws:appintegrations/dataIntegration:DataIntegration",
          "aws:athena/database:Database",
          "aws:auditmanager/accountRegistration:AccountRegistration",
          "aws:bedrock/agentcoreEvaluator:AgentcoreEvaluator",
          "aws:bedrock/agentcoreGateway:AgentcoreGateway",
          "aws:bedrock/agentcorePolicyEngine:AgentcorePolicyEngine",
          "aws:bedrock/guardrail:Guardrail",
          "aws:cloudwatch/eventBus:EventBus",
          "aws:cloudwatch/eventConnection:EventConnection",
          "aws:cloudwatch/logAnomalyDetector:LogAnomalyDetector",
          "aws:codebuild/project:Project",
          "aws:datazone/domain:Domain",
          "aws:dms/endpoint:Endpoint",
          "aws:dms/instanceProfile:InstanceProfile",
          "aws:dms/replicationInstance:ReplicationInstance",
          "aws:dms/s3Endpoint:S3Endpoint",
          "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate",
          "aws:emr/studio:Studio",
          "aws:emrcontainers/jobTemplate:JobTemplate",
          "aws:finspace/kxEnvironment:KxEnvironment",
          "aws:glue/securityConfiguration:SecurityConfiguration",
          "aws:grafana/workspace:Workspace",
          "aws:guardduty/publishingDestination:PublishingDestination",
          "aws:imagebuilder/component:Component",
          "aws:imagebuilder/containerRecipe:ContainerRecipe",
          "aws:imagebuilder/workflow:Workflow",
          "aws:lambda/capacityProvider:CapacityProvider",
          "aws:lambda/eventSourceMapping:EventSourceMapping",
          "aws:m2/application:Application",
          "aws:m2/environment:Environment",
          "aws:msk/channel:Channel",
          "aws:mwaa/environment:Environment",
          "aws:networkfirewall/firewall:Firewall",
          "aws:networkfirewall/firewallPolicy:FirewallPolicy",
          "aws:networkfirewall/ruleGroup:RuleGroup",
          "aws:networkfirewall/tlsInspectionConfiguration:TlsInspectionConfiguration",
          "aws:opensearch/application:Application",
          "aws:opensearchingest/pipeline:Pipeline",
          "aws:pipes/pipe:Pipe",
          "aws:qbusiness/application:Application",
          "aws:rds/customDbEngineVersion:CustomDbEngineVersion",
          "aws:redshift/snapshotCopyGrant:SnapshotCopyGrant",
          "aws:rekognition/streamProcessor:StreamProcessor",
          "aws:resiliencehub/v2Policy:V2Policy",
          "aws:resiliencehub/v2Service:V2Service",
          "aws:resiliencehub/v2System:V2System",
          "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
          "aws:scheduler/schedule:Schedule",
          "aws:securityhub/connectorV2:ConnectorV2",
          "aws:sfn/activity:Activity",
          "aws:sfn/stateMachine:StateMachine",
          "aws:synthetics/canary:Canary",
          "aws:timestreamquery/scheduledQuery:ScheduledQuery",
          "aws:verifiedaccess/endpoint:Endpoint",
          "aws:verifiedaccess/trustProvider:TrustProvider",
          "aws:apprunner/service:Service",
        ],
      ],
      [
        "its data lands in a store on the list (a bucket, cluster or snapshot that is checked there)",
        [
          "aws:docdb/globalCluster:GlobalCluster",
          "aws:neptune/globalCluster:GlobalCluster",
          "aws:rds/globalCluster:GlobalCluster",
          "aws:rds/clusterActivityStream:ClusterActivityStream",
          "aws:rds/exportTask:ExportTask",
          "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
          "aws:rds/integration:Integration",
          "aws:redshift/integration:Integration",
          "aws:s3/bucketObject:BucketObject",
          "aws:s3/bucketObjectv2:BucketObjectv2",
          "aws:s3/objectCopy:ObjectCopy",
        ],
      ],
    ] as const
  ).flatMap(([reason, types]) => types.map((t) => [t, reason] as const)),
);
