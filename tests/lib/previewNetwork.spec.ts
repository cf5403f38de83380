/** lib/previewNetwork.ts: previews share only a staging network (issue 16, point 2). */
import { expect } from "chai";
import { previewNetworkEnvironmentProblem } from "../../lib/previewNetwork";
import { mockEnvironment } from "../../cli/core/mocks";

describe("lib/previewNetwork", () => {
  it("accepts staging and names every other environment it refuses", () => {
    expect(previewNetworkEnvironmentProblem("staging", "acme/platform/staging")).to.equal(
      undefined,
    );
    for (const env of ["prod", "preview", "dev", 7]) {
      expect(previewNetworkEnvironmentProblem(env, "s"), String(env)).to.equal(
        `the network output of stack s belongs to environment ${JSON.stringify(env)}: previews share only a staging network; set platform:networkStack to your staging stack`,
      );
    }
    for (const missing of [undefined, null, ""]) {
      expect(previewNetworkEnvironmentProblem(missing, "s")).to.match(
        /^the network output of stack s does not say which environment it belongs to: update s /,
      );
    }
  });

  it("synth's mock stack reference exports the environment a stack's name fixes, else staging", () => {
    expect(["staging", "prod", "dev", "pr-12", "qa"].map(mockEnvironment)).to.deep.equal([
      "staging",
      "prod",
      "dev",
      "preview",
      "staging",
    ]);
  });
});
