/**
 * A preview's ElastiCache user, as the program defines it (src/previews/cache.ts),
 * on a real redis-server 7 (Debian's package): the access string is loaded
 * with ACL SETUSER (ElastiCache takes the same rules; the password, which
 * ElastiCache takes through its API, is added here as `>password`). A preview
 * reads and writes only its own prefix; another preview's keys, unprefixed keys
 * and the commands that reach the whole keyspace or server are refused.
 */
import { expect } from "chai";
import Redis from "ioredis";
import {
  previewCacheAccessString,
  previewCacheKeyPrefix,
  previewCacheUser,
} from "../../../src/previews/cache";
import { RedisServer, startRedis } from "../../../../test-support";

const ADMIN_PASSWORD = "adminPasswordForTheTest0123456789";
const PASSWORDS: Record<number, string> = {
  7: "prSevenCachePassword0123456789ab",
  8: "prEightCachePassword0123456789ab",
};

describe("integration: a preview's Redis ACL user on a real redis-server 7", function () {
  this.timeout(60_000);
  let server: RedisServer;
  const clients: Redis[] = [];

  function client(username?: string, password = ADMIN_PASSWORD): Redis {
    const c = new Redis({
      host: server.host,
      port: server.port,
      ...(username !== undefined ? { username } : {}),
      password,
      lazyConnect: true,
      enableReadyCheck: false,
      maxRetriesPerRequest: 0,
    });
    clients.push(c);
    return c;
  }
  const pr = (n: number) => client(previewCacheUser(n), PASSWORDS[n]);

  /** The reply, or the error's message. */
  async function reply(p: Promise<unknown>): Promise<unknown> {
    try {
      return await p;
    } catch (e) {
      return (e as Error).message;
    }
  }

  before(async () => {
    server = await startRedis({ password: ADMIN_PASSWORD });
    const admin = client();
    for (const n of [7, 8]) {
      const rules = previewCacheAccessString(n).split(" ");
      expect(
        await admin.call("ACL", "SETUSER", previewCacheUser(n), ...rules, `>${PASSWORDS[n]}`),
      ).to.equal("OK");
    }
    await admin.set("pr-8:secret", "eight's");
    await admin.set("shared:config", "staging's");
  });

  after(async () => {
    for (const c of clients) c.disconnect();
    await server?.dispose();
  });

  it("loads the program's access string: on, its own prefix only, no channel", async () => {
    expect(previewCacheAccessString(7)).to.equal(
      "on ~pr-7:* -@all +@read +@write +@connection -@dangerous -scan -randomkey -dbsize -function",
    );
    const user = (await client().call("ACL", "GETUSER", "pr-7")) as unknown[];
    const field = (name: string) => user[user.indexOf(name) + 1];
    expect(field("flags")).to.deep.equal(["on"]);
    expect(field("keys")).to.equal("~pr-7:*");
    expect(field("channels")).to.equal("");
  });

  it("lets a preview read and write under its own prefix", async () => {
    const c = pr(7);
    const key = `${previewCacheKeyPrefix(7)}files:1`;
    expect(await c.set(key, "{}", "EX", 60)).to.equal("OK");
    expect(await c.get(key)).to.equal("{}");
    expect(await c.hset("pr-7:h", "f", "v")).to.equal(1);
    expect(await c.del("pr-7:h")).to.equal(1);
    expect(await c.ping()).to.equal("PONG");
  });

  it("refuses reading or writing another preview's prefix or unprefixed keys", async () => {
    const c = pr(7);
    const noKey = "NOPERM this user has no permissions to access one of the keys used as arguments";
    expect(await reply(c.get("pr-8:secret"))).to.equal(noKey);
    expect(await reply(c.set("pr-8:secret", "overwritten"))).to.equal(noKey);
    expect(await reply(c.del("pr-8:secret"))).to.equal(noKey);
    expect(await reply(c.get("shared:config"))).to.equal(noKey);
    expect(await reply(c.mget("pr-7:files:1", "pr-8:secret"))).to.equal(noKey);
    expect(await reply(c.rename("pr-7:files:1", "pr-8:stolen"))).to.equal(noKey);
    expect(await reply(c.copy("pr-8:secret", "pr-7:copy"))).to.equal(noKey);
    // A prefix that merely starts the same is another preview's (pr-70).
    expect(await reply(c.set("pr-70:x", "1"))).to.equal(noKey);
    // The other preview still reads its own, unchanged.
    expect(await pr(8).get("pr-8:secret")).to.equal("eight's");
  });

  it("refuses the commands that reach the whole keyspace or the server", async () => {
    const c = pr(7);
    const denied = (cmd: string) =>
      `NOPERM this user has no permissions to run the '${cmd}' command`;
    expect(await reply(c.keys("*"))).to.equal(denied("keys"));
    expect(await reply(c.scan(0))).to.equal(denied("scan"));
    expect(await reply(c.randomkey())).to.equal(denied("randomkey"));
    expect(await reply(c.dbsize())).to.equal(denied("dbsize"));
    expect(await reply(c.flushall())).to.equal(denied("flushall"));
    expect(await reply(c.flushdb())).to.equal(denied("flushdb"));
    expect(await reply(c.info())).to.equal(denied("info"));
    expect(await reply(c.call("CONFIG", "GET", "*"))).to.equal(denied("config|get"));
    expect(await reply(c.call("ACL", "LIST"))).to.equal(denied("acl|list"));
    expect(await reply(c.eval("return redis.call('get', KEYS[1])", 1, "pr-8:secret"))).to.equal(
      denied("eval"),
    );
    expect(await reply(c.call("FUNCTION", "FLUSH"))).to.equal(denied("function|flush"));
    expect(await reply(c.subscribe("pr-8:events"))).to.match(/^NOPERM /);
  });
});
