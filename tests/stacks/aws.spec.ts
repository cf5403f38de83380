/**
 * Whole-stack tests: the real program, synthesized for staging and prod.
 */
import { expect } from "chai";
import { SynthDocument } from "../../cli/core/resource";
import { APP_CONTRACT, COMPONENT_TYPES, contractNameOf } from "../../components/contracts";
import { REQUIRED_TAGS } from "../../lib/tags";
import { synthesize } from "../../cli/core/synthesize";
import { json, ofType, one, PROJECT_DIR, props, synth, ISOLATED } from "../support/mockRun";

function defaultTags(doc: SynthDocument, type: string): Record<string, string> {
  const r = doc.resources.find((x) => x.type === type);
  return json(r?.provider?.props.defaultTags).tags;
}

for (const stack of ["staging", "prod"]) {
  describe(`stack ${stack}`, () => {
    let doc: SynthDocument;
    before(async () => {
      doc = await synth(stack, { ...ISOLATED });
    });

    it("registers every platform component with the same logical names", () => {
      const components = doc.resources
        .filter((r) => r.type.startsWith("platform:"))
        .map((r) => `${r.type} ${r.name}`);
      expect(components.sort()).to.deep.equal(
        [
          "platform:app:FileProcessor platform-file-processor",
          "platform:app:WebService platform-web",
          "platform:data:Cache platform-cache",
          "platform:data:Database platform-db",
          "platform:data:ObjectStore platform-uploads",
          "platform:messaging:Notifications platform-notifications",
          "platform:network:Network platform-network",
          "platform:ops:Backup platform-backup",
          "platform:ops:Observability platform-observability",
          "platform:security:Encryption platform-encryption",
          "platform:security:Secrets platform-secrets",
        ].sort(),
      );
      expect(Object.keys(COMPONENT_TYPES)).to.have.lengthOf(11);
    });

    it("puts every AWS resource on the one explicit provider, whose defaultTags carry the required tags", () => {
      const awsResources = doc.resources.filter((r) => r.type.startsWith("aws:"));
      expect(awsResources.length).to.be.greaterThan(80);
      for (const r of awsResources) {
        expect(r.provider?.type, r.name).to.equal("pulumi:providers:aws");
        const tags = json(r.provider?.props.defaultTags).tags;
        for (const t of REQUIRED_TAGS)
          expect(tags[t], `${r.name} ${t}`).to.be.a("string").and.not.equal("");
      }
      expect(defaultTags(doc, "aws:kms/key:Key")).to.deep.equal({
        Environment: stack,
        Project: "platform",
        Owner: "team-platform",
        CostCenter: "cc-1234",
        ManagedBy: "pulumi",
        Stack: stack,
      });
    });

    it("encrypts the database, cache, bucket, topic, secrets, queue and logs with the one CMK", () => {
      const key = "arn:aws:kms:eu-west-1:123456789012:key/platform-encryption-key-id";
      expect(props(one(doc.resources, "aws:rds/instance:Instance"))).to.include({
        storageEncrypted: true,
        kmsKeyId: key,
        publiclyAccessible: false,
      });
      expect(
        props(one(doc.resources, "aws:elasticache/replicationGroup:ReplicationGroup")),
      ).to.include({
        atRestEncryptionEnabled: true,
        transitEncryptionEnabled: true,
        kmsKeyId: key,
      });
      const sse = props(
        one(
          doc.resources,
          "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
          "platform-uploads-encryption",
        ),
      );
      expect(sse.rules[0].applyServerSideEncryptionByDefault).to.deep.equal({
        sseAlgorithm: "aws:kms",
        kmsMasterKeyId: key,
      });
      for (const t of ofType(doc.resources, "aws:sns/topic:Topic"))
        expect(props(t).kmsMasterKeyId).to.equal(key);
      for (const s of ofType(doc.resources, "aws:secretsmanager/secret:Secret"))
        expect(props(s).kmsKeyId).to.equal(key);
      for (const l of ofType(doc.resources, "aws:cloudwatch/logGroup:LogGroup"))
        expect(props(l).kmsKeyId, l.name).to.equal(key);
      expect(props(one(doc.resources, "aws:sqs/queue:Queue")).kmsMasterKeyId).to.equal(key);
      for (const f of ofType(doc.resources, "aws:lambda/function:Function"))
        expect(props(f).kmsKeyArn, f.name).to.equal(key);
    });

    it("serves HTTPS with a TLS 1.2+ policy on the ALB", () => {
      const https = ofType(doc.resources, "aws:lb/listener:Listener")
        .map(props)
        .find((l) => l.protocol === "HTTPS");
      expect(https?.sslPolicy).to.equal("ELBSecurityPolicy-TLS13-1-2-2021-06");
    });

    it("hands the web service the whole application contract", () => {
      const [app] = json(
        props(one(doc.resources, "aws:ecs/taskDefinition:TaskDefinition")).containerDefinitions,
      );
      const names = [...app.environment, ...app.secrets]
        .map((e: { name: string }) => e.name)
        .filter((n: string) => n !== "PORT");
      expect(names.map(contractNameOf).sort()).to.deep.equal([...APP_CONTRACT].sort());
      // The database password is read by the app from the RDS-managed secret (which RDS
      // rotates), never injected by ECS, which would freeze it at task start.
      expect(app.secrets.map((e: { name: string }) => e.name)).to.deep.equal([
        "APP_SECRET_KEY",
        "REDIS_URL",
      ]);
      expect(
        app.environment.find((e: { name: string }) => e.name === "DATABASE_PASSWORD_SECRET_ARN")
          ?.value,
      ).to.match(/^arn:aws:secretsmanager:/);
    });

    it("never shows a secret value in the synthesized graph", () => {
      const text = JSON.stringify(doc);
      expect(text).not.to.match(/mock-[a-z-]+-value/);
      expect(text).not.to.match(/rediss:\/\/:[^"]/);
      expect(
        props(one(doc.resources, "aws:elasticache/replicationGroup:ReplicationGroup")).authToken,
      ).to.equal("[secret]");
    });
  });
}

describe("staging and prod differ only in size, redundancy and retention", () => {
  let staging: SynthDocument;
  let prod: SynthDocument;
  before(async () => {
    staging = await synth("staging", { ...ISOLATED });
    prod = await synth("prod", { ...ISOLATED });
  });

  it("prod's database is Multi-AZ, deletion-protected, snapshotted, backed up 14 days and protected", () => {
    const db = one(prod.resources, "aws:rds/instance:Instance");
    expect(props(db)).to.include({
      multiAz: true,
      deletionProtection: true,
      skipFinalSnapshot: false,
      backupRetentionPeriod: 14,
      instanceClass: "db.m7g.large",
    });
    expect(db.opts?.protect).to.equal(true);
    const sdb = one(staging.resources, "aws:rds/instance:Instance");
    expect(props(sdb)).to.include({
      multiAz: false,
      deletionProtection: false,
      skipFinalSnapshot: true,
      backupRetentionPeriod: 7,
      instanceClass: "db.t4g.small",
    });
    expect(sdb.opts?.protect).to.equal(false);
  });

  it("staging has one NAT gateway and 2 AZs; prod one NAT per AZ across 3", () => {
    expect(ofType(staging.resources, "aws:ec2/natGateway:NatGateway")).to.have.lengthOf(1);
    expect(ofType(prod.resources, "aws:ec2/natGateway:NatGateway")).to.have.lengthOf(3);
    expect(ofType(staging.resources, "aws:ec2/subnet:Subnet")).to.have.lengthOf(6);
    expect(ofType(prod.resources, "aws:ec2/subnet:Subnet")).to.have.lengthOf(9);
  });

  it("prod's cache fails over across AZs; staging runs one small node", () => {
    expect(
      props(one(prod.resources, "aws:elasticache/replicationGroup:ReplicationGroup")),
    ).to.include({
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      numCacheClusters: 2,
      nodeType: "cache.m7g.large",
    });
    expect(
      props(one(staging.resources, "aws:elasticache/replicationGroup:ReplicationGroup")),
    ).to.include({
      automaticFailoverEnabled: false,
      numCacheClusters: 1,
      nodeType: "cache.t4g.small",
    });
  });

  it("only prod has an AWS Backup plan, and only prod protects stateful resources", () => {
    expect(ofType(prod.resources, "aws:backup/plan:Plan")).to.have.lengthOf(1);
    expect(ofType(staging.resources, "aws:backup/plan:Plan")).to.have.lengthOf(0);
    const protectedTypes = (d: SynthDocument) =>
      [...new Set(d.resources.filter((r) => r.opts?.protect).map((r) => r.type))].sort();
    expect(protectedTypes(prod)).to.deep.equal([
      "aws:backup/vault:Vault",
      "aws:elasticache/replicationGroup:ReplicationGroup",
      "aws:kms/key:Key",
      "aws:rds/instance:Instance",
      "aws:s3/bucket:Bucket",
      "aws:secretsmanager/secret:Secret",
    ]);
    expect(protectedTypes(staging)).to.deep.equal([]);
  });

  it("runs more and bigger tasks in prod", () => {
    const task = (d: SynthDocument) =>
      props(one(d.resources, "aws:ecs/taskDefinition:TaskDefinition"));
    expect([task(staging).cpu, task(staging).memory]).to.deep.equal(["256", "512"]);
    expect([task(prod).cpu, task(prod).memory]).to.deep.equal(["1024", "2048"]);
    expect(props(one(prod.resources, "aws:ecs/service:Service")).desiredCount).to.equal(3);
  });
});

describe("several web services (platform:services)", () => {
  it("adds a web service per count, each with its own ALB, host and names, sharing the data tier", async () => {
    const doc = await synthesize("staging", {
      cwd: PROJECT_DIR,
      overrides: { ...ISOLATED, "platform:services": "3" },
    });
    const webs = doc.resources
      .filter((r) => r.type === "platform:app:WebService")
      .map((r) => r.name);
    expect(webs).to.deep.equal(["platform-web", "platform-web-2", "platform-web-3"]);
    expect(
      ofType(doc.resources, "aws:lb/loadBalancer:LoadBalancer").map((r) => props(r).name),
    ).to.deep.equal(["platform-staging-web", "platform-staging-web-2", "platform-staging-web-3"]);
    expect(
      ofType(doc.resources, "aws:ecs/cluster:Cluster").map((r) => props(r).name),
    ).to.deep.equal([
      "platform-staging-cluster",
      "platform-staging-web-2-cluster",
      "platform-staging-web-3-cluster",
    ]);
    expect(ofType(doc.resources, "aws:rds/instance:Instance")).to.have.lengthOf(1);
    const web3 = doc.resources.find(
      (r) => r.type === "platform:app:WebService" && r.name === "platform-web-3",
    );
    const deps = new Set((web3?.opts?.dependsOn ?? []).map((u) => u.split("::")[2].split("$")[0]));
    expect([...deps].sort()).to.deep.equal([
      "platform:data:Cache",
      "platform:data:Database",
      "platform:data:ObjectStore",
      "platform:messaging:Notifications",
      "platform:network:Network",
      "platform:security:Secrets",
    ]);
  });
});
