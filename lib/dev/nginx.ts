/**
 * The whole nginx.conf of the dev stack's reverse proxy (nginx-unprivileged):
 * HTTPS with the dev CA's certificate, TLS 1.2 and 1.3 only, security
 * headers (HSTS too, except on a local host name: see `sendsHsts`), plain HTTP answering only with a redirect to HTTPS, and
 * every writable path under `runDir` (a tmpfs: the root filesystem is
 * read-only).
 */

export interface NginxConfOptions {
  /** `server_name` (the host the developer browses). */
  readonly serverName: string;
  /** The workload, `host:port` (e.g. `app:8080`). */
  readonly upstream: string;
  /** HTTPS port, inside the container and published on the host (the redirect names it). */
  readonly httpsPort: number;
  /** Plain HTTP port, which only redirects. */
  readonly httpPort: number;
  readonly certFile: string;
  readonly keyFile: string;
  /** DNS server that resolves `upstream` at request time (Docker's: 127.0.0.11), so a restarted app is found again. */
  readonly resolver: string;
  /** Writable folder for the pid file and temporary files. @default /tmp */
  readonly runDir?: string;
  /** Address the servers listen on. @default every address of the container */
  readonly listenAddress?: string;
  /**
   * HSTS max-age, for a server name that is not local (see `sendsHsts`).
   * @default 86400
   */
  readonly hstsMaxAgeSeconds?: number;
  /** Where access lines go. @default /dev/stdout (the container's stdout: `docker logs`) */
  readonly accessLog?: string;
  /** `client_max_body_size` (the app accepts 10 MiB files). @default "10m" */
  readonly maxBodySize?: string;
}

/** Modern TLS 1.2 suites (forward secret, AEAD); TLS 1.3 suites are always on. */
export const TLS12_CIPHERS = [
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-RSA-AES128-GCM-SHA256",
  "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-RSA-AES256-GCM-SHA384",
  "ECDHE-ECDSA-CHACHA20-POLY1305",
  "ECDHE-RSA-CHACHA20-POLY1305",
].join(":");

/**
 * Whether a server name gets HSTS. Browsers keep HSTS per host name, not per
 * port, so HSTS on `localhost` would force HTTPS onto every other dev server
 * the developer runs on localhost, for as long as max-age. So no HSTS for
 * `localhost` and `*.localhost` (RFC 6761 §6.3: always the loopback), nor for
 * an IP literal (RFC 6797 §8.1: a UA ignores HSTS from one).
 */
export function sendsHsts(serverName: string): boolean {
  const name = serverName.toLowerCase().replace(/\.$/, "");
  if (name === "localhost" || name.endsWith(".localhost")) return false;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name) || name.includes(":")) return false;
  return true;
}

/** Headers on every HTTPS answer, including errors (`always`); HSTS only with a max-age. */
export function securityHeaders(hstsMaxAgeSeconds: number | undefined): [string, string][] {
  return [
    ...(hstsMaxAgeSeconds === undefined
      ? []
      : ([["Strict-Transport-Security", `max-age=${hstsMaxAgeSeconds}`]] as [string, string][])),
    ["X-Content-Type-Options", "nosniff"],
    ["X-Frame-Options", "DENY"],
    ["Referrer-Policy", "no-referrer"],
    ["Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'"],
  ];
}

function check(o: NginxConfOptions): void {
  for (const [name, port] of [
    ["httpsPort", o.httpsPort],
    ["httpPort", o.httpPort],
  ] as const) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(`renderNginxConf: ${name} must be a port number, got ${port}`);
    }
  }
  if (o.httpsPort === o.httpPort)
    throw new Error("renderNginxConf: httpsPort and httpPort must differ");
  for (const [name, value] of Object.entries(o)) {
    if (typeof value === "string" && /[\s;{}'"$\\]/.test(value)) {
      throw new Error(
        `renderNginxConf: ${name} must not contain spaces, quotes, braces, ';' or '$', got ${JSON.stringify(value)}`,
      );
    }
  }
}

export function renderNginxConf(o: NginxConfOptions): string {
  check(o);
  const run = o.runDir ?? "/tmp";
  const listen = (port: number) =>
    o.listenAddress === undefined ? `${port}` : `${o.listenAddress}:${port}`;
  const hsts = sendsHsts(o.serverName) ? (o.hstsMaxAgeSeconds ?? 86400) : undefined;
  return [
    "# nginx.conf of the dev reverse proxy (rendered by lib/dev/nginx.ts).",
    "worker_processes 1;",
    "daemon off;",
    `pid ${run}/nginx.pid;`,
    "error_log stderr notice;",
    "events {",
    "  worker_connections 256;",
    "}",
    "http {",
    `  access_log ${o.accessLog ?? "/dev/stdout"};`,
    `  client_body_temp_path ${run}/client_body;`,
    `  proxy_temp_path ${run}/proxy;`,
    `  fastcgi_temp_path ${run}/fastcgi;`,
    `  uwsgi_temp_path ${run}/uwsgi;`,
    `  scgi_temp_path ${run}/scgi;`,
    "  server_tokens off;",
    "  default_type application/octet-stream;",
    `  client_max_body_size ${o.maxBodySize ?? "10m"};`,
    `  resolver ${o.resolver} valid=10s ipv6=off;`,
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
    `    listen ${listen(o.httpPort)};`,
    `    server_name ${o.serverName};`,
    "    location / {",
    `      return 301 https://$host:${o.httpsPort}$request_uri;`,
    "    }",
    "  }",
    "",
    "  server {",
    `    listen ${listen(o.httpsPort)} ssl;`,
    `    server_name ${o.serverName};`,
    `    ssl_certificate ${o.certFile};`,
    `    ssl_certificate_key ${o.keyFile};`,
    ...securityHeaders(hsts).map(([name, value]) => `    add_header ${name} "${value}" always;`),
    "",
    "    location = /nginx-health {",
    "      access_log off;",
    "      default_type text/plain;",
    '      return 200 "ok\\n";',
    "    }",
    "",
    "    location / {",
    // A variable makes nginx resolve the upstream per request (through `resolver`), not once at start.
    `      set $upstream http://${o.upstream};`,
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
  ].join("\n");
}
