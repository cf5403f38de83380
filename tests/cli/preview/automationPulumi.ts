/**
 * A stand-in `pulumi` executable that answers the whole sequence of commands
 * the Automation API of @pulumi/pulumi 3.276.0 runs for `platform preview up`
 * and `destroy` (the real CLI is not installed here), keeping its stacks in a
 * JSON state file, and recording every call's argv and stdin, one JSON line
 * per call.
 * It proves what reaches the CLI's command line and stdin and that the
 * Automation API can parse every answer; it does not run the program, the
 * engine or a backend.
 *
 * The commands and the answers the Automation API parses, read 2026-11-30 in
 * node_modules/@pulumi/pulumi/automation (3.276.0):
 * - cmd.js `PulumiCommand.get`: `pulumi version`, parsed with semver;
 *   `PulumiCommand.run` appends `--non-interactive`; errors.js
 *   `createCommandError` recognizes a missing stack by /no stack named.*found/
 *   on stderr;
 * - localWorkspace.js `selectStack` (`stack select --stack S`), `createStack`
 *   (`stack init S`), `setAllConfig` (`config set-all --stack S [--path]
 *   --plaintext k=v…`), `stackOutputs` (`stack output --json`, then with
 *   `--show-secrets`; both parsed as JSON, a masked "[secret]" marks a secret);
 * - stack.js `up` (`up --yes --skip-preview --message … --policy-pack …
 *   --policy-pack-config … --color never --exec-kind auto.local --stack S`:
 *   its stdout goes to onOutput; no --event-log without onEvent), then
 *   `outputs()` and `info()` (`stack history --json --show-secrets
 *   --page-size 1 --page 1 --stack S`, parsed as JSON); `destroy` (`destroy
 *   --yes --skip-preview --color never --exec-kind auto.local --stack S`,
 *   then `info()`);
 * - localWorkspace.js `listStacks` (`stack ls --json`, parsed as JSON),
 *   `refreshConfig` (`config refresh --force --stack S`), `removeStack`
 *   (`stack rm --yes S`).
 * `config set KEY --stack S --secret [--path]` with the value on stdin is this
 * project's own (cli/preview/localWorkspace.ts `setSecretConfig`).
 *
 * The answers follow the CLI's source, github.com/pulumi/pulumi at
 * 1b5949891b3cefcb9974752b24a5ecef0acc86c8 (2026-08-21), read 2026-11-30:
 * - errors: "error: " + message on stderr (sdk/go/common/diag/sink.go
 *   `Stringify`), "no stack named '%s' found" (pkg/backend/backenderr/
 *   backenderr.go `StackNotFoundError`), exit code 6 (pkg/cmd/pulumi/cmd/
 *   exit_codes.go `ExitStackNotFound`);
 * - `stack init`: "Created stack '%s'" on stdout (pkg/cmd/pulumi/stack/io.go),
 *   "stack '%v' already exists" (backenderr.go `StackAlreadyExistsError`);
 * - `stack ls --json`: an array of `stackSummaryJSON` (name, current,
 *   lastUpdate, updateInProgress, resourceCount, url; pkg/cmd/pulumi/stack/
 *   stack_list.go), here as a DIY backend prints it: no url, and no
 *   updateInProgress (its SupportsProgress is false);
 * - `config refresh` of a stack without a finished update: "getting latest
 *   configuration: no previous deployment" (pkg/cmd/pulumi/config/config.go,
 *   backenderr.go `ErrNoPreviousDeployment`), exit code 1 (`ExitCodeError`);
 * - `stack rm`: "Stack '%s' has been removed!" on stdout, or the refusal of a
 *   stack that still has resources (pkg/cmd/pulumi/stack/stack_remove.go);
 * - `stack output --json`: the outputs as one JSON object, two-space indent,
 *   keys sorted, a trailing newline (pkg/cmd/pulumi/stack/stack_output.go
 *   `jsonStackOutputWriter`, pkg/cmd/pulumi/ui/json.go `FprintJSON`); a
 *   secret is "[secret]" without --show-secrets (pkg/backend/display/json.go
 *   `MassageSecrets`);
 * - `stack history --json`: an array of `updateInfoJSON` (version, kind,
 *   startTime, message, environment, config of {value, objectValue?, secret},
 *   result, endTime, resourceChanges), times as "2006-01-02T15:04:05.000Z07:00"
 *   (pkg/cmd/pulumi/stack/stack_history.go, pkg/cmd/pulumi/cmd/time.go);
 *   with --show-secrets the config's secrets in clear, as the real CLI prints
 *   them to the Automation API; `exec.kind` from pkg/backend/updates.go;
 * - `up` and `destroy`: the engine's progress display for an update that
 *   creates one resource and a destroy that deletes one, golden files of the
 *   CLI's own tests (fixtures/pulumi/TestComponentOutputs-0-0 and -4-0
 *   .progress.stdout.txt, see fixtures/pulumi/SOURCE.md), colour tags
 *   removed as under --color never; history kinds "update"/"destroy"
 *   (sdk/go/common/apitype/history.go).
 *   The stack outputs after `up` are the two a preview exports that `preview
 *   up` reads (index.ts `serviceUrl`, `preview`), computed from the config the
 *   stack was given; a real preview also exports `endpoints`, cloud values the
 *   stand-in cannot know.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { PulumiCall, readCalls } from "../../support/fakePulumi";

const FIXTURES = path.join(__dirname, "fixtures", "pulumi");
/** The engine's progress display of an update that creates one resource, and of a destroy that deletes one. */
export const PROGRESS_FIXTURES = {
  up: path.join(FIXTURES, "TestComponentOutputs-0-0.progress.stdout.txt"),
  destroy: path.join(FIXTURES, "TestComponentOutputs-4-0.progress.stdout.txt"),
} as const;

