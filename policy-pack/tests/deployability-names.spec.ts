/** policies/deployability-names.ts: failing and passing names, each citing its source. */
import { expect } from "chai";
import { NAME_RULES } from "../data";
import { T } from "../lib/types";
import { resourceNameValid } from "../policies/deployability-names";
import { run } from "./deployability-support";
import { aws } from "./fixtures";

describe("deployability: names", () => {
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html: 32 characters.
  it("resource-name-valid: a 33-character ALB name or an ElastiCache id with two hyphens fails; lib/naming's limits are the table's", async () => {
    const lb = (name: string) => aws(T.lb, "alb", { name });
    expect(await run(resourceNameValid, [lb("platform-staging-web-service-1234")])).to.deep.equal([
      'alb: name "platform-staging-web-service-1234" (alb) is 33 characters long; AWS allows at most 32 (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html)',
    ]);
    expect(await run(resourceNameValid, [lb("platform-staging-web")])).to.deep.equal([]);
    expect(
      await run(resourceNameValid, [
        aws(T.replicationGroup, "cache", { replicationGroupId: "platform--cache" }),
      ]),
    ).to.deep.equal([
      'cache: replicationGroupId "platform--cache" (cacheReplicationGroup) breaks the character rule: letters, digits and hyphens; a letter first; no hyphen last; no two hyphens in a row (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html)',
    ]);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { NAME_LIMITS } = require("../../lib/naming") as { NAME_LIMITS: Record<string, number> };
    for (const [kind, rule] of Object.entries(NAME_RULES))
      expect(NAME_LIMITS[kind], kind).to.equal(rule.maxLength);
  });
});
