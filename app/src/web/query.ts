import type { ListQuery } from "./files-repo";

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

/** Parses `GET /files?limit=&status=&before=`; returns an error message for a bad parameter. */
export function parseListQuery(
  params: URLSearchParams,
): { ok: true; query: ListQuery } | { ok: false; error: string } {
  for (const name of params.keys()) {
    if (!["limit", "status", "before"].includes(name))
      return {
        ok: false,
        error: `unknown query parameter ${name} (expected limit, status, before)`,
      };
  }
  const limitRaw = params.get("limit");
  let limit = DEFAULT_LIMIT;
  if (limitRaw !== null) {
    if (!/^\d{1,4}$/.test(limitRaw) || Number(limitRaw) < 1 || Number(limitRaw) > MAX_LIMIT) {
      return {
        ok: false,
        error: `limit must be a whole number from 1 to ${MAX_LIMIT}, got ${JSON.stringify(limitRaw)}`,
      };
    }
    limit = Number(limitRaw);
  }
  const status = params.get("status");
  if (status !== null && status !== "processed" && status !== "failed") {
    return {
      ok: false,
      error: `status must be processed or failed, got ${JSON.stringify(status)}`,
    };
  }
  const beforeRaw = params.get("before");
  const before = beforeRaw === null ? undefined : parseId(beforeRaw);
  if (beforeRaw !== null && before === undefined)
    return { ok: false, error: `before must be a file id, got ${JSON.stringify(beforeRaw)}` };
  return { ok: true, query: { limit, status: status ?? undefined, before } };
}

/** A file id: a positive integer that fits PostgreSQL's integer (ids are int-cast in the API). */
export function parseId(raw: string): number | undefined {
  if (!/^[1-9]\d{0,9}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n <= 2_147_483_647 ? n : undefined;
}
