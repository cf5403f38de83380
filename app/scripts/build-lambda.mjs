#!/usr/bin/env node
/**
 * Builds the Lambda package: `lambda.js` (handler `lambda.handler`, the file processor, and
 * `lambda.previewDatabaseHandler`, the shared preview tier's database function) and
 * `restore-validation.js` (handler `restore-validation.handler`, the restore-test validator), each
 * bundled with its dependencies, plus the migrations it applies on a cold start. Output: dist/lambda/, or the
 * folder given with --outdir. Set LAMBDA_CA_BUNDLE to a PEM file to ship it as certs/ca-bundle.pem
 * (then CA_BUNDLE_FILE=/var/task/certs/ca-bundle.pem in the function's environment).
 */
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const argIndex = process.argv.indexOf("--outdir");
const outdir = argIndex > 0 ? resolve(process.argv[argIndex + 1]) : join(appDir, "dist", "lambda");

rmSync(outdir, { recursive: true, force: true });
mkdirSync(join(outdir, "migrations"), { recursive: true });

const result = await build({
  // Two handlers in one package: the file processor (lambda.handler) and the restore-test
  // validator (restore-validation.handler), each bundled with everything it imports.
  entryPoints: {
    lambda: join(appDir, "src", "lambda.ts"),
    "restore-validation": join(appDir, "src", "restore-validation.ts"),
  },
  outdir,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  // pg loads its optional native binding lazily; the pure-JS client is what we use.
  external: ["pg-native"],
  sourcemap: "linked",
  sourcesContent: false,
  keepNames: true,
  legalComments: "linked",
  logLevel: "warning",
  metafile: true,
});

for (const name of readdirSync(join(appDir, "migrations"))) {
  if (name.endsWith(".sql"))
    copyFileSync(join(appDir, "migrations", name), join(outdir, "migrations", name));
}
if (process.env.LAMBDA_CA_BUNDLE) {
  mkdirSync(join(outdir, "certs"), { recursive: true });
  copyFileSync(process.env.LAMBDA_CA_BUNDLE, join(outdir, "certs", "ca-bundle.pem"));
}

const bytes = statSync(join(outdir, "lambda.js")).size;
const inputs = Object.keys(result.metafile.inputs).length;
process.stdout.write(
  `built ${join(outdir, "lambda.js")} (${(bytes / 1024 / 1024).toFixed(1)} MiB from ${inputs} modules) and ${readdirSync(join(outdir, "migrations")).length} migrations\n`,
);
