/**
 * The migrations report as text (terminal), Markdown (the PR comment, also a
 * section of `platform plan --markdown`) and its one-line reason.
 */
import { MigrationEntry, MigrationReport, unescapedFailures } from "./check";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

/** One line: the verdict, and the first problem when it failed. */
export function verdictLine(r: MigrationReport): string {
  if (!r.failed)
    return `migrations check passed against ${r.base}: ${plural(r.migrations.length, "migration")}, ${r.summary.new} new, ${plural(r.summary.escaped, "escaped finding")}`;
  const first = r.problems[0]?.message ?? "failed";
  const more = r.problems.length > 1 ? ` (and ${r.problems.length - 1} more)` : "";
  return `migrations check failed: ${first}${more}`;
}

function timingText(m: MigrationEntry): string | undefined {
  const t = m.timing;
  if (t === undefined) return undefined;
  const lock =
    t.lock !== undefined
      ? `strongest lock ${t.lock.mode} on ${t.lock.relation}`
      : "no lock on an existing table";
  const seeded =
    t.seededTables.length > 0
      ? `${t.seededRows.toLocaleString("en-US")} rows in ${t.seededTables.join(", ")}`
      : "no existing table touched";
  return `${t.ms} ms (${seeded}); ${lock}${t.slow ? " — slower than the threshold" : ""}`;
}

function rollbackText(m: MigrationEntry): string {
  const r = m.rollback;
  if (r === undefined) return "not run";
  const loss = r.dataLoss.length > 0 ? `; the down loses data: ${r.dataLoss.join(", ")}` : "";
  return `${r.restores ? "down restores the schema" : "down does NOT restore the schema"}${loss}`;
}

export function renderText(r: MigrationReport): string {
  const out: string[] = [verdictLine(r), ""];
  for (const m of r.migrations) {
    out.push(`${m.new ? "new " : ""}${m.name}${m.noTransaction ? " (no-transaction)" : ""}`);
    for (const f of m.findings)
      out.push(
        `  ${f.severity.padEnd(8)} ${f.rule.padEnd(28)} line ${f.line}: ${f.message}${f.escapedBy !== undefined ? ` [escaped: "${f.escapedBy.reason}" until ${f.escapedBy.expires}]` : ""}`,
      );
    for (const e of m.unusedEscapes)
      out.push(`  note: the escape for ${e.rule} on line ${e.line} matches no finding`);
    const t = timingText(m);
    if (t !== undefined) out.push(`  time: ${t}`);
    out.push(`  rollback: ${rollbackText(m)}`);
    for (const s of m.seedErrors) out.push(`  seed: ${s}`);
  }
  if (r.problems.length > 0) {
    out.push("", "Problems:");
    for (const p of r.problems) out.push(`  ${p.message}`);
  }
  if (r.snapshotDiff.length > 0) {
    out.push("", "Schema difference (app/schema.sql → what the migrations produce):");
    for (const d of r.snapshotDiff) out.push(`  ${d}`);
  }
  return `${out.join("\n")}\n`;
}

/** The Markdown section (heading level 3, as a part of the plan comment). */
export function renderMarkdown(r: MigrationReport): string {
  const out: string[] = [];
  const mark = r.failed ? `❌ ${plural(r.problems.length, "problem")}` : "✅ pass";
  out.push(`### Migrations — ${mark}`, "");
  out.push(
    `Checked against ${code(r.base)}: ${plural(r.migrations.length, "migration")}, ${r.summary.new} new, ${plural(r.summary.escaped, "escaped finding")}.`,
    "",
  );
  if (r.problems.length > 0) {
    for (const p of r.problems) out.push(`- ❌ ${p.message}`);
    out.push("");
  }
  if (r.snapshotDiff.length > 0) {
    out.push(
      "<details><summary>Schema difference (app/schema.sql → what the migrations produce)</summary>",
      "",
      "```diff",
      ...r.snapshotDiff.map((d) => (d.startsWith("~") ? `! ${d.slice(2)}` : d)),
      "```",
      "",
      "</details>",
      "",
    );
  }
  const fresh = r.migrations.filter((m) => m.new);
  if (fresh.length === 0) out.push("No new migration.", "");
  for (const m of fresh) {
    const failing = unescapedFailures(m).length;
    out.push(
      `#### ${code(m.name)} ${failing > 0 ? `❌ ${failing} failing` : "✅"}${m.noTransaction ? " (no-transaction)" : ""}`,
      "",
    );
    out.push("| severity | rule | line | finding | escape |", "|---|---|---|---|---|");
    for (const f of m.findings)
      out.push(
        `| ${f.severity} | ${f.rule} | ${f.line} | ${cell(f.message)} | ${
          f.escapedBy !== undefined
            ? cell(`allowed: "${f.escapedBy.reason}" until ${f.escapedBy.expires}`)
            : ""
        } |`,
      );
    out.push("");
    if (m.escapes.length > 0) {
      out.push("Escapes in force:");
      for (const e of m.escapes)
        out.push(
          `- ${code(e.rule)} (line ${e.line}): ${e.reason} — expires ${e.expires}${m.unusedEscapes.includes(e) ? " (matches no finding: remove it)" : ""}`,
        );
      out.push("");
    }
    const t = timingText(m);
    if (t !== undefined) out.push(`- Time: ${t}${m.timing?.slow === true ? " ⚠️" : ""}`);
    out.push(`- Rollback: ${rollbackText(m)}`);
    for (const s of m.seedErrors) out.push(`- Seed: ${s}`);
    out.push("");
  }
  out.push(
    "<details><summary>Rollback of every migration (up, down, up on seeded rows)</summary>",
    "",
    "| migration | down restores | data the down loses |",
    "|---|---|---|",
    ...r.migrations.map(
      (m) =>
        `| ${code(m.name)} | ${m.rollback === undefined ? "not run" : m.rollback.restores ? "✅" : "❌"} | ${cell(m.rollback?.dataLoss.join(", ") || "none")} |`,
    ),
    "",
    "</details>",
  );
  return `${out.join("\n")}\n`;
}
