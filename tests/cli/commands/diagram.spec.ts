import { expect } from "chai";
import { FIXTURE_PATH, run } from "../cost/support";

const PROD = FIXTURE_PATH("prod");

describe("platform diagram (command)", () => {
  it("prints the stack's topology as Mermaid, one subgraph per tier", async () => {
    const r = await run(["diagram", "--resources", PROD]);
    expect(r.code).to.equal(0);
    const lines = r.out.split("\n");
    expect(lines[0]).to.equal("flowchart LR");
    expect(lines.filter((l) => l.startsWith("  subgraph "))).to.deep.equal([
      '  subgraph edge_app["edge / app"]',
      '  subgraph data["data"]',
      '  subgraph security["security"]',
      '  subgraph ops["ops"]',
    ]);
    expect(lines).to.include("  platform_web --> platform_db");
  });

  it("exits 2 naming the flag on a bad format or direction", async () => {
    expect(await run(["diagram", "--resources", PROD, "--format", "png"])).to.deep.include({
      code: 2,
      err: 'platform diagram: --format must be mermaid or svg, got "png"\n',
    });
    expect(await run(["diagram", "--resources", PROD, "--direction", "RL"])).to.deep.include({
      code: 2,
      err: 'platform diagram: --direction must be LR or TB, got "RL"\n',
    });
    expect(await run(["diagram"])).to.deep.include({
      code: 2,
      err: "platform diagram: give exactly one of --stack S or --resources FILE\n",
    });
  });
});
