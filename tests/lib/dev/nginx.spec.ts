import { expect } from "chai";
import { renderNginxConf, sendsHsts, TLS12_CIPHERS } from "../../../lib/dev/nginx";

const options = {
  serverName: "localhost",
  upstream: "app:8080",
  httpsPort: 8443,
  httpPort: 8080,
  certFile: "/run/platform/server.crt",
  keyFile: "/run/platform/server.key",
  resolver: "127.0.0.11",
};

describe("lib/dev/nginx", () => {
  it("renders the whole nginx.conf of the reverse proxy", () => {
    expect(renderNginxConf(options)).to.equal(
      [
        "# nginx.conf of the dev reverse proxy (rendered by lib/dev/nginx.ts).",
        "worker_processes 1;",
        "daemon off;",
        "pid /tmp/nginx.pid;",
        "error_log stderr notice;",
        "events {",
        "  worker_connections 256;",
        "}",
        "http {",
        "  access_log /dev/stdout;",
        "  client_body_temp_path /tmp/client_body;",
        "  proxy_temp_path /tmp/proxy;",
        "  fastcgi_temp_path /tmp/fastcgi;",
        "  uwsgi_temp_path /tmp/uwsgi;",
        "  scgi_temp_path /tmp/scgi;",
        "  server_tokens off;",
        "  default_type application/octet-stream;",
        "  client_max_body_size 10m;",
        "  resolver 127.0.0.11 valid=10s ipv6=off;",
        "",
        "  ssl_protocols TLSv1.2 TLSv1.3;",
        `  ssl_ciphers ${TLS12_CIPHERS};`,
        "  ssl_prefer_server_ciphers off;",
        "  ssl_session_cache shared:TLS:1m;",
        "  ssl_session_timeout 1h;",
        "  ssl_session_tickets off;",
        "",
        "  # Plain HTTP only redirects to HTTPS.",
        "  server {",
        "    listen 8080;",
        "    server_name localhost;",
        "    location / {",
        "      return 301 https://$host:8443$request_uri;",
        "    }",
        "  }",
        "",
        "  server {",
        "    listen 8443 ssl;",
        "    server_name localhost;",
        "    ssl_certificate /run/platform/server.crt;",
        "    ssl_certificate_key /run/platform/server.key;",
        '    add_header X-Content-Type-Options "nosniff" always;',
        '    add_header X-Frame-Options "DENY" always;',
        '    add_header Referrer-Policy "no-referrer" always;',
        `    add_header Content-Security-Policy "default-src 'self'; frame-ancestors 'none'" always;`,
        "",
        "    location = /nginx-health {",
        "      access_log off;",
        "      default_type text/plain;",
        '      return 200 "ok\\n";',
        "    }",
        "",
        "    location / {",
        "      set $upstream http://app:8080;",
        "      proxy_pass $upstream;",
        "      proxy_http_version 1.1;",
        '      proxy_set_header Connection "";',
        "      proxy_set_header Host $http_host;",
        "      proxy_set_header X-Real-IP $remote_addr;",
        "      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "      proxy_set_header X-Forwarded-Proto https;",
        "      proxy_read_timeout 60s;",
        "    }",
        "  }",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("offers only forward-secret AEAD suites for TLS 1.2", () => {
    for (const suite of TLS12_CIPHERS.split(":"))
      expect(suite).to.match(/^ECDHE-(ECDSA|RSA)-(AES\d+-GCM-SHA\d+|CHACHA20-POLY1305)$/);
  });

  it("listens on one address, puts writable paths in runDir and sets the HSTS age when asked", () => {
    const conf = renderNginxConf({
      ...options,
      serverName: "dev.example.test",
      listenAddress: "127.0.0.1",
      runDir: "/tmp/x",
      hstsMaxAgeSeconds: 600,
    });
    expect(conf).to.include("    listen 127.0.0.1:8080;\n");
    expect(conf).to.include("    listen 127.0.0.1:8443 ssl;\n");
    expect(conf).to.include("pid /tmp/x/nginx.pid;\n");
    expect(conf).to.include("  proxy_temp_path /tmp/x/proxy;\n");
    expect(conf).to.include('add_header Strict-Transport-Security "max-age=600" always;');
    expect(renderNginxConf({ ...options, serverName: "dev.example.test" })).to.include(
      'add_header Strict-Transport-Security "max-age=86400" always;',
    );
  });

  // HSTS is kept per host name, not per port: on localhost it would force HTTPS onto every other
  // local dev server (issue 10). RFC 6761 §6.3 (.localhost), RFC 6797 §8.1 (IP literals are ignored).
  it("sends no HSTS for localhost, *.localhost or an IP address, whatever the max-age", () => {
    for (const serverName of ["localhost", "LOCALHOST.", "app.localhost", "127.0.0.1"]) {
      expect(sendsHsts(serverName), serverName).to.equal(false);
      const conf = renderNginxConf({ ...options, serverName, hstsMaxAgeSeconds: 600 });
      expect(conf, serverName).to.not.include("Strict-Transport-Security");
      expect(conf, serverName).to.include('add_header X-Content-Type-Options "nosniff" always;');
    }
    for (const serverName of ["dev.example.test", "localhost.example.com", "mylocalhost"])
      expect(sendsHsts(serverName), serverName).to.equal(true);
  });

  it("refuses equal ports and values that could inject directives", () => {
    expect(() => renderNginxConf({ ...options, httpPort: 8443 })).to.throw(
      "renderNginxConf: httpsPort and httpPort must differ",
    );
    expect(() => renderNginxConf({ ...options, upstream: "app:8080; return 200" })).to.throw(
      "renderNginxConf: upstream must not contain spaces",
    );
    expect(() => renderNginxConf({ ...options, httpsPort: 70000 })).to.throw(
      "renderNginxConf: httpsPort must be a port number, got 70000",
    );
  });
});
