/**
 * The pack on programs nobody here wrote. Each truth file lists the program's
 * weaknesses, read from its source (not from the pack's output):
 * - every listed weakness is found (rule + resource, at the listed level);
 * - nothing else is raised as mandatory, except the listed false positives,
 *   which must still be raised (so fixing one fails here until the truth file
 *   drops it);
 * - a known miss is still missed: the resources where a rule catching it
 *   would report carry no finding beyond the listed ones.
 * Offline limits are part of the truth: a value the provider marks secret
 * (Glue connectionProperties) arrives as "[secret]", so its checks are
 * advisory "cannot be checked offline" here and mandatory under the engine,
 * which hands policies the real value.
 */
import { expect } from "chai";
import { corpusNames, runCorpusProgram, truthOf } from "./corpus";

describe("corpus: public-style Pulumi AWS programs", () => {
  const names = corpusNames();

  it("has at least 8 programs, each with a truth file naming it", () => {
    expect(names.length).to.be.at.least(8);
    for (const name of names) expect(truthOf(name).program).to.equal(name);
  });

  for (const name of names) {
    it(`${name}: finds every listed weakness and raises nothing else mandatory`, async () => {
      const truth = truthOf(name);
      const { resources, result } = await runCorpusProgram(name, truth.environment);
      const resourceNames = new Set(resources.map((r) => r.name));
      const found = result.violations.map(
        (v) => `${v.enforcementLevel} ${v.policy} ${v.resource.name}`,
      );
      const falsePositives = truth.knownFalsePositives ?? [];
      const knownMisses = truth.knownMisses ?? [];
      const named = [
        ...truth.weaknesses.map((w) => w.resource),
        ...falsePositives.map((f) => f.resource),
        ...knownMisses.flatMap((m) => m.resources),
      ];
      for (const resource of named) {
        expect(resourceNames.has(resource), `${name}: truth names resource ${resource}`).to.equal(
          true,
        );
      }
      for (const w of truth.weaknesses) {
        expect(found, `${name}: ${w.rule} on ${w.resource} (${w.why})`).to.include(
          `${w.level} ${w.rule} ${w.resource}`,
        );
      }
      for (const f of falsePositives) {
        expect(found, `${name}: false positive ${f.rule} on ${f.resource} is fixed`).to.include(
          `mandatory ${f.rule} ${f.resource}`,
        );
      }
      const listed = new Set([
        ...truth.weaknesses.map((w) => `${w.level} ${w.rule} ${w.resource}`),
        ...falsePositives.map((f) => `mandatory ${f.rule} ${f.resource}`),
      ]);
      const unexpected = result.violations
        .filter((v) => v.enforcementLevel === "mandatory")
        .filter((v) => !listed.has(`mandatory ${v.policy} ${v.resource.name}`))
        .map((v) => `${v.policy} ${v.resource.name}: ${v.message}`);
      expect(unexpected, `${name}: mandatory findings not in the truth file`).to.deep.equal([]);
      for (const miss of knownMisses) {
        const caught = result.violations
          .filter((v) => miss.resources.includes(v.resource.name))
          .filter((v) => !listed.has(`${v.enforcementLevel} ${v.policy} ${v.resource.name}`))
          .map((v) => `${v.enforcementLevel} ${v.policy} ${v.resource.name}: ${v.message}`);
        expect(caught, `${name}: known miss now caught? (${miss.why})`).to.deep.equal([]);
      }
    });
  }
});