/** A golden progress display with its colour tags removed, as `--color never` prints it. */
export function progressWithoutColour(op: keyof typeof PROGRESS_FIXTURES): string {
  return fs.readFileSync(PROGRESS_FIXTURES[op], "utf8").replace(/<\{%[^%]*%\}>/g, "");
}

export interface StandInStack {
  /** Config as the CLI keeps it: key → value (objects set with --path are JSON). */
  config?: Record<string, { value: string; secret: boolean; object?: boolean }>;
  /** The outputs of the last update. */
  outputs: Record<string, unknown>;
  /** Outputs that are secrets. */
  secretOutputs?: string[];
  /** Resources in the stack's state. @default 0 */
  resourceCount?: number;
  /** Unix time (s) of the last update. @default none */
  lastUpdate?: number;
  /** Updates, newest first, as `stack history` keeps them (times in Unix seconds). @default none */
  history?: Record<string, unknown>[];
}

export type { PulumiCall };

export interface AutomationPulumi {
  /** The folder holding `pulumi`: put it first on PATH. */
  readonly dir: string;
  /** Every call, `version` included, in order. */
  calls(): PulumiCall[];
  /** The stacks as the stand-in keeps them now. */
  stacks(): Record<string, StandInStack>;
}

const SCRIPT = String.raw`
"use strict";
const fs = require("node:fs");
const [stateFile, logFile, upProgress, destroyProgress] = process.argv.slice(2, 6);
const argv = process.argv.slice(6);
const stdin = argv[0] === "config" && argv[1] === "set" ? fs.readFileSync(0, "utf8") : "";
fs.appendFileSync(logFile, JSON.stringify({ argv, stdin }) + "\n");
const state = JSON.parse(fs.readFileSync(stateFile, "utf8"));
const save = () => fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
const flag = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const fail = (message, code) => {
  process.stderr.write("error: " + message + "\n");
  process.exit(code);
};
const stackNamed = (name) => {
  const s = state.stacks[name];
  if (s === undefined) fail("no stack named '" + name + "' found", 6);
  return s;
};
// Go's encoding/json sorts map keys; FprintJSON indents by two spaces and ends with a newline.
const sorted = (v) =>
  Array.isArray(v)
    ? v.map(sorted)
    : v !== null && typeof v === "object"
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])]))
      : v;
// Maps (outputs, environment, config) come out sorted; structs keep their fields' order.
const printJson = (v) => process.stdout.write(JSON.stringify(v, null, 2) + "\n");
// "2006-01-02T15:04:05.000Z07:00" of a Unix time in seconds.
const formatTime = (seconds) => new Date(seconds * 1000).toISOString();
// pulumi config set --path: "ns:key" then ".name" / "[i]" segments.
const setConfig = (stack, raw, value, secret, usePath) => {
  stack.config = stack.config || {};
  if (!usePath) {
    stack.config[raw] = { value, secret };
    return;
  }
  const [, key, rest] = /^([^.[]+)(.*)$/.exec(raw);
  const segments = [...rest.matchAll(/\.([^.[]+)|\[(\d+)\]/g)].map((m) =>
    m[2] !== undefined ? Number(m[2]) : m[1],
  );
  const old = stack.config[key];
  let root = old && old.object ? JSON.parse(old.value) : typeof segments[0] === "number" ? [] : {};
  let node = root;
  segments.forEach((seg, i) => {
    if (i === segments.length - 1) node[seg] = value;
    else node = node[seg] = node[seg] ?? (typeof segments[i + 1] === "number" ? [] : {});
  });
  stack.config[key] = { value: JSON.stringify(root), secret: secret || (old ? old.secret : false), object: true };
};
// A finished update (or destroy) of this run, newest first as the backend keeps them.
const recordUpdate = (s, kind, started, resourceChanges) =>
  s.history.unshift({
    version: s.history.length + 1,
    kind,
    startTime: started,
    message: flag("--message") || "",
    environment: { "exec.kind": flag("--exec-kind") },
    config: s.config,
    result: "succeeded",
    endTime: Math.floor(Date.now() / 1000),
    resourceChanges,
  });
const [a, b] = argv;
if (a === "version") {
  process.stdout.write("v3.276.0\n");
} else if (a === "stack" && b === "output") {
  const s = stackNamed(flag("--stack"));
  const show = argv.includes("--show-secrets");
  const secret = s.secretOutputs || [];
  printJson(sorted(Object.fromEntries(Object.entries(s.outputs).map(([k, v]) => [k, !show && secret.includes(k) ? "[secret]" : v]))));
} else if (a === "stack" && b === "select") {
  stackNamed(flag("--stack"));
} else if (a === "stack" && b === "init") {
  const name = argv[2];
  if (state.stacks[name] !== undefined) fail("stack '" + name + "' already exists", 255);
  state.stacks[name] = { config: {}, outputs: {}, history: [], resourceCount: 0 };
  save();
  process.stdout.write("Created stack '" + name + "'\n");
} else if (a === "config" && b === "set-all") {
  const s = stackNamed(flag("--stack"));
  const usePath = argv.includes("--path");
  argv.forEach((arg, i) => {
    if (arg !== "--plaintext" && arg !== "--secret") return;
    const pair = argv[i + 1];
    const eq = pair.indexOf("=");
    setConfig(s, pair.slice(0, eq), pair.slice(eq + 1), arg === "--secret", usePath);
  });
  save();
} else if (a === "config" && b === "set" && argv.includes("--secret") && argv[3] === "--stack") {
  // No value argument: the CLI reads it from stdin and removes one trailing newline.
  const s = stackNamed(flag("--stack"));
  setConfig(s, argv[2], stdin.replace(/\r?\n$/, ""), true, argv.includes("--path"));
  save();
} else if (a === "up") {
  const name = flag("--stack");
  const s = stackNamed(name);
  const started = Math.floor(Date.now() / 1000);
  process.stdout.write(fs.readFileSync(upProgress, "utf8").replace(/<\{%[^%]*%\}>/g, ""));
  const value = (k) => (s.config["platform:" + k] || {}).value;
  const url = "https://" + name + "." + value("previewDomain");
  s.outputs = {
    serviceUrl: url,
    preview: { pullRequest: Number(name.slice(3)), expiresAt: value("expiresAt"), instance: value("previewInstance"), url },
  };
  recordUpdate(s, "update", started, { create: 1 });
  s.resourceCount = 1;
  s.lastUpdate = started;
  save();
} else if (a === "destroy") {
  const s = stackNamed(flag("--stack"));
  const started = Math.floor(Date.now() / 1000);
  process.stdout.write(fs.readFileSync(destroyProgress, "utf8").replace(/<\{%[^%]*%\}>/g, ""));
  recordUpdate(s, "destroy", started, { delete: s.resourceCount });
  s.outputs = {};
  s.resourceCount = 0;
  s.lastUpdate = started;
  save();
} else if (a === "stack" && b === "ls" && argv.includes("--json")) {
  // A DIY backend's listing: no url, no updateInProgress (SupportsProgress is false there).
  printJson(
    Object.entries(state.stacks).map(([name, s]) => ({
      name,
      current: false,
      ...(s.lastUpdate !== undefined ? { lastUpdate: formatTime(s.lastUpdate) } : {}),
      resourceCount: s.resourceCount,
    })),
  );
} else if (a === "config" && b === "refresh" && argv.includes("--force")) {
  // Only a stack without a finished update: the config of a finished one is not kept here.
  const s = stackNamed(flag("--stack"));
  if (s.history.some((u) => u.result === "succeeded")) fail("the stand-in keeps no deployed config", 255);
  fail("getting latest configuration: no previous deployment", 1);
} else if (a === "stack" && b === "rm" && argv[2] === "--yes") {
  const name = argv[3];
  const s = stackNamed(name);
  if (s.resourceCount > 0) {
    fail("'" + name + "' still has resources; removal rejected. Possible actions:\n- Make sure that '" + name + "' is the stack that you want to destroy\n- Run \`pulumi destroy\` to delete the resources, then run \`pulumi stack rm\`\n- Run \`pulumi stack rm --force\` to override this error", 1);
  }
  delete state.stacks[name];
  save();
  process.stdout.write("Stack '" + name + "' has been removed!\n");
} else if (a === "stack" && b === "history" && argv.includes("--json")) {
  const s = stackNamed(flag("--stack"));
  const show = argv.includes("--show-secrets");
  const size = Number(flag("--page-size") || "10");
  printJson(
    s.history.slice(0, size).map((u) => ({
      version: u.version,
      kind: u.kind,
      startTime: formatTime(u.startTime),
      message: u.message,
      environment: sorted(u.environment),
      config: Object.fromEntries(
        Object.entries(u.config).sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, c]) => [
          k,
          !c.secret || show
            ? { value: c.value, ...(c.object ? { objectValue: sorted(JSON.parse(c.value)) } : {}), secret: c.secret }
            : { secret: true },
        ]),
      ),
      result: u.result,
      endTime: formatTime(u.endTime),
      resourceChanges: sorted(u.resourceChanges),
    })),
  );
} else {
  fail("the stand-in pulumi does not know this command: " + argv.join(" "), 255);
}
`;

