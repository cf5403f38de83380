#!/usr/bin/env node
// Entry point of `npx platform`: runs the compiled JavaScript in dist/. `npm ci` builds it (the
// `prepare` script, scripts/build.js); a source edited since is recompiled here before the run.
"use strict";
// V8's compile cache (node:module, Node 22.1+): the second and later runs read the compiled code of
// dist/ and of the dependencies (the Pulumi SDKs, TypeScript) from disk instead of compiling it again.
// Kept in $NODE_COMPILE_CACHE or the system temporary directory; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
require("node:module").enableCompileCache?.();
const fs = require("node:fs");
const path = require("node:path");
const { ensureBuilt } = require("../scripts/build.js");

const root = path.resolve(__dirname, "..");
// The project (Pulumi.yaml, stack files) is this package's root; file arguments resolve against the user's directory.
const project = process.env.PLATFORM_PROJECT_DIR || root;
let main;
try {
  ensureBuilt(root);
  // Another project directory (PLATFORM_PROJECT_DIR) runs its own program from its own dist/.
  const other = path.resolve(project);
  if (other !== root && fs.existsSync(path.join(other, "index.ts"))) ensureBuilt(other);
  ({ main } = require("../dist/cli/main.js"));
} catch (e) {
  process.stderr.write(`platform: ${e && e.message ? e.message.split("\n")[0] : e}\n`);
  process.exit(70);
}

main(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  cwd: project,
  workdir: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(
      `platform: internal error: ${e && e.message ? e.message.split("\n")[0] : e}\n`,
    );
    process.exitCode = 70;
  },
);
