/**
 * `platform check --report compliance`: the policy check of one stack seen
 * per framework control (policy-pack/compliance): the rules that cover each
 * control, whether they passed on this stack, the exemptions in force with
 * their reasons, and the controls no rule covers (listed, not hidden).
 *
 * Statuses. A rule fails when it reported a violation on the stack (at any
 * level), is disabled when the stack's policy config turns it off, else
 * passes. A control fails when one of its rules fails, is "not-checked" when
 * all its rules are disabled, "not-covered" when no rule maps to it, else
 * passes. A pass is evidence about the resources of this stack only, never
 * about the whole account.
 */
import { coveringRules, Framework, FRAMEWORKS } from "../../policy-pack/compliance/frameworks";
import { PlatformPolicy } from "../../policy-pack/lib/define";
import { CheckResult, ExemptionInForce } from "./runner";

export type RuleStatus = "pass" | "fail" | "disabled";
export type ControlStatus = "pass" | "fail" | "not-checked" | "not-covered";

export interface ControlReport {
  readonly id: string;
  readonly title: string;
  readonly status: ControlStatus;
  readonly rules: {
    readonly name: string;
    readonly status: RuleStatus;
    readonly violations: number;
  }[];
  readonly exemptions: ExemptionInForce[];
}

export interface FrameworkReport {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly source: string;
  readonly summary: Readonly<Record<ControlStatus, number>> & { readonly controls: number };
  readonly controls: ControlReport[];
}

export interface ComplianceReport {
  readonly stack: string | null;
  readonly environment: string | null;
  readonly policyConfig: string | null;
  readonly frameworks: FrameworkReport[];
}

export interface ComplianceContext {
  readonly stack?: string;
  readonly environment?: string;
  readonly policyConfig?: string;
  /** Whether the stack's policy config disables the rule. */
  readonly disabled: (rule: string) => boolean;
}

function frameworkReport(
  framework: Framework,
  policies: readonly PlatformPolicy[],
  result: CheckResult,
  ctx: ComplianceContext,
): FrameworkReport {
  const covering = coveringRules(framework, policies);
  const violations = (rule: string) => result.violations.filter((v) => v.policy === rule).length;
  const controls = framework.controls.map((c): ControlReport => {
    const rules = (covering.get(c.id) ?? []).map((name) => {
      const n = violations(name);
      const status: RuleStatus = ctx.disabled(name) ? "disabled" : n > 0 ? "fail" : "pass";
      return { name, status, violations: n };
    });
    const status: ControlStatus =
      rules.length === 0
        ? "not-covered"
        : rules.some((r) => r.status === "fail")
          ? "fail"
          : rules.every((r) => r.status === "disabled")
            ? "not-checked"
            : "pass";
    const names = new Set(rules.map((r) => r.name));
    return {
      id: c.id,
      title: c.title,
      status,
      rules,
      exemptions: result.exemptions.filter((e) => names.has(e.policy)),
    };
  });
  const count = (s: ControlStatus) => controls.filter((c) => c.status === s).length;
  return {
    id: framework.id,
    name: framework.name,
    version: framework.version,
    source: framework.source,
    summary: {
      controls: controls.length,
      pass: count("pass"),
      fail: count("fail"),
      "not-checked": count("not-checked"),
      "not-covered": count("not-covered"),
    },
    controls,
  };
}

/** The compliance view of one stack's check result. */
export function complianceReport(
  result: CheckResult,
  policies: readonly PlatformPolicy[],
  ctx: ComplianceContext,
): ComplianceReport {
  return {
    stack: ctx.stack ?? null,
    environment: ctx.environment ?? null,
    policyConfig: ctx.policyConfig ?? null,
    frameworks: FRAMEWORKS.map((f) => frameworkReport(f, policies, result, ctx)),
  };
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The report as Markdown: per framework a summary line and one table row per control. */
export function renderComplianceMarkdown(report: ComplianceReport): string {
  const out = [
    `# Compliance report: stack ${report.stack ?? "(resources file)"}`,
    "",
    `Environment ${report.environment ?? "unknown"}, policy config ${report.policyConfig ?? "(schema defaults)"}.`,
    "A pass is evidence about this stack's resources only, never about the whole account.",
  ];
  for (const f of report.frameworks) {
    const s = f.summary;
    out.push(
      "",
      `## ${f.name} ${f.version}`,
      "",
      `Source: <${f.source}>. ${s.controls} controls: ${s.pass} pass, ${s.fail} fail, ${s["not-checked"]} not checked (their rules are disabled here), ${s["not-covered"]} not covered by any rule.`,
      "",
      "| Control | Title | Status | Rules | Exemptions |",
      "| --- | --- | --- | --- | --- |",
    );
    for (const c of f.controls) {
      const rules =
        c.rules.length === 0
          ? "none"
          : c.rules
              .map(
                (r) => `\`${r.name}\` ${r.status}${r.violations > 0 ? ` (${r.violations})` : ""}`,
              )
              .join(", ");
      const exemptions =
        c.exemptions.length === 0
          ? ""
          : c.exemptions
              .map((e) => `${e.policy} on ${e.resource} until ${e.expires}: ${e.reason}`)
              .join("; ");
      out.push(
        `| ${cell(c.id)} | ${cell(c.title)} | ${c.status} | ${cell(rules)} | ${cell(exemptions)} |`,
      );
    }
  }
  return out.join("\n");
}
