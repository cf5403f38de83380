/**
 * The Pulumi project a module belongs to: the nearest folder holding
 * Pulumi.yaml above it. Walking up rather than counting `..` gives the same
 * folder from the TypeScript sources (which the engine loads) and from their
 * compiled copy in dist/ (which `platform` runs). The program's config uses
 * it too (lib/project.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The nearest folder at or above `from` that holds Pulumi.yaml (`from` itself when none does). */
export function projectDirectory(from: string): string {
  const start = path.resolve(from);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}
