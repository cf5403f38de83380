import { expect } from "chai";
import { diffDocuments, flatten, inputChanges, topInput } from "../../../cli/diff/diff";
import { REPLACE_ON_CHANGE, STATEFUL, versionLessThan } from "../../../cli/diff/rules";
import { Resource, SynthDocument } from "../../../cli/core/resource";
import { fixture } from "../cost/support";

const urn = (type: string, name: string) => `urn:pulumi:prod::platform::${type}::${name}`;
function res(
  type: string,
  name: string,
  props: Record<string, unknown>,
  opts: Resource["opts"] = {},
): Resource {
  return { type, name, urn: urn(type, name), props, opts };
}
const doc = (...resources: Resource[]): SynthDocument => ({ stack: "prod", resources });
/** The diff of one resource changed from `before` to `after` props. */
function change(type: string, before: Record<string, unknown>, after: Record<string, unknown>) {
  const d = diffDocuments(doc(res(type, "r", before)), doc(res(type, "r", after)));
  expect(d.changed, JSON.stringify(d)).to.have.lengthOf(1);
  return d.changed[0];
}

const DB = {
  identifier: "p-db",
  engine: "postgres",
  engineVersion: "16.4",
  instanceClass: "db.t4g.small",
  storageEncrypted: true,
  kmsKeyId: "arn:key",
  dbName: "app",
  username: "app_admin",
  dbSubnetGroupName: "p-db-isolated",
  publiclyAccessible: false,
};

describe("platform diff: matching and input paths", () => {
  it("reports added, removed and changed resources, matched by URN", () => {
    const before = doc(
      res("aws:sns/topic:Topic", "t", { name: "a" }),
      res("aws:sqs/queue:Queue", "q", { name: "q" }),
      res("aws:cloudwatch/dashboard:Dashboard", "d", { dashboardBody: "{}" }),
    );
    const after = doc(
      res("aws:sns/topic:Topic", "t", { name: "a", displayName: "A" }),
      res("aws:cloudwatch/dashboard:Dashboard", "d", { dashboardBody: "{}" }),
      res("aws:ecs/cluster:Cluster", "c", { name: "c" }),
    );
    const d = diffDocuments(before, after);
    expect(d.added).to.deep.equal([
      {
        resource: {
          type: "aws:ecs/cluster:Cluster",
          name: "c",
          urn: urn("aws:ecs/cluster:Cluster", "c"),
        },
        severity: "low",
        why: "new resource",
      },
    ]);
    expect(d.removed).to.deep.equal([
      {
        resource: { type: "aws:sqs/queue:Queue", name: "q", urn: urn("aws:sqs/queue:Queue", "q") },
        severity: "critical",
        why: "deletes the queue (its messages) and its data",
      },
    ]);
    expect(d.changed).to.deep.equal([
      {
        resource: { type: "aws:sns/topic:Topic", name: "t", urn: urn("aws:sns/topic:Topic", "t") },
        inputs: [{ path: "displayName", before: null, after: "A" }],
        replaces: false,
        severity: "low",
        why: "updated in place",
      },
    ]);
    expect(d.summary).to.deep.equal({ critical: 1, high: 0, low: 2 });
  });

  it("falls back to type and name when URNs differ (two stacks)", () => {
    const a = {
      type: "aws:sns/topic:Topic",
      name: "t",
      urn: "urn:pulumi:staging::p::aws:sns/topic:Topic::t",
      props: { name: "s" },
    };
    const b = {
      type: "aws:sns/topic:Topic",
      name: "t",
      urn: "urn:pulumi:prod::p::aws:sns/topic:Topic::t",
      props: { name: "p" },
    };
    const d = diffDocuments(doc(a), doc(b));
    expect([d.added.length, d.removed.length, d.changed.length]).to.deep.equal([0, 0, 1]);
    expect(d.changed[0].replaces).to.equal(true);
  });

  it("names nested paths, reads JSON inside strings, and keeps secrets as [secret]", () => {
    expect([...flatten({ a: { b: [1, { c: 2 }] }, "x:y": "z", e: [] }).entries()]).to.deep.equal([
      ["a.b[0]", 1],
      ["a.b[1].c", 2],
      ['["x:y"]', "z"],
      ["e", []],
    ]);
    expect(topInput('policy.Statement[0].Condition.Bool["aws:SecureTransport"]')).to.equal(
      "policy",
    );
    expect(topInput('["x:y"].z')).to.equal("x:y");
    expect(
      inputChanges(
        { containerDefinitions: '[{"image":"app:1"}]' },
        { containerDefinitions: '[{"image":"app:2"}]' },
      ),
    ).to.deep.equal([{ path: "containerDefinitions[0].image", before: "app:1", after: "app:2" }]);
    expect(inputChanges({ authToken: "[secret]" }, { authToken: "[secret]" })).to.deep.equal([]);
    expect(inputChanges({ authToken: "[secret]" }, {})).to.deep.equal([
      { path: "authToken", before: "[secret]", after: null },
    ]);
  });
});

