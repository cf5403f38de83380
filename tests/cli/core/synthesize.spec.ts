import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { runUnderMocks, skipPulumiDebugging } from "../../../cli/core/synthesize";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
  debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T>;
};
const resource = pulumi.Resource as unknown as { callsites: () => unknown[] };

class Thing extends pulumi.CustomResource {
  constructor(name: string) {
    super("test:index:Thing", name, { a: 1 });
  }
}

describe("cli/core/synthesize: Pulumi's debugging records under the mock runtime", () => {
  it("skips the call sites and the promise wrapper for one run, then puts both back", async () => {
    const callsites = resource.callsites;
    const wrap = debuggable.debuggablePromise;
    expect(callsites().length).to.be.greaterThan(0); // the real one reads this very stack

    const restore = skipPulumiDebugging();
    expect(resource.callsites()).to.deep.equal([]);
    expect(debuggable.debuggablePromise).not.to.equal(wrap);
    // Still a promise of the same value, and a rejection still rejects.
    expect(await debuggable.debuggablePromise(Promise.resolve(7), "ctx")).to.equal(7);
    const failed = await debuggable.debuggablePromise(Promise.reject(new Error("no")), "ctx").then(
      () => "resolved",
      (e: Error) => e.message,
    );
    expect(failed).to.equal("no");

    restore();
    expect(resource.callsites).to.equal(callsites);
    expect(debuggable.debuggablePromise).to.equal(wrap);
  });

  it("a mock run leaves Pulumi's runtime as it found it, and its Error formatting too", async () => {
    const callsites = resource.callsites;
    const wrap = debuggable.debuggablePromise;
    const prepare = Error.prepareStackTrace;
    const limit = Error.stackTraceLimit;
    let during: unknown[] | undefined;
    const resources = await runUnderMocks({ project: "p", stack: "s", config: {} }, () => {
      during = resource.callsites();
      return { bucket: new Thing("thing").urn };
    });
    expect(during).to.deep.equal([]);
    expect(resources.map((r) => [r.type, r.name, r.props])).to.deep.equal([
      ["test:index:Thing", "thing", { a: 1 }],
    ]);
    expect(resource.callsites).to.equal(callsites);
    expect(debuggable.debuggablePromise).to.equal(wrap);
    expect(Error.prepareStackTrace).to.equal(prepare);
    expect(Error.stackTraceLimit).to.equal(limit);
  });
});
