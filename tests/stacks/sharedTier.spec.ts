/**
 * The shared preview tier (platform:previewDataTier=shared, the default):
 * staging builds one ALB, one PostgreSQL instance and one Redis group for
 * previews; pr-7 adds only its host rule, the invocation that creates its
 * database, and its Redis user. Under the mock runtime: what AWS does with
 * these inputs is not proven here.
 */
import { expect } from "chai";
import { estimateCost, loadAssumptions, loadPriceTable } from "../../cli/cost";
import { buildTopology } from "../../cli/topology/topology";
import { ISOLATED, ofType, PROJECT_DIR, synth } from "../support/mockRun";
import { SynthDocument } from "../../cli/core/resource";

const usEast1Total = (doc: SynthDocument, env: string) =>
  estimateCost(doc.resources, {
    table: loadPriceTable(PROJECT_DIR),
    assumptions: loadAssumptions(PROJECT_DIR, doc.stack, env),
  }).report.total;

describe("the shared preview tier", function () {
  this.timeout(120_000);
  let pr7: SynthDocument;
  let staging: SynthDocument;
  before(async () => {
    [pr7, staging] = await Promise.all([synth("pr-7"), synth("staging")]);
  });

  it("gives pr-7 no instance, replication group or load balancer of its own", () => {
    for (const t of [
      "aws:rds/instance:Instance",
      "aws:elasticache/replicationGroup:ReplicationGroup",
      "aws:lb/loadBalancer:LoadBalancer",
    ]) {
      expect(ofType(pr7.resources, t), t).to.deep.equal([]);
    }
  });

  it("routes pr-7.<previewDomain> on staging's shared listener to pr-7's target group", () => {
    const [rule] = ofType(pr7.resources, "aws:lb/listenerRule:ListenerRule");
    expect(rule?.props).to.deep.equal({
      listenerArn:
        "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/mock-staging-previews/0/https",
      priority: 7,
      conditions: [{ hostHeader: { values: ["pr-7.preview.platform.example.com"] } }],
      actions: [
        {
          type: "forward",
          targetGroupArn:
            "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/platform-pr7-web",
        },
      ],
    });
  });

  it("invokes its in-VPC function to create (and on destroy drop) its database and role", () => {
    const [inv] = ofType(pr7.resources, "aws:lambda/invocation:Invocation");
    expect(inv?.props).to.deep.equal({
      functionName: "platform-pr7-db-function",
      input: JSON.stringify({
        pullRequest: 7,
        database: "pr_7",
        role: "pr_7_app",
        passwordSecretArn:
          "arn:aws:secretsmanager:eu-west-1:123456789012:secret/platform/pr7/db-password",
      }),
      lifecycleScope: "CRUD",
      terraformKey: "lifecycle",
    });
    const [fn] = ofType(pr7.resources, "aws:lambda/function:Function").filter(
      (f) => f.props.name === "platform-pr7-db-function",
    );
    expect(fn?.props.handler).to.equal("lambda.previewDatabaseHandler");
    // Its role reads the admin's and its own secret, decrypts them, and writes its own logs only.
    const [access] = ofType(pr7.resources, "aws:iam/rolePolicy:RolePolicy").filter(
      (p) => p.name === "platform-db-function-access",
    );
    expect(JSON.parse(String(access?.props.policy)).Statement).to.deep.equal([
      {
        Sid: "ReadTheAdminAndOwnSecrets",
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: [
          "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-mock-staging-previews",
          "arn:aws:secretsmanager:eu-west-1:123456789012:secret/platform/pr7/db-password",
        ],
      },
      {
        Sid: "DecryptThem",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: [
          "arn:aws:kms:eu-west-1:123456789012:key/mock-staging-key",
          "arn:aws:kms:eu-west-1:123456789012:key/platform-encryption-key-id",
        ],
      },
      {
        Sid: "Logs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: "arn:aws:logs:eu-west-1:123456789012:loggroup//platform/pr7/db-function:*",
      },
    ]);
    expect(fn?.props.vpcConfig).to.deep.include({
      subnetIds: ["subnet-mock-staging-private-0", "subnet-mock-staging-private-1"],
    });
  });

  it("gives pr-7 a Redis user restricted to its prefix, in staging's preview user group", () => {
    const [user] = ofType(pr7.resources, "aws:elasticache/user:User");
    expect(user?.props).to.deep.equal({
      userId: "platform-pr7-cache-user",
      userName: "pr-7",
      engine: "redis",
      accessString:
        "on ~pr-7:* -@all +@read +@write +@connection -@dangerous -scan -randomkey -dbsize -function",
      passwords: "[secret]",
    });
    const [assoc] = ofType(
      pr7.resources,
      "aws:elasticache/userGroupAssociation:UserGroupAssociation",
    );
    expect(assoc?.props.userGroupId).to.equal("mock-staging-previews-users");
  });

  it("builds the tier on staging once, beside (never instead of) staging's own database and cache", () => {
    const names = (t: string) =>
      ofType(staging.resources, t)
        .map((r) => r.name)
        .sort();
    expect(names("aws:rds/instance:Instance")).to.deep.equal([
      "platform-db-instance",
      "platform-previews-db-instance",
    ]);
    expect(names("aws:elasticache/replicationGroup:ReplicationGroup")).to.deep.equal([
      "platform-cache-redis",
      "platform-previews-cache-redis",
    ]);
    expect(names("aws:lb/loadBalancer:LoadBalancer")).to.deep.equal([
      "platform-previews-alb",
      "platform-web-alb",
    ]);
    const previewsDb = ofType(staging.resources, "aws:rds/instance:Instance").find(
      (r) => r.name === "platform-previews-db-instance",
    );
    expect(previewsDb?.props).to.deep.include({
      instanceClass: "db.t4g.micro",
      storageEncrypted: true,
      publiclyAccessible: false,
      dbName: "previews",
    });
    const groups = ofType(staging.resources, "aws:rds/instance:Instance").map(
      (r) => r.props.vpcSecurityGroupIds,
    );
    expect(groups[0]).to.not.deep.equal(groups[1]);
  });

  it("gives pr-7 no ALB, database or cache security group of its own (the isolated tier keeps them)", async () => {
    const isolated = await synth("pr-7", { ...ISOLATED });
    const groups = (doc: SynthDocument) =>
      ofType(doc.resources, "aws:ec2/securityGroup:SecurityGroup")
        .map((g) => String(g.props.name))
        .sort();
    expect(groups(pr7)).to.deep.equal([
      "platform-pr7-db-function-sg",
      "platform-pr7-file-processor-sg",
      "platform-pr7-service-sg",
    ]);
    expect(groups(isolated)).to.deep.equal([
      "platform-pr7-alb-sg",
      "platform-pr7-cache-sg",
      "platform-pr7-database-sg",
      "platform-pr7-file-processor-sg",
      "platform-pr7-service-sg",
    ]);
    // Every PostgreSQL and Redis rule of pr-7 is on or to the shared tier's groups.
    const dataRules = [
      ...ofType(pr7.resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"),
      ...ofType(pr7.resources, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"),
    ]
      .filter((r) => r.props.fromPort === 5432 || r.props.fromPort === 6379)
      .map((r) => [r.name, r.props.securityGroupId, r.props.referencedSecurityGroupId])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(dataRules).to.deep.equal([
      [
        "platform-cache-file-processor-to-shared-cache",
        "platform-pr7-file-processor-sg",
        "sg-mock-staging-previews-cache",
      ],
      [
        "platform-cache-service-to-shared-cache",
        "platform-pr7-service-sg",
        "sg-mock-staging-previews-cache",
      ],
      [
        "platform-cache-shared-cache-from-file-processor",
        "sg-mock-staging-previews-cache",
        "platform-pr7-file-processor-sg",
      ],
      [
        "platform-cache-shared-cache-from-service",
        "sg-mock-staging-previews-cache",
        "platform-pr7-service-sg",
      ],
      [
        "platform-db-file-processor-to-shared-db",
        "platform-pr7-file-processor-sg",
        "sg-mock-staging-previews-db",
      ],
      [
        "platform-db-function-to-shared-db",
        "platform-pr7-db-function-sg",
        "sg-mock-staging-previews-db",
      ],
      [
        "platform-db-service-to-shared-db",
        "platform-pr7-service-sg",
        "sg-mock-staging-previews-db",
      ],
      [
        "platform-db-shared-db-from-file-processor",
        "sg-mock-staging-previews-db",
        "platform-pr7-file-processor-sg",
      ],
      [
        "platform-db-shared-db-from-function",
        "sg-mock-staging-previews-db",
        "platform-pr7-db-function-sg",
      ],
      [
        "platform-db-shared-db-from-service",
        "sg-mock-staging-previews-db",
        "platform-pr7-service-sg",
      ],
    ]);
  });

  it("keeps the topology identical across pr-7 shared, pr-7 isolated and staging", async () => {
    const isolated = await synth("pr-7", { ...ISOLATED });
    const t = JSON.stringify(buildTopology(pr7.resources));
    expect(JSON.stringify(buildTopology(isolated.resources))).to.equal(t);
    expect(JSON.stringify(buildTopology(staging.resources))).to.equal(t);
  });

  it("alarms on pr-7's own resources only: the shared ALB, instance and group alarm on staging", () => {
    const alarms = (doc: SynthDocument) =>
      ofType(doc.resources, "aws:cloudwatch/metricAlarm:MetricAlarm").map((r) => r.props);
    expect(
      alarms(pr7)
        .map((a) => String(a.name))
        .sort(),
    ).to.deep.equal([
      "platform-pr7-certificate-expiry",
      "platform-pr7-file-processor-dlq",
      "platform-pr7-file-processor-failures",
      "platform-pr7-web-5xx-ratio",
      "platform-pr7-web-cpu",
      "platform-pr7-web-memory",
      "platform-pr7-web-no-data",
      "platform-pr7-web-p95-latency",
    ]);
    for (const a of alarms(pr7)) {
      expect(JSON.stringify(a.dimensions ?? a.metricQueries), String(a.name)).to.not.match(
        /mock-staging-previews-(db|cache)|"LoadBalancer":"app\/mock-staging-previews\/0"}/,
      );
    }
    const tier = alarms(staging).filter((a) =>
      String(a.name).startsWith("platform-staging-previews-"),
    );
    expect(tier.map((a) => [a.name, a.dimensions, a.alarmActions])).to.deep.equal(
      [
        ["db-connections", { DBInstanceIdentifier: "platform-staging-previews-db" }],
        ["db-storage", { DBInstanceIdentifier: "platform-staging-previews-db" }],
        ["cache-memory-001", { CacheClusterId: "platform-staging-previews-cache-001" }],
        ["cache-cpu-001", { CacheClusterId: "platform-staging-previews-cache-001" }],
        ["cache-evictions-001", { CacheClusterId: "platform-staging-previews-cache-001" }],
        ["alb-5xx", { LoadBalancer: "app/platform-staging-previews/mock" }],
        ["db-cpu", { DBInstanceIdentifier: "platform-staging-previews-db" }],
        ["db-free-memory", { DBInstanceIdentifier: "platform-staging-previews-db" }],
      ].map(([id, dims]) => [
        `platform-staging-previews-${String(id)}`,
        dims,
        ["arn:aws:sns:eu-west-1:123456789012:topic/platform-staging-alarms"],
      ]),
    );
    // The storage alarm's threshold is 20 % free of the preview profile's 20 GiB.
    expect(tier.find((a) => a.name === "platform-staging-previews-db-storage")?.threshold).to.equal(
      0.2 * 20 * 1024 ** 3,
    );
  });

  it("shows the tier's 8 alarms on staging's dashboard after staging's own, as its own are shown", async () => {
    const widgets = (doc: SynthDocument) => {
      const [d] = ofType(doc.resources, "aws:cloudwatch/dashboard:Dashboard");
      return JSON.parse(String(d?.props.dashboardBody)).widgets as any[];
    };
    const own = widgets(await synth("staging", { ...ISOLATED }));
    const all = widgets(staging);
    expect(own).to.have.lengthOf(16);
    expect(all.slice(0, 16)).to.deep.equal(own);
    // Each as the own alarms' widgets are: a 12×6 metric widget with the alarm's threshold line.
    const row = (w: any) => [
      w.x,
      w.y,
      w.properties.title,
      w.properties.stat,
      w.properties.metrics,
      w.properties.annotations.horizontal,
    ];
    for (const w of all.slice(16)) {
      expect([w.type, w.width, w.height, w.properties.region, w.properties.period]).to.deep.equal([
        "metric",
        12,
        6,
        "eu-west-1",
        60,
      ]);
    }
    const db = "platform-staging-previews-db";
    const node = "platform-staging-previews-cache-001";
    const line = (value: number) => [{ label: "alarm", value }];
    expect(all.slice(16).map(row)).to.deep.equal([
      [
        0,
        48,
        "shared preview tier: more than 80 open database connections",
        "Maximum",
        [["AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", db]],
        line(80),
      ],
      [
        12,
        48,
        "shared preview tier: database storage more than 80% used",
        "Minimum",
        [["AWS/RDS", "FreeStorageSpace", "DBInstanceIdentifier", db]],
        line(0.2 * 20 * 1024 ** 3),
      ],
      [
        0,
        54,
        "shared preview tier: cache memory above 80%",
        "Average",
        [["AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "CacheClusterId", node]],
        line(80),
      ],
      [
        12,
        54,
        "shared preview tier: cache engine CPU above 80%",
        "Average",
        [["AWS/ElastiCache", "EngineCPUUtilization", "CacheClusterId", node]],
        line(80),
      ],
      [
        0,
        60,
        "shared preview tier: the cache evicts keys",
        "Sum",
        [["AWS/ElastiCache", "Evictions", "CacheClusterId", node]],
        line(0),
      ],
      [
        12,
        60,
        "shared preview tier: the load balancer itself answers 5xx",
        "Sum",
        [
          [
            "AWS/ApplicationELB",
            "HTTPCode_ELB_5XX_Count",
            "LoadBalancer",
            "app/platform-staging-previews/mock",
          ],
        ],
        line(5),
      ],
      [
        0,
        66,
        "shared preview tier: database CPU above 80%",
        "Average",
        [["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", db]],
        line(80),
      ],
      [
        12,
        66,
        "shared preview tier: database freeable memory below 128 MiB",
        "Minimum",
        [["AWS/RDS", "FreeableMemory", "DBInstanceIdentifier", db]],
        line(128 * 1024 ** 2),
      ],
    ]);
    // The alarms themselves keep their own descriptions.
    const [alarm] = ofType(staging.resources, "aws:cloudwatch/metricAlarm:MetricAlarm").filter(
      (a) => a.props.name === "platform-staging-previews-db-cpu",
    );
    expect(alarm?.props.alarmDescription).to.equal("database CPU above 80%");
  });

  it("costs pr-7 at most $15 a month on the shared tier (complete us-east-1 prices), today's figure isolated", async () => {
    const isolated = await synth("pr-7", { ...ISOLATED });
    // Eight alarms fewer than before the tier alarms moved to staging (8 × $0.10).
    expect(usEast1Total(pr7, "preview")).to.equal(12.55);
    expect(usEast1Total(isolated, "preview")).to.equal(73.33);
  });
});
