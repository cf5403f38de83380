/**
 * THE data-store list is fail-closed: every type of the installed @pulumi/aws
 * that looks like a data store (policy-pack/build/awsProvider.ts
 * ENCRYPTION_INPUT) is on the list or on the reviewed-not-a-data-store list,
 * and every listed store is checked by the rule it names.
 */
import { expect } from "chai";
import { scanAwsProvider } from "../build/awsProvider";
import { DATA_STORES, REVIEWED_NOT_DATA_STORES } from "../lib/dataStores";
import { AWS_ENCRYPTION_INPUTS } from "../lib/generated/awsTypes";
import { allPolicies } from "../policies";
import { aws } from "./fixtures";
import { findings } from "./rules";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/k";

describe("data stores, fail-closed", () => {
  it("every type that stores data by the heuristic is on the list or reviewed as not a data store", () => {
    const listed = new Set([
      ...DATA_STORES.map((d) => d.type),
      ...Object.keys(REVIEWED_NOT_DATA_STORES),
    ]);
    expect(Object.keys(AWS_ENCRYPTION_INPUTS).filter((t) => !listed.has(t))).to.deep.equal([]);
  });

  it("lists each type once, never on both lists, with inputs the installed provider has", () => {
    const types = DATA_STORES.map((d) => d.type);
    expect(types.length).to.equal(new Set(types).size);
    expect(types.filter((t) => t in REVIEWED_NOT_DATA_STORES)).to.deep.equal([]);
    const inputs = new Map(scanAwsProvider().types.map((t) => [t.type, t.inputs]));
    for (const d of DATA_STORES) {
      expect(inputs.has(d.type), `${d.type} exists in @pulumi/aws`).to.equal(true);
      for (const path of [d.key, d.flag?.path]) {
        if (path)
          expect(inputs.get(d.type), `${d.type} has input ${path}`).to.include(path.split(".")[0]);
      }
    }
  });

  it("every listed store is inspected by the rule it names", () => {
    for (const d of DATA_STORES) {
      const rule = allPolicies.find((p) => p.name === d.rule);
      expect(rule, `${d.type}: rule ${d.rule}`).to.not.equal(undefined);
      expect(rule!.resourceTypes, `${d.rule} inspects ${d.type}`).to.include(d.type);
    }
  });

  it("covers the stores the issue names", () => {
    const types = DATA_STORES.map((d) => d.type);
    expect(types).to.include.members([
      "aws:kinesis/stream:Stream",
      "aws:dynamodb/table:Table",
      "aws:efs/fileSystem:FileSystem",
      "aws:redshift/cluster:Cluster",
      "aws:opensearch/domain:Domain",
      "aws:docdb/cluster:Cluster",
      "aws:neptune/cluster:Cluster",
      "aws:msk/cluster:Cluster",
      "aws:sqs/queue:Queue",
      "aws:sns/topic:Topic",
      "aws:ebs/volume:Volume",
      "aws:rds/instance:Instance",
      "aws:rds/cluster:Cluster",
      "aws:elasticache/replicationGroup:ReplicationGroup",
      "aws:backup/vault:Vault",
      "aws:cloudwatch/logGroup:LogGroup",
    ]);
  });

  describe("data-store-encrypted", () => {
    it("an unencrypted Kinesis stream (AWS default: not encrypted) is mandatory", async () => {
      const r = aws("aws:kinesis/stream:Stream", "events", { shardCount: 1 });
      expect(await findings("data-store-encrypted", [r])).to.deep.equal([
        '[mandatory] data-store-encrypted events: encryptionType is not set; set encryptionType: "KMS" (Kinesis data stream: AWS default records not encrypted unless encryptionType is KMS)',
        "[mandatory] data-store-encrypted events: kmsKeyId is not set; set kmsKeyId to a customer-managed KMS key ARN (Kinesis data stream: AWS default records not encrypted unless encryptionType is KMS)",
      ]);
    });

    it("an MSK cluster on the AWS-managed key says AWS encrypts it by default", async () => {
      const r = aws("aws:msk/cluster:Cluster", "kafka", { encryptionInfo: {} });
      expect(await findings("data-store-encrypted", [r])).to.deep.equal([
        "[mandatory] data-store-encrypted kafka: encryptionInfo.encryptionAtRestKmsKeyArn is not set; set encryptionInfo.encryptionAtRestKmsKeyArn to a customer-managed KMS key ARN (MSK cluster: AWS default always encrypted at rest, with the AWS-managed key aws/kafka unless a key is given)",
      ]);
    });

    it("passes: Kinesis, OpenSearch, DocumentDB, Neptune, Redshift, Backup vault with the customer-managed key", async () => {
      const r = [
        aws("aws:kinesis/stream:Stream", "events", { encryptionType: "KMS", kmsKeyId: KEY }),
        aws("aws:opensearch/domain:Domain", "search", {
          encryptAtRest: { enabled: true, kmsKeyId: KEY },
        }),
        aws("aws:docdb/cluster:Cluster", "docs", { storageEncrypted: true, kmsKeyId: KEY }),
        aws("aws:neptune/cluster:Cluster", "graph", { storageEncrypted: true, kmsKeyArn: KEY }),
        aws("aws:redshift/cluster:Cluster", "dw", { encrypted: true, kmsKeyId: KEY }),
        aws("aws:backup/vault:Vault", "vault", { kmsKeyArn: KEY }),
      ];
      expect(await findings("data-store-encrypted", r)).to.deep.equal([]);
    });

    it("an ElastiCache single-node cluster has no at-rest setting at all", async () => {
      const r = aws("aws:elasticache/cluster:Cluster", "memcached", { engine: "memcached" });
      const out = await findings("data-store-encrypted", [r]);
      expect(out).to.have.lengthOf(1);
      expect(out[0]).to.match(/offers no customer-managed encryption setting in this resource/);
    });
  });
});
