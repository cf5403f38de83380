import { redactUrl } from "./redact";
import { failFor, hostNameOf, parseUrl } from "./url-value";

/** Where and how the application connects to Redis. */
export interface RedisEndpoint {
  readonly host: string;
  readonly port: number;
  /** ACL user; undefined for the default user (`rediss://:<token>@…`). */
  readonly username: string | undefined;
  /** AUTH token. Secret. */
  readonly password: string;
  readonly db: number;
}

const EXAMPLE = "rediss://:<token>@cache.internal:6379";

/** Parses `REDIS_URL`: `rediss://` (TLS) with an auth token. Errors never show the token. */
export function parseRedisUrl(raw: string, name = "REDIS_URL"): RedisEndpoint {
  const fail = failFor(name, redactUrl(raw));
  const url = parseUrl(raw, fail, `a URL such as ${EXAMPLE}`);
  if (url.protocol !== "rediss:")
    fail(`the scheme rediss:// (Redis over TLS), got ${url.protocol}//`);
  if (url.hostname === "") fail(`a host name, as in ${EXAMPLE}`);
  if (url.password === "") fail(`an auth token in the URL, as in ${EXAMPLE}`);
  if ([...url.searchParams.keys()].length > 0) fail("no query parameters");
  const path = url.pathname.replace(/^\//, "");
  if (path !== "" && !/^\d{1,2}$/.test(path))
    fail(`an optional database number as the path (/0), got /${path}`);
  return {
    host: hostNameOf(url),
    port: url.port === "" ? 6379 : Number(url.port),
    username: url.username === "" ? undefined : decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    db: path === "" ? 0 : Number(path),
  };
}
