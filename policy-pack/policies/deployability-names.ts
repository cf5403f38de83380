/**
 * Deployability: physical names AWS refuses (too long, wrong characters).
 * The limits are policy-pack/data/name-limits.json, the same table
 * lib/naming.ts derives every name of the program within.
 */
import { NAME_RULES, NameRule } from "../data";
import { resourcePolicy } from "../lib/define";
import { eachKnown, Pending } from "../lib/stack";
import { inspectable, show } from "../lib/values";
import { DEPLOYABILITY } from "../lib/deployability";

const RULES_BY_TYPE = new Map<string, { kind: string; prop: string; rule: NameRule }[]>();
for (const [kind, rule] of Object.entries(NAME_RULES) as [string, NameRule][]) {
  for (const r of rule.resources) {
    const list = RULES_BY_TYPE.get(r.type) ?? [];
    list.push({ kind, prop: r.prop, rule });
    RULES_BY_TYPE.set(r.type, list);
  }
}

/** What is wrong with `name` under `rule`, or undefined. */
export function nameProblem(name: string, rule: NameRule): string | undefined {
  if (name.length > rule.maxLength)
    return `is ${name.length} characters long; AWS allows at most ${rule.maxLength}`;
  if (name.length < rule.minLength)
    return `is ${name.length} characters long; AWS needs at least ${rule.minLength}`;
  if (!new RegExp(rule.pattern, "u").test(name)) return `breaks the character rule: ${rule.rule}`;
  return undefined;
}

export const resourceNameValid = resourcePolicy({
  ...DEPLOYABILITY,
  name: "resource-name-valid",
  description:
    "Physical names fit the AWS length and character rules of their resource type (policy-pack/data/name-limits.json).",
  resourceTypes: [...RULES_BY_TYPE.keys()],
  remediation:
    "Derive the name with lib/naming.ts physicalName(), which keeps every name within its kind's limit, or shorten it by hand within the rule the message names.",
  validate: (args, report) => {
    // Every name is judged; a secret one then makes the rule "cannot be checked offline".
    const pending = new Pending();
    eachKnown(RULES_BY_TYPE.get(args.type) ?? [], pending, ({ kind, prop, rule }) => {
      const value = inspectable(args.props[prop], prop);
      if (typeof value !== "string") return;
      const problem = nameProblem(value, rule);
      if (problem) report(`${prop} ${show(value)} (${kind}) ${problem} (${rule.source})`);
    });
    pending.settle();
  },
});

export const deployabilityNamePolicies = [resourceNameValid];
