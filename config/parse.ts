/**
 * Small typed parsers for raw config strings. Each returns the parsed value or
 * throws a one-line ConfigError naming the key, the value and the expectation.
 */
import { invalid } from "./errors";

export function parseInteger(key: string, raw: string, min: number, max: number): number {
  const trimmed = raw.trim();
  const value = /^-?\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw invalid(key, raw, `a whole number from ${min} to ${max}`);
  }
  return value;
}

export function parseOneOf<T extends number | string>(
  key: string,
  raw: string,
  allowed: readonly T[],
): T {
  const match = allowed.find((a) => String(a) === raw.trim());
  if (match === undefined) {
    throw invalid(key, raw, `one of ${allowed.join(", ")}`);
  }
  return match;
}

export function parseBoolean(key: string, raw: string): boolean {
  const v = raw.trim().toLowerCase();
  if (v === "true") return true;
  if (v === "false") return false;
  throw invalid(key, raw, "true or false");
}

export function parsePattern(key: string, raw: string, pattern: RegExp, expected: string): string {
  const v = raw.trim();
  if (!pattern.test(v)) {
    throw invalid(key, raw, expected);
  }
  return v;
}
