/**
 * Writes the pack's config files, policy-pack/config/<env>.json, from the
 * rules: each rule's enforcement level in that environment and the
 * `environment` setting (policy-pack/lib/levels.ts). Exemptions and other
 * settings written in a file are kept.
 *
 *   npm run policy:config           rewrites the four files
 *   npm run policy:config:check     exits 1 when one is stale
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as prettier from "prettier";
import { packConfig, PackConfigError } from "../policy-pack/lib/levels";
import { ENVIRONMENTS } from "../policy-pack/lib/vocabulary";
import { allPolicies } from "../policy-pack/policies";
import { REPO_ROOT, writeOrCheck } from "./generated";

export const CONFIG_DIR = path.join(REPO_ROOT, "policy-pack", "config");

/** Every config file as it should be, formatted as Prettier writes it: [path, current text, expected text]. */
export async function policyConfigFiles(dir = CONFIG_DIR): Promise<[string, string, string][]> {
  const files: [string, string, string][] = [];
  for (const env of ENVIRONMENTS) {
    const file = path.join(dir, `${env}.json`);
    const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    let written: Record<string, unknown>;
    try {
      written = current === "" ? {} : (JSON.parse(current) as Record<string, unknown>);
    } catch (e) {
      throw new PackConfigError(`${file}: not JSON (${(e as Error).message})`);
    }
    let generated: string;
    try {
      generated = JSON.stringify(packConfig(allPolicies, env, written), null, 2);
    } catch (e) {
      if (e instanceof PackConfigError) throw new PackConfigError(`${file}: ${e.message}`);
      throw e;
    }
    const options = (await prettier.resolveConfig(file)) ?? {};
    files.push([file, current, await prettier.format(generated, { ...options, filepath: file })]);
  }
  return files;
}

async function main(): Promise<void> {
  try {
    const files = (await policyConfigFiles()).map(([file, current, expected]) => ({
      file,
      current,
      expected,
    }));
    process.exitCode = writeOrCheck(files, {
      check: process.argv.includes("--check"),
      command: "policy:config",
    });
  } catch (e) {
    if (!(e instanceof PackConfigError)) throw e;
    console.error(`policy:config: ${e.message}`);
    process.exit(2);
  }
}

if (require.main === module) void main();