/**
 * Writes the stand-in into `dir` (created) with the given stacks: `pulumi` on
 * PATH runs SCRIPT with its state file, its log and the progress fixture.
 */
export function automationPulumi(
  dir: string,
  stacks: Record<string, StandInStack>,
): AutomationPulumi {
  fs.mkdirSync(dir, { recursive: true });
  const state = path.join(dir, "state.json");
  const log = path.join(dir, "calls.jsonl");
  const script = path.join(dir, "pulumi.js");
  const initial = Object.fromEntries(
    Object.entries(stacks).map(([name, s]) => [
      name,
      { config: {}, history: [], resourceCount: 0, ...s },
    ]),
  );
  fs.writeFileSync(state, JSON.stringify({ stacks: initial }, null, 2));
  fs.writeFileSync(script, SCRIPT);
  fs.writeFileSync(
    path.join(dir, "pulumi"),
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${[script, state, log, PROGRESS_FIXTURES.up, PROGRESS_FIXTURES.destroy].map((p) => JSON.stringify(p)).join(" ")} "$@"\n`,
    { mode: 0o755 },
  );
  return {
    dir,
    calls: () => readCalls(log),
    stacks: () =>
      (JSON.parse(fs.readFileSync(state, "utf8")) as { stacks: Record<string, StandInStack> })
        .stacks,
  };
}
