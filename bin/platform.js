#!/usr/bin/env node
// Entry point of `npx platform`: TypeScript runs through tsx, no build step.
"use strict";
require("tsx/cjs");
const { main } = require("../cli/main.ts");

main(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  // The project (Pulumi.yaml, stack files) is this package's root; file arguments resolve against the user's directory.
  cwd: process.env.PLATFORM_PROJECT_DIR || require("node:path").resolve(__dirname, ".."),
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
