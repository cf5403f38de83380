import { expect } from "chai";
import { FIXTURE_PATH, run } from "../cost/support";

const PROD = FIXTURE_PATH("prod");

describe("platform cost", () => {
  it("prints the JSON report with exactly the contract's keys", async () => {
    const r = await run(["cost", "--resources", PROD, "--json"]);
    expect(r.code).to.equal(0);
    const report = JSON.parse(r.out);
    expect(Object.keys(report)).to.deep.equal([
      "currency",
      "total",
      "lines",
      "unpriced",
      "assumptions",
      "priceTable",
    ]);
    expect(report.total).to.equal(921.04);
    expect(Object.keys(report.lines[0])).to.deep.equal(["resource", "type", "monthly", "basis"]);
    expect(report.lines[0]).to.include({
      resource: "platform-db-instance",
      type: "aws:rds/instance:Instance",
      monthly: 270.78,
    });
  });

  it("prints a readable report with the total, the region caveat and the unpriced types", async () => {
    const r = await run(["cost", "--resources", PROD]);
    expect(r.code).to.equal(0);
    const lines = r.out.split("\n");
    expect(lines[0]).to.equal("Estimated monthly cost of stack prod: $921.04 USD");
    expect(lines[1]).to.contain("The stack deploys to eu-west-1: this is a us-east-1 estimate.");
    expect(r.out).to.contain("Unpriced: none");
  });

  it("exits 2 with one line when the flags are wrong or the file is bad", async () => {
    expect(await run(["cost"])).to.deep.include({
      code: 2,
      err: "platform cost: give exactly one of --stack S or --resources FILE\n",
    });
    expect(await run(["cost", "--stack", "prod", "--resources", PROD])).to.deep.include({
      code: 2,
    });
    expect(await run(["cost", "--resources", "nope.json"])).to.deep.include({
      code: 2,
      err: "--resources nope.json: cannot read the file\n",
    });
    expect(await run(["cost", "--resources", "package.json"])).to.deep.include({
      code: 2,
      err: "--resources package.json: expected a `platform synth --json` document or an array of resources\n",
    });
  });
});
