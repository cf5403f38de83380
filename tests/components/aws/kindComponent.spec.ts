import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { KindComponent } from "../../../components/aws/kindComponent";
import { build, one } from "../../support/mockRun";

function resolved<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply(resolve));
}

/** A Cache implementation that publishes fixed outputs. */
class FixedCache extends KindComponent<"Cache"> {
  declare public readonly primaryEndpoint: pulumi.Output<string>;
  declare public readonly memberClusterIds: pulumi.Output<string[]>;
  constructor(name: string) {
    super("Cache", name);
    this.publish({
      primaryEndpoint: pulumi.output("redis.example"),
      port: pulumi.output(6379),
      urlSecretArn: pulumi.output("arn:secret"),
      replicationGroupId: pulumi.output("group"),
      memberClusterIds: pulumi.output(["group-001"]),
    });
  }
}

describe("components/aws/kindComponent", () => {
  it("registers the kind's type token and sets every published output on the component", async () => {
    let seen: unknown[] = [];
    let own: string[] = [];
    const rs = await build(async () => {
      const c = new FixedCache("platform-cache");
      own = Object.keys(c).filter((k) => !k.startsWith("__"));
      seen = [await resolved(c.primaryEndpoint), await resolved(c.memberClusterIds)];
    });
    expect(one(rs, "platform:data:Cache").name).to.equal("platform-cache");
    expect(seen).to.deep.equal(["redis.example", ["group-001"]]);
    expect(own.filter((k) => !["urn", "id"].includes(k)).sort()).to.deep.equal([
      "memberClusterIds",
      "port",
      "primaryEndpoint",
      "replicationGroupId",
      "urlSecretArn",
    ]);
  });
});
