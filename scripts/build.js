#!/usr/bin/env node
/**
 * Compiles the TypeScript that `platform` runs — the CLI (cli/), the program it
 * synthesizes under mocks (index.ts, config/, lib/, components/) and the policy
 * pack (policy-pack/, without its tests) — to CommonJS JavaScript in dist/, one
 * file per source file, with esbuild (type-checking stays `npm run typecheck`).
 * The JSON files beside the sources (the pack's dated data, its configs) are
 * copied as they are, so a compiled `import … from "./x.json"` finds them.
 *
 *   node scripts/build.js          build what changed (npm ci runs it as `prepare`)
 *   node scripts/build.js --clean  rebuild everything
 *
 * bin/platform.js calls `ensureBuilt` before every run: it compares each
 * source's size and modification time with dist/.build.json and recompiles
 * only what changed (a few milliseconds when nothing did), so an edited
 * program never runs stale and no extra command is ever needed.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

/**
 * What is compiled, relative to the project root. `platform migrations`
 * also imports the workload's migration file rules and the test-support
 * harness that starts its throw-away PostgreSQL; the program imports the
 * preview database and cache naming of app/src/previews, and the preview
 * database function's event (which checks secret ARNs with app/src/config/resolve).
 */
const SOURCES = [
  "index.ts",
  "config",
  "lib",
  "components",
  "cli",
  "policy-pack",
  "app/src/migrations/checksum.ts",
  "app/src/previews",
  "app/src/config/resolve.ts",
  "app/src/config/errors.ts",
  "test-support",
];
/** Folders never compiled: dependencies, tests, output. */
const SKIP = new Set(["node_modules", "tests", "dist"]);
const OUT_DIR = "dist";
const STAMP = ".build.json";
/** Bump when the compiler options below change, so every output is rebuilt. */
const BUILD_FORMAT = 2;

/** Every .ts source (not .d.ts) and .json file under SOURCES, as project-relative paths with "/". */
function sourceFiles(root) {
  const files = [];
  const walk = (rel) => {
    const full = path.join(root, rel);
    let stat;
    try {
      stat = fs.statSync(full);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(full).sort()) {
        if (!SKIP.has(name)) walk(rel === "" ? name : `${rel}/${name}`);
      }
    } else if ((rel.endsWith(".ts") && !rel.endsWith(".d.ts")) || rel.endsWith(".json")) {
      files.push({ rel, key: `${stat.size}:${stat.mtimeMs}` });
    }
  };
  for (const s of SOURCES) walk(s);
  return files;
}

function readStamp(out) {
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(out, STAMP), "utf8"));
    return stamp.format === BUILD_FORMAT ? stamp : undefined;
  } catch {
    return undefined;
  }
}

/** Writes atomically, so a concurrent `platform` never loads half a file. */
function writeAtomic(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/**
 * Compiles the sources of `root` that changed since the last build into
 * `root/dist`. Returns the number of files compiled.
 */
function build(root, { clean = false } = {}) {
  const out = path.join(root, OUT_DIR);
  const stamp = clean ? undefined : readStamp(out);
  const before = (stamp && stamp.files) || {};
  const files = sourceFiles(root);
  const changed = files.filter(
    (f) => before[f.rel] !== f.key || !fs.existsSync(path.join(out, f.rel.replace(/\.ts$/, ".js"))),
  );
  const gone = Object.keys(before).filter((rel) => !files.some((f) => f.rel === rel));
  if (changed.length === 0 && gone.length === 0 && stamp !== undefined) return 0;
  if (changed.length > 0) {
    const esbuild = require("esbuild");
    for (const f of changed) {
      const source = fs.readFileSync(path.join(root, f.rel), "utf8");
      if (f.rel.endsWith(".json")) {
        writeAtomic(path.join(out, f.rel), source);
        continue;
      }
      const { code } = esbuild.transformSync(source, {
        loader: "ts",
        format: "cjs",
        platform: "node",
        target: "node24",
        sourcefile: f.rel,
        tsconfigRaw: { compilerOptions: { esModuleInterop: true } },
      });
      writeAtomic(path.join(out, f.rel.replace(/\.ts$/, ".js")), code);
    }
  }
  for (const rel of gone) fs.rmSync(path.join(out, rel.replace(/\.ts$/, ".js")), { force: true });
  const next = {
    format: BUILD_FORMAT,
    files: Object.fromEntries(files.map((f) => [f.rel, f.key])),
  };
  writeAtomic(path.join(out, STAMP), JSON.stringify(next) + "\n");
  return changed.length;
}

/** Builds `root` if any source changed since its last build; quiet when nothing did. */
function ensureBuilt(root) {
  try {
    return build(root);
  } catch (e) {
    const why = (e && e.message ? e.message : String(e)).split("\n")[0];
    throw new Error(`could not compile ${root} to ${OUT_DIR}/ (run npm ci): ${why}`);
  }
}

module.exports = { build, ensureBuilt, sourceFiles, OUT_DIR };

if (require.main === module) {
  const root = path.resolve(__dirname, "..");
  const started = Date.now();
  const n = build(root, { clean: process.argv.includes("--clean") });
  process.stdout.write(
    `build: ${n === 0 ? "dist/ is up to date" : `compiled ${n} file(s) to dist/`} (${Date.now() - started} ms)\n`,
  );
}
