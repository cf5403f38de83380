import { expect } from "chai";
import { renderPgHba, renderPostgresConf } from "../../../lib/dev/postgres";

describe("lib/dev/postgres", () => {
  it("renders a pg_hba.conf that takes only TLS + SCRAM and rejects every other TCP client", () => {
    expect(renderPgHba()).to.equal(
      [
        "# pg_hba.conf of the dev database (rendered by lib/dev/postgres.ts).",
        "# TLS + SCRAM only; anything else is rejected. First match wins.",
        "# TYPE   DATABASE USER ADDRESS METHOD",
        "local     all  all        scram-sha-256",
        "hostssl   all  all  all   scram-sha-256",
        "host      all  all  all   reject",
        "",
      ].join("\n"),
    );
  });

  it("never trusts and never accepts plaintext TCP", () => {
    const rules = renderPgHba()
      .split("\n")
      .filter((l) => l !== "" && !l.startsWith("#"));
    expect(rules.some((l) => /\btrust\b|\bpassword\b|\bmd5\b/.test(l))).to.equal(false);
    expect(rules.filter((l) => l.startsWith("host ")).every((l) => l.endsWith("reject"))).to.equal(
      true,
    );
    expect(rules.some((l) => l.startsWith("hostnossl") && !l.endsWith("reject"))).to.equal(false);
  });

  it("renders postgresql.conf with TLS on, TLS 1.2 at least, SCRAM and the given files", () => {
    expect(
      renderPostgresConf({
        certFile: "/run/platform/server.crt",
        keyFile: "/run/platform/server.key",
        caFile: "/run/platform/ca.crt",
        hbaFile: "/run/platform/pg_hba.conf",
      }),
    ).to.equal(
      [
        "# postgresql.conf of the dev database (rendered by lib/dev/postgres.ts).",
        "listen_addresses = '*'",
        "port = 5432",
        "max_connections = 50",
        "shared_buffers = '128MB'",
        "password_encryption = 'scram-sha-256'",
        "ssl = on",
        "ssl_cert_file = '/run/platform/server.crt'",
        "ssl_key_file = '/run/platform/server.key'",
        "ssl_ca_file = '/run/platform/ca.crt'",
        "ssl_min_protocol_version = 'TLSv1.2'",
        "ssl_prefer_server_ciphers = on",
        "hba_file = '/run/platform/pg_hba.conf'",
        "logging_collector = off",
        "log_destination = 'stderr'",
        "log_connections = on",
        "log_min_duration_statement = 500",
        "",
      ].join("\n"),
    );
  });

  it("keeps the data directory's pg_hba.conf when no hbaFile is given, and quotes paths", () => {
    const conf = renderPostgresConf({
      certFile: "/a b/it's.crt",
      keyFile: "/k",
      caFile: "/c",
      port: 6543,
    });
    expect(conf).to.not.include("hba_file");
    expect(conf).to.include("ssl_cert_file = '/a b/it''s.crt'");
    expect(conf).to.include("port = 6543");
  });

  it("refuses a path with a newline", () => {
    expect(() =>
      renderPostgresConf({ certFile: "/x\nssl = off", keyFile: "/k", caFile: "/c" }),
    ).to.throw("renderPostgresConf: a setting may not contain a newline");
  });
});
