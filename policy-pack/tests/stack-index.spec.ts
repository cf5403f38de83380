/**
 * Stack policies correlate resources through an index built once per stack
 * (policy-pack/lib/stack.ts), so a check stays linear in the resource count:
 * each side resource's reference is read once, however many targets ask.
 */
import { PolicyResource } from "@pulumi/policy";
import { expect } from "chai";
import { findByIdentifier, linkedTargets, ofTypes, sideResources } from "../lib/stack";

const BUCKET = "aws:s3/bucket:Bucket";
const SSE =
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

/** A resource whose props count every read. */
function counted(
  type: string,
  name: string,
  props: Record<string, unknown>,
  reads: { n: number },
): PolicyResource {
  const counting = new Proxy(props, {
    get(target, key) {
      reads.n++;
      return target[key as string];
    },
  });
  return {
    type,
    name,
    urn: `urn:pulumi:s::p::${type}::${name}`,
    props: counting,
    opts: {} as PolicyResource["opts"],
    dependencies: [],
    propertyDependencies: {},
    isType: () => false,
    asType: (() => undefined) as PolicyResource["asType"],
  };
}

describe("policy-pack/lib/stack: one index per stack", () => {
  const N = 2000;
  const sideReads = { n: 0 };
  const targetReads = { n: 0 };
  const buckets = Array.from({ length: N }, (_, i) =>
    counted(BUCKET, `b${i}`, { bucket: `bucket-${i}` }, targetReads),
  );
  const sse = Array.from({ length: N }, (_, i) =>
    counted(SSE, `sse${i}`, { bucket: `bucket-${N - 1 - i}` }, sideReads),
  );
  const resources = [...buckets, ...sse];

  it("sideResources reads each side resource's reference once for all targets", () => {
    for (let i = 0; i < N; i++) {
      const { linked, unknown } = sideResources(resources, [SSE], "bucket", buckets[i]);
      expect(linked.map((r) => r.name)).to.deep.equal([`sse${N - 1 - i}`]);
      expect(unknown).to.deep.equal([]);
    }
    expect(sideReads.n).to.equal(N);
  });

  it("linkedTargets and findByIdentifier look identifiers up instead of scanning", () => {
    const groupReads = { n: 0 };
    const groups = Array.from({ length: N }, (_, i) =>
      counted(SG, `sg${i}`, { id: `sg-${i}` }, groupReads),
    );
    const rules = Array.from({ length: N }, (_, i) =>
      counted(RULE, `rule${i}`, { securityGroupId: `sg-${i}` }, { n: 0 }),
    );
    const all = [...groups, ...rules];
    for (let i = 0; i < N; i++) {
      expect(linkedTargets(all, rules[i], "securityGroupId", [SG])).to.deep.equal([groups[i]]);
      expect(findByIdentifier(all, [SG], `sg-${i}`)).to.deep.equal([groups[i]]);
    }
    // identifiers() reads six props of each resource once, for the whole stack.
    expect(groupReads.n).to.equal(N * 6);
  });

  it("ofTypes keeps registration order across types", () => {
    const order = ofTypes(resources, [SSE, BUCKET]).map((r) => r.name);
    expect(order.slice(0, 2)).to.deep.equal(["b0", "b1"]);
    expect(order[N]).to.equal("sse0");
    expect(order).to.have.length(2 * N);
  });
});
