/** policies/deployability-versions.ts: a failing and a passing case per rule, each citing its source. */
import { expect } from "chai";
import { Resource } from "../../cli/core/resource";
import { T } from "../lib/types";
import {
  elasticacheEngineVersionValid,
  fargateTaskSizeValid,
  lambdaRuntimeCreatable,
} from "../policies/deployability-versions";
import { run } from "./deployability-support";
import { aws } from "./fixtures";

describe("deployability: runtimes, task sizes, cache engines", () => {
  const fn = (runtime: string) =>
    aws(T.lambdaFunction, "fn", { runtime, name: "platform-prod-fn" });

  // https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html: nodejs20.x block function create Aug 31, 2026.
  it("lambda-runtime-creatable: nodejs20.x is refused from 2026-08-31; nodejs24.x is fine", async () => {
    expect(await run(lambdaRuntimeCreatable, [fn("nodejs20.x")])).to.deep.equal([
      "fn: runtime nodejs20.x is deprecated (2026-04-30): AWS refuses new functions on it since 2026-08-31 and updates are refused too since 2026-09-30 (https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html); move to a supported runtime",
    ]);
    expect(
      await run(lambdaRuntimeCreatable, [fn("nodejs20.x")], {
        now: new Date("2026-08-30T12:00:00Z"),
      }),
    ).to.deep.equal([]);
    expect(await run(lambdaRuntimeCreatable, [fn("nodejs24.x")])).to.deep.equal([]);
  });

  const task = (cpu: string, memory: string) =>
    aws(T.ecsTaskDefinition, "task", {
      cpu,
      memory,
      requiresCompatibilities: ["FARGATE"],
      family: "web",
    });

  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html (task CPU and memory).
  it('fargate-task-size-valid: cpu 1024 with 1024 MiB or cpu 3000 fails; 1024/2048 and "1 vCPU"/"2 GB" pass', async () => {
    expect(await run(fargateTaskSizeValid, [task("1024", "1024")])).to.deep.equal([
      "task: memory 1024 MiB is not offered with cpu 1024 on Fargate; use one of 2048, 3072, 4096, 5120, 6144, 7168, 8192",
    ]);
    expect(await run(fargateTaskSizeValid, [task("3000", "4096")])).to.deep.equal([
      "task: cpu 3000 is not a Fargate task size; use one of 256, 512, 1024, 2048, 4096",
    ]);
    expect(await run(fargateTaskSizeValid, [task("1024", "2048")])).to.deep.equal([]);
    expect(await run(fargateTaskSizeValid, [task("1 vCPU", "2 GB")])).to.deep.equal([]);
  });

  const cache = (version: string, group: string, family?: string): Resource[] => [
    aws(T.replicationGroup, "cache", {
      engine: "redis",
      engineVersion: version,
      parameterGroupName: group,
      replicationGroupId: "platform-prod-cache",
    }),
    ...(family ? [aws(T.elasticacheParameterGroup, "params", { name: group, family })] : []),
  ];

  // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html (families per version).
  it("elasticache-engine-version-valid: a redis6.x group on Redis 7.1, or version 7.3, fails; redis7 on 7.1 passes", async () => {
    expect(
      await run(elasticacheEngineVersionValid, cache("7.1", "platform-cache", "redis6.x")),
    ).to.deep.equal([
      'cache: parameter group "platform-cache" has family "redis6.x", but redis 7.1 needs family "redis7": ElastiCache rejects the pair; use a redis7 parameter group',
    ]);
    expect(await run(elasticacheEngineVersionValid, cache("7.3", "default.redis7"))).to.deep.equal([
      'cache: engineVersion "7.3" is not a version ElastiCache offers for redis; use one of 7.1, 7.0, 6.2, 6.x, 6.0, 5.0.6',
    ]);
    expect(
      await run(elasticacheEngineVersionValid, cache("7.1", "platform-cache", "redis7")),
    ).to.deep.equal([]);
    expect(await run(elasticacheEngineVersionValid, cache("7.1", "default.redis7"))).to.deep.equal(
      [],
    );
  });
});
