/**
 * The desired-state difference between two syntheses: resources added,
 * removed and changed (matched by URN, else by type and name), each change's
 * input paths, whether it replaces the resource, and a severity with why.
 */
import { Resource, SECRET_PLACEHOLDER, SynthDocument } from "../core/resource";
import { jsonDepth, MAX_JSON_DEPTH } from "../json";
import { loosenings, opensWebPortsToWorld, removalLoosens } from "./loosenings";
import {
  isAccessControl,
  replacesOnChange,
  Severity,
  STATEFUL,
  IMMUTABLE_REVISIONS,
} from "./rules";

export interface ResourceRef {
  readonly type: string;
  readonly name: string;
  readonly urn?: string;
}

export interface InputChange {
  readonly path: string;
  /** The value before (null when absent); secrets stay "[secret]". */
  readonly before: unknown;
  readonly after: unknown;
}

export interface Entry {
  readonly resource: ResourceRef;
  readonly severity: Severity;
  readonly why: string;
}

export interface Change extends Entry {
  readonly inputs: InputChange[];
  readonly replaces: boolean;
}

/** What `platform diff --json` prints (docs/cli.md). */
export interface DiffReport {
  readonly added: Entry[];
  readonly removed: Entry[];
  readonly changed: Change[];
  readonly summary: { critical: number; high: number; low: number };
}

