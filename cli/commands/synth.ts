/**
 * `platform synth --stack S [--config key=value]… [--json]`
 */
import { Command, requireFlag } from "../command";
import { Resource } from "../core/resource";
import { readProject, parseOverrides } from "../synth/stackConfig";
import { synthesize } from "../core/synthesize";

/** A readable tree: components with their children indented, one line each. */
export function renderTree(resources: readonly Resource[]): string {
  const children = new Map<string, Resource[]>();
  const roots: Resource[] = [];
  const urns = new Set(resources.map((r) => r.urn));
  for (const r of resources) {
    if (r.parent && urns.has(r.parent)) {
      const list = children.get(r.parent) ?? [];
      list.push(r);
      children.set(r.parent, list);
    } else {
      roots.push(r);
    }
  }
  const lines: string[] = [];
  const walk = (r: Resource, depth: number) => {
    const flags = [
      r.opts?.protect ? "protected" : "",
      r.opts?.retainOnDelete ? "retained" : "",
    ].filter(Boolean);
    lines.push(
      `${"  ".repeat(depth)}${r.type}  ${r.name}${flags.length ? `  [${flags.join(", ")}]` : ""}`,
    );
    for (const c of children.get(r.urn ?? "") ?? []) walk(c, depth + 1);
  };
  roots.forEach((r) => walk(r, 0));
  return lines.join("\n");
}

export const synthCommand: Command = {
  name: "synth",
  summary: "Run the program under Pulumi's mock runtime and print the desired-state graph.",
  usage: "platform synth --stack S [--config key=value]… [--json]",
  help: [
    "Options:",
    "  --stack S            the stack: dev, staging, prod, or pr-<N> (a preview; needs no stack file)",
    "  --config key=value   override one config key as `pulumi config set` would (repeatable)",
    "  --json               print { stack, resources: [Resource…] } instead of a tree",
  ].join("\n"),
  options: {
    stack: { type: "string" },
    config: { type: "string", multiple: true },
    json: { type: "boolean" },
  },
  async run(values, _positionals, io) {
    const stack = requireFlag(values, "stack", "synth", "a stack name such as staging");
    const project = readProject(io.cwd).name;
    const overrides = parseOverrides(project, (values.config as string[] | undefined) ?? []);
    const doc = await synthesize(stack, { cwd: io.cwd, overrides });
    if (values.json === true) {
      io.out(JSON.stringify(doc, null, 2) + "\n");
    } else {
      io.out(
        `stack ${doc.stack}: ${doc.resources.length} resources\n${renderTree(doc.resources)}\n`,
      );
    }
    return 0;
  },
};
