/**
 * `platform diff (--stack S --base GITREF | --from A.json --to B.json) [--json] [--allow-critical]`
 */
import { Command, stringFlag } from "../command";
import { synthesizeAtRef } from "../diff/base";
import { diffDocuments, renderDiff } from "../diff/diff";
import { readSynthDocument } from "../core/document";
import { UsageError } from "../errors";
import { SynthDocument } from "../core/resource";
import { synthesize } from "../core/synthesize";

export interface DiffDeps {
  /** Synthesizes the stack of this checkout. */
  readonly synthesize: (stack: string, cwd: string) => Promise<SynthDocument>;
  /** Synthesizes the stack at a git revision. */
  readonly synthesizeAtRef: (cwd: string, ref: string, stack: string) => Promise<SynthDocument>;
}

const DEFAULT_DEPS: DiffDeps = {
  synthesize: (stack, cwd) => synthesize(stack, { cwd }),
  synthesizeAtRef: (cwd, ref, stack) => synthesizeAtRef(cwd, ref, stack),
};

/** The two documents a diff compares, from --from/--to or from --stack/--base. */
export async function diffInputs(
  values: Record<string, unknown>,
  cwd: string,
  command: string,
  deps: DiffDeps = DEFAULT_DEPS,
  workdir: string = process.cwd(),
): Promise<{ before: SynthDocument; after: SynthDocument; label: string }> {
  const v = values as Record<string, string | boolean | string[] | undefined>;
  const from = stringFlag(v, "from", command);
  const to = stringFlag(v, "to", command);
  const stack = stringFlag(v, "stack", command);
  const base = stringFlag(v, "base", command);
  if (from !== undefined || to !== undefined) {
    if (from === undefined || to === undefined || stack !== undefined || base !== undefined) {
      throw new UsageError(
        `platform ${command}: give --from A.json --to B.json together, or --stack S --base GITREF`,
      );
    }
    return {
      before: readSynthDocument(workdir, from, "--from"),
      after: readSynthDocument(workdir, to, "--to"),
      label: `${from} → ${to}`,
    };
  }
  if (stack === undefined || base === undefined) {
    throw new UsageError(
      `platform ${command}: give --stack S --base GITREF, or --from A.json --to B.json`,
    );
  }
  const before = await deps.synthesizeAtRef(cwd, base, stack);
  const after = await deps.synthesize(stack, cwd);
  return { before, after, label: `${stack}: ${base} → working tree` };
}

export function makeDiffCommand(deps: DiffDeps = DEFAULT_DEPS): Command {
  return {
    name: "diff",
    summary:
      "Compare two desired states: added, removed and changed resources, replacements, and a severity for each.",
    usage:
      "platform diff (--stack S --base GITREF | --from A.json --to B.json) [--json] [--allow-critical]",
    help: [
      "Options:",
      "  --stack S --base GITREF   synthesize S at GITREF (in a temporary git worktree) and in this checkout",
      "  --from A.json --to B.json compare two `platform synth --json` documents (or arrays of resources)",
      "  --json                    print { added, removed, changed: [{ resource, inputs, replaces, severity, why }], summary }",
      "  --allow-critical          exit 0 even when a change is critical",
      "",
      "Severity: critical when a stateful resource (database, cache, bucket, key, secret, log group, vault, queue)",
      "is deleted or replaced, or encryption, TLS or public exposure is loosened; high for other replacements and",
      "access-control changes (security groups, IAM, bucket policies, keys); low otherwise.",
      "Exit 1 on any critical change unless --allow-critical.",
    ].join("\n"),
    options: {
      stack: { type: "string" },
      base: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      json: { type: "boolean" },
      "allow-critical": { type: "boolean" },
    },
    async run(values, _positionals, io) {
      const { before, after, label } = await diffInputs(values, io.cwd, "diff", deps, io.workdir);
      const report = diffDocuments(before, after);
      io.out(
        (values.json === true ? JSON.stringify(report, null, 2) : renderDiff(label, report)) + "\n",
      );
      if (report.summary.critical > 0 && values["allow-critical"] !== true) {
        if (values.json !== true)
          io.err(
            `platform diff: ${report.summary.critical} critical change(s); pass --allow-critical to accept them\n`,
          );
        return 1;
      }
      return 0;
    },
  };
}

export const diffCommand: Command = makeDiffCommand();
