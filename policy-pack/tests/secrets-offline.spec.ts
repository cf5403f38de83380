/**
 * A value that arrives as "[secret]" (how `platform synth` and `--resources`
 * files carry a Pulumi secret) cannot be inspected offline: the pack reports
 * it as an advisory "cannot be checked offline", never as a mandatory
 * violation. Under the engine the policy gets the real value (the SDK's
 * deserialize.js unwraps secrets: @pulumi/policy 1.21.0, read 2026-11-30), so
 * each case is also run with the value the engine would hand over.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { checkResources } from "../../cli/check/runner";
import { main } from "../../cli/main";
import { Resource } from "../../cli/core/resource";
import { T, T2 } from "../lib/types";
import { SecretValueError, inspectable } from "../lib/values";
import { allPolicies } from "../policies";
import {
  aws,
  bucket,
  check,
  docker,
  dockerContainer,
  CONTAINER_DEFINITIONS,
  expectClean,
  expectOnly,
  KEY_ARN,
  kmsKey,
  patch,
  postgres,
  redis,
  STACK,
  TAGS,
  taskDefinition,
  urnOf,
  webEdge,
} from "./fixtures";
import { TODAY } from "./deployability-support";

/** The exact advisory `platform check` gives when a rule must inspect a secret at `where`. */
const offline = (where: string) =>
  `cannot be checked offline: ${where} is a secret ("[secret]" in the offline resource shape), so its content cannot be inspected; under the Pulumi engine the policy sees the real value`;

/** The stack resource a stack policy's unattributed advisory is reported on. */
const STACK_RESOURCE = `platform-${STACK}`;

interface SecretCase {
  readonly title: string;
  /** The compliant resources. */
  readonly compliant: () => Resource[];
  /** The resource whose prop becomes "[secret]", and the prop (a.b reaches into objects). */
  readonly resource: string;
  readonly prop: string;
  /** The rule that inspects it, the resource it reports on, and the `where` it names. */
  readonly policy: string;
  readonly reportedOn: string;
  readonly where: string;
  /** A non-compliant value the engine could hand over instead, and the mandatory message it gets. */
  readonly engineValue: unknown;
  readonly engineMessage: RegExp;
  /** Where the engine's violation lands, when not on `reportedOn` (a stack rule's own resource). @default reportedOn */
  readonly engineReportedOn?: string;
  /** The environment's policy config. @default "prod" */
  readonly env?: string;
  /** Run only these rules (issue 12's added rules are not in the fixtures' default set). @default the platform's rules */
  readonly policies?: readonly string[];
}

/** The fixtures' check, with the case's environment and rule selection. */
function checkCase(c: SecretCase, resources: readonly Resource[]) {
  return check(resources, {
    env: c.env,
    ...(c.policies ? { policies: allPolicies.filter((p) => c.policies!.includes(p.name)) } : {}),
  });
}

const OFFLINE =
  /^cannot be checked offline: .* is a secret \("\[secret\]" in the offline resource shape\)/;

