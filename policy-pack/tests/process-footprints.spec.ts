/**
 * data/process-footprints.json is measured, not read from a document: this
 * spec measures again (scripts/measure-footprints.ts: the dev stack's real
 * Node.js health check against the real notification sink) and fails when
 * the recorded figures are more than 30 % off, so they can't drift into
 * invention. The figures stand for the Node.js the dev image pins; the test
 * runs the Node.js of the test run (24 in CI), so it bounds, not repeats, them.
 */
import { expect } from "chai";
import { PROCESS_FOOTPRINTS } from "../data";
import { measureNodeFootprint } from "../../scripts/measure-footprints";

describe("data/process-footprints.json", () => {
  it("records the Node.js health check's and server's memory within 30 % of a fresh measurement", async function () {
    this.timeout(30_000);
    const measured = await measureNodeFootprint(2);
    const recorded = PROCESS_FOOTPRINTS.node;
    const within = (actual: number, figure: number) => Math.abs(actual - figure) / figure <= 0.3;
    expect(
      within(measured.healthcheckPeakMiB, recorded.healthcheckPeakMiB),
      `health check measured ${measured.healthcheckPeakMiB.toFixed(1)} MiB, recorded ${recorded.healthcheckPeakMiB}`,
    ).to.equal(true);
    expect(
      within(measured.serverMiB, recorded.serverMiB),
      `server measured ${measured.serverMiB.toFixed(1)} MiB, recorded ${recorded.serverMiB}`,
    ).to.equal(true);
  });
});
