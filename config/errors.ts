/**
 * A configuration problem, phrased as one line that names the key, the value
 * and what was expected. The program turns it into a `pulumi.RunError` (no
 * stack trace under the Pulumi CLI); `platform` prints it and exits 2.
 */
export class ConfigError extends Error {
  /**
   * @param key The key at fault, when the message is `key must be expected, got "value"`.
   * @param value The value the message echoes.
   * @param expected What the key must be.
   */
  constructor(
    message: string,
    readonly key?: string,
    readonly value?: string,
    readonly expected?: string,
  ) {
    super(message);
    this.name = "ConfigError";
  }
}

/** `platform:foo` must be …, got "bar" */
export function invalid(key: string, value: string, expected: string): ConfigError {
  return new ConfigError(
    `${key} must be ${expected}, got ${JSON.stringify(value)}`,
    key,
    value,
    expected,
  );
}
