import { expect } from "chai";
import { renderRedisConf } from "../../../lib/dev/redis";

const base = {
  certFile: "/run/platform/server.crt",
  keyFile: "/run/platform/server.key",
  caFile: "/run/platform/ca.crt",
  password: "s3cretS3cretS3cretS3cret",
  dataDir: "/data",
};

describe("lib/dev/redis", () => {
  it("renders a TLS-only, password-protected, persistent redis.conf", () => {
    expect(renderRedisConf(base)).to.equal(
      [
        "# redis.conf of the dev cache (rendered by lib/dev/redis.ts): TLS only, password, persistence.",
        "bind 0.0.0.0",
        "protected-mode yes",
        "port 0",
        "tls-port 6379",
        "tls-cert-file /run/platform/server.crt",
        "tls-key-file /run/platform/server.key",
        "tls-ca-cert-file /run/platform/ca.crt",
        "tls-auth-clients no",
        'tls-protocols "TLSv1.2 TLSv1.3"',
        "tls-prefer-server-ciphers yes",
        "requirepass s3cretS3cretS3cretS3cret",
        "dir /data",
        "appendonly yes",
        "appendfsync everysec",
        "save 3600 1 300 100 60 10000",
        "daemonize no",
        'logfile ""',
        "",
      ].join("\n"),
    );
  });

  it("takes the TLS port and the listen addresses", () => {
    const conf = renderRedisConf({ ...base, tlsPort: 16379, bind: ["127.0.0.1"] });
    expect(conf).to.include("\nbind 127.0.0.1\n");
    expect(conf).to.include("\ntls-port 16379\n");
    expect(conf).to.include("\nport 0\n");
  });

  it("refuses a password that would need quoting or is short", () => {
    expect(() => renderRedisConf({ ...base, password: "has space in it 123456" })).to.throw(
      "renderRedisConf: password must be 16-128 letters, digits or -._~",
    );
    expect(() => renderRedisConf({ ...base, password: "short" })).to.throw(
      "password must be 16-128",
    );
  });

  it("refuses a path that would need quoting", () => {
    expect(() => renderRedisConf({ ...base, dataDir: "/my data" })).to.throw(
      'renderRedisConf: dataDir must be a plain path, got "/my data"',
    );
  });
});
