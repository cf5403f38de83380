import { context, SpanKind } from "@opentelemetry/api";
import {
  ATTR_DB_COLLECTION_NAME,
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_RESPONSE_STATUS_CODE,
  ATTR_DB_SYSTEM_NAME,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  DB_SYSTEM_NAME_VALUE_POSTGRESQL,
} from "@opentelemetry/semantic-conventions";
import { childSpan, recordFailure } from "../tracing";

/** Where the queries go: the span attributes every query of a pool shares. */
export interface DatabaseTarget {
  readonly host: string | undefined;
  readonly port: number | undefined;
  readonly database: string | undefined;
}

/** The operation and table of a statement, for the span name (`SELECT files`). */
export function querySummary(text: string): { operation: string; collection: string | undefined } {
  const words = text
    .replace(/--[^\n]*/g, " ")
    .trim()
    .split(/\s+/);
  const operation = (words[0] ?? "").toUpperCase();
  const after = (keyword: string): string | undefined => {
    const i = words.findIndex((w) => w.toUpperCase() === keyword);
    const name = i >= 0 ? words[i + 1] : undefined;
    return name === undefined ? undefined : name.replace(/[^A-Za-z0-9_."]/g, "") || undefined;
  };
  const collection =
    operation === "SELECT" || operation === "DELETE"
      ? after("FROM")
      : operation === "INSERT"
        ? after("INTO")
        : operation === "UPDATE"
          ? words[1]
          : undefined;
  return { operation, collection };
}

/** pg's overloaded `query`, seen as one variadic function. */
export type QueryFn = (...args: unknown[]) => unknown;

/**
 * Wraps a pg client's `query` so each statement run inside a traced operation gets a client
 * span: `{operation} {table}` with the database semantic conventions
 * (https://opentelemetry.io/docs/specs/semconv/database/postgresql/, read 2026-11-30). The
 * statement text is recorded as written (parameters are placeholders; their values never are).
 * Handles the promise form and the callback form (pool.query uses the latter).
 */
export function traceQueries(client: { query: QueryFn }, target: DatabaseTarget): void {
  const original = client.query.bind(client) as QueryFn;
  client.query = (...args: unknown[]): unknown => {
    const first = args[0] as { text?: unknown; submit?: unknown } | string | undefined;
    if (first === undefined || first === null) return original(...args);
    if (typeof first === "object" && typeof first.submit === "function") return original(...args);
    const text = typeof first === "string" ? first : String(first.text ?? "");
    const { operation, collection } = querySummary(text);
    const started = childSpan(
      collection === undefined ? operation || "postgresql" : `${operation} ${collection}`,
      SpanKind.CLIENT,
      {
        [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE_POSTGRESQL,
        [ATTR_DB_QUERY_TEXT]: text,
        ...(operation === "" ? {} : { [ATTR_DB_OPERATION_NAME]: operation }),
        ...(collection === undefined ? {} : { [ATTR_DB_COLLECTION_NAME]: collection }),
        ...(target.database === undefined ? {} : { [ATTR_DB_NAMESPACE]: target.database }),
        ...(target.host === undefined ? {} : { [ATTR_SERVER_ADDRESS]: target.host }),
        ...(target.port === undefined ? {} : { [ATTR_SERVER_PORT]: target.port }),
      },
    );
    if (started === undefined) return original(...args);
    const { span, ctx } = started;
    const end = (err: unknown): void => {
      if (err !== undefined && err !== null) {
        const code = (err as { code?: unknown }).code;
        if (typeof code === "string") span.setAttribute(ATTR_DB_RESPONSE_STATUS_CODE, code);
        recordFailure(span, err);
      }
      span.end();
    };
    const last = args.at(-1);
    if (typeof last === "function") {
      const callback = last as (err: unknown, result: unknown) => void;
      const rest = args.slice(0, -1);
      return context.with(ctx, () =>
        original(...rest, (err: unknown, result: unknown) => {
          end(err);
          callback(err, result);
        }),
      );
    }
    const result = context.with(ctx, () => original(...args)) as Promise<unknown>;
    return result.then(
      (value) => {
        end(undefined);
        return value;
      },
      (err: unknown) => {
        end(err);
        throw err;
      },
    );
  };
}
