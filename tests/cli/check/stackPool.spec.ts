import { expect } from "chai";
import * as path from "node:path";
import { checkStacks, threadCount } from "../../../cli/check/stackPool";
import { poolData } from "../../../cli/check/stackQueue";
import { UsageError } from "../../../cli/errors";
import { SynthDocument } from "../../../cli/core/resource";

const PROJECT_DIR = path.resolve(__dirname, "..", "..", "..");

describe("cli/check/stackPool", () => {
  describe("threadCount", () => {
    it("takes one thread per idle core, never more than one per stack or four", () => {
      expect(threadCount(4, {}, 2, 0.3)).to.equal(2);
      expect(threadCount(4, {}, 2, 1.2)).to.equal(1);
      expect(threadCount(4, {}, 2, 9.5)).to.equal(1);
      expect(threadCount(1, {}, 8, 0)).to.equal(1);
      expect(threadCount(6, {}, 16, 0)).to.equal(4);
    });

    it("follows PLATFORM_CHECK_THREADS when it is a number, and ignores anything else", () => {
      expect(threadCount(4, { PLATFORM_CHECK_THREADS: "1" }, 2, 0)).to.equal(1);
      expect(threadCount(4, { PLATFORM_CHECK_THREADS: "3" }, 2, 9)).to.equal(3);
      expect(threadCount(2, { PLATFORM_CHECK_THREADS: "8" }, 2, 0)).to.equal(2);
      expect(threadCount(4, { PLATFORM_CHECK_THREADS: "0" }, 2, 0)).to.equal(2);
      expect(threadCount(4, { PLATFORM_CHECK_THREADS: "many" }, 2, 0)).to.equal(2);
    });
  });

  describe("checkStacks on the main thread", () => {
    const doc = (stack: string): SynthDocument => ({
      stack,
      resources: [
        {
          type: "aws:s3/bucket:Bucket",
          name: `${stack}-bucket`,
          urn: `urn:pulumi:${stack}::platform::aws:s3/bucket:Bucket::${stack}-bucket`,
          props: { tags: { Environment: "dev" } },
          opts: { protect: false, retainOnDelete: false, dependsOn: [] },
        },
      ],
    });

    it("returns each stack's outcome in the order of the stacks", async () => {
      const seen: string[] = [];
      const outcomes = await checkStacks(
        ["dev", "pr-7"],
        { cwd: PROJECT_DIR },
        async (stack) => {
          seen.push(stack);
          return doc(stack);
        },
        1,
      );
      expect(seen).to.deep.equal(["dev", "pr-7"]);
      expect(outcomes.map((o) => [o.stack, o.resources, o.detected, o.configFile])).to.deep.equal([
        ["dev", 1, "dev", "policy-pack/config/dev.json"],
        ["pr-7", 1, "preview", "policy-pack/config/preview.json"],
      ]);
    });

    it("raises the error of the first stack, in the stacks' order, that failed", async () => {
      const failing = (stack: string) =>
        stack === "dev"
          ? Promise.resolve(doc(stack))
          : Promise.reject(new UsageError(`bad ${stack}`));
      const e = await checkStacks(
        ["dev", "prod", "staging"],
        { cwd: PROJECT_DIR },
        failing,
        1,
      ).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e).to.be.instanceOf(UsageError);
      expect((e as Error).message).to.equal("bad prod");
    });
  });

  describe("checkStacks on a worker thread", function () {
    this.timeout(120_000);

    it("a worker takes the next stack from the shared queue, checks it with the real program, and its outcome comes back in order", async () => {
      const data = poolData(["dev", "pr-7"], { cwd: PROJECT_DIR });
      const taken = () => Atomics.load(new Int32Array(data.counter), 0);
      const onMain: string[] = [];
      const outcomes = await checkStacks(
        ["dev", "pr-7"],
        { cwd: PROJECT_DIR },
        async (stack) => {
          onMain.push(stack);
          // Hold the main thread's stack until the worker has taken the other one.
          for (let i = 0; i < 1200 && taken() < 2; i++) await new Promise((r) => setTimeout(r, 50));
          return {
            stack,
            resources: [
              {
                type: "aws:s3/bucket:Bucket",
                name: "b",
                urn: `urn:pulumi:${stack}::platform::aws:s3/bucket:Bucket::b`,
                props: { tags: { Environment: "dev" } },
              },
            ],
          };
        },
        2,
        data,
      );
      expect(onMain).to.deep.equal(["dev"]);
      expect(outcomes.map((o) => o.stack)).to.deep.equal(["dev", "pr-7"]);
      expect(outcomes[0].resources).to.equal(1);
      // pr-7 came from the worker: the real program under the worker's own mock runtime.
      expect(outcomes[1].resources).to.be.greaterThan(50);
      expect(outcomes[1].detected).to.equal("preview");
      expect(outcomes[1].configFile).to.equal("policy-pack/config/preview.json");
    });
  });
});
