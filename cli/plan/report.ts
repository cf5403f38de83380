/**
 * One report of everything the offline plan knows about a stack: the
 * synthesized graph, the policy check, the cost estimate (and its delta
 * against a base revision), the topology, and the diff against that base.
 * `renderPlanMarkdown` is the pull-request comment the preview workflow posts.
 */
import { CostReport } from "../cost/estimate";
import { toMermaid } from "../diagram/mermaid";
import { DiffReport, Entry, Change } from "../diff/diff";
import { SynthDocument } from "../core/resource";
import { isComponent, Topology } from "../topology/topology";
import { MigrationsOutcome } from "../migrations/plan";
import { renderMarkdown as renderMigrationsMarkdown, verdictLine } from "../migrations/report";
import type { WeakenedRule } from "../check/config";
import { CheckOutcome, PlanViolation } from "./check";

export interface PlanReport {
  readonly stack: string;
  readonly resources: number;
  readonly components: number;
  readonly check: CheckOutcome;
  readonly cost: CostReport;
  /** The region the stack deploys to (the prices are the table's region). */
  readonly stackRegion?: string;
  readonly priceRegion: string;
  readonly topology: Topology;
  /** With --base: the revision, its cost and the diff from it. */
  readonly base?: { readonly ref: string; readonly cost: CostReport; readonly diff: DiffReport };
  /** The migrations check (`platform migrations check`), when the checkout has app/migrations. */
  readonly migrations?: MigrationsOutcome;
}

export interface PlanInputs {
  readonly doc: SynthDocument;
  readonly check: CheckOutcome;
  readonly cost: CostReport;
  readonly stackRegion?: string;
  readonly priceRegion: string;
  readonly topology: Topology;
  readonly base?: PlanReport["base"];
  readonly migrations?: MigrationsOutcome;
}

export function buildPlan(i: PlanInputs): PlanReport {
  return {
    stack: i.doc.stack,
    resources: i.doc.resources.length,
    components: i.doc.resources.filter(isComponent).length,
    check: i.check,
    cost: i.cost,
    ...(i.stackRegion !== undefined ? { stackRegion: i.stackRegion } : {}),
    priceRegion: i.priceRegion,
    topology: i.topology,
    ...(i.base !== undefined ? { base: i.base } : {}),
    ...(i.migrations !== undefined ? { migrations: i.migrations } : {}),
  };
}

/** The plan fails (exit 1) on a mandatory violation, a critical change or a failed migrations check. */
export function planFails(p: PlanReport): boolean {
  const mandatory = p.check.status === "ran" ? p.check.result.summary.mandatory : 0;
  const migrations = p.migrations?.status === "ran" && p.migrations.report.failed;
  return mandatory > 0 || (p.base?.diff.summary.critical ?? 0) > 0 || migrations;
}

function migrationsSummary(m: MigrationsOutcome): string {
  if (m.status === "unavailable") return `⚠️ not run: ${m.reason}`;
  return `${m.report.failed ? "❌" : "✅"} ${verdictLine(m.report)}`;
}

