import { ConfigError, problem } from "./errors";

/** Throws a one-line ConfigError naming the variable, its shown value and what was expected. */
export type Fail = (expected: string) => never;

/**
 * The `fail` of one variable: `name="shown": expected …`. `shown` is the value as it may
 * be printed: pass it through redactUrl first when the value can hold a secret.
 */
export function failFor(name: string, shown: string): Fail {
  return (expected) => {
    throw new ConfigError([problem(name, shown, expected)]);
  };
}

/** Parses `raw` as a URL; when it is none, fails with `expected`. */
export function parseUrl(raw: string, fail: Fail, expected: string): URL {
  try {
    return new URL(raw);
  } catch {
    return fail(expected);
  }
}

/** The URL's host name as a client connects to it: an IPv6 literal without its brackets. */
export function hostNameOf(url: URL): string {
  return url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
}
