import { expect } from "chai";
import { parse } from "yaml";
import {
  APP_USER,
  appContainerDefinitions,
  TLS_POLICY,
  WebService,
  WebServiceArgs,
} from "../../../components/aws/webService";
import { PROFILES } from "../../../config/profiles";
import { Resource } from "../../../cli/core/resource";
import { build, json, KEY_ARN, ofType, one, props, STAGING } from "../../support/mockRun";

const args: WebServiceArgs = {
  naming: STAGING,
  region: "eu-west-1",
  profile: PROFILES.staging.web,
  image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.0.0",
  domain: "staging.example.com",
  certificateArn:
    "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-4000-8000-000000000001",
  vpcId: "vpc-1",
  publicSubnetIds: ["subnet-pub-a", "subnet-pub-b"],
  privateSubnetIds: ["subnet-priv-a", "subnet-priv-b"],
  albSecurityGroupId: "sg-alb",
  serviceSecurityGroupId: "sg-service",
  kmsKeyArn: KEY_ARN,
  logRetentionDays: 30,
  environment: {
    CA_BUNDLE_FILE: "/etc/ssl/certs/bundle.pem",
    DATABASE_URL: "postgres://app_admin@db:5432/app?sslmode=verify-full",
    ENVIRONMENT: "staging",
    NOTIFY_TARGET: "arn:aws:sns:eu-west-1:123456789012:notifications",
    S3_BUCKET: "uploads",
    S3_ENDPOINT: "",
    OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318",
    DATABASE_PASSWORD_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db",
  },
  secrets: {
    APP_SECRET_KEY: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app",
    REDIS_URL: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:redis",
  },
  secretArns: [
    "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app",
    "arn:aws:secretsmanager:eu-west-1:123456789012:secret:redis",
  ],
  runtimeSecretArns: ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:db"],
  bucketArn: "arn:aws:s3:::uploads",
  topicArn: "arn:aws:sns:eu-west-1:123456789012:notifications",
};