describe("platform diff: replacement", () => {
  it("knows the replace-on-change inputs of every stateful type the program uses, and flags their change critical", () => {
    const stateful = [
      "aws:rds/instance:Instance",
      "aws:elasticache/replicationGroup:ReplicationGroup",
      "aws:s3/bucket:Bucket",
      "aws:kms/key:Key",
      "aws:secretsmanager/secret:Secret",
      "aws:cloudwatch/logGroup:LogGroup",
      "aws:backup/vault:Vault",
      "aws:sqs/queue:Queue",
    ];
    for (const type of stateful) {
      expect(STATEFUL[type], type).to.be.a("string");
      expect(REPLACE_ON_CHANGE[type], type).to.have.length.above(0);
      for (const input of REPLACE_ON_CHANGE[type]) {
        const c = change(type, { [input]: "before" }, { [input]: "after" });
        expect(c.replaces, `${type} ${input}`).to.equal(true);
        expect(c.severity, `${type} ${input}`).to.equal("critical");
        expect(c.why).to.contain(`${input} changes; its data does not move to the new one`);
      }
    }
  });

  it("replaces an RDS instance on identifier, engine, kmsKeyId, storageEncrypted, dbName, username, availabilityZone — not on size or subnet group", () => {
    for (const [input, value] of Object.entries({
      identifier: "p-db2",
      engine: "mysql",
      kmsKeyId: "arn:other",
      dbName: "x",
      username: "root",
      availabilityZone: "eu-west-1b",
    })) {
      expect(
        change("aws:rds/instance:Instance", DB, { ...DB, [input]: value }).replaces,
        input,
      ).to.equal(true);
    }
    for (const [input, value] of Object.entries({
      instanceClass: "db.m7g.large",
      dbSubnetGroupName: "other",
      engineVersion: "16.6",
      allocatedStorage: 200,
    })) {
      const c = change("aws:rds/instance:Instance", DB, { ...DB, [input]: value });
      expect([c.replaces, c.severity], input).to.deep.equal([false, "low"]);
    }
  });

  it("changes ElastiCache transit encryption in place from Redis 7.0.5 on, by replacement before", () => {
    const rg = {
      replicationGroupId: "c",
      engineVersion: "7.1",
      transitEncryptionEnabled: false,
      atRestEncryptionEnabled: true,
    };
    expect(
      change("aws:elasticache/replicationGroup:ReplicationGroup", rg, {
        ...rg,
        transitEncryptionEnabled: true,
      }).replaces,
    ).to.equal(false);
    const old = { ...rg, engineVersion: "6.2" };
    const c = change("aws:elasticache/replicationGroup:ReplicationGroup", old, {
      ...old,
      transitEncryptionEnabled: true,
    });
    expect([c.replaces, c.severity]).to.deep.equal([true, "critical"]);
    expect(versionLessThan("7.0.4", "7.0.5")).to.equal(true);
    expect(versionLessThan("7.1", "7.0.5")).to.equal(false);
  });

  it("rates other replacements high, and a task definition's new revision low", () => {
    const lb = change(
      "aws:lb/loadBalancer:LoadBalancer",
      { name: "a", internal: false },
      { name: "b", internal: false },
    );
    expect([lb.replaces, lb.severity, lb.why]).to.deep.equal([
      true,
      "high",
      "replaces the resource: name changes",
    ]);
    const td = change(
      "aws:ecs/taskDefinition:TaskDefinition",
      { containerDefinitions: '[{"image":"app:1"}]' },
      { containerDefinitions: '[{"image":"app:2"}]' },
    );
    expect([td.replaces, td.severity, td.why]).to.deep.equal([
      true,
      "low",
      "registers a new revision (TaskDefinition is immutable)",
    ]);
  });

  it("replaces what moves to another region", () => {
    const a = {
      ...res("aws:s3/bucket:Bucket", "b", { bucket: "x" }),
      provider: { type: "pulumi:providers:aws", name: "aws", props: { region: "eu-west-1" } },
    };
    const b = { ...a, provider: { ...a.provider, props: { region: "eu-central-1" } } };
    const c = diffDocuments(doc(a), doc(b)).changed[0];
    expect([c.replaces, c.severity]).to.deep.equal([true, "critical"]);
    expect(c.why).to.contain("the provider's region moves eu-west-1 → eu-central-1");
  });
});

