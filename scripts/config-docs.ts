/**
 * Writes the README's configuration table and Pulumi.yaml's `config:` block
 * from the configuration table (config/keys/).
 *
 *   npm run config:docs           rewrites both
 *   npm run config:docs:check     exits 1 when either is stale
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  README_BEGIN,
  README_END,
  renderProjectConfig,
  renderReadmeTable,
  replaceBlock,
  YAML_BEGIN,
} from "../config/docs";
import { README_PATH, REPO_ROOT, writeOrCheck } from "./generated";

export const PULUMI_YAML_PATH = path.join(REPO_ROOT, "Pulumi.yaml");

/** The two files as they should be: [path, current text, expected text]. */
export function configDocs(): [string, string, string][] {
  const readme = fs.readFileSync(README_PATH, "utf8");
  const yaml = fs.readFileSync(PULUMI_YAML_PATH, "utf8");
  return [
    [README_PATH, readme, replaceBlock(readme, README_BEGIN, README_END, renderReadmeTable())],
    [PULUMI_YAML_PATH, yaml, replaceBlock(yaml, YAML_BEGIN, undefined, renderProjectConfig())],
  ];
}

if (require.main === module) {
  process.exitCode = writeOrCheck(
    configDocs().map(([file, current, expected]) => ({ file, current, expected })),
    { check: process.argv.includes("--check"), command: "config:docs" },
  );
}