describe("components/aws/webService", () => {
  let rs: Resource[];
  before(async () => {
    rs = await build(() => new WebService("platform-web", args));
  });

  it("terminates TLS 1.2+ on the ALB and only redirects plain HTTP", () => {
    const listeners = ofType(rs, "aws:lb/listener:Listener").map(props);
    expect(listeners).to.have.lengthOf(2);
    const https = listeners.find((l) => l.port === 443);
    expect(https).to.include({
      protocol: "HTTPS",
      sslPolicy: TLS_POLICY,
      certificateArn: args.certificateArn,
    });
    expect(TLS_POLICY).to.equal("ELBSecurityPolicy-TLS13-1-2-2021-06");
    const http = listeners.find((l) => l.port === 80);
    expect(http?.defaultActions).to.deep.equal([
      { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
    ]);
    expect(props(one(rs, "aws:lb/loadBalancer:LoadBalancer"))).to.include({
      name: "platform-staging-web",
      internal: false,
      dropInvalidHeaderFields: true,
    });
  });

  it("runs non-root on a read-only root filesystem with secrets injected from Secrets Manager", () => {
    const [app] = json(
      props(one(rs, "aws:ecs/taskDefinition:TaskDefinition")).containerDefinitions,
    );
    expect(app).to.include({
      user: APP_USER,
      privileged: false,
      readonlyRootFilesystem: true,
      image: args.image,
    });
    expect(app.secrets).to.deep.equal([
      {
        name: "APP_SECRET_KEY",
        valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app",
      },
      {
        name: "REDIS_URL",
        valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:redis",
      },
    ]);
    const envNames = app.environment.map((e: { name: string }) => e.name);
    expect(envNames).to.deep.equal([
      "CA_BUNDLE_FILE",
      "DATABASE_PASSWORD_SECRET_ARN",
      "DATABASE_URL",
      "ENVIRONMENT",
      "NOTIFY_TARGET",
      "OTEL_EXPORTER_OTLP_ENDPOINT",
      "S3_BUCKET",
      "S3_ENDPOINT",
      "PORT",
    ]);
    // The database password comes from its rotating secret at run time: only the ARN is here.
    expect(JSON.stringify(app.environment.map((e: { value: string }) => e.value))).not.to.match(
      /password|rediss:/i,
    );
    const access = json(
      props(one(rs, "aws:iam/rolePolicy:RolePolicy", "platform-web-task-access")).policy,
    );
    expect(access.Statement[0]).to.deep.equal({
      Sid: "ReadRotatingSecrets",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:db"],
    });
    expect(app.logConfiguration.options["awslogs-group"]).to.equal("/platform/staging/web");
  });

  it("runs the ADOT collector beside the app: OTLP in on the task's loopback, X-Ray out", () => {
    const [app, collector, ...rest] = json(
      props(one(rs, "aws:ecs/taskDefinition:TaskDefinition")).containerDefinitions,
    );
    expect(rest).to.deep.equal([]);
    expect(
      app.environment.find((e: { name: string }) => e.name === "OTEL_EXPORTER_OTLP_ENDPOINT"),
    ).to.deep.equal({ name: "OTEL_EXPORTER_OTLP_ENDPOINT", value: "http://127.0.0.1:4318" });
    expect(app.dependsOn).to.deep.equal([{ containerName: "otel-collector", condition: "START" }]);
    const { environment, ...settings } = collector;
    expect(settings).to.deep.equal({
      name: "otel-collector",
      image: "public.ecr.aws/aws-observability/aws-otel-collector:v0.49.0",
      essential: false,
      user: "4317:4317",
      privileged: false,
      readonlyRootFilesystem: true,
      linuxParameters: { initProcessEnabled: true, capabilities: { drop: ["ALL"] } },
      healthCheck: {
        command: ["CMD", "/healthcheck"],
        interval: 15,
        timeout: 5,
        retries: 3,
        startPeriod: 10,
      },
      stopTimeout: 40,
      logConfiguration: {
        logDriver: "awslogs",
        options: {
          "awslogs-group": "/platform/staging/web",
          "awslogs-region": "eu-west-1",
          "awslogs-stream-prefix": "otel-collector",
        },
      },
    });
    expect(environment.map((e: { name: string }) => e.name)).to.deep.equal(["AOT_CONFIG_CONTENT"]);
    expect(parse(environment[0].value)).to.deep.equal({
      extensions: { health_check: { endpoint: "127.0.0.1:13133" } },
      receivers: { otlp: { protocols: { http: { endpoint: "127.0.0.1:4318" } } } },
      processors: {
        memory_limiter: { check_interval: "1s", limit_mib: 100, spike_limit_mib: 25 },
        batch: { timeout: "1s" },
      },
      exporters: {
        awsxray: { region: "eu-west-1", indexed_attributes: ["app.request_id", "http.route"] },
      },
      service: {
        extensions: ["health_check"],
        pipelines: {
          traces: {
            receivers: ["otlp"],
            processors: ["memory_limiter", "batch"],
            exporters: ["awsxray"],
          },
        },
      },
    });
    // The task role may write traces, and nothing else of X-Ray.
    const access = json(
      props(one(rs, "aws:iam/rolePolicy:RolePolicy", "platform-web-task-access")).policy,
    );
    expect(access.Statement.at(-1)).to.deep.equal({
      Sid: "WriteTraces",
      Effect: "Allow",
      Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
      Resource: "*",
    });
  });

  it("runs Fargate tasks in private subnets with a rolling-back circuit breaker", () => {
    const task = props(one(rs, "aws:ecs/taskDefinition:TaskDefinition"));
    expect(task).to.include({ cpu: "256", memory: "512", networkMode: "awsvpc" });
    expect(task.requiresCompatibilities).to.deep.equal(["FARGATE"]);
    const service = props(one(rs, "aws:ecs/service:Service"));
    expect(service.networkConfiguration).to.deep.equal({
      subnets: ["subnet-priv-a", "subnet-priv-b"],
      securityGroups: ["sg-service"],
      assignPublicIp: false,
    });
    expect(service.deploymentCircuitBreaker).to.deep.equal({ enable: true, rollback: true });
    expect(service.launchType).to.equal("FARGATE");
  });

  // ECS refuses a target group no load balancer uses yet ("does not have an
  // associated load balancer": https://github.com/aws/aws-cdk/issues/1160,
  // https://github.com/hashicorp/terraform/issues/32908, read 2026-11-30), and the
  // first tasks need the execution role's policies to pull secrets and write logs.
  it("creates the service only after its HTTPS listener and its execution-role policies", () => {
    const service = one(rs, "aws:ecs/service:Service");
    const https = ofType(rs, "aws:lb/listener:Listener").find((l) => props(l).port === 443);
    const urns = [
      https?.urn,
      one(rs, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").urn,
      one(rs, "aws:iam/rolePolicy:RolePolicy", "platform-web-execution-secrets").urn,
    ];
    expect(urns.every((u) => typeof u === "string")).to.equal(true);
    expect([...(service.opts?.dependsOn ?? [])].sort()).to.deep.equal([...urns].sort());
  });

  it("scales on CPU between the profile's bounds", () => {
    expect(props(one(rs, "aws:appautoscaling/target:Target"))).to.include({
      minCapacity: 1,
      maxCapacity: 3,
      resourceId: "service/platform-staging-cluster/platform-staging-web",
    });
    const policy = props(one(rs, "aws:appautoscaling/policy:Policy"));
    expect(policy.targetTrackingScalingPolicyConfiguration.targetValue).to.equal(60);
  });

  it("encrypts its log group and scopes the execution role to the injected secrets", () => {
    expect(props(one(rs, "aws:cloudwatch/logGroup:LogGroup"))).to.include({
      kmsKeyId: KEY_ARN,
      retentionInDays: 30,
    });
    const policy = json(
      props(one(rs, "aws:iam/rolePolicy:RolePolicy", "platform-web-execution-secrets")).policy,
    );
    expect(policy.Statement[0].Resource).to.deep.equal(args.secretArns);
  });

  it("creates a DNS alias only when a hosted zone is configured", async () => {
    expect(ofType(rs, "aws:route53/record:Record")).to.have.lengthOf(0);
    const withDns = await build(
      () => new WebService("platform-web", { ...args, hostedZoneId: "Z0123456789ABC" }),
    );
    expect(props(one(withDns, "aws:route53/record:Record"))).to.include({
      zoneId: "Z0123456789ABC",
      name: "staging.example.com",
      type: "A",
    });
  });

  it("container definitions carry PORT last and sort the contract", () => {
    const defs = JSON.parse(
      appContainerDefinitions({
        image: "i",
        region: "r",
        logGroup: "g",
        environment: { B: "2", A: "1" },
        secrets: {},
      }),
    );
    expect(defs[0].environment).to.deep.equal([
      { name: "A", value: "1" },
      { name: "B", value: "2" },
      { name: "PORT", value: "8080" },
    ]);
  });

  it("refuses in one line an own ALB without its security group (only a shared-tier preview has none)", async () => {
    let message = "";
    try {
      const { albSecurityGroupId: _omitted, ...withoutAlbGroup } = args;
      await build(() => new WebService("platform-web", withoutAlbGroup));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).to.equal(
      "web service platform-web: albSecurityGroupId is required for its own ALB (only a preview on the shared tier, given sharedEdge, has none)",
    );
  });
});
