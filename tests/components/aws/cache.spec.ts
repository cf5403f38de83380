import { expect } from "chai";
import { Cache, cacheParameterFamily, redisUrl } from "../../../components/aws/cache";
import { PROFILES } from "../../../config/profiles";
import { build, KEY_ARN, one, props, PROD, STAGING } from "../../support/mockRun";

const base = {
  kmsKeyArn: KEY_ARN,
  subnetIds: ["subnet-iso-a"],
  securityGroupId: "sg-cache",
  logRetentionDays: 30,
};

describe("components/aws/cache", () => {
  it("encrypts at rest with the CMK and in transit, with an AUTH token that stays secret", async () => {
    const rs = await build(
      () =>
        new Cache("platform-cache", { ...base, naming: STAGING, profile: PROFILES.staging.cache }),
    );
    const group = props(one(rs, "aws:elasticache/replicationGroup:ReplicationGroup"));
    expect(group).to.include({
      replicationGroupId: "platform-staging-cache",
      atRestEncryptionEnabled: true,
      kmsKeyId: KEY_ARN,
      transitEncryptionEnabled: true,
      transitEncryptionMode: "required",
      authToken: "[secret]",
      automaticFailoverEnabled: false,
      multiAzEnabled: false,
      numCacheClusters: 1,
      nodeType: "cache.t4g.small",
      parameterGroupName: "platform-staging-cache-redis7",
    });
    expect(group.logDeliveryConfigurations).to.deep.equal([
      {
        destination: "/platform/staging/cache-slow-log",
        destinationType: "cloudwatch-logs",
        logFormat: "json",
        logType: "slow-log",
      },
    ]);
    const params = props(one(rs, "aws:elasticache/parameterGroup:ParameterGroup"));
    expect(params.parameters).to.deep.include({ name: "slowlog-log-slower-than", value: "10000" });
  });

  it("keeps REDIS_URL (with the token) only in a CMK-encrypted secret", async () => {
    const rs = await build(
      () =>
        new Cache("platform-cache", {
          ...base,
          naming: STAGING,
          profile: PROFILES.staging.cache,
          secretRecoveryWindowDays: 0,
        }),
    );
    expect(props(one(rs, "aws:secretsmanager/secret:Secret"))).to.include({
      name: "platform/staging/redis-url",
      kmsKeyId: KEY_ARN,
      recoveryWindowInDays: 0,
    });
    expect(props(one(rs, "aws:secretsmanager/secretVersion:SecretVersion")).secretString).to.equal(
      "[secret]",
    );
    expect(JSON.stringify(rs)).not.to.contain("mock-platform-cache-auth-token-value");
  });

  it("fails over across AZs in prod", async () => {
    const rs = await build(
      () =>
        new Cache("platform-cache", {
          ...base,
          naming: PROD,
          profile: PROFILES.prod.cache,
          protect: true,
        }),
      "prod",
    );
    const group = one(rs, "aws:elasticache/replicationGroup:ReplicationGroup");
    expect(props(group)).to.include({
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      numCacheClusters: 2,
    });
    expect(group.opts?.protect).to.equal(true);
  });

  it("builds rediss:// URLs and parameter families", () => {
    expect(redisUrl("t0k/en", "cache.example", 6379)).to.equal(
      "rediss://:t0k%2Fen@cache.example:6379",
    );
    expect(cacheParameterFamily("7.1")).to.equal("redis7");
  });

  it("refuses failover with one node", async () => {
    let message = "";
    try {
      await build(
        () =>
          new Cache("platform-cache", {
            ...base,
            naming: PROD,
            profile: { ...PROFILES.prod.cache, numCacheClusters: 1 },
          }),
      );
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).to.equal(
      "cache.numCacheClusters must be at least 2 with automatic failover, got 1",
    );
  });
});