const ref = (r: Resource): ResourceRef => ({
  type: r.type,
  name: r.name,
  ...(r.urn ? { urn: r.urn } : {}),
});

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** A JSON document inside a string input (policies, container definitions) is compared structurally. */
function expandJson(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const t = v.trim();
  if (!(t.startsWith("{") || t.startsWith("["))) return v;
  // Too deep to walk: compared as the string it is.
  if (jsonDepth(t, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return v;
  try {
    return JSON.parse(t);
  } catch {
    return v;
  }
}

function keyPath(prefix: string, key: string): string {
  const safe = /^[A-Za-z_$][\w$-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  return prefix === "" ? (safe.startsWith(".") ? key : safe) : `${prefix}${safe}`;
}

/** Leaf paths of a value: `a.b[0].c` → value. Empty objects and arrays are leaves. */
export function flatten(
  value: unknown,
  prefix = "",
  out: Map<string, unknown> = new Map(),
): Map<string, unknown> {
  const v = expandJson(value);
  if (Array.isArray(v)) {
    if (v.length === 0) out.set(prefix, []);
    v.forEach((x, i) => flatten(x, `${prefix}[${i}]`, out));
  } else if (isPlainObject(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0 && prefix !== "") out.set(prefix, {});
    for (const k of keys) flatten(v[k], keyPath(prefix, k), out);
  } else {
    out.set(prefix, v);
  }
  return out;
}

/** The top-level input a path belongs to (`parameters[0].value` → `parameters`). */
export function topInput(path: string): string {
  const m = /^(\[("(?:[^"\\]|\\.)*")\]|[^.[]+)/.exec(path);
  if (!m) return path;
  return m[2] !== undefined ? (JSON.parse(m[2]) as string) : m[1];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Input-level differences; a secret on either side shows as "[secret]", and two secrets never differ visibly. */
export function inputChanges(before: Resource["props"], after: Resource["props"]): InputChange[] {
  const a = flatten(before);
  const b = flatten(after);
  const changes: InputChange[] = [];
  for (const path of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.has(path) ? a.get(path) : null;
    const y = b.has(path) ? b.get(path) : null;
    if (x === SECRET_PLACEHOLDER && y === SECRET_PLACEHOLDER) continue;
    if (!same(x, y)) changes.push({ path, before: x ?? null, after: y ?? null });
  }
  return changes;
}

function optsChanges(before: Resource, after: Resource): InputChange[] {
  const out: InputChange[] = [];
  for (const k of ["protect", "retainOnDelete"] as const) {
    const x = before.opts?.[k] ?? false;
    const y = after.opts?.[k] ?? false;
    if (x !== y) out.push({ path: `(options).${k}`, before: x, after: y });
  }
  return out;
}

function stateful(type: string): string | undefined {
  return STATEFUL[type];
}

function judgeChange(before: Resource, after: Resource, inputs: InputChange[]): Change {
  const replacing = [
    ...new Set(inputs.filter((c) => !c.path.startsWith("(")).map((c) => topInput(c.path))),
  ].filter((input) => replacesOnChange(after.type, input, before.props, after.props));
  const regionBefore = before.provider?.props?.region;
  const regionAfter = after.provider?.props?.region;
  const regionMoves =
    regionBefore !== undefined && regionAfter !== undefined && regionBefore !== regionAfter;
  const replaces = replacing.length > 0 || regionMoves;
  const why: string[] = [];
  let severity: Severity = "low";
  const raise = (s: Severity) => {
    if (s === "critical" || (s === "high" && severity === "low")) severity = s;
  };

  const loose = loosenings(after.type, before.props, after.props);
  if (loose.length > 0) {
    raise("critical");
    why.push(...loose);
  }
  const data = stateful(after.type);
  const cause = [
    ...replacing.map((i) => `${i} changes`),
    ...(regionMoves
      ? [`the provider's region moves ${String(regionBefore)} → ${String(regionAfter)}`]
      : []),
  ].join(", ");
  if (replaces && data !== undefined) {
    raise("critical");
    why.push(`replaces the ${data}: ${cause}; its data does not move to the new one`);
  } else if (replaces && IMMUTABLE_REVISIONS.has(after.type)) {
    why.push(`registers a new revision (${after.type.split(":").pop()} is immutable)`);
  } else if (replaces) {
    raise("high");
    why.push(`replaces the resource: ${cause}`);
  }
  if (data !== undefined && before.opts?.protect === true && after.opts?.protect !== true) {
    raise("high");
    why.push(`the ${data} loses Pulumi protect`);
  }
  if (isAccessControl(after.type)) {
    raise("high");
    why.push(`access control changes (${after.type.split(":").pop()})`);
  }
  if (why.length === 0) why.push("updated in place");
  return { resource: ref(after), inputs, replaces, severity, why: why.join("; ") };
}

function judgeAdded(r: Resource): Entry {
  const loose = loosenings(r.type, undefined, r.props);
  if (loose.length > 0) return { resource: ref(r), severity: "critical", why: loose.join("; ") };
  if (opensWebPortsToWorld(r.type, r.props)) {
    return {
      resource: ref(r),
      severity: "high",
      why: `new ingress from anywhere on port ${String(r.props.fromPort)} (HTTP/S): expected only for a public load balancer`,
    };
  }
  if (isAccessControl(r.type))
    return {
      resource: ref(r),
      severity: "high",
      why: `new access control (${r.type.split(":").pop()})`,
    };
  return { resource: ref(r), severity: "low", why: "new resource" };
}

function judgeRemoved(r: Resource): Entry {
  const data = stateful(r.type);
  if (data !== undefined) {
    const notes = [
      r.opts?.protect === true ? "it is protected: pulumi up refuses until protect is lifted" : "",
      r.opts?.retainOnDelete === true
        ? "retainOnDelete keeps it in AWS, unmanaged and outside its policies"
        : "",
    ].filter(Boolean);
    return {
      resource: ref(r),
      severity: "critical",
      why: `deletes the ${data} and its data${notes.length ? ` (${notes.join("; ")})` : ""}`,
    };
  }
  const loose = removalLoosens(r.type, r.props);
  if (loose !== undefined) return { resource: ref(r), severity: "critical", why: loose };
  if (isAccessControl(r.type))
    return {
      resource: ref(r),
      severity: "high",
      why: `access control removed (${r.type.split(":").pop()})`,
    };
  return { resource: ref(r), severity: "low", why: "resource removed" };
}

/** Pairs resources by URN, then the rest by type and name (so documents of different stacks still pair). */
export function matchResources(before: readonly Resource[], after: readonly Resource[]) {
  const pairs: [Resource, Resource][] = [];
  const byUrn = new Map(after.filter((r) => r.urn).map((r) => [r.urn as string, r]));
  const taken = new Set<Resource>();
  const leftBefore: Resource[] = [];
  for (const r of before) {
    const m = r.urn ? byUrn.get(r.urn) : undefined;
    if (m && !taken.has(m)) {
      pairs.push([r, m]);
      taken.add(m);
    } else {
      leftBefore.push(r);
    }
  }
  const key = (r: Resource) => `${r.type}\u0000${r.name}`;
  const byKey = new Map<string, Resource[]>();
  for (const r of after) {
    if (taken.has(r)) continue;
    byKey.set(key(r), [...(byKey.get(key(r)) ?? []), r]);
  }
  const removed: Resource[] = [];
  for (const r of leftBefore) {
    const m = byKey.get(key(r))?.shift();
    if (m) {
      pairs.push([r, m]);
      taken.add(m);
    } else {
      removed.push(r);
    }
  }
  const added = after.filter((r) => !taken.has(r));
  return { pairs, added, removed };
}

const ORDER: Record<Severity, number> = { critical: 0, high: 1, low: 2 };
const byImportance = <T extends Entry>(a: T, b: T) =>
  ORDER[a.severity] - ORDER[b.severity] ||
  a.resource.type.localeCompare(b.resource.type) ||
  a.resource.name.localeCompare(b.resource.name);

export function diffDocuments(before: SynthDocument, after: SynthDocument): DiffReport {
  const { pairs, added, removed } = matchResources(before.resources, after.resources);
  const changed: Change[] = [];
  for (const [b, a] of pairs) {
    const inputs = [...inputChanges(b.props, a.props), ...optsChanges(b, a)];
    const regionMoves =
      b.provider?.props?.region !== a.provider?.props?.region &&
      b.provider !== undefined &&
      a.provider !== undefined;
    if (inputs.length > 0 || regionMoves) changed.push(judgeChange(b, a, inputs));
  }
  const report = {
    added: added.map(judgeAdded).sort(byImportance),
    removed: removed.map(judgeRemoved).sort(byImportance),
    changed: changed.sort(byImportance),
  };
  const summary = { critical: 0, high: 0, low: 0 };
  for (const e of [...report.added, ...report.removed, ...report.changed]) summary[e.severity]++;
  return { ...report, summary };
}

function show(v: unknown): string {
  if (v === null) return "(absent)";
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** The readable diff: a summary line, then each entry by severity with its why and changed inputs. */
export function renderDiff(label: string, d: DiffReport): string {
  const s = d.summary;
  const out = [
    `diff ${label}: ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed — ${s.critical} critical, ${s.high} high, ${s.low} low`,
  ];
  const entry = (kind: string, e: Entry, extra = "") => {
    out.push(
      `${e.severity.toUpperCase().padEnd(8)} ${kind.padEnd(7)} ${e.resource.type}  ${e.resource.name}${extra}`,
    );
    out.push(`         ${e.why}`);
  };
  const all: [string, Entry][] = [
    ...d.removed.map((e): [string, Entry] => ["removed", e]),
    ...d.changed.map((e): [string, Entry] => ["changed", e]),
    ...d.added.map((e): [string, Entry] => ["added", e]),
  ].sort((a, b) => ORDER[a[1].severity] - ORDER[b[1].severity]);
  for (const [kind, e] of all) {
    const c = kind === "changed" ? (e as Change) : undefined;
    entry(kind, e, c?.replaces ? "  (replaces)" : "");
    for (const i of c?.inputs ?? [])
      out.push(`           ${i.path}: ${show(i.before)} → ${show(i.after)}`);
  }
  if (all.length === 0) out.push("no changes");
  return out.join("\n");
}
