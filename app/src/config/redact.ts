/** What a secret value is replaced with wherever it could be shown. */
export const REDACTED = "***";

/**
 * A URL with its password replaced by `***` (and its user kept), for logs and errors.
 * Strings that are not URLs come back unchanged when they hold no `@`, else fully redacted.
 */
export function redactUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return value.includes("@") ? REDACTED : value;
  }
  // "user:pass@host" parses as an opaque URL with the scheme "user:"; hide it whole.
  if (url.host === "" && value.includes("@")) return REDACTED;
  if (url.password !== "") url.password = REDACTED;
  return url.toString();
}
