import { expect } from "chai";
import { runReadiness } from "../../../src/web/readiness";

describe("web/readiness: runReadiness", () => {
  it("is ready when every check passes", async () => {
    const report = await runReadiness(
      [
        { name: "database", check: async () => undefined },
        { name: "cache", check: async () => undefined },
      ],
      100,
    );
    expect(report.status).to.equal("ready");
    expect(report.failed).to.deep.equal([]);
    expect(Object.keys(report.checks)).to.deep.equal(["database", "cache"]);
    expect(report.checks.database?.ok).to.equal(true);
  });

  it("names the failing and the timed-out checks, aborting the slow one", async () => {
    let aborted = false;
    const report = await runReadiness(
      [
        { name: "database", check: async () => undefined },
        {
          name: "cache",
          check: async () => {
            throw new Error("connect ECONNREFUSED 127.0.0.1:6379");
          },
        },
        {
          name: "objectStore",
          check: (signal) =>
            new Promise<void>((resolve) => {
              signal.addEventListener("abort", () => {
                aborted = true;
                resolve();
              });
            }),
        },
      ],
      50,
    );
    expect(report.status).to.equal("not ready");
    expect(report.failed).to.deep.equal(["cache", "objectStore"]);
    expect(report.checks.cache).to.deep.include({
      ok: false,
      error: "connect ECONNREFUSED 127.0.0.1:6379",
    });
    expect(report.checks.objectStore).to.deep.include({
      ok: false,
      error: "timed out after 50 ms",
    });
    expect(aborted).to.equal(true);
  });
});
