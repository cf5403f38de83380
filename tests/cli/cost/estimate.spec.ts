/**
 * The estimate of whole stacks, from synthesized fixtures
 * (tests/cli/cost/fixtures, see regenerate.ts there) and the repository's
 * price tables and assumptions; plus one live synthesis of prod that proves
 * every type the real program creates is priced or explicitly free. The rules
 * are exercised with the complete us-east-1 table; the stacks' own region
 * (eu-west-1) has its own table, where unsourced prices leave resources unpriced.
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
  loadRegionPriceTable,
  priceOf,
  pricedRegions,
  round2,
  validatePriceTable,
} from "../../../cli/cost";
import { SynthDocument } from "../../../cli/core/resource";
import { UsageError } from "../../../cli/errors";
import { fixture } from "./support";
import { PROJECT_DIR, synth } from "../../support/mockRun";

/** A document priced with the us-east-1 table (every price the rules need is there). */
function usEast1(doc: SynthDocument, environment: string) {
  return estimateCost(doc.resources, {
    table: loadPriceTable(PROJECT_DIR),
    assumptions: loadAssumptions(PROJECT_DIR, doc.stack, environment),
  }).report;
}

describe("cost estimate of whole stacks", () => {
  const staging = usEast1(fixture("staging"), "staging");
  const prod = usEast1(fixture("prod"), "prod");
  const preview = usEast1(fixture("preview"), "preview");

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

  it("says so when a caller prices a stack with another region's table", () => {
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
    const doc = await synth("prod");
    const live = estimateCost(doc.resources, {
      table: loadPriceTable(PROJECT_DIR),
      assumptions: loadAssumptions(PROJECT_DIR, "prod", "prod"),
    });
    expect(live.details, JSON.stringify(live.details)).to.deep.equal([]);
    expect(live.report.total).to.be.above(0);
  });
});

describe("cost estimate in the stack's region", () => {
  const euStaging = costOfDocument(PROJECT_DIR, fixture("staging"));
  const euPreview = costOfDocument(PROJECT_DIR, fixture("preview"));

  it("prices a stack with its own region's table: eu-west-1 for the example stacks", () => {
    expect(pricedRegions(PROJECT_DIR)).to.deep.equal(["eu-west-1", "us-east-1"]);
    expect(euStaging.table.region).to.equal("eu-west-1");
    expect(euStaging.estimate.report.priceTable).to.equal("aws-eu-west-1 2026.11.1 (2026-11-30)");
    expect(euStaging.estimate.report.assumptions.priceRegion).to.equal("eu-west-1");
    const line = (name: string) => euPreview.estimate.report.lines.find((l) => l.resource === name);
    // 730 h × $0.0252 + 0.2 LCU × 730 h × $0.008 + 2 × 730 h × $0.005
    expect(line("platform-web-alb")?.monthly).to.equal(26.86);
    expect(line("platform-web-alb")?.basis).to.equal(
      "730 h × $0.0252 + 0.2 LCU (assumed) × 730 h × $0.008 + 2 public IPv4 (one per AZ) × 730 h × $0.005",
    );
    // 730 h × $0.017 + 20 GB gp3 × $0.127 + 0.1 GB log exports × $0.57 (eu-west-1's ingestion, not us-east-1's $0.50)
    expect(line("platform-db-instance")?.monthly).to.equal(15.01);
    expect(line("platform-db-instance")?.basis).to.equal(
      "db.t4g.micro Single-AZ: 1 × 730 h × $0.017 + 1 × 20 GB gp3 × $0.127 + 0.1 GB log exports (assumed) × $0.57; automated backups up to the allocated storage are free",
    );
    expect(line("platform-web-service")?.monthly).to.equal(9.01);
  });

  it("lists what an unsourced eu-west-1 price leaves unpriced, never another region's figure", () => {
    const details = euPreview.estimate.details;
    expect(details).to.deep.include({
      resource: "platform-cache-redis",
      type: "aws:elasticache/replicationGroup:ReplicationGroup",
      reason:
        '"elasticache.nodeHour" has no sourced eu-west-1 price (the table says why: aws-eu-west-1)',
    });
    // a usage part that is unsourced is listed while the key's fixed price still counts
    expect(details).to.deep.include({
      resource: "platform-encryption-key",
      type: "aws:kms/key:Key",
      reason:
        'not priced: requests: "kms.requests.per10k" has no sourced eu-west-1 price (the table says why: aws-eu-west-1)',
    });
    expect(details.map((d) => d.resource)).to.deep.equal([
      "platform-encryption-key",
      "platform-cache-redis",
      "platform-file-processor-function",
      "platform-observability-dashboard",
    ]);
    const r = euPreview.estimate.report;
    expect(r.lines.map((l) => l.resource)).to.not.include("platform-cache-redis");
    expect(r.total).to.equal(round2(r.lines.reduce((s, l) => s + l.monthly, 0)));
  });

  it("gives every eu-west-1 price a source and a date, or says why it has none", () => {
    const t = loadRegionPriceTable(PROJECT_DIR, "eu-west-1");
    for (const [key, e] of Object.entries(t.prices)) {
      expect(e.date, key).to.equal("2026-11-30");
      expect(e.source, key).to.match(
        /^https:\/\/(aws\.amazon\.com|pricing\.us-east-1\.amazonaws\.com)\//,
      );
      expect(
        typeof e.usd === "number" || e.usdBy !== undefined || typeof e.unsourced === "string",
        key,
      ).to.equal(true);
    }
    expect(Object.keys(t.prices).sort()).to.deep.equal(
      Object.keys(loadPriceTable(PROJECT_DIR).prices).sort(),
    );
  });

  it("refuses a region without a table in one line, naming the priced regions", () => {
    const doc = fixture("staging");
    const moved: SynthDocument = {
      ...doc,
      resources: doc.resources.map((r) =>
        r.provider?.props?.region === "eu-west-1"
          ? {
              ...r,
              provider: { ...r.provider, props: { ...r.provider.props, region: "ap-south-1" } },
            }
          : r,
      ),
    };
    expect(() => costOfDocument(PROJECT_DIR, moved))
      .to.throw(UsageError)
      .with.property(
        "message",
        'unpriced region "ap-south-1": platform cost has prices for eu-west-1, us-east-1 (add pricing/aws-ap-south-1.json to price it)',
      );
  });

  it("accepts an unsourced entry only without a price, and refuses one with neither", () => {
    const base = {
      name: "t",
      version: "1",
      date: "2026-11-30",
      region: "eu-west-1",
      currency: "USD",
      hoursPerMonth: 730,
      noCharge: [],
    };
    const entry = { unit: "u", source: "https://aws.amazon.com/x/", date: "2026-11-30" };
    const ok = validatePriceTable(
      { ...base, prices: { a: { ...entry, unsourced: "no extract found" } } },
      "t.json",
    );
    expect(() => priceOf(ok, "a")).to.throw(
      '"a" has no sourced eu-west-1 price (the table says why: t)',
    );
    expect(() => validatePriceTable({ ...base, prices: { a: entry } }, "t.json")).to.throw(
      'price table t.json: price "a" needs usd (or usdBy, or unsourced with the reason), an https source and a YYYY-MM-DD date',
    );
  });
});
