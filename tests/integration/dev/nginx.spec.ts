/**
 * The dev reverse proxy's whole nginx.conf (rendered by the same function
 * the stack uploads) in a real nginx (Debian's package), run unprivileged
 * like nginx-unprivileged: HTTP answers only with a redirect to HTTPS; HTTPS
 * with the dev CA's certificate carries the security headers (no HSTS for
 * localhost, which would poison every other local dev server) and
 * proxies to the app; TLS 1.0 and 1.1 handshakes are refused by the server.
 */
import { expect } from "chai";
import { chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, get as httpGet, IncomingHttpHeaders, Server } from "node:http";
import { get as httpsGet } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { devPkiSpec } from "../../../lib/dev/certs";
import { NginxConfOptions, renderNginxConf } from "../../../lib/dev/nginx";
import {
  asUser,
  canConnect,
  chownRecursive,
  freePort,
  ManagedProcess,
  requireBinary,
  runningAsRoot,
  SystemUser,
  systemUser,
  testNginxConf,
  waitUntil,
} from "../../../test-support";
import { createDevPki, DevPki } from "./pki";
import { handshake, TlsVersionFlag } from "./probes";

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

function collect(res: import("node:http").IncomingMessage, resolve: (a: Answer) => void): void {
  let body = "";
  res.setEncoding("utf8");
  res.on("data", (c: string) => (body += c));
  res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
}

function getHttp(port: number, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    httpGet({ host: "127.0.0.1", port, path, headers: { host: `127.0.0.1:${port}` } }, (res) =>
      collect(res, resolve),
    ).on("error", reject);
  });
}

/** GET over HTTPS, verifying the certificate against the dev CA and `servername` (undefined: the IP). */
function getHttps(port: number, path: string, ca: string, servername?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    httpsGet(
      { host: "127.0.0.1", port, path, ca, servername, rejectUnauthorized: true, agent: false },
      (res) => collect(res, resolve),
    ).on("error", reject);
  });
}

interface RunningNginx {
  readonly dir: string;
  readonly conf: string;
  stop(): Promise<void>;
}

/** Writes `conf` and runs nginx in the foreground as `user` (unprivileged, like the container's). */
async function runNginx(
  dir: string,
  conf: string,
  ports: number[],
  user: SystemUser | undefined,
): Promise<RunningNginx> {
  const bin = requireBinary("nginx", "nginx");
  const confFile = join(dir, "nginx.conf");
  writeFileSync(confFile, conf, { mode: 0o644 });
  testNginxConf(confFile, dir);
  // `nginx -t` ran as root and may have created the log files: hand the folder back.
  if (user) chownRecursive(dir, user);
  const cmd = asUser(user, bin, ["-e", "stderr", "-p", dir, "-c", confFile]);
  const proc = ManagedProcess.start({ name: "nginx", command: cmd.command, args: cmd.args });
  try {
    for (const port of ports) {
      await waitUntil(`nginx on 127.0.0.1:${port}`, async () => {
        if (!proc.isRunning) throw proc.describeExit();
        return canConnect(port);
      });
    }
  } catch (err) {
    await proc.stop();
    throw new Error(`${(err as Error).message}\nnginx output:\n${proc.recentOutput}`);
  }
  return { dir, conf, stop: () => proc.stop() };
}

