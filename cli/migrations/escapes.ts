/**
 * The audited escape hatch: a comment in a migration,
 *
 *   -- migration-check: allow <rule> reason="…" expires=YYYY-MM-DD
 *
 * lets that migration's findings of <rule> pass until the end of the expiry
 * day. Every escape is listed in the report; one without a reason or expiry,
 * past its expiry or naming an unknown rule is itself a failure.
 */
import { ruleById } from "./rules";

export interface Escape {
  readonly rule: string;
  readonly reason: string;
  readonly expires: string;
  readonly line: number;
}

export interface EscapeProblem {
  readonly line: number;
  readonly message: string;
}

const MARKER = /^\s*--\s*migration-check:(.*)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(s: string): boolean {
  const m = DATE.exec(s);
  if (m === null) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * Reads every escape comment of `sql`. `today` is YYYY-MM-DD (UTC); an escape
 * expiring today is still in force.
 */
export function readEscapes(
  sql: string,
  today: string,
): { escapes: Escape[]; problems: EscapeProblem[] } {
  const escapes: Escape[] = [];
  const problems: EscapeProblem[] = [];
  sql.split("\n").forEach((text, i) => {
    const line = i + 1;
    const m = MARKER.exec(text);
    if (m === null) return;
    const body = (m[1] ?? "").trim();
    const allow = /^allow\s+([A-Za-z0-9_-]+)(.*)$/.exec(body);
    if (allow === null) {
      problems.push({
        line,
        message: `escape is not of the form: -- migration-check: allow <rule> reason="…" expires=YYYY-MM-DD`,
      });
      return;
    }
    const rule = allow[1] as string;
    const rest = allow[2] ?? "";
    const reason = /reason="([^"]*)"/.exec(rest)?.[1]?.trim() ?? "";
    const expires = /expires=(\S+)/.exec(rest)?.[1] ?? "";
    const known = ruleById(rule);
    if (known === undefined) {
      problems.push({
        line,
        message: `escape names ${rule}, which is not a rule that can be escaped (see docs/migrations.md)`,
      });
      return;
    }
    if (reason === "") {
      problems.push({ line, message: `escape for ${rule} has no reason="…"` });
      return;
    }
    if (expires === "") {
      problems.push({ line, message: `escape for ${rule} has no expires=YYYY-MM-DD` });
      return;
    }
    if (!validDate(expires)) {
      problems.push({
        line,
        message: `escape for ${rule}: expires=${expires} is not a date (expected YYYY-MM-DD)`,
      });
      return;
    }
    if (expires < today) {
      problems.push({ line, message: `escape for ${rule} expired on ${expires}` });
      return;
    }
    escapes.push({ rule, reason, expires, line });
  });
  return { escapes, problems };
}
