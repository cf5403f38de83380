/**
 * WebService (AWS): the workload on ECS Fargate in private subnets behind an
 * ALB. HTTPS listener with a TLS 1.2+/1.3 policy, an HTTP listener that only
 * redirects, target tracking autoscaling, a deployment circuit breaker that
 * rolls back, secrets injected from Secrets Manager, a non-root user on a
 * read-only root filesystem, a log group encrypted with the CMK, and an ADOT
 * collector sidecar that sends the app's OpenTelemetry traces to X-Ray.
 */
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import type { WebProfile } from "../../config/profiles";
import { logGroupName, NameContext, physicalName } from "../../lib/naming";
import { AppPlainValues, AppSecretValues, COMPONENT_TYPES } from "../contracts";
import { appContainerDefinitions } from "./containerDefinitions";
import { assumeRolePolicy, MANAGED_POLICIES } from "./iam";
import { APP_PORT } from "./securityGroups";
import { ownAlb, SharedEdge, sharedEdgeRule } from "./webServiceEdge";
import { executionSecretsPolicy, taskAccessPolicy } from "./webServicePolicies";

export { APP_USER, appContainerDefinitions } from "./containerDefinitions";
export type { ContainerInput } from "./containerDefinitions";
export { previewRulePriority, TLS_POLICY } from "./webServiceEdge";
export type { SharedEdge } from "./webServiceEdge";
/** Where the image keeps the CA bundle that verifies RDS and ElastiCache certificates. */
export const AWS_CA_BUNDLE_FILE = "/etc/ssl/certs/aws-rds-global-bundle.pem";

export interface WebServiceArgs {
  /** Naming context (project, environment, PR). */
  readonly naming: NameContext;
  /** The service's role in physical names; several services need distinct roles. @default "web" */
  readonly role?: string;
  /** The stack's region (the awslogs driver's region). */
  readonly region: string;
  /** Size and scaling from the environment profile. */
  readonly profile: WebProfile;
  /** The application container image (pinned tag or digest). */
  readonly image: string;
  /** Public host name; the service URL is https://<domain>. */
  readonly domain: string;
  /** ACM certificate of `domain`. */
  readonly certificateArn: string;
  /** Route 53 zone for an alias record. @default none (no DNS record) */
  readonly hostedZoneId?: string;
  /** The VPC of the target group. */
  readonly vpcId: pulumi.Input<string>;
  /** Subnets of the internet-facing ALB. */
  readonly publicSubnetIds: pulumi.Input<string>[];
  /** Subnets the tasks run in (no public IP). */
  readonly privateSubnetIds: pulumi.Input<string>[];
  /** The own ALB's security group; a preview on the shared tier (`sharedEdge`) has no ALB of its own. @default none */
  readonly albSecurityGroupId?: pulumi.Input<string>;
  /** The tasks' security group (reachable from the ALB only). */
  readonly serviceSecurityGroupId: pulumi.Input<string>;
  /** The CMK: the log group is encrypted with it, and the roles may decrypt the secrets with it. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Log group retention (days). */
  readonly logRetentionDays: number;
  /** The application contract's plain values. */
  readonly environment: AppEnvironment;
  /**
   * Secrets injected by ECS: contract name → Secrets Manager ARN (optionally `arn:json-key::`).
   * Not DATABASE_PASSWORD: RDS rotates it while tasks run, so the app reads it itself
   * (`environment.DATABASE_PASSWORD_SECRET_ARN`).
   */
  readonly secrets: Omit<AppSecretValues, "DATABASE_PASSWORD">;
  /** Secrets Manager ARNs the execution role may read (the secrets above, without JSON keys). */
  readonly secretArns: pulumi.Input<string>[];
  /** Secrets Manager ARNs the app itself reads at run time (the task role may read them). @default none */
  readonly runtimeSecretArns?: pulumi.Input<string>[];
  /** The uploads bucket the task reads and writes. */
  readonly bucketArn: pulumi.Input<string>;
  /** The notifications topic the task publishes to. */
  readonly topicArn: pulumi.Input<string>;
  /** Deletion protection on the ALB. @default false */
  readonly deletionProtection?: boolean;
  /**
   * A preview on the shared preview tier: no ALB of its own, a host rule on
   * staging's shared one instead. @default its own ALB
   */
  readonly sharedEdge?: SharedEdge;
  /** CloudWatch Container Insights on the cluster (custom metrics, billed). @default true */
  readonly containerInsights?: boolean;
}