describe("platform diff: severity", () => {
  const critical = (
    type: string,
    before: Record<string, unknown>,
    after: Record<string, unknown>,
    why: string,
  ) => {
    const c = change(type, before, after);
    expect(c.severity, `${type}: ${c.why}`).to.equal("critical");
    expect(c.why).to.contain(why);
  };

  it("is critical when encryption is loosened", () => {
    critical(
      "aws:rds/instance:Instance",
      DB,
      { ...DB, storageEncrypted: false },
      "storageEncrypted turned off",
    );
    critical(
      "aws:rds/instance:Instance",
      DB,
      { ...DB, kmsKeyId: undefined },
      "encryption key kmsKeyId removed",
    );
    critical(
      "aws:sns/topic:Topic",
      { kmsMasterKeyId: "arn:key" },
      {},
      "encryption key kmsMasterKeyId removed",
    );
    critical(
      "aws:elasticache/replicationGroup:ReplicationGroup",
      { engineVersion: "7.1", transitEncryptionEnabled: true },
      { engineVersion: "7.1", transitEncryptionEnabled: false },
      "transitEncryptionEnabled turned off",
    );
    critical(
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      {
        rules: [
          {
            applyServerSideEncryptionByDefault: {
              sseAlgorithm: "aws:kms",
              kmsMasterKeyId: "arn:key",
            },
          },
        ],
      },
      { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
      "the customer-managed key no longer protects objects",
    );
  });

  it("is critical when TLS is loosened", () => {
    const https = {
      port: 443,
      protocol: "HTTPS",
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      defaultActions: [{ type: "forward" }],
    };
    critical(
      "aws:lb/listener:Listener",
      https,
      { ...https, protocol: "HTTP", sslPolicy: undefined },
      "listener protocol HTTPS → HTTP: plaintext",
    );
    critical(
      "aws:lb/listener:Listener",
      https,
      { ...https, sslPolicy: "ELBSecurityPolicy-2016-08" },
      "sslPolicy ELBSecurityPolicy-2016-08 allows TLS older than 1.2",
    );
    expect(
      change("aws:lb/listener:Listener", https, {
        ...https,
        sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06",
      }).severity,
    ).to.equal("low");
    const redirect = {
      port: 80,
      protocol: "HTTP",
      defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS" } }],
    };
    critical(
      "aws:lb/listener:Listener",
      redirect,
      { ...redirect, defaultActions: [{ type: "forward" }] },
      "listener serves HTTP without redirecting to HTTPS",
    );
    const params = (ssl: string) => ({
      family: "postgres16",
      parameters: [{ name: "rds.force_ssl", value: ssl }],
    });
    critical(
      "aws:rds/parameterGroup:ParameterGroup",
      params("1"),
      params("0"),
      "rds.force_ssl no longer 1",
    );
    const policy = JSON.stringify({
      Statement: [
        {
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ],
    });
    critical(
      "aws:s3/bucketPolicy:BucketPolicy",
      { policy },
      { policy: JSON.stringify({ Statement: [] }) },
      "no longer denies requests without TLS",
    );
  });

  it("is critical when public exposure is loosened", () => {
    critical(
      "aws:rds/instance:Instance",
      DB,
      { ...DB, publiclyAccessible: true },
      "publiclyAccessible turned on: public exposure",
    );
    const pab = {
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    };
    critical(
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      pab,
      { ...pab, blockPublicPolicy: false },
      "public access block blockPublicPolicy turned off",
    );
    const rule = {
      securityGroupId: "sg-db",
      fromPort: 5432,
      toPort: 5432,
      ipProtocol: "tcp",
      referencedSecurityGroupId: "sg-app",
    };
    critical(
      "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
      rule,
      { ...rule, referencedSecurityGroupId: undefined, cidrIpv4: "0.0.0.0/0" },
      "ingress from anywhere (0.0.0.0/0 or ::/0) on port 5432",
    );
    critical(
      "aws:ecs/service:Service",
      { networkConfiguration: { assignPublicIp: false } },
      { networkConfiguration: { assignPublicIp: true } },
      "networkConfiguration.assignPublicIp turned on",
    );
  });

  it("rates security group and IAM changes high, other in-place changes low", () => {
    const sg = change(
      "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
      { fromPort: 443, securityGroupId: "sg" },
      { fromPort: 8443, securityGroupId: "sg" },
    );
    expect([sg.severity, sg.why]).to.deep.equal([
      "high",
      "access control changes (SecurityGroupEgressRule)",
    ]);
    expect(
      change(
        "aws:iam/rolePolicy:RolePolicy",
        { policy: '{"Statement":[]}' },
        { policy: '{"Statement":[{"Effect":"Allow"}]}' },
      ).severity,
    ).to.equal("high");
    expect(
      change(
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        { name: "a", threshold: 5 },
        { name: "a", threshold: 10 },
      ).severity,
    ).to.equal("low");
  });

  it("rates added and removed resources", () => {
    const added = (r: Resource) => diffDocuments(doc(), doc(r)).added[0];
    const removed = (r: Resource) => diffDocuments(doc(r), doc()).removed[0];
    const ingress = (port: number) =>
      res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", `in-${port}`, {
        cidrIpv4: "0.0.0.0/0",
        fromPort: port,
        toPort: port,
      });
    expect(added(ingress(22))).to.deep.include({
      severity: "critical",
      why: "ingress from anywhere (0.0.0.0/0 or ::/0) on port 22",
    });
    expect(added(ingress(443)).severity).to.equal("high");
    expect(
      added(res("aws:rds/instance:Instance", "db2", { ...DB, storageEncrypted: false })).severity,
    ).to.equal("critical");
    expect(added(res("aws:sqs/queue:Queue", "q", { kmsMasterKeyId: "k" }))).to.deep.include({
      severity: "low",
      why: "new resource",
    });
    expect(
      removed(res("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "pab", {})),
    ).to.deep.include({
      severity: "critical",
      why: "removing the public access block lets the bucket be made public",
    });
    expect(removed(res("aws:ec2/securityGroup:SecurityGroup", "sg", {})).severity).to.equal("high");
    expect(removed(res("aws:cloudwatch/metricAlarm:MetricAlarm", "a", {})).severity).to.equal(
      "low",
    );
    expect(removed(res("aws:rds/instance:Instance", "db", DB, { protect: true })).why).to.equal(
      "deletes the database and its data (it is protected: pulumi up refuses until protect is lifted)",
    );
  });

  it("marks prod with an unencrypted database and no bucket critical twice (acceptance)", () => {
    const before = fixture("prod");
    const after: SynthDocument = {
      stack: "prod",
      resources: before.resources
        .filter((r) => r.type !== "aws:s3/bucket:Bucket")
        .map((r) =>
          r.type === "aws:rds/instance:Instance"
            ? { ...r, props: { ...r.props, storageEncrypted: false } }
            : r,
        ),
    };
    const d = diffDocuments(before, after);
    expect(d.summary).to.deep.equal({ critical: 2, high: 0, low: 0 });
    expect(d.removed.map((e) => [e.resource.name, e.severity])).to.deep.equal([
      ["platform-uploads-bucket", "critical"],
    ]);
    expect(d.changed.map((e) => [e.resource.name, e.severity, e.replaces])).to.deep.equal([
      ["platform-db-instance", "critical", true],
    ]);
    expect(diffDocuments(before, before).summary).to.deep.equal({ critical: 0, high: 0, low: 0 });
  });
});
