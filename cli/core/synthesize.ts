/**
 * `synthesize` runs the real program (`index.ts`) under Pulumi's mock runtime
 * with a stack's config and records every resource registration, exactly as
 * the engine would receive it, in the Resource shape of docs/cli.md.
 */
import * as path from "node:path";
import { ConfigError } from "../../config/errors";
import { Resource, SynthDocument } from "./resource";
import { plainValue } from "./convert";
import { createMocks } from "./mocks";
import { loadStackConfig } from "../synth/stackConfig";

export interface SynthOptions {
  /** The project directory (where Pulumi.yaml and index.ts are). */
  readonly cwd: string;
  /** `--config` overrides, already namespaced (`platform:owner`). */
  readonly overrides?: Record<string, string>;
}

interface Registration {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent: string;
  readonly custom: boolean;
  readonly provider: string;
  readonly props: Record<string, unknown>;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly dependsOn: string[];
  readonly propertyDependencies: Record<string, string[]>;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the monitor speaks untyped protobuf messages */
function record(req: any, urn: string): Registration {
  const propertyDeps = new Set<string>();
  const byProperty: Record<string, string[]> = {};
  const map = req.getPropertydependenciesMap?.();
  map?.forEach((deps: any, prop: string) => {
    const urns: string[] = deps.getUrnsList();
    urns.forEach((u) => propertyDeps.add(u));
    if (urns.length > 0) byProperty[prop] = [...urns].sort();
  });
  const all: string[] = req.getDependenciesList?.() ?? [];
  return {
    urn,
    type: req.getType(),
    name: req.getName(),
    parent: req.getParent?.() ?? "",
    custom: req.getCustom?.() ?? true,
    provider: req.getProvider?.() ?? "",
    props: (plainValue((req.getObject ?? req.getProperties).call(req)?.toJavaScript() ?? {}) ??
      {}) as Record<string, unknown>,
    protect: req.getProtect?.() === true,
    retainOnDelete: req.getRetainondelete?.() === true,
    dependsOn: all.filter((u) => !propertyDeps.has(u)),
    propertyDependencies: byProperty,
  };
}

function toResources(regs: Registration[]): Resource[] {
  const byUrn = new Map(regs.map((r) => [r.urn, r]));
  return regs
    .filter((r) => r.type !== "pulumi:pulumi:Stack")
    .map((r) => {
      const providerUrn = r.provider.split("::").slice(0, -1).join("::");
      const p = providerUrn ? byUrn.get(providerUrn) : undefined;
      const res: Resource = {
        type: r.type,
        name: r.name,
        urn: r.urn,
        ...(r.parent ? { parent: r.parent } : {}),
        ...(p ? { provider: { type: p.type, name: p.name, urn: p.urn, props: p.props } } : {}),
        props: r.props,
        opts: { protect: r.protect, retainOnDelete: r.retainOnDelete, dependsOn: r.dependsOn },
        ...(Object.keys(r.propertyDependencies).length > 0
          ? { propertyDependencies: r.propertyDependencies }
          : {}),
      };
      return res;
    });
}

/**
 * Where the program runs from: the compiled `dist/index.js` when the CLI itself
 * runs compiled (bin/platform.js, which keeps dist/ up to date), `index.ts`
 * when it runs as TypeScript (the tests, under tsx). The program is the same.
 */
export function programEntry(cwd: string): string {
  return COMPILED ? path.join(cwd, "dist", "index.js") : path.join(cwd, "index.ts");
}

const COMPILED = path.extname(__filename) === ".js";

/** Forgets the program's modules (its entry and its folders) so the next synth runs it afresh. */
function forgetProgram(root: string, entry: string): void {
  const dirs = PROGRAM_DIRS.map((d) => path.join(root, d) + path.sep);
  for (const id of Object.keys(require.cache)) {
    if (id === entry || dirs.some((d) => id.startsWith(d))) delete require.cache[id];
  }
}

/** The folders of the Pulumi program (everything else — the CLI, the policy pack — stays loaded). */
const PROGRAM_DIRS = ["config", "lib", "components"];

let running: Promise<unknown> = Promise.resolve();

/** Synthesizes one stack. Calls are serialized: the Pulumi runtime is process-global. */
export function synthesize(stack: string, opts: SynthOptions): Promise<SynthDocument> {
  return serialized(() => synthesizeNow(stack, opts));
}

/** Runs `fn` after every earlier mock run has finished. */
export function serialized<T>(fn: () => Promise<T>): Promise<T> {
  const next = running.then(fn);
  running = next.catch(() => undefined);
  return next;
}

async function synthesizeNow(stack: string, opts: SynthOptions): Promise<SynthDocument> {
  const cfg = loadStackConfig(opts.cwd, stack, opts.overrides ?? {});
  const resources = await runUnderMocks(
    { project: cfg.project, stack, config: cfg.values, secretKeys: cfg.secretKeys },
    () => {
      const entry = programEntry(path.resolve(opts.cwd));
      forgetProgram(path.dirname(entry), entry);
      return require(entry);
    },
  );
  return { stack, resources };
}

export interface MockRun {
  readonly project: string;
  readonly stack: string;
  /** Flat config map (`platform:owner` → value). */
  readonly config: Record<string, string>;
  readonly secretKeys?: string[];
}

/**
 * Runs `program` under Pulumi's mock runtime and returns every resource it
 * registered, in registration order. Tests use it to build one component.
 * Not re-entrant: callers go through `synthesize` or run one at a time.
 */
export async function runUnderMocks(run: MockRun, program: () => unknown): Promise<Resource[]> {
  const pulumi: typeof import("@pulumi/pulumi") = require("@pulumi/pulumi");
  const settings: any = require("@pulumi/pulumi/runtime/settings");
  const region = run.config["aws:region"] ?? "us-east-1";

  await pulumi.runtime.setMocks(createMocks(region), run.project, run.stack, false);
  pulumi.runtime.setAllConfig(run.config, run.secretKeys ?? []);

  const regs: Registration[] = [];
  const failures: Error[] = [];
  const monitor = settings.getMonitor();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: (err: any, resp: any) => void) =>
    register(req, (err: any, resp: any) => {
      if (resp) regs.push(record(req, resp.getUrn()));
      callback(err, resp);
    });
  const read = monitor.readResource.bind(monitor);
  monitor.readResource = (req: any, callback: (err: any, resp: any) => void) =>
    read(req, (err: any, resp: any) => {
      if (resp) regs.push({ ...record(req, resp.getUrn()), props: { id: req.getId() } });
      callback(err, resp);
    });

