import { expect } from "chai";
import { budgetName, budgetsOwnedBy } from "../../lib/budgets";

const LIMITS = { own: 250, previews: 500 };

describe("lib/budgets", () => {
  it("staging owns its budget and the one all previews share", () => {
    expect(budgetsOwnedBy("staging", LIMITS)).to.deep.equal([
      { id: "staging", environmentTag: "staging", monthlyLimitUsd: 250 },
      { id: "previews", environmentTag: "preview", monthlyLimitUsd: 500 },
    ]);
  });

  it("prod owns only its own; previews and dev own none", () => {
    expect(budgetsOwnedBy("prod", LIMITS)).to.deep.equal([
      { id: "prod", environmentTag: "prod", monthlyLimitUsd: 250 },
    ]);
    expect(budgetsOwnedBy("preview", LIMITS)).to.deep.equal([]);
    expect(budgetsOwnedBy("dev", LIMITS)).to.deep.equal([]);
  });

  it("a 0 amount creates no budget", () => {
    expect(budgetsOwnedBy("staging", { own: 0, previews: 500 }).map((s) => s.id)).to.deep.equal([
      "previews",
    ]);
  });

  it("names the budgets <project>-<env>-monthly and <project>-staging-previews-monthly", () => {
    const [own, previews] = budgetsOwnedBy("staging", LIMITS);
    const naming = { project: "platform", environment: "staging" };
    expect(budgetName(naming, own)).to.equal("platform-staging-monthly");
    expect(budgetName(naming, previews)).to.equal("platform-staging-previews-monthly");
  });
});
