/**
 * The logical topology of a synthesized stack: its platform components, the
 * links between them (read back from the components' `dependsOn`), and the
 * application contract the web service's workload receives. Sorted, so two
 * stacks of the same shape give the same JSON.
 */
import { contractNameOf } from "../../components/contracts";
import { Resource } from "../core/resource";
import { T } from "../../policy-pack/lib/types";

export interface Topology {
  readonly components: { kind: string; name: string }[];
  readonly links: { from: string; to: string }[];
  readonly contract: string[];
}

const COMPONENT_PREFIX = "platform:";

export function isComponent(r: Pick<Resource, "type">): boolean {
  return r.type.startsWith(COMPONENT_PREFIX);
}

/** `platform:data:Database` → `Database`. */
export function componentKind(type: string): string {
  return type.split(":").pop() ?? type;
}

/** Names of the environment variables the workload's containers receive (ECS or Docker). */
export function workloadVariables(r: Resource): string[] {
  if (r.type === T.ecsTaskDefinition) {
    const raw = r.props.containerDefinitions;
    let defs: unknown;
    try {
      defs = typeof raw === "string" ? JSON.parse(raw) : raw;
    } catch {
      return [];
    }
    if (!Array.isArray(defs)) return [];
    return defs.flatMap((d: { environment?: { name: string }[]; secrets?: { name: string }[] }) => [
      ...(d.environment ?? []).map((e) => e.name),
      ...(d.secrets ?? []).map((s) => s.name),
    ]);
  }
  if (r.type === T.dockerContainer && r.name.endsWith("-app")) {
    const envs = r.props.envs;
    return Array.isArray(envs) ? envs.map((e) => String(e).split("=")[0]) : [];
  }
  return [];
}

export function buildTopology(resources: readonly Resource[]): Topology {
  const byUrn = new Map(resources.filter((r) => r.urn).map((r) => [r.urn as string, r]));
  /** The outermost platform component a resource belongs to. */
  const owner = (urn: string): Resource | undefined => {
    let found: Resource | undefined;
    for (let r = byUrn.get(urn); r; r = r.parent ? byUrn.get(r.parent) : undefined) {
      if (isComponent(r)) found = r;
    }
    return found;
  };

  const components = resources.filter(isComponent);
  const links = new Map<string, { from: string; to: string }>();
  for (const c of components) {
    for (const dep of c.opts?.dependsOn ?? []) {
      const target = owner(dep);
      if (target && target.name !== c.name)
        links.set(`${c.name}\u0000${target.name}`, { from: c.name, to: target.name });
    }
  }

  const contract = new Set<string>();
  const web = components.find((c) => componentKind(c.type) === "WebService");
  for (const r of resources) {
    if (web && r.urn && owner(r.urn) === web) {
      for (const v of workloadVariables(r)) {
        const name = contractNameOf(v);
        if (name) contract.add(name);
      }
    }
  }

  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    components: components
      .map((c) => ({ kind: componentKind(c.type), name: c.name }))
      .sort((a, b) => cmp(a.kind, b.kind) || cmp(a.name, b.name)),
    links: [...links.values()].sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to)),
    contract: [...contract].sort(),
  };
}
