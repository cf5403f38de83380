/**
 * The framework control lists the pack's rules map to (committed JSON, each
 * with its source, version and the date it was read), and which rules cover
 * which control.
 */
import cis from "./frameworks/cis-aws-foundations-v3.0.0.json";
import fsbp from "./frameworks/aws-fsbp.json";
import soc2 from "./frameworks/soc2-tsc-2017.json";
import { FrameworkId, RuleControls } from "./mapping";

export interface Control {
  readonly id: string;
  readonly title: string;
}

export interface Framework {
  readonly id: FrameworkId;
  readonly name: string;
  readonly version: string;
  readonly source: string;
  readonly sourceRead: string;
  readonly note: string;
  readonly controls: readonly Control[];
}

export const FRAMEWORKS: readonly Framework[] = [cis, fsbp, soc2] as Framework[];

/** For each control of `framework`, the names of the rules that map to it (in the rules' order). */
export function coveringRules(
  framework: Framework,
  rules: readonly { readonly name: string; readonly controls: RuleControls }[],
): Map<string, string[]> {
  const byControl = new Map<string, string[]>(framework.controls.map((c) => [c.id, []]));
  for (const rule of rules) {
    for (const id of rule.controls[framework.id] ?? []) byControl.get(id)?.push(rule.name);
  }
  return byControl;
}
