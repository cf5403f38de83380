import { redactUrl } from "./redact";
import { failFor, hostNameOf, parseUrl } from "./url-value";

/** Where and as whom the application connects to PostgreSQL (the password comes separately). */
export interface DatabaseEndpoint {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  /** Only `verify-full` is accepted: TLS, CA-verified, host name checked. */
  readonly sslmode: "verify-full";
  readonly applicationName: string | undefined;
  /** From `connect_timeout` (seconds in the URL). @default 10000 */
  readonly connectTimeoutMs: number;
}

const EXAMPLE = "postgres://app@db.internal:5432/app?sslmode=verify-full";
const ALLOWED_PARAMS = ["sslmode", "application_name", "connect_timeout"];

/**
 * Parses `DATABASE_URL`: a postgres URL without a password, with `sslmode=verify-full`.
 * Throws a one-line ConfigError naming the variable, the (redacted) value and the expectation.
 */
export function parseDatabaseUrl(raw: string, name = "DATABASE_URL"): DatabaseEndpoint {
  const fail = failFor(name, redactUrl(raw));
  const url = parseUrl(raw, fail, `a URL such as ${EXAMPLE}`);
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    fail(`the scheme postgres:// or postgresql://, got ${url.protocol}//`);
  }
  if (url.hostname === "") fail(`a host name, as in ${EXAMPLE}`);
  if (url.password !== "") fail(`no password in the URL (pass it in DATABASE_PASSWORD)`);
  if (url.username === "") fail(`a user name, as in ${EXAMPLE}`);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (database === "" || database.includes("/"))
    fail(`one database name as the path, as in ${EXAMPLE}`);
  const port = url.port === "" ? 5432 : Number(url.port);

  for (const key of url.searchParams.keys()) {
    if (!ALLOWED_PARAMS.includes(key)) {
      const hint = key === "sslrootcert" ? " (set CA_BUNDLE_FILE for the CA bundle)" : "";
      fail(`only the query parameters ${ALLOWED_PARAMS.join(", ")}, got ${key}${hint}`);
    }
  }
  const sslmode = url.searchParams.get("sslmode");
  if (sslmode !== "verify-full") {
    fail(
      `sslmode=verify-full (TLS with CA and host name verification), got ${sslmode === null ? "no sslmode" : `sslmode=${sslmode}`}`,
    );
  }
  let connectTimeoutMs = 10_000;
  const timeout = url.searchParams.get("connect_timeout");
  if (timeout !== null) {
    if (!/^\d+$/.test(timeout) || Number(timeout) < 1 || Number(timeout) > 300) {
      fail(`connect_timeout in whole seconds between 1 and 300, got ${timeout}`);
    }
    connectTimeoutMs = Number(timeout) * 1000;
  }
  return {
    host: hostNameOf(url),
    port,
    database,
    user: decodeURIComponent(url.username),
    sslmode: "verify-full",
    applicationName: url.searchParams.get("application_name") ?? undefined,
    connectTimeoutMs,
  };
}
