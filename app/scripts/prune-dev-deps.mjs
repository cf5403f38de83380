#!/usr/bin/env node
/**
 * Removes from ./node_modules every package that the `app` workspace does not need in production.
 *
 * Why: `npm ci --omit=dev --workspace app` (npm 10/11) still installs the workspace's own
 * devDependencies (typescript, esbuild, @types/*). `npm ls --omit=dev --workspace app` does
 * compute the right set, so this keeps exactly that set and deletes the rest. Used by the
 * Dockerfile's production-dependencies stage; run from the folder holding the root lockfile.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import process from "node:process";

const root = process.cwd();
const listed = execFileSync(
  "npm",
  ["ls", "--workspace", "app", "--omit=dev", "--all", "--parseable"],
  { encoding: "utf8" },
);
const keep = new Set(
  listed
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => relative(root, line.trim())),
);

let removed = 0;
function walk(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) {
      // .bin links point at build tools; .package-lock.json is npm's cache of the tree.
      rmSync(join(dir, entry.name), { recursive: true, force: true });
      continue;
    }
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) {
      // Workspace links (node_modules/platform-app -> ../app) point outside the image's tree.
      rmSync(path, { force: true });
      continue;
    }
    if (entry.name.startsWith("@")) {
      walk(path);
      if (readdirSync(path).length === 0) rmSync(path, { recursive: true, force: true });
      continue;
    }
    const rel = relative(root, path);
    if (!keep.has(rel)) {
      rmSync(path, { recursive: true, force: true });
      removed += 1;
      continue;
    }
    walk(join(path, "node_modules"));
  }
}
walk(join(root, "node_modules"));
process.stdout.write(`prune-dev-deps: kept ${keep.size - 1} packages, removed ${removed}\n`);
