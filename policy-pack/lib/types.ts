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
  ecsService: "aws:ecs/service:Service",
  elasticacheParameterGroup: "aws:elasticache/parameterGroup:ParameterGroup",
  metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  dashboard: "aws:cloudwatch/dashboard:Dashboard",
  lbTargetGroup: "aws:lb/targetGroup:TargetGroup",
  albTargetGroup: "aws:alb/targetGroup:TargetGroup",
  lbListenerRule: "aws:lb/listenerRule:ListenerRule",
  albListenerRule: "aws:alb/listenerRule:ListenerRule",
  lbListenerCertificate: "aws:lb/listenerCertificate:ListenerCertificate",
  albListenerCertificate: "aws:alb/listenerCertificate:ListenerCertificate",
  acmCertificate: "aws:acm/certificate:Certificate",
  route53Record: "aws:route53/record:Record",
  iamRole: "aws:iam/role:Role",
  iamRolePolicy: "aws:iam/rolePolicy:RolePolicy",
  iamRolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  iamPolicyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
  dockerContainer: "docker:index/container:Container",
  dockerNetwork: "docker:index/network:Network",
  dockerVolume: "docker:index/volume:Volume",
} as const;

export const BUCKETS: readonly string[] = [T.bucket, T.bucketV2];
export const LISTENERS: readonly string[] = [T.lbListener, T.albListener];
export const LISTENER_RULES: readonly string[] = [T.lbListenerRule, T.albListenerRule];
export const LOAD_BALANCERS: readonly string[] = [T.lb, T.alb];
export const SECURITY_GROUPS: readonly string[] = [T.securityGroup, T.defaultSecurityGroup];

/** Types added for rules that guard any team's program (issue 12). */
export const T2 = {
  bucketLogging: "aws:s3/bucketLogging:BucketLogging",
  bucketLoggingV2: "aws:s3/bucketLoggingV2:BucketLoggingV2",
  ecrRepositoryPolicy: "aws:ecr/repositoryPolicy:RepositoryPolicy",
  snsTopicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  sqsQueuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
  kmsKeyPolicy: "aws:kms/keyPolicy:KeyPolicy",
  secretPolicy: "aws:secretsmanager/secretPolicy:SecretPolicy",
  secretRotation: "aws:secretsmanager/secretRotation:SecretRotation",
  lambdaPermission: "aws:lambda/permission:Permission",
  ec2Instance: "aws:ec2/instance:Instance",
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  ecsService: "aws:ecs/service:Service",
  glueConnection: "aws:glue/connection:Connection",
  dmsEndpoint: "aws:dms/endpoint:Endpoint",
  iamRole: "aws:iam/role:Role",
  iamRolePolicy: "aws:iam/rolePolicy:RolePolicy",
  iamPolicy: "aws:iam/policy:Policy",
  iamRolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  iamPolicyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
  iamUserPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
  iamGroupPolicyAttachment: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
  dynamodbTable: "aws:dynamodb/table:Table",
  redshiftCluster: "aws:redshift/cluster:Cluster",
  redshiftLogging: "aws:redshift/logging:Logging",
  apiGatewayStage: "aws:apigateway/stage:Stage",
  apiGatewayV2Stage: "aws:apigatewayv2/stage:Stage",
} as const;