export const money = (n: number): string =>
  `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export function signedMoney(n: number): string {
  const r = Math.round(n * 100) / 100;
  return r > 0 ? `+${money(r)}` : r < 0 ? `−${money(-r)}` : money(0);
}

/** A Markdown table cell: pipes escaped, newlines flattened. */
function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function code(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}

function weakenedSummary(c: CheckOutcome): string {
  if (c.status !== "ran") return "";
  const n = (c.result.weakened ?? []).length;
  const allowed = c.result.allowWeakened === true ? " (--allow-weakened)" : "";
  return n > 0
    ? `, ${n} rule${n === 1 ? "" : "s"} weakened by the policy config${allowed}`
    : allowed;
}

function weakenedLine(w: WeakenedRule): string {
  return `${w.policy}: ${w.from} → ${w.to} (set by "${w.by}")${w.exemptable ? "" : ", protects encryption at rest"}`;
}

function checkSummary(c: CheckOutcome): string {
  if (c.status === "unavailable") return `⚠️ not run: ${c.reason}`;
  const s = c.result.summary;
  const ex = c.result.exemptions.length;
  const tail = `${s.advisory} advisory${ex > 0 ? `, ${ex} exemption${ex === 1 ? "" : "s"} in force` : ""}${weakenedSummary(c)}`;
  return s.mandatory > 0
    ? `❌ ${s.mandatory} mandatory violation${s.mandatory === 1 ? "" : "s"}, ${tail}`
    : `✅ no mandatory violation, ${tail}`;
}

function diffSummary(d: DiffReport): string {
  const s = d.summary;
  const mark = s.critical > 0 ? "❌" : s.high > 0 ? "⚠️" : "✅";
  return `${mark} ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed — ${s.critical} critical, ${s.high} high, ${s.low} low`;
}

function regionNote(p: PlanReport): string {
  return p.stackRegion !== undefined && p.stackRegion !== p.priceRegion
    ? `${p.priceRegion} on-demand prices; the stack runs in ${p.stackRegion}`
    : `${p.priceRegion} on-demand prices`;
}

const TOP_COST_LINES = 10;

export function renderPlanMarkdown(p: PlanReport): string {
  const out: string[] = [];
  const verdict = planFails(p) ? "❌ needs attention" : "✅ ready";
  out.push(`## Platform plan for ${code(p.stack)} — ${verdict}`, "");
  out.push("| | |", "|---|---|");
  out.push(`| Resources | ${p.resources} (${p.components} components) |`);
  out.push(`| Policy check | ${cell(checkSummary(p.check))} |`);
  out.push(`| Estimated cost | **${money(p.cost.total)} / month** (${cell(regionNote(p))}) |`);
  if (p.cost.unpriced.length > 0)
    out.push(`| Unpriced types | ${cell(p.cost.unpriced.join(", "))} |`);
  if (p.base !== undefined) {
    out.push(
      `| Cost vs ${code(p.base.ref)} | ${signedMoney(p.cost.total - p.base.cost.total)} / month (${money(p.base.cost.total)} → ${money(p.cost.total)}) |`,
    );
    out.push(`| Changes vs ${code(p.base.ref)} | ${cell(diffSummary(p.base.diff))} |`);
  }
  if (p.migrations !== undefined)
    out.push(`| Migrations | ${cell(migrationsSummary(p.migrations))} |`);
  out.push("");

  out.push("### Policy violations", "");
  if (p.check.status === "unavailable") {
    out.push(`The policy check did not run: ${p.check.reason}.`);
  } else if (p.check.result.violations.length === 0) {
    out.push("None.");
  } else {
    const table = (vs: readonly PlanViolation[]) => [
      "| level | policy | resource | message |",
      "|---|---|---|---|",
      ...[...vs]
        .sort(
          (a, b) =>
            a.policy.localeCompare(b.policy) || a.resource.name.localeCompare(b.resource.name),
        )
        .map(
          (v) =>
            `| ${v.enforcementLevel} | ${cell(v.policy)} | ${cell(`${v.resource.name} (${v.resource.type})`)} | ${cell(v.message)} |`,
        ),
    ];
    const mandatory = p.check.result.violations.filter((v) => v.enforcementLevel === "mandatory");
    const advisory = p.check.result.violations.filter((v) => v.enforcementLevel !== "mandatory");
    if (mandatory.length > 0) out.push(...table(mandatory));
    if (advisory.length > 0) {
      // Advisory findings fold away so that the mandatory ones stay in sight.
      if (mandatory.length > 0) out.push("");
      out.push(
        `<details><summary>${advisory.length} advisory</summary>`,
        "",
        ...table(advisory),
        "",
        "</details>",
      );
    }
  }
  if (p.check.status === "ran" && p.check.result.exemptions.length > 0) {
    out.push("", "Exemptions in force:", "");
    for (const e of p.check.result.exemptions)
      out.push(`- ${code(e.policy)} on ${code(e.resource)} until ${e.expires}: ${e.reason}`);
  }
  if (p.check.status === "ran") {
    const weakened = p.check.result.weakened ?? [];
    if (p.check.result.allowWeakened === true)
      out.push(
        "",
        "`--allow-weakened` was given: weakening a rule that protects encryption at rest is accepted on purpose.",
      );
    if (weakened.length > 0)
      out.push(
        "",
        `<details><summary>${weakened.length} rule${weakened.length === 1 ? "" : "s"} weakened by the policy config</summary>`,
        "",
        ...weakened.map((w) => `- ${cell(weakenedLine(w))}`),
        "",
        "</details>",
      );
  }
  out.push("");

  if (p.base !== undefined) {
    out.push(`### Changes vs ${code(p.base.ref)}`, "");
    const d = p.base.diff;
    const rows: [string, Entry][] = [
      ...d.removed.map((e): [string, Entry] => ["removed", e]),
      ...d.changed.map((e): [string, Entry] => [
        (e as Change).replaces ? "replaced" : "changed",
        e,
      ]),
      ...d.added.map((e): [string, Entry] => ["added", e]),
    ];
    const rank = { critical: 0, high: 1, low: 2 } as const;
    rows.sort((a, b) => rank[a[1].severity] - rank[b[1].severity]);
    if (rows.length === 0) {
      out.push("No changes.");
    } else {
      out.push("| severity | change | resource | why |", "|---|---|---|---|");
      for (const [kind, e] of rows)
        out.push(
          `| ${e.severity} | ${kind} | ${cell(`${e.resource.name} (${e.resource.type})`)} | ${cell(e.why)} |`,
        );
    }
    out.push("");
  }

  if (p.migrations !== undefined) {
    if (p.migrations.status === "ran") out.push(renderMigrationsMarkdown(p.migrations.report));
    else out.push("### Migrations — ⚠️ not run", "", `${p.migrations.reason}.`, "");
  }

  out.push("### Top cost lines", "");
  const priced = p.cost.lines.filter((l) => l.monthly > 0);
  out.push("| monthly | resource | type | basis |", "|---:|---|---|---|");
  for (const l of priced.slice(0, TOP_COST_LINES))
    out.push(`| ${money(l.monthly)} | ${cell(l.resource)} | ${cell(l.type)} | ${cell(l.basis)} |`);
  const rest = priced.slice(TOP_COST_LINES);
  if (rest.length > 0)
    out.push(
      `| ${money(rest.reduce((s, l) => s + l.monthly, 0))} | ${rest.length} more lines | | |`,
    );
  out.push(
    "",
    `Price table ${code(p.cost.priceTable)} (asserted, not fetched); usage assumptions: ${(p.cost.assumptions.files as string[]).map(code).join(", ")}.`,
    "",
  );

  out.push("### Topology", "", "```mermaid", toMermaid(p.topology).trimEnd(), "```", "");
  out.push(
    "<sub>Generated offline by `platform plan` under Pulumi's mock runtime: no cloud API was called, so provider-side defaults, API validation and real deploy times are not covered.</sub>",
  );
  return out.join("\n") + "\n";
}

