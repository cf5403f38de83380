import { expect } from "chai";
import { X509Certificate } from "node:crypto";
import { rmSync } from "node:fs";
import { connect } from "node:net";
import { request } from "node:https";
import Redis from "ioredis";
import { Client } from "pg";
import {
  createDevCa,
  DevCa,
  freePort,
  issueCert,
  IssuedCert,
  ManagedProcess,
  MissingBinaryError,
  PostgresServer,
  RedisServer,
  requireBinary,
  startNginx,
  startPostgres,
  startRedis,
  tlsProbe,
} from "..";

/** Sends raw bytes and resolves with whatever the server answers before closing (or after 1 s). */
function rawExchange(port: number, payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(payload));
    let data = "";
    socket.setTimeout(1000, () => socket.destroy());
    socket.on("data", (d: Buffer) => {
      data += d.toString("latin1");
    });
    socket.on("close", () => resolve(data));
    // A server that drops the connection (ECONNRESET) answered nothing more.
    socket.on("error", (err: NodeJS.ErrnoException) =>
      err.code === "ECONNRESET" ? resolve(data) : reject(err),
    );
  });
}

describe("test-support: the server harness", function () {
  this.timeout(60_000);
  let ca: DevCa;
  let cert: IssuedCert;

  before(() => {
    ca = createDevCa();
    cert = issueCert(ca, { name: "server" });
  });

  after(() => {
    rmSync(ca.dir, { recursive: true, force: true });
  });

  it("fails loudly, naming the Debian package, when a server binary is missing", () => {
    expect(() => requireBinary("platform-no-such-server", "platform-no-such-package")).to.throw(
      MissingBinaryError,
      'platform-no-such-server not found: install the Debian package "platform-no-such-package" (apt-get install -y platform-no-such-package, or run test-support/install-servers.sh)',
    );
  });

  it("finds the servers the integration tests need", () => {
    for (const [binary, pkg] of [
      ["redis-server", "redis-server"],
      ["nginx", "nginx"],
      ["openssl", "openssl"],
    ]) {
      expect(requireBinary(binary as string, pkg as string)).to.match(/^\//);
    }
  });

  it("issues a certificate the CA verifies, for localhost and 127.0.0.1", () => {
    const server = new X509Certificate(cert.certPem);
    const authority = new X509Certificate(ca.certPem);
    expect(server.verify(authority.publicKey)).to.equal(true);
    expect(authority.ca).to.equal(true);
    expect(server.ca).to.equal(false);
    expect([
      server.checkHost("localhost"),
      server.checkIP("127.0.0.1"),
      server.checkHost("example.com"),
    ]).to.deep.equal(["localhost", "127.0.0.1", undefined]);
    expect(cert.caFile).to.equal(ca.certFile);
  });

  it("stops a process that ignores SIGTERM with SIGKILL after the timeout", async () => {
    const p = ManagedProcess.start({
      name: "stubborn",
      command: "sh",
      args: ["-c", 'trap "" TERM; echo ready; sleep 30'],
      stopTimeoutMs: 300,
    });
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    await p.stop();
    expect(p.isRunning).to.equal(false);
    expect(p.child.signalCode).to.equal("SIGKILL");
    expect(Date.now() - started).to.be.lessThan(5000);
    expect(p.recentOutput).to.equal("ready\n");
  });

  describe("PostgreSQL with TLS", () => {
    let pg: PostgresServer;
    before(async () => {
      pg = await startPostgres({ tls: cert });
      pg.createUserAndDatabase("probe", "probe-password", "probe");
    });
    after(async () => {
      await pg?.stop();
    });

    it("listens on 127.0.0.1 only", () => {
      expect(pg.psql("SHOW listen_addresses").trim()).to.equal("127.0.0.1");
    });

    it("accepts TLS verified against the CA with scram", async () => {
      const c = new Client({
        host: "127.0.0.1",
        port: pg.port,
        user: "probe",
        password: "probe-password",
        database: "probe",
        ssl: { ca: ca.certPem },
      });
      await c.connect();
      try {
        const { rows } = await c.query(
          "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
        );
        expect(rows[0]?.ssl).to.equal(true);
        expect(rows[0]?.version).to.be.oneOf(["TLSv1.2", "TLSv1.3"]);
      } finally {
        await c.end();
      }
    });

    it("refuses plaintext connections", async () => {
      const c = new Client({
        host: "127.0.0.1",
        port: pg.port,
        user: "probe",
        password: "probe-password",
        database: "probe",
        ssl: false,
      });
      let error: unknown;
      await c.connect().catch((err: unknown) => {
        error = err;
      });
      expect((error as Error).message).to.match(
        /no pg_hba\.conf entry for host "127\.0\.0\.1", user "probe", database "probe", no encryption/,
      );
    });
  });

  describe("Redis with TLS", () => {
    let redis: RedisServer;
    before(async () => {
      redis = await startRedis({
        tls: { certFile: cert.certFile, keyFile: cert.keyFile, caFile: ca.certFile },
        password: "redis-pw",
      });
    });
    after(async () => {
      await redis?.dispose();
    });

    it("serves TLS 1.2+ verified against the CA, and requires AUTH", async () => {
      expect(await tlsProbe({ port: redis.port, ca: ca.certPem })).to.deep.include({
        ok: true,
        authorized: true,
      });
      const client = new Redis({
        host: "127.0.0.1",
        port: redis.port,
        password: "redis-pw",
        tls: { ca: ca.certPem },
        lazyConnect: true,
      });
      await client.connect();
      try {
        expect(await client.ping()).to.equal("PONG");
        expect(await client.config("GET", "bind")).to.deep.equal(["bind", "127.0.0.1"]);
      } finally {
        client.disconnect();
      }
    });

    it("refuses TLS 1.1, an unknown CA and plaintext", async () => {
      const old = await tlsProbe({
        port: redis.port,
        ca: ca.certPem,
        minVersion: "TLSv1",
        maxVersion: "TLSv1.1",
      });
      expect(old.ok).to.equal(false);
      expect(await tlsProbe({ port: redis.port })).to.deep.equal({
        ok: false,
        error: "self-signed certificate in certificate chain",
      });
      const answer = await rawExchange(redis.port, "PING\r\n");
      expect(answer).not.to.include("PONG");
    });

    it("stops and starts again on the same port", async () => {
      await redis.stop();
      expect(redis.isRunning).to.equal(false);
      expect((await tlsProbe({ port: redis.port, ca: ca.certPem })).ok).to.equal(false);
      await redis.start();
      expect((await tlsProbe({ port: redis.port, ca: ca.certPem })).ok).to.equal(true);
    });
  });

  describe("nginx", () => {
    it("serves a TLS server block and redirects plain HTTP", async () => {
      const [https, http] = [await freePort(), await freePort()];
      const nginx = await startNginx({
        ports: [https, http],
        httpConf: `
  server {
    listen 127.0.0.1:${http};
    return 301 https://localhost:${https}$request_uri;
  }
  server {
    listen 127.0.0.1:${https} ssl;
    ssl_certificate ${cert.certFile};
    ssl_certificate_key ${cert.keyFile};
    ssl_protocols TLSv1.2 TLSv1.3;
    location / { return 200 "hello\\n"; }
  }`,
      });
      try {
        const body = await new Promise<string>((resolve, reject) => {
          const req = request(
            { host: "127.0.0.1", port: https, path: "/", ca: ca.certPem, servername: "localhost" },
            (res) => {
              let text = "";
              res.on("data", (d: Buffer) => (text += d.toString()));
              res.on("end", () => resolve(text));
            },
          );
          req.on("error", reject);
          req.end();
        });
        expect(body).to.equal("hello\n");
        const redirect = await rawExchange(
          http,
          "GET /x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        );
        expect(redirect).to.match(/^HTTP\/1\.1 301 /);
        expect(redirect).to.include(`Location: https://localhost:${https}/x`);
      } finally {
        await nginx.stop();
      }
    });
  });
});