describe('values that arrive as "[secret]"', () => {
  it("inspectable() throws SecretValueError only for the placeholder", () => {
    expect(() => inspectable("[secret]", "kmsKeyId")).to.throw(
      SecretValueError,
      /^kmsKeyId is a secret/,
    );
    expect(inspectable("[secret]x")).to.equal("[secret]x");
  });

  describe("an ECS task definition whose containerDefinitions is a secret", () => {
    const withDefinitions = (value: unknown) => [
      { ...taskDefinition(), props: { ...taskDefinition().props, containerDefinitions: value } },
    ];

    it("offline: advisory cannot-be-checked for each container rule, no mandatory violation", async () => {
      const result = await check(withDefinitions("[secret]"));
      expect(result.summary.mandatory).to.equal(0);
      const policies = result.violations.map((v) => v.policy).sort();
      expect(policies).to.include.members([
        "ecs-task-non-root-user",
        "ecs-task-not-privileged",
        "ecs-task-read-only-root",
      ]);
      for (const v of result.violations) {
        expect(v.enforcementLevel).to.equal("advisory");
        expect(v.message).to.match(OFFLINE);
      }
    });

    it("engine, compliant value: clean", async () => {
      expectClean(await check(withDefinitions(JSON.stringify(CONTAINER_DEFINITIONS))));
    });

    it("engine, privileged container: mandatory violation", async () => {
      const defs = [{ ...CONTAINER_DEFINITIONS[0], privileged: true }, CONTAINER_DEFINITIONS[1]];
      expectOnly(
        await check(withDefinitions(JSON.stringify(defs))),
        "ecs-task-not-privileged",
        "task",
        /^container "app" sets privileged: true$/,
      );
    });
  });

  describe("an SNS topic whose kmsMasterKeyId is a secret", () => {
    const topic = (key: string) => [aws(T.snsTopic, "topic", { name: "t", kmsMasterKeyId: key })];

    it("offline: advisory cannot-be-checked", async () => {
      expectOnly(
        await check(topic("[secret]")),
        "sns-topic-encrypted",
        "topic",
        /^cannot be checked offline: kmsMasterKeyId is a secret/,
        "advisory",
      );
    });

    it("engine, AWS-managed key: mandatory violation", async () => {
      expectOnly(
        await check(topic("alias/aws/sns")),
        "sns-topic-encrypted",
        "topic",
        /^kmsMasterKeyId is the AWS-managed key alias\/aws\/sns; set kmsMasterKeyId to /,
      );
    });

    it("engine, customer-managed key: clean", async () => {
      expectClean(await check(topic("arn:aws:kms:eu-west-1:123456789012:key/k")));
    });
  });

  it("a secret tags map: advisory cannot-be-checked for the tag rule", async () => {
    const r = [
      aws(T.snsTopic, "topic", {
        name: "t",
        kmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:key/k",
        tags: "[secret]",
      }),
    ];
    expectOnly(await check(r), "aws-required-tags", "topic", OFFLINE, "advisory");
  });

  /**
   * Each rule below used to take "[secret]" as an ordinary string: a wrong
   * mandatory violation (isTrue, an allow-list) or a wrong pass (a key spec
   * or family that "is not" the one checked ended the rule as not applicable).
   */
  const cases: readonly SecretCase[] = [
    {
      title: "an RDS instance's storageEncrypted",
      compliant: () => [kmsKey(), ...postgres()],
      resource: "db",
      prop: "storageEncrypted",
      policy: "rds-storage-encrypted",
      reportedOn: "db",
      where: "storageEncrypted",
      engineValue: false,
      engineMessage: /^storageEncrypted is false; set storageEncrypted: true$/,
    },
    {
      title: "a KMS key's customerMasterKeySpec (with rotation off)",
      compliant: () => patch([kmsKey()], "key", { enableKeyRotation: false }),
      resource: "key",
      prop: "customerMasterKeySpec",
      policy: "kms-key-rotation",
      reportedOn: "key",
      where: "customerMasterKeySpec",
      engineValue: "SYMMETRIC_DEFAULT",
      engineMessage: /^enableKeyRotation is false; set enableKeyRotation: true$/,
    },
    {
      title: "a replication group's transitEncryptionMode",
      compliant: () => [kmsKey(), ...redis()],
      resource: "cache",
      prop: "transitEncryptionMode",
      policy: "elasticache-in-transit-encrypted",
      reportedOn: "cache",
      where: "transitEncryptionMode",
      engineValue: "preferred",
      engineMessage: /^transitEncryptionMode is "preferred", which still accepts plaintext clients/,
    },
    {
      title: "an HTTPS listener's sslPolicy",
      compliant: webEdge,
      resource: "https",
      prop: "sslPolicy",
      policy: "lb-listener-tls",
      reportedOn: "https",
      where: "sslPolicy",
      engineValue: "ELBSecurityPolicy-2016-08",
      engineMessage: /^sslPolicy ELBSecurityPolicy-2016-08 is not a TLS 1\.2\+ policy/,
    },
    {
      title: "a PostgreSQL parameter group's family",
      compliant: () => [kmsKey(), ...postgres()],
      resource: "db-params",
      prop: "family",
      policy: "rds-parameter-group-force-ssl",
      reportedOn: "db-params",
      where: "family",
      engineValue: "postgres16",
      engineMessage: /^parameter group \(family "postgres16"\) does not set rds\.force_ssl = 1$/,
    },
    {
      title: "a Docker container's user",
      compliant: () => [dockerContainer()],
      resource: "app",
      prop: "user",
      policy: "docker-container-non-root-user",
      reportedOn: "app",
      where: "user",
      engineValue: "0:0",
      engineMessage: /^user is "0:0", which is root$/,
      env: "dev",
    },
    {
      title: "a security group ingress rule's cidrIpv4 (port 22)",
      compliant: () => [
        ...webEdge(),
        aws(T.securityGroupIngressRule, "alb-ssh", {
          securityGroupId: "platform-prod-alb-sg",
          cidrIpv4: "10.0.0.0/16",
          ipProtocol: "tcp",
          fromPort: 22,
          toPort: 22,
        }),
      ],
      resource: "alb-ssh",
      prop: "cidrIpv4",
      policy: "security-group-no-public-ingress",
      reportedOn: STACK_RESOURCE,
      where: "cidrIpv4",
      engineValue: "0.0.0.0/0",
      engineMessage:
        /^ingress from 0\.0\.0\.0\/0 \(tcp port 22\) to security group alb-sg opens it to the internet/,
      engineReportedOn: "alb-ssh",
    },
    {
      title: "an RDS instance's backupRetentionPeriod",
      compliant: () => [kmsKey(), ...postgres()],
      resource: "db",
      prop: "backupRetentionPeriod",
      policy: "rds-backup-retention",
      reportedOn: "db",
      where: "backupRetentionPeriod",
      engineValue: 3,
      engineMessage: /^backupRetentionPeriod is 3; keep backups for at least 14 days$/,
    },
    {
      title: "an EC2 instance's metadataOptions.httpTokens",
      compliant: () => [aws(T2.ec2Instance, "vm", { metadataOptions: { httpTokens: "required" } })],
      resource: "vm",
      prop: "metadataOptions.httpTokens",
      policy: "ec2-imdsv2-required",
      reportedOn: "vm",
      where: "metadataOptions.httpTokens",
      engineValue: "optional",
      engineMessage: /^metadataOptions\.httpTokens is "optional", so IMDSv1 may answer/,
      policies: ["ec2-imdsv2-required"],
    },
    {
      title: "an RDS instance's Environment tag",
      compliant: () => patch([kmsKey(), ...postgres()], "db", { tags: { Environment: "prod" } }),
      resource: "db",
      prop: "tags.Environment",
      policy: "aws-required-tags",
      reportedOn: "db",
      where: "tag Environment",
      engineValue: "qa",
      engineMessage: /^tag Environment is "qa", expected one of dev, staging, prod, preview$/,
    },
  ];

  for (const c of cases) {
    describe(c.title, () => {
      it("offline: only an advisory cannot-be-checked of the rule that inspects it", async () => {
        const result = await checkCase(
          c,
          patch(c.compliant(), c.resource, { [c.prop]: "[secret]" }),
        );
        expect(
          result.violations.map((v) => [v.policy, v.enforcementLevel, v.resource.name, v.message]),
        ).to.deep.equal([[c.policy, "advisory", c.reportedOn, offline(c.where)]]);
      });

      it("engine, a non-compliant value: the mandatory violation", async () => {
        const broken = patch(c.compliant(), c.resource, { [c.prop]: c.engineValue });
        const forceSsl = c.policy === "rds-parameter-group-force-ssl";
        expectOnly(
          await checkCase(c, forceSsl ? patch(broken, c.resource, { parameters: [] }) : broken),
          c.policy,
          c.engineReportedOn ?? c.reportedOn,
          c.engineMessage,
          "mandatory",
          forceSsl ? ["rds-postgres-uses-force-ssl-group"] : [],
        );
      });
    });
  }

  /** Runs only `policy` (one of issue 12's added rules) over `resources`. */
  const checkOnly = (policy: string, resources: readonly Resource[]) =>
    check(resources, { policies: allPolicies.filter((p) => p.name === policy) });
  const summary = (result: Awaited<ReturnType<typeof check>>) =>
    result.violations.map((v) => [v.policy, v.enforcementLevel, v.resource.name, v.message]);

  it("a Lambda variable whose value is a secret: the known findings stay mandatory, that one is an advisory", async () => {
    const fn = aws(T.lambdaFunction, "fn", {
      environment: {
        variables: { DATABASE_URL: "[secret]", DB_PASSWORD: "literal-value", REGION: "eu-west-1" },
      },
    });
    expect(summary(await checkOnly("no-plaintext-secrets", [fn]))).to.deep.equal([
      [
        "no-plaintext-secrets",
        "mandatory",
        "fn",
        "environment variable DB_PASSWORD is a plain-text secret (its name says it is a secret); anyone with lambda:GetFunctionConfiguration reads it: keep it in Secrets Manager (or SSM Parameter Store SecureString) and pass only its ARN and read it in the handler",
      ],
      ["no-plaintext-secrets", "advisory", "fn", offline("environment.variables.DATABASE_URL")],
    ]);
    // Under the engine the value is there to test.
    const engine = patch([fn], "fn", {
      "environment.variables.DATABASE_URL": "postgres://app:pw@db.internal:5432/app",
      "environment.variables.DB_PASSWORD": undefined,
    });
    expect(summary(await checkOnly("no-plaintext-secrets", engine))).to.deep.equal([
      [
        "no-plaintext-secrets",
        "mandatory",
        "fn",
        "environment variable DATABASE_URL is a plain-text secret (its value is a URL with a password); anyone with lambda:GetFunctionConfiguration reads it: keep it in Secrets Manager (or SSM Parameter Store SecureString) and pass only its ARN and read it in the handler",
      ],
    ]);
  });

  it("an IAM role with a secret managed policy ARN: AdministratorAccess stays mandatory, the secret one is an advisory", async () => {
    const role = aws(T2.iamRole, "role", {
      assumeRolePolicy: "{}",
      managedPolicyArns: ["[secret]", "arn:aws:iam::aws:policy/AdministratorAccess"],
    });
    expect(summary(await checkOnly("iam-no-broad-managed-policies", [role]))).to.deep.equal([
      [
        "iam-no-broad-managed-policies",
        "mandatory",
        "role",
        'managedPolicyArns includes "arn:aws:iam::aws:policy/AdministratorAccess", which grants far more than one workload needs; attach a policy scoped to the actions and resources it uses',
      ],
      ["iam-no-broad-managed-policies", "advisory", "role", offline("managedPolicyArns[]")],
    ]);
  });

  describe("deployability rules", () => {
    /** Runs one rule (prod level, `config` for it) as the analyzer would, on the deployability specs' date. */
    const runRule = async (
      name: string,
      resources: readonly Resource[],
      config: Record<string, unknown> = {},
    ) =>
      summary(
        await checkResources(resources, {
          policies: allPolicies.filter((p) => p.name === name),
          environment: "prod",
          config: { [name]: config },
          stackName: STACK,
          now: TODAY,
        }),
      );

    it("resource-name-valid: a secret name is an advisory; the other names are still judged", async () => {
      const tg = (name: string) => aws("aws:lb/targetGroup:TargetGroup", "tg", { name, port: 80 });
      expect(await runRule("resource-name-valid", [tg("[secret]")])).to.deep.equal([
        ["resource-name-valid", "advisory", "tg", offline("name")],
      ]);
      const long = "platform-prod-web-target-group-x1";
      const [[policy, level, resource, message]] = await runRule("resource-name-valid", [tg(long)]);
      expect([policy, level, resource]).to.deep.equal(["resource-name-valid", "mandatory", "tg"]);
      expect(message).to.match(
        /^name "platform-prod-web-target-group-x1" \(.*\) is 33 characters long; AWS allows at most 32 /,
      );
    });

    it("lambda-code-path-exists: a secret filename is an advisory, a missing one a violation", async () => {
      const fn = (filename: string) =>
        aws(T.lambdaFunction, "fp", { filename, runtime: "nodejs24.x" });
      const config = { projectDirectory: os.tmpdir() };
      expect(await runRule("lambda-code-path-exists", [fn("[secret]")], config)).to.deep.equal([
        ["lambda-code-path-exists", "advisory", "fp", offline("filename")],
      ]);
      expect(
        (await runRule("lambda-code-path-exists", [fn("no-such-package.zip")], config)).map(
          ([, level, , message]) => [level, String(message).split(" (")[0]],
        ),
      ).to.deep.equal([["mandatory", 'code path "no-such-package.zip" does not exist']]);
    });

    it("backup-clear-of-database-windows: a secret window is an advisory on the stack; the other database is still judged", async () => {
      const db = (name: string, backupWindow: string) =>
        aws(T.rdsInstance, name, {
          identifier: `platform-prod-${name}`,
          backupWindow,
          maintenanceWindow: "sun:03:30-sun:04:30",
        });
      expect(
        await runRule("backup-clear-of-database-windows", [
          db("a", "[secret]"),
          db("b", "03:00-04:00"),
        ]),
      ).to.deep.equal([
        [
          "backup-clear-of-database-windows",
          "mandatory",
          "b",
          'backupWindow "03:00-04:00" overlaps maintenanceWindow "sun:03:30-sun:04:30": RDS rejects it ("must not conflict with the preferred maintenance window"); move one of them',
        ],
        ["backup-clear-of-database-windows", "advisory", STACK_RESOURCE, offline("backupWindow")],
      ]);
    });

    it("docker-host-ports-uncommon: a secret host port is an advisory on the stack", async () => {
      const container = (external: unknown) =>
        docker(T.dockerContainer, "db", {
          name: "platform-dev-db",
          ports: [{ internal: 5432, external, ip: "127.0.0.1" }],
        });
      expect(await runRule("docker-host-ports-uncommon", [container("[secret]")])).to.deep.equal([
        ["docker-host-ports-uncommon", "advisory", STACK_RESOURCE, offline("ports[].external")],
      ]);
      expect(
        (await runRule("docker-host-ports-uncommon", [container(5432)])).map(([, level, r]) => [
          level,
          r,
        ]),
      ).to.deep.equal([["mandatory", "db"]]);
    });

    it("lambda-waits-for-role-policies: a secret tracing mode on an otherwise plain function is an advisory", async () => {
      const role = aws(T.iamRole, "fp-role", { name: "platform-prod-fp" });
      const access = aws(T.iamRolePolicy, "fp-access", { role: "platform-prod-fp", policy: "{}" });
      const fn = (mode: string) => ({
        ...aws(T.lambdaFunction, "fp", {
          role: "arn:aws:iam::123456789012:role/platform-prod-fp",
          tracingConfig: { mode },
        }),
        propertyDependencies: { role: [role.urn!] },
      });
      expect(
        await runRule("lambda-waits-for-role-policies", [role, access, fn("[secret]")]),
      ).to.deep.equal([
        [
          "lambda-waits-for-role-policies",
          "advisory",
          STACK_RESOURCE,
          offline("tracingConfig.mode"),
        ],
      ]);
      expect(
        (await runRule("lambda-waits-for-role-policies", [role, access, fn("Active")])).map(
          ([, level, resource]) => [level, resource],
        ),
      ).to.deep.equal([["mandatory", "fp"]]);
      expect(
        await runRule("lambda-waits-for-role-policies", [role, access, fn("PassThrough")]),
      ).to.deep.equal([]);
    });

    it("cloudwatch-metric-dimensions-published: a secret metric name is an advisory; the alarm's other metric is still judged", async () => {
      const alarm = (metricName: string) =>
        aws(T.metricAlarm, "cache-cpu", {
          namespace: "AWS/ElastiCache",
          metricName,
          dimensions: { CacheClusterId: "platform-prod-cache-001" },
          comparisonOperator: "GreaterThanThreshold",
          evaluationPeriods: 1,
          threshold: 80,
          metricQueries: [],
        });
      expect(
        await runRule("cloudwatch-metric-dimensions-published", [alarm("[secret]")]),
      ).to.deep.equal([
        [
          "cloudwatch-metric-dimensions-published",
          "advisory",
          "cache-cpu",
          offline("the alarm metricName"),
        ],
      ]);
      const [[, level, , message]] = await runRule("cloudwatch-metric-dimensions-published", [
        alarm("NoSuchMetric"),
      ]);
      expect([level, String(message).split(";")[0]]).to.deep.equal([
        "mandatory",
        "the alarm: AWS/ElastiCache NoSuchMetric is not in policy-pack/data/cloudwatch-metrics.json",
      ]);
    });

    it('rds-final-snapshot-identifier-unique: a secret identifier is set, and fixed without a dependency: still mandatory, shown as "[secret]"', async () => {
      const db = aws(T.rdsInstance, "db", {
        identifier: "platform-prod-db",
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: "[secret]",
      });
      expect(await runRule("rds-final-snapshot-identifier-unique", [db])).to.deep.equal([
        [
          "rds-final-snapshot-identifier-unique",
          "mandatory",
          "db",
          'finalSnapshotIdentifier "[secret]" is a fixed name: the first destroy leaves a snapshot of that name, and the next replace or destroy of the instance fails with DBSnapshotAlreadyExists; derive it from a per-incarnation RandomId',
        ],
      ]);
    });
  });

  describe("a reference that is a secret names no resource", () => {
    it('a bucket encryption configuration whose bucket is a secret: advisory, not "no configuration"', async () => {
      const resources = patch(bucket(), "uploads-encryption", { bucket: "[secret]" });
      expect(summary(await check(resources))).to.deep.equal([
        ["s3-bucket-encrypted", "advisory", STACK_RESOURCE, offline("uploads-encryption bucket")],
      ]);
    });

    it("two secret names do not link: a secret bucket and a secret reference are not taken for a pair", async () => {
      const resources = patch(
        patch(bucket(), "uploads-encryption", { bucket: "[secret]" }),
        "uploads",
        { bucket: "[secret]" },
      );
      expect(summary(await check(resources))).to.deep.equal([
        ["resource-name-valid", "advisory", "uploads", offline("bucket")],
        ["s3-bucket-encrypted", "advisory", STACK_RESOURCE, offline("uploads-encryption bucket")],
        ["s3-bucket-tls-only", "advisory", STACK_RESOURCE, offline("uploads bucket")],
        ["s3-public-access-blocked", "advisory", STACK_RESOURCE, offline("uploads bucket")],
      ]);
    });

    it('side resources that name a bucket whose own name is a secret: advisory, not "no public access block"', async () => {
      const resources = patch(bucket(), "uploads", { bucket: "[secret]" });
      expect(summary(await check(resources))).to.deep.equal([
        ["resource-name-valid", "advisory", "uploads", offline("bucket")],
        ["s3-bucket-encrypted", "advisory", STACK_RESOURCE, offline("uploads bucket")],
        ["s3-bucket-tls-only", "advisory", STACK_RESOURCE, offline("uploads bucket")],
        ["s3-public-access-blocked", "advisory", STACK_RESOURCE, offline("uploads bucket")],
      ]);
    });

    it('an internet-facing web-port rule whose security group id is a secret: advisory, not "not a load balancer\'s group"', async () => {
      const resources = patch(webEdge(), "alb-from-internet-443", { securityGroupId: "[secret]" });
      expect(summary(await check(resources))).to.deep.equal([
        [
          "security-group-no-public-ingress",
          "advisory",
          STACK_RESOURCE,
          offline("alb-from-internet-443 securityGroupId"),
        ],
      ]);
    });

    it('a PostgreSQL instance whose parameterGroupName is a secret: advisory, not "not a group of this stack"', async () => {
      const resources = patch([kmsKey(), ...postgres()], "db", { parameterGroupName: "[secret]" });
      expect(summary(await check(resources))).to.deep.equal([
        [
          "rds-postgres-uses-force-ssl-group",
          "advisory",
          STACK_RESOURCE,
          offline("parameterGroupName"),
        ],
      ]);
    });
  });

  it("a bucket encryption rule's sseAlgorithm: the stack rule's advisory, on the stack", async () => {
    const resources = patch(bucket(), "uploads-encryption", {
      rules: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "[secret]", kmsMasterKeyId: KEY_ARN },
        },
      ],
    });
    const result = await check(resources);
    expect(
      result.violations.map((v) => [v.policy, v.enforcementLevel, v.resource.name, v.message]),
    ).to.deep.equal([["s3-bucket-encrypted", "advisory", STACK_RESOURCE, offline("sseAlgorithm")]]);
  });

  describe("platform check --resources FILE", () => {
    let tmp: string;
    before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "platform-secrets-offline-"))));
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    /** Runs the real command in-process on a resources file holding `resources`. */
    async function runCheck(resources: readonly Resource[]) {
      const file = path.join(tmp, "resources.json");
      fs.writeFileSync(file, JSON.stringify(resources));
      let out = "";
      let err = "";
      const code = await main(["check", "--resources", file, "--json"], {
        out: (t) => (out += t),
        err: (t) => (err += t),
        cwd: path.resolve(__dirname, "..", ".."),
      });
      const report = JSON.parse(out) as {
        violations: {
          policy: string;
          enforcementLevel: string;
          resource: string;
          message: string;
        }[];
      };
      return { code, err, violations: report.violations };
    }

    const volume = (encrypted: unknown): Resource =>
      aws(
        T.ebsVolume,
        "volume",
        {
          availabilityZone: "eu-west-1a",
          size: 20,
          encrypted,
          kmsKeyId: KEY_ARN,
          tags: TAGS,
        },
        { protect: true },
      );

    it('an EBS volume whose encrypted is "[secret]": exit 0, the advisory, no mandatory violation', async () => {
      const { code, err, violations } = await runCheck([volume("[secret]")]);
      expect(err).to.equal("");
      expect(violations.filter((v) => v.policy === "ebs-volume-encrypted")).to.deep.equal([
        {
          policy: "ebs-volume-encrypted",
          enforcementLevel: "advisory",
          resource: { type: T.ebsVolume, name: "volume", urn: urnOf(T.ebsVolume, "volume") },
          message: offline("encrypted"),
        },
      ]);
      expect(violations.filter((v) => v.enforcementLevel === "mandatory")).to.deep.equal([]);
      expect(code).to.equal(0);
    });

    it("the same volume with encrypted false: exit 1, the mandatory violation", async () => {
      const { code, violations } = await runCheck([volume(false)]);
      expect(
        violations
          .filter((v) => v.policy === "ebs-volume-encrypted")
          .map((v) => [v.enforcementLevel, v.message]),
      ).to.deep.equal([["mandatory", "encrypted is false; set encrypted: true"]]);
      expect(code).to.equal(1);
    });
  });
});
