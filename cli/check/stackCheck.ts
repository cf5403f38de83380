/**
 * One stack of `platform check --stack all`: the program synthesized under the
 * mock runtime, then the pack run over its resources with the environment's
 * policy config. The main thread and the worker threads of ./stackPool.ts
 * run it alike, so a stack's result does not depend on where it ran.
 */
import { SynthDocument } from "../core/resource";
import { policyCheck, PolicyConfigFlag } from "./policyCheck";
import { CheckResult } from "./runner";

export interface StackCheckOptions {
  /** The project directory. */
  readonly cwd: string;
  /** `--policy-config FILE`; default: the environment's committed config. */
  readonly config?: PolicyConfigFlag;
  /** `--allow-weakened`. @default false */
  readonly allowWeakened?: boolean;
}

/** What one stack's check gives `check --stack all` (plain data: it crosses threads). */
export interface StackOutcome {
  readonly stack: string;
  /** How many resources the program registered. */
  readonly resources: number;
  /** The environment as detected (also one the pack does not know). */
  readonly detected?: string;
  /** The policy config used, as shown in the summary (absent for the schema defaults). */
  readonly configFile?: string;
  readonly result: CheckResult;
}

/** Synthesizes `stack` with `synthesize` and checks its resources. */
export async function checkStack(
  stack: string,
  opts: StackCheckOptions,
  synthesize: (stack: string, opts: { cwd: string }) => Promise<SynthDocument>,
): Promise<StackOutcome> {
  const doc = await synthesize(stack, { cwd: opts.cwd });
  const c = await policyCheck(doc.resources, {
    cwd: opts.cwd,
    stackName: doc.stack,
    config: opts.config,
    allowWeakened: opts.allowWeakened === true,
  });
  return {
    stack: doc.stack,
    resources: doc.resources.length,
    ...(c.detected !== undefined ? { detected: c.detected } : {}),
    ...(c.configFile !== undefined ? { configFile: c.configFile } : {}),
    result: c.result,
  };
}
