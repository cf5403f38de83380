/**
 * What every `platform` sub-command provides. `run` returns the exit code:
 * 0 success, 1 the thing checked failed, 2 bad usage (throw UsageError).
 */
import * as path from "node:path";
import { parseArgs } from "node:util";
import { UsageError } from "./errors";

export interface Io {
  /** Writes to stdout (caller adds newlines). */
  readonly out: (text: string) => void;
  /** Writes to stderr (caller adds newlines). */
  readonly err: (text: string) => void;
  /** The project directory (where Pulumi.yaml is). */
  readonly cwd: string;
  /**
   * The user's current directory: relative file arguments (`--resources`,
   * `--from`, `--to`, `--policy-config`) resolve against it, as in every CLI.
   * @default process.cwd()
   */
  readonly workdir?: string;
}

/** A file argument as the user meant it: relative to their current directory. */
export function userPath(io: Io, file: string): string {
  return path.resolve(io.workdir ?? process.cwd(), file);
}

export type OptionSpec = Readonly<
  Record<
    string,
    { readonly type: "string" | "boolean"; readonly multiple?: boolean; readonly short?: string }
  >
>;

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Usage lines shown by `--help`, e.g. `platform synth --stack S [--json]`. */
  readonly usage: string;
  /** Explanations of each option, shown by `--help`. */
  readonly help: string;
  readonly options: OptionSpec;
  /** Whether the command reads positional arguments itself (e.g. `preview up`); otherwise any is refused. @default false */
  readonly positionals?: boolean;
  readonly run: (values: ParsedValues, positionals: string[], io: Io) => Promise<number>;
}

export type ParsedValues = Record<string, string | boolean | string[] | undefined>;

/** Parses argv against a command's options; unknown or malformed flags become a UsageError. */
export function parseCommandArgs(
  command: Pick<Command, "name" | "options">,
  argv: string[],
): { values: ParsedValues; positionals: string[] } {
  try {
    const { values, positionals, tokens } = parseArgs({
      args: argv,
      options: { ...command.options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
    // parseArgs keeps the last of a repeated single-valued flag; a repeat is a mistake, never a choice.
    const seen = new Set<string>();
    for (const t of tokens) {
      if (t.kind !== "option" || command.options[t.name]?.multiple === true) continue;
      if (seen.has(t.name)) {
        throw new UsageError(
          `platform ${command.name}: --${t.name} is given more than once; give it once`,
        );
      }
      seen.add(t.name);
    }
    return { values: values as ParsedValues, positionals };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const msg = (e as Error).message.split("\n")[0].replace(/\. To specify a positional.*$/, "");
    throw new UsageError(`platform ${command.name}: ${msg}`);
  }
}

export function stringFlag(
  values: ParsedValues,
  name: string,
  command: string,
): string | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  if (typeof v !== "string" || v.trim() === "") {
    throw new UsageError(`platform ${command}: --${name} needs a value`);
  }
  return v;
}

export function requireFlag(
  values: ParsedValues,
  name: string,
  command: string,
  expected: string,
): string {
  const v = stringFlag(values, name, command);
  if (v === undefined) {
    throw new UsageError(`platform ${command}: --${name} is required (${expected})`);
  }
  return v;
}
