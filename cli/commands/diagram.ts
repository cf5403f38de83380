/**
 * `platform diagram (--stack S | --resources FILE) [--format mermaid|svg] [--direction LR|TB]`
 */
import { Command, stringFlag } from "../command";
import { mermaidToSvg } from "../diagram/svg";
import { toMermaid } from "../diagram/mermaid";
import { readSynthDocument } from "../core/document";
import { UsageError } from "../errors";
import { synthesize } from "../core/synthesize";
import { buildTopology } from "../topology/topology";

export const diagramCommand: Command = {
  name: "diagram",
  summary: "Draw the logical topology as a Mermaid flowchart (default) or an SVG.",
  usage:
    "platform diagram (--stack S | --resources FILE) [--format mermaid|svg] [--direction LR|TB]",
  help: [
    "Options:",
    "  --stack S            the stack: dev, staging, prod, or pr-<N>",
    "  --resources FILE     draw a `platform synth --json` document instead of synthesizing",
    "  --format mermaid     Mermaid flowchart text (default): paste it into a ```mermaid block",
    "  --format svg         a standalone SVG, rendered in-process by beautiful-mermaid (no browser)",
    "  --direction LR|TB    left-to-right (default) or top-to-bottom",
    "",
    "Components are grouped by tier (edge / app, data, security, ops); an arrow A --> B means A uses B.",
  ].join("\n"),
  options: {
    stack: { type: "string" },
    resources: { type: "string" },
    format: { type: "string" },
    direction: { type: "string" },
  },
  async run(values, _positionals, io) {
    const stack = stringFlag(values, "stack", "diagram");
    const file = stringFlag(values, "resources", "diagram");
    if ((stack === undefined) === (file === undefined)) {
      throw new UsageError("platform diagram: give exactly one of --stack S or --resources FILE");
    }
    const format = stringFlag(values, "format", "diagram") ?? "mermaid";
    if (format !== "mermaid" && format !== "svg") {
      throw new UsageError(
        `platform diagram: --format must be mermaid or svg, got ${JSON.stringify(format)}`,
      );
    }
    const direction = stringFlag(values, "direction", "diagram") ?? "LR";
    if (direction !== "LR" && direction !== "TB") {
      throw new UsageError(
        `platform diagram: --direction must be LR or TB, got ${JSON.stringify(direction)}`,
      );
    }
    const doc =
      file !== undefined
        ? readSynthDocument(io.workdir ?? process.cwd(), file, "--resources")
        : await synthesize(stack as string, { cwd: io.cwd });
    const mermaid = toMermaid(buildTopology(doc.resources), direction);
    io.out(format === "svg" ? (await mermaidToSvg(mermaid)) + "\n" : mermaid);
    return 0;
  },
};