  // Pulumi captures a stack trace for every promise it makes (to report leaks)
  // and every resource (its source position); none reaches the Resource shape,
  // and synth reports errors as one line. Capturing and formatting them was a
  // third of a mock run, mapping them through source maps (tsx turns them on)
  // as much again: no frames, no source maps while the program runs
  // (PLATFORM_DEBUG keeps frames, for the stack it prints).
  // Even without frames, Node's own formatter of `error.stack` (which Pulumi
  // reads for every promise) costs more than the whole header it returns.
  const sourceMaps = process.sourceMapsEnabled;
  const traceLimit = Error.stackTraceLimit;
  const prepareStackTrace = Error.prepareStackTrace;
  process.setSourceMapsEnabled(false);
  Error.stackTraceLimit = process.env.PLATFORM_DEBUG ? 8 : 0;
  if (!process.env.PLATFORM_DEBUG) {
    Error.prepareStackTrace = (error: Error) => Error.prototype.toString.call(error);
  }
  const restoreDebugging = process.env.PLATFORM_DEBUG ? () => undefined : skipPulumiDebugging();
  const onRejection = (e: unknown) => failures.push(e instanceof Error ? e : new Error(String(e)));
  process.on("unhandledRejection", onRejection);
  const logError = pulumi.log.error;
  (pulumi.log as any).error = (msg: string) => {
    failures.push(new Error(msg));
    return Promise.resolve();
  };
  try {
    try {
      const exported = program();
      // Settle the program's exported outputs, then every outstanding registration.
      const values = pulumi.Output.isInstance(exported)
        ? [exported]
        : Object.values(exported ?? {});
      await Promise.all(
        values.map((v: any) =>
          pulumi.Output.isInstance(v) ? new Promise((resolve) => v.apply(resolve)) : v,
        ),
      );
    } catch (e) {
      throw programError(e);
    }
    let seen = -1;
    while (seen !== regs.length) {
      seen = regs.length;
      await settings.waitForRPCs();
      await new Promise((r) => setImmediate(r));
    }
    if (failures.length > 0) throw programError(failures[0]);
  } finally {
    process.off("unhandledRejection", onRejection);
    process.setSourceMapsEnabled(sourceMaps);
    Error.stackTraceLimit = traceLimit;
    Error.prepareStackTrace = prepareStackTrace;
    restoreDebugging();
    (pulumi.log as any).error = logError;
  }
  return toResources(regs);
}

/**
 * For one mock run, turns off the two records the Pulumi runtime keeps only
 * for debugging, which were most of its own time per resource: the call sites
 * of every resource (`Resource.callsites`, a whole stack captured and parsed
 * per resource: the engine's source positions, which the Resource shape does
 * not carry) and the wrapper of every promise it makes (`debuggablePromise`,
 * a stack and a leak-candidate entry per promise: `runUnderMocks` waits for
 * every registration itself). Returns what puts them back.
 */
export function skipPulumiDebugging(): () => void {
  const pulumi: typeof import("@pulumi/pulumi") = require("@pulumi/pulumi");
  const debuggable: {
    debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T>;
  } = require("@pulumi/pulumi/runtime/debuggable");
  const resource = pulumi.Resource as unknown as { callsites: () => unknown[] };
  const callsites = resource.callsites;
  const wrap = debuggable.debuggablePromise;
  resource.callsites = () => [];
  // The same two links of promise chain as the wrapper, so everything settles in the same order.
  debuggable.debuggablePromise = (p) =>
    p
      .then((v) => v)
      .catch((e) => {
        throw e;
      });
  return () => {
    resource.callsites = callsites;
    debuggable.debuggablePromise = wrap;
  };
}

/** A config problem stays one line; a program bug keeps its message. */
function programError(e: unknown): Error {
  const err = e instanceof Error ? e : new Error(String(e));
  if (
    err.name === "ConfigError" ||
    (err as any).__pulumiRunError === true ||
    err.constructor?.name === "RunError"
  ) {
    return new ConfigError(err.message.split("\n")[0]);
  }
  return err;
}
