import type { LogLevel } from "./config";

const ORDER: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Fields of a log line; values must be JSON-serialisable. */
export type LogFields = Readonly<Record<string, unknown>>;

/** A structured logger: one JSON object per line. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  readonly level?: LogLevel;
  /** Fields on every line (service, environment). */
  readonly base?: LogFields;
  /**
   * Secret values that must never appear: any occurrence in a line is replaced by `[REDACTED]`.
   * A last line of defence — code never logs secrets on purpose.
   */
  readonly secrets?: readonly string[];
  /** Where lines go. @default process.stdout */
  readonly write?: (line: string) => void;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /**
   * Fields read when each line is written, after `base` and before the call's own fields: the
   * active trace's `traceId` and `spanId` (tracing.ts). @default no fields
   */
  readonly context?: () => LogFields;
}

/** Turns an Error into plain fields (name, message, code) without its stack's noise. */
export function errorFields(err: unknown): Record<string, unknown> {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return { error: err.name, message: err.message, ...(code === undefined ? {} : { code }) };
  }
  return { error: String(err) };
}

/** Creates a JSON-lines logger. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const min = ORDER[options.level ?? "info"];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const dynamic = options.context ?? (() => ({}));
  const secrets = [...(options.secrets ?? [])]
    .filter((s) => s.length > 0)
    .sort((a, b) => b.length - a.length);
  const make = (base: LogFields): Logger => {
    const emit = (level: LogLevel, msg: string, fields?: LogFields): void => {
      if (ORDER[level] < min) return;
      let line = JSON.stringify({
        time: now().toISOString(),
        level,
        msg,
        ...base,
        ...dynamic(),
        ...fields,
      });
      for (const s of secrets) {
        const encoded = JSON.stringify(s).slice(1, -1);
        if (line.includes(encoded)) line = line.split(encoded).join("[REDACTED]");
      }
      write(line);
    };
    return {
      debug: (m, f) => emit("debug", m, f),
      info: (m, f) => emit("info", m, f),
      warn: (m, f) => emit("warn", m, f),
      error: (m, f) => emit("error", m, f),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return make(options.base ?? {});
}
