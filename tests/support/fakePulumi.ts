/**
 * A stand-in `pulumi` executable for tests of what `platform preview` hands
 * the Pulumi CLI (the real one is not installed here). Put first on PATH, it
 * answers `version` as CLI v3.276.0 (what @pulumi/pulumi 3.276.0's
 * PulumiCommand.get runs first), records every other call's argv and — for
 * `config set` only, which reads its value from stdin when stdin is not a
 * terminal — its stdin, one JSON line per call, and answers `stack output`
 * as for a stack that does not exist. It proves what reaches the command
 * line and stdin, not how the real CLI behaves.
 *
 * The `stack output` refusal is the CLI's "no stack named '%s' found"
 * (pkg/backend/backenderr/backenderr.go `StackNotFoundError` in
 * github.com/pulumi/pulumi at 1b5949891b3cefcb9974752b24a5ecef0acc86c8,
 * 2026-08-21; read 2026-11-30).
 */
import * as fs from "node:fs";
import * as path from "node:path";

export interface PulumiCall {
  readonly argv: string[];
  /** What the call read from stdin (`config set` only; "" otherwise). */
  readonly stdin: string;
}

export interface FakePulumi {
  /** The folder holding `pulumi`: put it first on PATH. */
  readonly dir: string;
  /** The environment that makes a child find the fake and its log. */
  readonly env: Record<string, string>;
  /** The calls recorded so far (`version` excluded). */
  calls(): PulumiCall[];
}

/** Writes the fake into `dir` (created), logging to `dir/calls.jsonl`. */
export function fakePulumi(dir: string): FakePulumi {
  fs.mkdirSync(dir, { recursive: true });
  const log = path.join(dir, "calls.jsonl");
  const script = `#!${process.execPath}
"use strict";
const fs = require("node:fs");
const argv = process.argv.slice(2);
if (argv[0] === "version") {
  process.stdout.write("v3.276.0\\n");
  process.exit(0);
}
const stdin = argv[0] === "config" && argv[1] === "set" ? fs.readFileSync(0, "utf8") : "";
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ argv, stdin }) + "\\n");
if (argv[0] === "stack" && argv[1] === "output") {
  const stack = argv[argv.indexOf("--stack") + 1];
  process.stderr.write("error: no stack named '" + stack + "' found\\n");
  process.exit(255);
}
process.exit(0);
`;
  fs.writeFileSync(path.join(dir, "pulumi"), script, { mode: 0o755 });
  return {
    dir,
    env: { PATH: `${dir}${path.delimiter}${process.env.PATH ?? ""}` },
    calls: () => readCalls(log),
  };
}

/** The calls a stand-in `pulumi` logged, one JSON line each (none when it never ran). */
export function readCalls(log: string): PulumiCall[] {
  return fs.existsSync(log)
    ? fs
        .readFileSync(log, "utf8")
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l) as PulumiCall)
    : [];
}

/**
 * A project directory for `platform preview up` outside the repository:
 * Pulumi.yaml, the base stack file given, the policy pack's files and the
 * Lambda package it checks for (empty stand-ins: the run never deploys).
 */
export function previewProject(dir: string, repo: string, stagingYaml: string): string {
  fs.mkdirSync(path.join(dir, "policy-pack", "config"), { recursive: true });
  fs.copyFileSync(path.join(repo, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  fs.writeFileSync(path.join(dir, "Pulumi.staging.yaml"), stagingYaml);
  fs.writeFileSync(path.join(dir, "policy-pack", "config", "preview.json"), "{}\n");
  for (const f of ["app/dist/lambda/lambda.js", "app/dist/lambda/certs/ca-bundle.pem"]) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), "");
  }
  return dir;
}
