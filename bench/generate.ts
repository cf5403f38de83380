/**
 * Generated resource sets for the `check` scaling benchmark: copies of a real
 * synthesized stack, copy k renaming every `platform-…` name, URN and
 * reference to `platform<k>-…`, so each copy is a whole, self-consistent
 * platform (its buckets with their side resources, its groups with their
 * rules) and the stack policies have as much to correlate as a real stack of
 * that size.
 */
import { Resource, SynthDocument } from "../cli/core/resource";

/** The first `count` resources of as many renamed copies of `template` as it takes. */
export function generateResources(template: SynthDocument, count: number): SynthDocument {
  if (template.resources.length === 0) throw new Error("generateResources: empty template");
  const text = JSON.stringify(template.resources);
  const resources: Resource[] = [];
  for (let k = 0; resources.length < count; k++) {
    const copy = (
      k === 0 ? JSON.parse(text) : JSON.parse(text.replace(/platform-/g, `platform${k}-`))
    ) as Resource[];
    resources.push(...copy.slice(0, count - resources.length));
  }
  return { stack: template.stack, resources };
}
