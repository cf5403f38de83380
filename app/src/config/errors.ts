/**
 * A configuration problem found at start-up. `problems` holds one line per variable, each
 * naming the variable, the (redacted) value and what was expected. Secret values never appear.
 */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** Formats one problem line: `NAME="value": expected …, got …`. */
export function problem(name: string, shown: string | undefined, expected: string): string {
  return shown === undefined
    ? `${name}: expected ${expected}`
    : `${name}=${JSON.stringify(shown)}: expected ${expected}`;
}
