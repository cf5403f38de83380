/**
 * `platform`: the project's own command. Every command but `preview` runs
 * offline, without the Pulumi CLI, cloud credentials or Docker; `preview`
 * drives the Pulumi CLI and needs it and credentials. docs/cli.md is the
 * contract: commands, flags, exit codes and JSON shapes.
 */
import { Command, Io, parseCommandArgs } from "./command";
import { UsageError } from "./errors";
import { ConfigError } from "../config/errors";

/** Commands load lazily so `--help` and one command never pay for the others. */
const COMMANDS: Readonly<Record<string, () => Command>> = {
  synth: () => require("./commands/synth").synthCommand,
  check: () => require("./commands/check").checkCommand,
  topology: () => require("./commands/topology").topologyCommand,
  cost: () => require("./commands/cost").costCommand,
  diagram: () => require("./commands/diagram").diagramCommand,
  diff: () => require("./commands/diff").diffCommand,
  plan: () => require("./commands/plan").planCommand,
  preview: () => require("./commands/preview").previewCommand,
  migrations: () => require("./commands/migrations").migrationsCommand,
  dev: () => require("./commands/dev").devCommand,
};

/** The command names, in the order `--help` lists them. */
const NAMES = Object.keys(COMMANDS);

function topLevelHelp(): string {
  const lines = NAMES.map((name) => {
    const c = COMMANDS[name]();
    return `  ${name.padEnd(10)} ${c.summary}`;
  });
  return [
    "Usage: platform <command> [options]",
    "",
    "Runs the platform program offline under Pulumi's mock runtime: no Pulumi CLI,",
    "cloud credentials or Docker needed (except `preview`, which drives the Pulumi CLI).",
    "",
    "Commands:",
    ...lines,
    "",
    "Run `platform <command> --help` for a command's options.",
    "Exit codes: 0 success, 1 the check failed, 2 bad usage or input.",
  ].join("\n");
}

export function commandHelp(c: Command): string {
  return [`Usage: ${c.usage}`, "", c.summary, "", c.help].join("\n").trimEnd();
}

/** Runs `platform` with argv (without node and script); returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      io.out(topLevelHelp() + "\n");
      return name === undefined ? 2 : 0;
    }
    const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (load === undefined) {
      throw new UsageError(
        `platform: unknown command ${JSON.stringify(name)}: expected one of ${NAMES.join(", ")}`,
      );
    }
    const command = load();
    const { values, positionals } = parseCommandArgs(command, rest);
    if (values.help === true) {
      io.out(commandHelp(command) + "\n");
      return 0;
    }
    if (positionals.length > 0 && command.positionals !== true) {
      throw new UsageError(
        `platform ${command.name}: unexpected argument ${JSON.stringify(positionals[0])}; usage: ${command.usage}`,
      );
    }
    return await command.run(values, positionals, io);
  } catch (e) {
    // synth turns the program's own RunError (a config problem) into a ConfigError.
    if (e instanceof UsageError || e instanceof ConfigError) {
      io.err(`${firstLine((e as Error).message)}\n`);
      return 2;
    }
    io.err(
      `platform ${name ?? ""}: internal error: ${firstLine(e instanceof Error ? e.message : String(e))}\n`,
    );
    if (process.env.PLATFORM_DEBUG) io.err(`${(e as Error).stack ?? ""}\n`);
    return 70;
  }
}

function firstLine(s: string): string {
  return s.split("\n")[0];
}