/** The contract's plain values on AWS, and the CA bundle's path in the image. */
export interface AppEnvironment extends AppPlainValues {
  readonly ENVIRONMENT: string;
  /** Empty on AWS: the SDK's regional endpoint. */
  readonly S3_ENDPOINT: string;
  /** The ADOT collector sidecar in the same task (AWS_TRACES_ENDPOINT). */
  readonly OTEL_EXPORTER_OTLP_ENDPOINT: string;
  readonly CA_BUNDLE_FILE: string;
  /**
   * The RDS-managed secret the app reads the database password from, at start and again
   * whenever PostgreSQL refuses it (RDS rotates it; ECS-injected secrets are fixed at task start).
   */
  readonly DATABASE_PASSWORD_SECRET_ARN: pulumi.Input<string>;
}

export class WebService extends pulumi.ComponentResource {
  /** https://<domain> */
  public readonly url: pulumi.Output<string>;
  public readonly albDnsName: pulumi.Output<string>;
  public readonly albArnSuffix: pulumi.Output<string>;
  public readonly targetGroupArnSuffix: pulumi.Output<string>;
  public readonly clusterName: pulumi.Output<string>;
  public readonly serviceName: pulumi.Output<string>;
  public readonly logGroupName: pulumi.Output<string>;

  constructor(name: string, args: WebServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.WebService, name, {}, opts);
    const p = args.profile;
    const role = args.role ?? "web";
    if (p.minCount > p.maxCount || p.desiredCount < p.minCount || p.desiredCount > p.maxCount) {
      throw new pulumi.ResourceError(
        `webService counts must satisfy min ≤ desired ≤ max, got min ${p.minCount}, desired ${p.desiredCount}, max ${p.maxCount}`,
        this,
      );
    }
    const n = (role: string, kind: Parameters<typeof physicalName>[2]) =>
      physicalName(args.naming, role, kind);

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      {
        name: logGroupName(args.naming, role),
        retentionInDays: args.logRetentionDays,
        kmsKeyId: args.kmsKeyArn,
      },
      { parent: this },
    );
    const cluster = new aws.ecs.Cluster(
      `${name}-cluster`,
      {
        name: n(role === "web" ? "cluster" : `${role}-cluster`, "ecsCluster"),
        settings: [
          {
            name: "containerInsights",
            value: (args.containerInsights ?? true) ? "enabled" : "disabled",
          },
        ],
      },
      { parent: this },
    );

    const executionRole = new aws.iam.Role(
      `${name}-execution-role`,
      {
        name: n(`${role}-exec`, "iamRole"),
        assumeRolePolicy: assumeRolePolicy("ecs-tasks.amazonaws.com"),
      },
      { parent: this },
    );
    const executionManaged = new aws.iam.RolePolicyAttachment(
      `${name}-execution-managed`,
      { role: executionRole.name, policyArn: MANAGED_POLICIES.ecsTaskExecution },
      { parent: this },
    );
    const executionSecrets = new aws.iam.RolePolicy(
      `${name}-execution-secrets`,
      {
        role: executionRole.id,
        policy: pulumi
          .all([pulumi.all(args.secretArns), args.kmsKeyArn])
          .apply(([arns, key]) => executionSecretsPolicy(arns, key)),
      },
      { parent: this },
    );
    const taskRole = new aws.iam.Role(
      `${name}-task-role`,
      {
        name: n(`${role}-task`, "iamRole"),
        assumeRolePolicy: assumeRolePolicy("ecs-tasks.amazonaws.com"),
      },
      { parent: this },
    );
    new aws.iam.RolePolicy(
      `${name}-task-access`,
      {
        role: taskRole.id,
        policy: pulumi
          .all([
            args.bucketArn,
            args.topicArn,
            args.kmsKeyArn,
            pulumi.all(args.runtimeSecretArns ?? []),
          ])
          .apply(([bucket, topic, key, runtimeSecrets]) =>
            taskAccessPolicy(bucket, topic, key, runtimeSecrets),
          ),
      },
      { parent: this },
    );

    const env = args.environment;
    const containerDefinitions = pulumi
      .all([
        logGroup.name,
        env.DATABASE_URL,
        env.S3_BUCKET,
        env.NOTIFY_TARGET,
        pulumi.all(Object.values(args.secrets)),
        env.DATABASE_PASSWORD_SECRET_ARN,
      ])
      .apply(([lg, dbUrl, bucket, notify, secretValues, dbPasswordArn]) =>
        appContainerDefinitions({
          image: args.image,
          region: args.region,
          logGroup: lg,
          environment: {
            CA_BUNDLE_FILE: env.CA_BUNDLE_FILE,
            DATABASE_URL: dbUrl,
            ENVIRONMENT: env.ENVIRONMENT,
            NOTIFY_TARGET: notify,
            S3_BUCKET: bucket,
            S3_ENDPOINT: env.S3_ENDPOINT,
            OTEL_EXPORTER_OTLP_ENDPOINT: env.OTEL_EXPORTER_OTLP_ENDPOINT,
            DATABASE_PASSWORD_SECRET_ARN: dbPasswordArn,
          },
          secrets: Object.fromEntries(
            Object.keys(args.secrets).map((k, i) => [k, secretValues[i]]),
          ),
        }),
      );
    const taskDefinition = new aws.ecs.TaskDefinition(
      `${name}-task`,
      {
        family: n(role, "ecsService"),
        cpu: String(p.cpu),
        memory: String(p.memoryMb),
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
        executionRoleArn: executionRole.arn,
        taskRoleArn: taskRole.arn,
        volumes: [{ name: "tmp" }],
        containerDefinitions,
      },
      { parent: this },
    );

    const targetGroup = new aws.lb.TargetGroup(
      `${name}-tg`,
      {
        name: n(role, "targetGroup"),
        port: APP_PORT,
        protocol: "HTTP",
        targetType: "ip",
        vpcId: args.vpcId,
        deregistrationDelay: 30,
        healthCheck: {
          path: "/healthz",
          matcher: "200",
          interval: 15,
          healthyThreshold: 2,
          unhealthyThreshold: 3,
          timeout: 5,
        },
      },
      { parent: this },
    );
    // Its own ALB, or (a preview on the shared tier) a host rule on staging's shared one.
    const edge =
      args.sharedEdge !== undefined
        ? sharedEdgeRule(this, name, args, args.sharedEdge, targetGroup)
        : ownAlb(this, name, args, n, targetGroup);

    const service = new aws.ecs.Service(
      `${name}-service`,
      {
        name: n(role, "ecsService"),
        cluster: cluster.arn,
        taskDefinition: taskDefinition.arn,
        desiredCount: p.desiredCount,
        launchType: "FARGATE",
        platformVersion: "LATEST",
        networkConfiguration: {
          subnets: args.privateSubnetIds,
          securityGroups: [args.serviceSecurityGroupId],
          assignPublicIp: false,
        },
        loadBalancers: [
          { targetGroupArn: targetGroup.arn, containerName: "app", containerPort: APP_PORT },
        ],
        deploymentCircuitBreaker: { enable: true, rollback: true },
        deploymentMinimumHealthyPercent: 100,
        deploymentMaximumPercent: 200,
        healthCheckGracePeriodSeconds: 60,
        propagateTags: "SERVICE",
        enableEcsManagedTags: true,
        enableExecuteCommand: false,
      },
      // Autoscaling owns the running count after the first deploy. The service
      // waits for the listener (ECS refuses a target group no load balancer
      // uses yet) and for the execution role's policies (without them the
      // first tasks can't pull secrets or write logs, and the deployment
      // circuit breaker rolls back).
      {
        parent: this,
        ignoreChanges: ["desiredCount"],
        dependsOn: [edge.routed, executionManaged, executionSecrets],
      },
    );

    const scaling = new aws.appautoscaling.Target(
      `${name}-scaling`,
      {
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        resourceId: pulumi.interpolate`service/${cluster.name}/${service.name}`,
        minCapacity: p.minCount,
        maxCapacity: p.maxCount,
      },
      { parent: this },
    );
    new aws.appautoscaling.Policy(
      `${name}-cpu-tracking`,
      {
        name: n(`${role}-cpu`, "ecsService"),
        policyType: "TargetTrackingScaling",
        serviceNamespace: scaling.serviceNamespace,
        scalableDimension: scaling.scalableDimension,
        resourceId: scaling.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          targetValue: p.targetCpuPercent,
          predefinedMetricSpecification: {
            predefinedMetricType: "ECSServiceAverageCPUUtilization",
          },
          scaleInCooldown: 120,
          scaleOutCooldown: 60,
        },
      },
      { parent: this },
    );

    if (args.hostedZoneId !== undefined) {
      new aws.route53.Record(
        `${name}-dns`,
        {
          zoneId: args.hostedZoneId,
          name: args.domain,
          type: "A",
          aliases: [{ name: edge.dnsName, zoneId: edge.zoneId, evaluateTargetHealth: true }],
        },
        { parent: this },
      );
    }

    this.url = pulumi.output(`https://${args.domain}`);
    this.albDnsName = edge.dnsName;
    this.albArnSuffix = edge.arnSuffix;
    this.targetGroupArnSuffix = targetGroup.arnSuffix;
    this.clusterName = cluster.name;
    this.serviceName = service.name;
    this.logGroupName = logGroup.name;
    this.registerOutputs({
      url: this.url,
      albDnsName: this.albDnsName,
      albArnSuffix: this.albArnSuffix,
      targetGroupArnSuffix: this.targetGroupArnSuffix,
      clusterName: this.clusterName,
      serviceName: this.serviceName,
      logGroupName: this.logGroupName,
    });
  }
}