export function renderPlanText(p: PlanReport): string {
  const out = [
    `Plan for stack ${p.stack}: ${planFails(p) ? "NEEDS ATTENTION" : "ready"}`,
    `  resources:      ${p.resources} (${p.components} components)`,
    `  policy check:   ${checkSummary(p.check).replace(/^\S+ /, "")}`,
    `  estimated cost: ${money(p.cost.total)} / month (${regionNote(p)})${p.cost.unpriced.length ? `; unpriced: ${p.cost.unpriced.join(", ")}` : ""}`,
  ];
  if (p.base !== undefined) {
    out.push(`  cost vs ${p.base.ref}: ${signedMoney(p.cost.total - p.base.cost.total)} / month`);
    out.push(`  changes vs ${p.base.ref}: ${diffSummary(p.base.diff).replace(/^\S+ /, "")}`);
  }
  if (p.migrations !== undefined)
    out.push(`  migrations:     ${migrationsSummary(p.migrations).replace(/^\S+ /, "")}`);
  if (p.check.status === "ran" && p.check.result.violations.length > 0) {
    out.push("", "Violations:");
    for (const v of p.check.result.violations)
      out.push(`  ${v.enforcementLevel.padEnd(9)} ${v.policy}  ${v.resource.name}: ${v.message}`);
  }
  if (p.check.status === "ran" && (p.check.result.weakened ?? []).length > 0) {
    out.push(
      "",
      `Weakened by the policy config${p.check.result.allowWeakened === true ? " (--allow-weakened: accepted on purpose)" : ""}:`,
    );
    for (const w of p.check.result.weakened ?? []) out.push(`  ${weakenedLine(w)}`);
  }
  if (p.base !== undefined) {
    const d = p.base.diff;
    const notable = [...d.removed, ...d.changed, ...d.added].filter((e) => e.severity !== "low");
    if (notable.length > 0) {
      out.push("", "Notable changes:");
      for (const e of notable) out.push(`  ${e.severity.padEnd(8)} ${e.resource.name}: ${e.why}`);
    }
  }
  out.push("", "Top cost lines:");
  for (const l of p.cost.lines.filter((x) => x.monthly > 0).slice(0, TOP_COST_LINES))
    out.push(`  ${money(l.monthly).padStart(10)}  ${l.resource}`);
  out.push("", "Topology:", ...p.topology.links.map((l) => `  ${l.from} → ${l.to}`));
  return out.join("\n") + "\n";
}
