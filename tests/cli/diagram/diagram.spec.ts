import { expect } from "chai";
import { COMPONENT_TYPES } from "../../../components/contracts";
import { nodeId, OTHER_TIER, tierOf, toMermaid } from "../../../cli/diagram/mermaid";
import { evaluateColor, mermaidToSvg } from "../../../cli/diagram/svg";
import { Topology } from "../../../cli/topology/topology";

const SMALL: Topology = {
  components: [
    { kind: "Database", name: "p-db" },
    { kind: "Encryption", name: "p-encryption" },
    { kind: "Observability", name: "p-observability" },
    { kind: "Queue", name: "p-jobs" },
    { kind: "WebService", name: "p-web" },
  ],
  links: [
    { from: "p-db", to: "p-encryption" },
    { from: "p-observability", to: "p-web" },
    { from: "p-web", to: "p-db" },
  ],
  contract: ["DATABASE_URL"],
};

describe("platform diagram", () => {
  it("draws a small topology as this exact Mermaid flowchart", () => {
    expect(toMermaid(SMALL)).to.equal(
      [
        "flowchart LR",
        '  subgraph edge_app["edge / app"]',
        '    p_web["p-web<br/>WebService"]',
        "  end",
        '  subgraph data["data"]',
        '    p_db[("p-db<br/>Database")]',
        "  end",
        '  subgraph security["security"]',
        '    p_encryption["p-encryption<br/>Encryption"]',
        "  end",
        '  subgraph ops["ops"]',
        '    p_observability["p-observability<br/>Observability"]',
        "  end",
        '  subgraph other["other"]',
        '    p_jobs["p-jobs<br/>Queue"]',
        "  end",
        "  p_db --> p_encryption",
        "  p_observability --> p_web",
        "  p_web --> p_db",
        "",
      ].join("\n"),
    );
  });

  it("leaves out empty tiers and can draw top to bottom", () => {
    const t: Topology = { components: [{ kind: "Cache", name: "c" }], links: [], contract: [] };
    expect(toMermaid(t, "TB")).to.equal(
      'flowchart TB\n  subgraph data["data"]\n    c[("c<br/>Cache")]\n  end\n',
    );
  });

  it("gives every component kind of the contract a tier of its own group", () => {
    for (const type of Object.values(COMPONENT_TYPES)) {
      expect(tierOf(type.split(":").pop() as string), type).to.not.equal(OTHER_TIER);
    }
    expect(nodeId("platform-file-processor.v2")).to.equal("platform_file_processor_v2");
  });

  it("resolves the renderer's CSS colors to plain ones", () => {
    const vars = { fg: "#000000", bg: "#FFFFFF" };
    expect(evaluateColor("var(--fg)", vars)).to.equal("#000000");
    expect(
      evaluateColor("var(--muted, color-mix(in srgb, var(--fg) 50%, var(--bg)))", vars),
    ).to.equal("#808080");
    expect(evaluateColor("color-mix(in srgb, var(--fg) 25%, var(--bg))", vars)).to.equal("#BFBFBF");
  });

  it("renders a standalone SVG without a browser: every component, no network font, no CSS variables", async () => {
    const svg = await mermaidToSvg(toMermaid(SMALL));
    expect(svg.startsWith("<svg ")).to.equal(true);
    for (const name of ["p-web", "p-db", "p-encryption", "p-observability", "p-jobs"])
      expect(svg).to.contain(`>${name}<`);
    expect(svg).to.not.contain("@import");
    expect(svg).to.not.match(/(fill|stroke)="var\(/);
    expect(svg.match(/class="edge"/g)).to.have.lengthOf(3);
  });
});
