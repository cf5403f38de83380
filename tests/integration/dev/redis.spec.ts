/**
 * The dev cache's redis.conf (rendered by the same function the stack
 * uploads) in a real redis-server: plaintext is refused, TLS without the
 * password is refused, TLS with it works, only TLS 1.2+ is spoken, and data
 * survives a restart, even a hard kill (AOF).
 */
import { expect } from "chai";
import { rmSync } from "node:fs";
import { devPkiSpec } from "../../../lib/dev/certs";
import { renderRedisConf } from "../../../lib/dev/redis";
import { freePort } from "../../../test-support";
import { createDevPki, DevPki } from "./pki";
import { handshake, redis } from "./probes";
import { DevRedis, prepareRedis } from "./redisServer";

describe("dev cache configuration in a real redis-server", function () {
  this.timeout(120_000);
  const password = "devCachePassword0123456789abcdefABCDEF";
  let pki: DevPki;
  let server: DevRedis;
  let port: number;
  const tls = () => ({ port, tls: { ca: pki.caPem, servername: "cache" } });

  before(async () => {
    pki = createDevPki(devPkiSpec({ project: "platform", environment: "dev" }));
    server = prepareRedis();
    const cert = pki.server("cache", server.user);
    port = await freePort();
    server.writeConf(
      renderRedisConf({
        tlsPort: port,
        certFile: cert.certFile,
        keyFile: cert.keyFile,
        caFile: pki.caFile,
        password,
        dataDir: server.dataDir,
        bind: ["127.0.0.1"],
      }),
    );
    await server.start();
  });
  after(async () => {
    await server?.dispose();
    if (pki !== undefined) rmSync(pki.dir, { recursive: true, force: true });
  });

  it("refuses plaintext: the only port speaks TLS", async () => {
    let outcome: string;
    try {
      outcome = JSON.stringify(await redis({ port, timeoutMs: 3000 }, [["PING"]]));
    } catch (e) {
      outcome = (e as Error).message;
    }
    expect(outcome).to.not.include("PONG");
    expect(outcome).to.match(/connection closed|ECONNRESET|timed out|unexpected RESP reply/);
  });

  it("refuses commands over TLS without the password", async () => {
    const [reply] = await redis(tls(), [["PING"]]);
    expect(reply).to.be.instanceOf(Error);
    expect((reply as Error).message).to.match(/^NOAUTH Authentication required/);
  });

  it("refuses a wrong password", async () => {
    const [reply] = await redis(tls(), [["AUTH", "not-the-password"]]);
    expect((reply as Error).message).to.match(/^WRONGPASS/);
  });

  it("serves TLS with the password, under the name the app dials (cache)", async () => {
    const replies = await redis(tls(), [
      ["AUTH", password],
      ["SET", "dev:greeting", "hello"],
      ["GET", "dev:greeting"],
    ]);
    expect(replies).to.deep.equal(["OK", "OK", "hello"]);
  });

  it("speaks TLS 1.2 and 1.3 only", async () => {
    const results = Object.fromEntries(
      await Promise.all(
        (["tls1", "tls1_1", "tls1_2", "tls1_3"] as const).map(
          async (v) => [v, await handshake(port, v, pki.caFile, "cache")] as const,
        ),
      ),
    );
    for (const old of [results.tls1, results.tls1_1]) {
      expect(old.ok, old.output).to.equal(false);
      // The server's alert, not the client's own policy.
      expect(old.output).to.include("alert protocol version");
    }
    expect(results.tls1_2, results.tls1_2.output).to.include({ ok: true, protocol: "TLSv1.2" });
    expect(results.tls1_3, results.tls1_3.output).to.include({ ok: true, protocol: "TLSv1.3" });
  });

  it("keeps data across a clean restart", async () => {
    expect(
      await redis(tls(), [
        ["AUTH", password],
        ["SET", "dev:clean", "kept"],
      ]),
    ).to.deep.equal(["OK", "OK"]);
    await server.stop();
    await server.start();
    expect(
      await redis(tls(), [
        ["AUTH", password],
        ["GET", "dev:clean"],
      ]),
    ).to.deep.equal(["OK", "kept"]);
  });

  it("keeps data across a hard kill (append-only file)", async () => {
    expect(
      await redis(tls(), [
        ["AUTH", password],
        ["SET", "dev:aof", "survives"],
      ]),
    ).to.deep.equal(["OK", "OK"]);
    // appendfsync everysec: give the background fsync its second.
    await new Promise((r) => setTimeout(r, 1500));
    await server.kill();
    await server.start();
    expect(
      await redis(tls(), [
        ["AUTH", password],
        ["GET", "dev:aof"],
      ]),
    ).to.deep.equal(["OK", "survives"]);
  });
});