describe("dev reverse proxy configuration in a real nginx", function () {
  this.timeout(120_000);
  let pki: DevPki;
  let upstream: Server;
  let upstreamPort: number;
  let httpsPort: number;
  let httpPort: number;
  let runDir: string;
  let nginx: RunningNginx;
  let user: SystemUser | undefined;
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

  const options = (o: Partial<NginxConfOptions> = {}): NginxConfOptions => ({
    serverName: "localhost",
    upstream: `127.0.0.1:${upstreamPort}`,
    httpsPort,
    httpPort,
    certFile: pki.server("proxy", user).certFile,
    keyFile: pki.server("proxy", user).keyFile,
    // Never consulted: the upstream is an address.
    resolver: "127.0.0.1",
    runDir,
    listenAddress: "127.0.0.1",
    // The harness reads a child's output through a socket, which /dev/stdout cannot be opened on.
    accessLog: join(o.runDir ?? runDir, "access.log"),
    ...o,
  });

  before(async () => {
    user = runningAsRoot() ? systemUser("www-data", "base-passwd") : undefined;
    pki = createDevPki(devPkiSpec({ project: "platform", environment: "dev" }));
    upstream = createServer((req, res) => {
      seen.push({ url: req.url ?? "", headers: req.headers });
      const status = req.url === "/boom" ? 500 : 200;
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify({ from: "upstream", url: req.url }));
    });
    upstreamPort = await freePort();
    await new Promise<void>((r) => upstream.listen(upstreamPort, "127.0.0.1", r));
    [httpsPort, httpPort] = [await freePort(), await freePort()];
    runDir = mkdtempSync(join(tmpdir(), "platform-dev-nginx-"));
    if (user) chownSync(runDir, user.uid, user.gid);
    nginx = await runNginx(runDir, renderNginxConf(options()), [httpsPort, httpPort], user);
  });
  after(async () => {
    await nginx?.stop();
    await new Promise((r) => upstream?.close(r));
    if (runDir) rmSync(runDir, { recursive: true, force: true });
    if (pki) rmSync(pki.dir, { recursive: true, force: true });
  });

  it("answers plain HTTP only with a redirect to the same path over HTTPS", async () => {
    const a = await getHttp(httpPort, "/files/42?download=1");
    expect(a.status).to.equal(301);
    expect(a.headers.location).to.equal(`https://127.0.0.1:${httpsPort}/files/42?download=1`);
    expect(seen.some((s) => s.url === "/files/42?download=1")).to.equal(false);
  });

  it("serves HTTPS with the dev CA's certificate for localhost and 127.0.0.1, and proxies to the app", async () => {
    const byName = await getHttps(httpsPort, "/hello?x=1", pki.caPem, "localhost");
    expect(byName.status).to.equal(200);
    expect(JSON.parse(byName.body)).to.deep.equal({ from: "upstream", url: "/hello?x=1" });
    const byAddress = await getHttps(httpsPort, "/hello", pki.caPem);
    expect(byAddress.status).to.equal(200);
    const last = seen[seen.length - 1];
    expect(last.headers["x-forwarded-proto"]).to.equal("https");
    expect(last.headers["x-forwarded-for"]).to.equal("127.0.0.1");
    expect(last.headers.host).to.equal(`127.0.0.1:${httpsPort}`);
  });

  it("sends the security headers but no HSTS on localhost, also on errors, and hides its version", async () => {
    for (const path of ["/hello", "/boom", "/nginx-health"]) {
      const a = await getHttps(httpsPort, path, pki.caPem, "localhost");
      expect(a.headers["strict-transport-security"], path).to.equal(undefined);
      expect(a.headers["x-content-type-options"], path).to.equal("nosniff");
      expect(a.headers["x-frame-options"], path).to.equal("DENY");
      expect(a.headers["referrer-policy"], path).to.equal("no-referrer");
      expect(a.headers["content-security-policy"], path).to.equal(
        "default-src 'self'; frame-ancestors 'none'",
      );
      expect(a.headers.server, path).to.equal("nginx");
    }
    expect((await getHttps(httpsPort, "/boom", pki.caPem, "localhost")).status).to.equal(500);
  });

  it("answers its own health check without the app", async () => {
    const a = await getHttps(httpsPort, "/nginx-health", pki.caPem, "localhost");
    expect([a.status, a.body]).to.deep.equal([200, "ok\n"]);
    expect(seen.some((s) => s.url === "/nginx-health")).to.equal(false);
  });

  it("completes TLS 1.2 and 1.3 handshakes and refuses TLS 1.0 and 1.1", async () => {
    const versions: TlsVersionFlag[] = ["tls1", "tls1_1", "tls1_2", "tls1_3"];
    const r = Object.fromEntries(
      await Promise.all(
        versions.map(
          async (v) => [v, await handshake(httpsPort, v, pki.caFile, "localhost")] as const,
        ),
      ),
    );
    expect(r.tls1_2, r.tls1_2.output).to.include({ ok: true, protocol: "TLSv1.2" });
    expect(r.tls1_3, r.tls1_3.output).to.include({ ok: true, protocol: "TLSv1.3" });
    for (const old of [r.tls1, r.tls1_1]) {
      expect(old.ok, old.output).to.equal(false);
      expect(old.output).to.include("alert protocol version");
    }
  });

  it("control: the same probe sees TLS 1.0 accepted when a server allows it", async () => {
    // Proves the refusal above comes from the rendered ssl_protocols, not from this machine's OpenSSL.
    const [p1, p2] = [await freePort(), await freePort()];
    const dir = mkdtempSync(join(tmpdir(), "platform-dev-nginx-control-"));
    if (user) chownSync(dir, user.uid, user.gid);
    const permissive = renderNginxConf(options({ httpsPort: p1, httpPort: p2, runDir: dir }))
      .replace("ssl_protocols TLSv1.2 TLSv1.3;", "ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;")
      .replace(/ssl_ciphers [^;]+;/, "ssl_ciphers DEFAULT:@SECLEVEL=0;");
    const control = await runNginx(dir, permissive, [p1, p2], user);
    try {
      const r = await handshake(p1, "tls1", pki.caFile, "localhost");
      expect(r, r.output).to.include({ ok: true, protocol: "TLSv1" });
    } finally {
      await control.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
