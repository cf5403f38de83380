/**
 * The human rendering of a check: one line per violation, the exemptions in
 * force, one summary line.
 */
import { CheckResult } from "./runner";

export interface RenderContext {
  readonly resourceCount: number;
  readonly environment?: string;
  readonly configFile?: string;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function renderCheck(result: CheckResult, ctx: RenderContext): string {
  const lines = result.violations.map(
    (v) =>
      `[${v.enforcementLevel}] ${v.policy} ${v.resource.type} ${v.resource.name}: ${v.message.replace(/\s*\n\s*/g, " ")}`,
  );
  if (result.exemptions.length > 0) {
    lines.push(`${plural(result.exemptions.length, "exemption")} in force:`);
    for (const e of result.exemptions)
      lines.push(`  ${e.policy} ${e.resource} until ${e.expires}: ${e.reason}`);
  } else {
    lines.push("no exemptions in force");
  }
  const weakened = result.weakened ?? [];
  if (weakened.length > 0) {
    lines.push(
      `${plural(weakened.length, "rule")} weakened by the policy config${result.allowWeakened === true ? " (--allow-weakened: accepted on purpose)" : ""}:`,
    );
    for (const w of weakened)
      lines.push(
        `  ${w.policy}: ${w.from} → ${w.to} (set by "${w.by}")${w.exemptable ? "" : ", protects encryption at rest"}`,
      );
  }
  const context = [
    `environment ${ctx.environment ?? "unknown"}`,
    ctx.configFile ? `policy config ${ctx.configFile}` : "no policy config (schema defaults)",
  ].join(", ");
  const verdict = result.summary.mandatory > 0 ? "FAILED" : "passed";
  lines.push(
    `check ${verdict}: ${plural(result.summary.mandatory, "mandatory violation")}, ${plural(result.summary.advisory, "advisory violation")} over ${plural(ctx.resourceCount, "resource")} (${context})`,
  );
  return lines.join("\n");
}
