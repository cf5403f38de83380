/**
 * `platform topology --stack S [--json]`
 */
import { Command, requireFlag } from "../command";
import { synthesize } from "../core/synthesize";
import { buildTopology, Topology } from "../topology/topology";

export function renderTopology(t: Topology): string {
  return [
    "components:",
    ...t.components.map((c) => `  ${c.kind.padEnd(14)} ${c.name}`),
    "links:",
    ...t.links.map((l) => `  ${l.from} → ${l.to}`),
    `contract: ${t.contract.join(", ")}`,
  ].join("\n");
}

export const topologyCommand: Command = {
  name: "topology",
  summary: "Print the logical topology: components, links and the application contract.",
  usage: "platform topology --stack S [--json]",
  help: [
    "Options:",
    "  --stack S   the stack: dev, staging, prod, or pr-<N>",
    "  --json      print { components, links, contract } (sorted; stacks of the same shape print the same JSON)",
  ].join("\n"),
  options: { stack: { type: "string" }, json: { type: "boolean" } },
  async run(values, _positionals, io) {
    const stack = requireFlag(values, "stack", "topology", "a stack name such as staging");
    const topology = buildTopology((await synthesize(stack, { cwd: io.cwd })).resources);
    io.out(
      (values.json === true ? JSON.stringify(topology, null, 2) : renderTopology(topology)) + "\n",
    );
    return 0;
  },
};
