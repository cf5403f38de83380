/**
 * The estimate of whole stacks, from synthesized fixtures
 * (tests/cli/cost/fixtures, see regenerate.ts there) and the repository's
 * price table and assumptions; plus one live synthesis of prod that proves
 * every type the real program creates is priced or explicitly free.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROFILES } from "../../../config/profiles";
import {
  costOfDocument,
  costOfStack,
  deepMerge,
  estimateCost,
  loadAssumptions,
  loadPriceTable,
  priceOf,
  round2,
} from "../../../cli/cost";
import { fixture } from "./support";
import { PROJECT_DIR, synth } from "../../support/mockRun";

describe("cost estimate of whole stacks", () => {
  const staging = costOfDocument(PROJECT_DIR, fixture("staging")).estimate.report;
  const prod = costOfDocument(PROJECT_DIR, fixture("prod")).estimate.report;
  const preview = costOfDocument(PROJECT_DIR, fixture("preview")).estimate.report;

  it("totals staging and prod exactly, as the sum of their lines", () => {
    expect(staging.total).to.equal(152.92);
    expect(prod.total).to.equal(921.04);
    for (const r of [staging, prod, preview]) {
      expect(r.total).to.equal(round2(r.lines.reduce((s, l) => s + l.monthly, 0)));
      expect(r.currency).to.equal("USD");
      expect(r.priceTable).to.equal("aws-us-east-1 2026.11.1 (2026-11-22)");
      expect(r.unpriced).to.deep.equal([]);
    }
  });

  it("prices prod's big items as the profile sizes them", () => {
    const line = (name: string) => prod.lines.find((l) => l.resource === name);
    expect(line("platform-db-instance")?.monthly).to.equal(270.78); // db.m7g.large Multi-AZ + 2 × 100 GB gp3 + 5 GB log exports
    expect(line("platform-cache-redis")?.monthly).to.equal(230.68); // 2 × cache.m7g.large
    expect(line("platform-web-service")?.monthly).to.equal(108.12); // 3 × (1 vCPU, 2 GB)
    expect(prod.lines.filter((l) => l.type === "aws:ec2/natGateway:NatGateway")).to.have.lengthOf(
      3,
    );
  });

  it("costs a preview less than staging, and staging less than prod", () => {
    // The real pr-7 preview: smallest sizes, staging's network through a stack reference.
    expect(preview.total).to.equal(72.05);
    expect(preview.total).to.be.below(staging.total);
    expect(staging.total).to.be.below(prod.total);
    expect(preview.assumptions.files).to.deep.equal([
      "pricing/assumptions.json",
      "pricing/assumptions.preview.json",
    ]);
  });

  it("never zeroes silently: a zero line is a listed free type or says why", () => {
    const table = loadPriceTable(PROJECT_DIR);
    const free = new Set(table.noCharge.map((n) => n.type));
    for (const l of prod.lines.filter((x) => x.monthly === 0)) {
      const listed = [...free].some((t) =>
        t.endsWith("*") ? l.type.startsWith(t.slice(0, -1)) : t === l.type,
      );
      expect(
        l.basis === "no charge" ? listed : /^no charge: |×/.test(l.basis),
        `${l.resource}: ${l.basis}`,
      ).to.equal(true);
    }
  });

  it("says the estimate uses us-east-1 prices for a stack in eu-west-1", () => {
    expect(prod.assumptions.priceRegion).to.equal(
      "us-east-1 prices stand in for eu-west-1, where the stack deploys; regional prices differ",
    );
  });

  it("lists a type the table lacks as unpriced, out of the total, with the reason", () => {
    const doc = fixture("staging");
    const extra = { type: "aws:neptune/cluster:Cluster", name: "graph", props: {} };
    const odd = {
      ...doc.resources.find((r) => r.type === "aws:rds/instance:Instance")!,
      props: { engine: "postgres", instanceClass: "db.z9.huge", allocatedStorage: 20 },
    };
    const e = estimateCost([...doc.resources, extra, odd], {
      table: loadPriceTable(PROJECT_DIR),
      assumptions: loadAssumptions(PROJECT_DIR, "staging", "staging"),
    });
    expect(e.report.unpriced).to.deep.equal([
      "aws:neptune/cluster:Cluster",
      "aws:rds/instance:Instance",
    ]);
    expect(e.report.lines.map((l) => l.resource)).to.not.include("graph");
    expect(e.details).to.deep.include({
      resource: "graph",
      type: "aws:neptune/cluster:Cluster",
      reason: "no price rule for this type and not listed as free",
    });
    expect(e.details).to.deep.include({
      resource: "platform-db-instance",
      type: "aws:rds/instance:Instance",
      reason: 'the price table has no "rds.postgres.instanceHour" for db.z9.huge',
    });
  });

  it("prices every instance class and node type the profiles use", () => {
    const table = loadPriceTable(PROJECT_DIR);
    for (const p of Object.values(PROFILES)) {
      expect(priceOf(table, "rds.postgres.instanceHour", p.database.instanceClass)).to.be.above(0);
      expect(priceOf(table, "elasticache.nodeHour", p.cache.nodeType)).to.be.above(0);
    }
  });

  it("merges assumptions base, then environment, then stack", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "assumptions-"));
    fs.mkdirSync(path.join(dir, "pricing"));
    const write = (name: string, v: unknown) =>
      fs.writeFileSync(path.join(dir, "pricing", name), JSON.stringify(v));
    write("assumptions.json", {
      s3: { storedGb: 1, putRequestsPerMonth: 2 },
      alb: { averageLcu: 1 },
    });
    write("assumptions.preview.json", { s3: { storedGb: 10 } });
    write("assumptions.pr-3.json", { alb: { averageLcu: 0.5 } });
    const a = loadAssumptions(dir, "pr-3", "preview");
    expect(a.files).to.deep.equal([
      "pricing/assumptions.json",
      "pricing/assumptions.preview.json",
      "pricing/assumptions.pr-3.json",
    ]);
    expect(a.values).to.deep.equal({
      s3: { storedGb: 10, putRequestsPerMonth: 2 },
      alb: { averageLcu: 0.5 },
    });
    expect(deepMerge({ a: [1, 2] }, { a: [3] })).to.deep.equal({ a: [3] });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("costs dev (Docker, no AWS resources) nothing", async () => {
    const dev = await costOfStack(PROJECT_DIR, "dev");
    expect(dev.estimate.report.total).to.equal(0);
    expect(dev.estimate.report.unpriced).to.deep.equal([]);
    expect(dev.estimate.report.lines.every((l) => l.monthly === 0)).to.equal(true);
  });

  it("prices every type the real prod program creates (live synthesis)", async () => {
    const live = costOfDocument(PROJECT_DIR, await synth("prod")).estimate;
    expect(live.details, JSON.stringify(live.details)).to.deep.equal([]);
    expect(live.report.total).to.be.above(0);
  });
});
