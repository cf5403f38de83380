/**
 * The logical topology as a Mermaid flowchart: one subgraph per tier (edge /
 * app, data, security, ops), one node per component, one arrow per link
 * ("uses"). Pure and deterministic: the same topology gives the same text.
 */
import type { Topology } from "../topology/topology";

export interface Tier {
  readonly id: string;
  readonly label: string;
  readonly kinds: readonly string[];
}

/** Every component kind of components/contracts.ts has exactly one tier; anything else goes to "other". */
export const TIERS: readonly Tier[] = [
  {
    id: "edge_app",
    label: "edge / app",
    kinds: ["Network", "WebService", "FileProcessor", "Notifications"],
  },
  { id: "data", label: "data", kinds: ["Database", "Cache", "ObjectStore"] },
  { id: "security", label: "security", kinds: ["Encryption", "Secrets"] },
  { id: "ops", label: "ops", kinds: ["Observability", "Backup"] },
];

export const OTHER_TIER: Tier = { id: "other", label: "other", kinds: [] };

/** Data stores are drawn as cylinders, everything else as boxes. */
const STORES = new Set(["Database", "Cache", "ObjectStore"]);

export function tierOf(kind: string): Tier {
  return TIERS.find((t) => t.kinds.includes(kind)) ?? OTHER_TIER;
}

/** A Mermaid node id: letters, digits and `_` only (`platform-db` → `platform_db`). */
export function nodeId(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, "_");
}

function label(text: string): string {
  return text.replace(/"/g, "#quot;");
}

export function toMermaid(t: Topology, direction: "LR" | "TB" = "LR"): string {
  const lines = [`flowchart ${direction}`];
  for (const tier of [...TIERS, OTHER_TIER]) {
    const members = t.components.filter((c) => tierOf(c.kind) === tier);
    if (members.length === 0) continue;
    lines.push(`  subgraph ${tier.id}["${label(tier.label)}"]`);
    for (const c of members) {
      const text = `"${label(c.name)}<br/>${label(c.kind)}"`;
      lines.push(`    ${nodeId(c.name)}${STORES.has(c.kind) ? `[(${text})]` : `[${text}]`}`);
    }
    lines.push("  end");
  }
  for (const l of t.links) lines.push(`  ${nodeId(l.from)} --> ${nodeId(l.to)}`);
  return lines.join("\n") + "\n";
}
