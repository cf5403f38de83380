/**
 * Resource type tokens the rules inspect (AWS provider v7, Docker provider v5).
 * Rules match on `args.type` strings, so they work on raw inputs without
 * loading the provider SDKs.
 */
export const T = {
  rdsInstance: "aws:rds/instance:Instance",
  rdsCluster: "aws:rds/cluster:Cluster",
  rdsClusterInstance: "aws:rds/clusterInstance:ClusterInstance",
  rdsParameterGroup: "aws:rds/parameterGroup:ParameterGroup",
  rdsClusterParameterGroup: "aws:rds/clusterParameterGroup:ClusterParameterGroup",
  replicationGroup: "aws:elasticache/replicationGroup:ReplicationGroup",
  elasticacheSubnetGroup: "aws:elasticache/subnetGroup:SubnetGroup",
  bucket: "aws:s3/bucket:Bucket",
  bucketV2: "aws:s3/bucketV2:BucketV2",
  bucketSse:
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  bucketSseV2:
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  bucketPublicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  snsTopic: "aws:sns/topic:Topic",
  sqsQueue: "aws:sqs/queue:Queue",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  secret: "aws:secretsmanager/secret:Secret",
  ebsVolume: "aws:ebs/volume:Volume",
  efsFileSystem: "aws:efs/fileSystem:FileSystem",
  dynamodbTable: "aws:dynamodb/table:Table",
  lambdaFunction: "aws:lambda/function:Function",
  ecrRepository: "aws:ecr/repository:Repository",
  cloudtrail: "aws:cloudtrail/trail:Trail",
  kmsKey: "aws:kms/key:Key",
  lbListener: "aws:lb/listener:Listener",
  albListener: "aws:alb/listener:Listener",
  lb: "aws:lb/loadBalancer:LoadBalancer",
  alb: "aws:alb/loadBalancer:LoadBalancer",
  cloudfrontDistribution: "aws:cloudfront/distribution:Distribution",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  securityGroupIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  subnet: "aws:ec2/subnet:Subnet",
  ecsTaskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
  dockerContainer: "docker:index/container:Container",
  dockerNetwork: "docker:index/network:Network",
  dockerVolume: "docker:index/volume:Volume",
} as const;

export const BUCKETS: readonly string[] = [T.bucket, T.bucketV2];
export const LISTENERS: readonly string[] = [T.lbListener, T.albListener];
export const LOAD_BALANCERS: readonly string[] = [T.lb, T.alb];
export const SECURITY_GROUPS: readonly string[] = [T.securityGroup, T.defaultSecurityGroup];
