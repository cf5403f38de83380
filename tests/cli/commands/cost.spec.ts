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
      "budgets",
    ]);
    expect(report.budgets).to.deep.equal([]);
    // prod deploys to eu-west-1: its table prices what could be sourced and lists the rest.
    expect(report.total).to.equal(368.42);
    expect(report.priceTable).to.equal("aws-eu-west-1 2026.11.1 (2026-11-30)");
    expect(Object.keys(report.lines[0])).to.deep.equal(["resource", "type", "monthly", "basis"]);
    expect(report.lines[0]).to.include({
      resource: "platform-web-service",
      type: "aws:ecs/service:Service",
      monthly: 108.12,
    });
    // db.m7g.large has no sourced eu-west-1 price: unpriced, not priced at us-east-1's.
    expect(report.unpriced).to.include("aws:rds/instance:Instance");
  });

  it("prints a readable report with the total, the region's table and the unpriced types", async () => {
    const r = await run(["cost", "--resources", PROD]);
    expect(r.code).to.equal(0);
    const lines = r.out.split("\n");
    expect(lines[0]).to.equal("Estimated monthly cost of stack prod: $368.42 USD");
    expect(lines[1]).to.match(
      /^Prices: eu-west-1 on-demand, table aws-eu-west-1 2026\.11\.1 \(2026-11-30\)/,
    );
    expect(r.out).to.contain(
      '  aws:rds/instance:Instance  platform-db-instance: the price table has no "rds.postgres.instanceHour" for db.m7g.large',
    );
  });

  it("refuses a stack in a region without prices: exit 2, one line", async () => {
    const r = await run([
      "cost",
      "--stack",
      "staging",
      "--config",
      "aws:region=ap-south-1",
      "--config",
      "platform:certificateArn=arn:aws:acm:ap-south-1:123456789012:certificate/00000000-0000-4000-8000-000000000001",
    ]);
    expect(r).to.deep.include({
      code: 2,
      out: "",
      err: 'unpriced region "ap-south-1": platform cost has prices for eu-west-1, us-east-1 (add pricing/aws-ap-south-1.json to price it)\n',
    });
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
