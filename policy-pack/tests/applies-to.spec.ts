import { expect } from "chai";
import { ResourceValidationArgs } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../lib/define";
import { T } from "../lib/types";
import { allPolicies } from "../policies";

/**
 * `platform check` does not call a resource rule on a type its `appliesTo`
 * refuses when the rule's config has no exemptions (cli/check/runner.ts).
 * That is only sound if such a call does nothing: no report, no promise,
 * nothing thrown. Every rule, every type token the pack knows.
 */
describe("policy pack: a rule's appliesTo", () => {
  const rules = allPolicies.filter((p): p is PlatformResourcePolicy => p.kind === "resource");
  const types = [...new Set(Object.values(T)), "platform:data:Database", "pulumi:pulumi:Stack"];

  it("every resource rule declares the types it inspects", () => {
    expect(rules.length).to.be.greaterThan(40);
    for (const p of rules) expect(typeof p.appliesTo, p.name).to.equal("function");
  });

  it("on a type it does not apply to, a rule without exemptions returns without a report", () => {
    let calls = 0;
    for (const p of rules) {
      for (const type of types.filter((t) => !p.appliesTo(t))) {
        const reports: string[] = [];
        const args = {
          type,
          name: "r",
          urn: `urn:pulumi:prod::platform::${type}::r`,
          props: {},
          opts: {},
          stackTags: new Map(),
          getConfig: () => ({ environment: "prod" }),
          notApplicable: (reason?: string) => {
            throw new Error(`notApplicable(${reason})`);
          },
          isType: () => false,
          asType: () => undefined,
        } as unknown as ResourceValidationArgs;
        const validate = p.validateResource as (
          a: ResourceValidationArgs,
          r: (m: string) => void,
        ) => unknown;
        expect(
          validate(args, (m) => reports.push(m)),
          `${p.name} on ${type}`,
        ).to.equal(undefined);
        expect(reports, `${p.name} on ${type}`).to.deep.equal([]);
        calls++;
      }
    }
    expect(calls).to.be.greaterThan(1000);
  });
});
