import { ChildProcess, spawn, SpawnOptions } from "node:child_process";

/** How long a stopped process may take to exit after its stop signal before it gets SIGKILL. */
const DEFAULT_STOP_TIMEOUT_MS = 10_000;
/** How many characters of a process's output are kept for error messages. */
const OUTPUT_TAIL_CHARS = 8_000;

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills every process the harness started, synchronously: used when the test runner exits. */
export function killAllManagedProcesses(): void {
  for (const child of running) killGroup(child, "SIGKILL");
  running.clear();
}

/** Signals the child's whole process group (it leads one), so helpers it forked go too. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", killAllManagedProcesses);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      killAllManagedProcesses();
      process.kill(process.pid, signal);
    });
  }
}

export interface StartOptions {
  /** A short name used in error messages (e.g. "postgres"). */
  readonly name: string;
  /** The executable. */
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** The signal that asks the process to shut down cleanly. @default "SIGTERM" */
  readonly stopSignal?: NodeJS.Signals;
  /** Milliseconds to wait after stopSignal before SIGKILL. @default 10000 */
  readonly stopTimeoutMs?: number;
  /** Receives everything the process prints (stdout and stderr), e.g. to keep a full log. */
  readonly onOutput?: (text: string, stream: "stdout" | "stderr") => void;
}

/**
 * A child process started by a test, with its output captured (for error messages) and
 * a reliable stop: stopSignal, then SIGKILL after a timeout. Every ManagedProcess is also
 * killed when the test runner exits, so a failing suite never leaves servers behind.
 */
export class ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  private output = "";
  private readonly exited: Promise<void>;
  private readonly stopSignal: NodeJS.Signals;
  private readonly stopTimeoutMs: number;

  private constructor(options: StartOptions) {
    installExitHook();
    this.name = options.name;
    this.stopSignal = options.stopSignal ?? "SIGTERM";
    this.stopTimeoutMs = options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
    // detached: the child leads its own process group, so stop() can take its helpers down with it.
    const spawnOptions: SpawnOptions = {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    };
    this.child = spawn(options.command, [...options.args], spawnOptions);
    running.add(this.child);
    const keep =
      (stream: "stdout" | "stderr") =>
      (chunk: Buffer): void => {
        const text = chunk.toString("utf8");
        this.output = (this.output + text).slice(-OUTPUT_TAIL_CHARS);
        options.onOutput?.(text, stream);
      };
    this.child.stdout?.on("data", keep("stdout"));
    this.child.stderr?.on("data", keep("stderr"));
    this.exited = new Promise((resolve) => {
      this.child.once("exit", () => {
        // Anything the process forked and left behind (still holding our pipes) goes too.
        killGroup(this.child, "SIGKILL");
        running.delete(this.child);
        resolve();
      });
      this.child.once("error", (err) => {
        this.output += `\n[spawn error] ${err.message}`;
        running.delete(this.child);
        resolve();
      });
    });
  }

  /** Spawns the process. Use `waitUntilReady` (or the server helpers) to wait for it. */
  static start(options: StartOptions): ManagedProcess {
    return new ManagedProcess(options);
  }

  /** True while the process has not exited. */
  get isRunning(): boolean {
    return (
      this.child.exitCode === null && this.child.signalCode === null && running.has(this.child)
    );
  }

  /** The last few thousand characters the process printed (stdout and stderr interleaved). */
  get recentOutput(): string {
    return this.output;
  }

  /** The exit code, or null while running or when killed by a signal. */
  get exitCode(): number | null {
    return this.child.exitCode;
  }

  /** Resolves when the process has exited. */
  waitForExit(): Promise<void> {
    return this.exited;
  }

  /** Error describing an unexpected exit, with the process's output. */
  describeExit(): Error {
    return new Error(
      `${this.name} exited (code ${String(this.child.exitCode)}, signal ${String(this.child.signalCode)}); output:\n${this.output}`,
    );
  }

  /**
   * Stops the process: stopSignal to the process, then SIGKILL to its whole process group if it
   * is still running after the timeout. When it exits, whatever it forked is killed as well.
   * Safe to call more than once.
   */
  async stop(): Promise<void> {
    if (!this.isRunning) return this.exited;
    this.child.kill(this.stopSignal);
    const timer = setTimeout(() => {
      if (this.isRunning) killGroup(this.child, "SIGKILL");
    }, this.stopTimeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}
