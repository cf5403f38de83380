/**
 * `npm run bench` (`tsx bench/run.ts`): how long the offline path takes.
 *
 * 1. Every stack (dev, staging, prod, pr-1): `synth` then `check`, in one
 *    process, as `platform plan` runs them. The first synthesis also loads
 *    the Pulumi runtime and the AWS SDK types; it is reported apart.
 * 2. Platforms with 1, 10 and 50 web services: the real program, staging
 *    with `--config platform:services=N`, synthesized and checked (and costed,
 *    topology, diff against one service).
 * 3. `check` alone on 1,000, 10,000 and 50,000 generated resources (renamed
 *    copies of staging, see ./generate.ts): it must grow roughly linearly.
 *
 * A benchmark, not a test: it prints figures and fails on nothing. Options:
 *   --runs N     repetitions per measurement, the median is reported (default 3)
 *   --json FILE  also write the figures as JSON
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { costOfDocument } from "../cli/cost";
import { diffDocuments } from "../cli/diff/diff";
import { checkDocument } from "../cli/plan/check";
import { synthesize } from "../cli/core/synthesize";
import { buildTopology } from "../cli/topology/topology";
import { generateResources } from "./generate";

const PROJECT_DIR = path.resolve(__dirname, "..");
const STACKS = ["dev", "staging", "prod", "pr-1"];
const SERVICE_COUNTS = [1, 10, 50];
const GENERATED_COUNTS = [1_000, 10_000, 50_000];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const RUNS = Math.max(1, Number(arg("runs") ?? 3));

async function time<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

async function median<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const runs: { ms: number; value: T }[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await time(fn));
  runs.sort((a, b) => a.ms - b.ms);
  return runs[Math.floor(runs.length / 2)];
}

interface StackRow {
  stack: string;
  resources?: number;
  synthMs?: number;
  checkMs?: number;
  note?: string;
}

interface ServiceRow {
  services: number;
  resources: number;
  synthMs: number;
  checkMs: number;
  costMs: number;
  topologyMs: number;
  diffMs: number;
}

const fmt = (ms: number | undefined) =>
  ms === undefined ? "—" : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;

async function main(): Promise<void> {
  const out = (s: string) => process.stdout.write(s + "\n");
  out(
    `platform bench: ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? "?"}), load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}, node ${process.version}, median of ${RUNS} run(s)`,
  );

  // Cold start: the first synthesis in a process loads the Pulumi runtime and the program's modules.
  const cold = await time(() =>
    synthesize("staging", { cwd: PROJECT_DIR }).then((d) => d.resources.length),
  );
  out(`\nfirst synthesis in a fresh process (runtime load + staging): ${fmt(cold.ms)}`);
  const coldCheck = await time(() =>
    checkDocument({ stack: "staging", resources: [] }, PROJECT_DIR),
  );
  out(`first check in the process (loads the policy pack): ${fmt(coldCheck.ms)}`);

  out("\nStacks (warm process): synth + check");
  const rows: StackRow[] = [];
  for (const stack of STACKS) {
    try {
      const s = await median(() => synthesize(stack, { cwd: PROJECT_DIR }));
      const c = await median(() => checkDocument(s.value, PROJECT_DIR));
      rows.push({
        stack,
        resources: s.value.resources.length,
        synthMs: s.ms,
        checkMs: c.ms,
        ...(c.value.status === "unavailable" ? { note: `check not run: ${c.value.reason}` } : {}),
      });
    } catch (e) {
      rows.push({
        stack,
        note: `synth failed: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}`,
      });
    }
  }
  out("| stack | resources | synth | check | synth + check |");
  out("|---|---:|---:|---:|---:|");
  for (const r of rows) {
    const both =
      r.synthMs !== undefined && r.checkMs !== undefined ? r.synthMs + r.checkMs : undefined;
    out(
      `| ${r.stack} | ${r.resources ?? "—"} | ${fmt(r.synthMs)} | ${fmt(r.checkMs)} | ${fmt(both)}${r.note ? ` (${r.note})` : ""} |`,
    );
  }
  const warm = rows.reduce((s, r) => s + (r.synthMs ?? 0) + (r.checkMs ?? 0), 0);
  const ok = rows.filter((r) => r.synthMs !== undefined).map((r) => r.stack);
  out(
    `all stacks that synthesize (${ok.join(", ")}): ${fmt(warm)} warm; ${fmt(warm + cold.ms + coldCheck.ms)} including the cold start`,
  );

  out("\nGenerated platforms: staging with --config platform:services=N (the real program)");
  const services = (n: number) =>
    synthesize("staging", { cwd: PROJECT_DIR, overrides: { "platform:services": String(n) } });
  const base = await services(1);
  const serviceRows: ServiceRow[] = [];
  for (const n of SERVICE_COUNTS) {
    const synth = await median(() => services(n));
    const doc = synth.value;
    const check = await median(() => checkDocument(doc, PROJECT_DIR));
    const cost = await median(() => costOfDocument(PROJECT_DIR, doc));
    const topo = await median(() => buildTopology(doc.resources));
    const diff = await median(() => diffDocuments(base, doc));
    serviceRows.push({
      services: n,
      resources: doc.resources.length,
      synthMs: synth.ms,
      checkMs: check.ms,
      costMs: cost.ms,
      topologyMs: topo.ms,
      diffMs: diff.ms,
    });
  }
  out(
    "| services | resources | synth | check | synth + check | cost | topology | diff vs 1 service |",
  );
  out("|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of serviceRows) {
    out(
      `| ${r.services} | ${r.resources} | ${fmt(r.synthMs)} | ${fmt(r.checkMs)} | ${fmt(r.synthMs + r.checkMs)} | ${fmt(r.costMs)} | ${fmt(r.topologyMs)} | ${fmt(r.diffMs)} |`,
    );
  }
  const [one, , fifty] = serviceRows;
  const resRatio = fifty.resources / one.resources;
  const timeRatio = (fifty.synthMs + fifty.checkMs) / (one.synthMs + one.checkMs);
  const perService = (fifty.synthMs + fifty.checkMs - one.synthMs - one.checkMs) / 49;
  out(
    `growth 1 → 50 services: resources × ${resRatio.toFixed(1)}, synth + check × ${timeRatio.toFixed(1)} ` +
      `(${fmt(perService)} per added service; ${timeRatio <= resRatio * 1.5 ? "linear or better" : "grows faster than linear"} in resources)`,
  );

  out("\nGenerated resources: check alone on renamed copies of staging (one run each)");
  const template = await synthesize("staging", { cwd: PROJECT_DIR });
  const generatedRows: { resources: number; checkMs: number }[] = [];
  for (const n of GENERATED_COUNTS) {
    const doc = generateResources(template, n);
    const check = await time(() => checkDocument(doc, PROJECT_DIR));
    generatedRows.push({ resources: n, checkMs: check.ms });
  }
  out("| resources | check | per 1,000 resources |");
  out("|---:|---:|---:|");
  for (const r of generatedRows) {
    out(`| ${r.resources} | ${fmt(r.checkMs)} | ${fmt((r.checkMs / r.resources) * 1000)} |`);
  }
  const first = generatedRows[0];
  const last = generatedRows[generatedRows.length - 1];
  const sizeRatio = last.resources / first.resources;
  const checkRatio = last.checkMs / first.checkMs;
  out(
    `growth ${first.resources} → ${last.resources} resources (× ${sizeRatio.toFixed(0)}): check × ${checkRatio.toFixed(1)} ` +
      `(${checkRatio <= sizeRatio * 1.5 ? "roughly linear" : "grows faster than linear"})`,
  );

  const file = arg("json");
  if (file !== undefined) {
    fs.writeFileSync(
      file,
      JSON.stringify(
        {
          cpus: os.cpus().length,
          loadavg: os.loadavg(),
          runs: RUNS,
          coldSynthMs: cold.ms,
          coldCheckMs: coldCheck.ms,
          stacks: rows,
          services: serviceRows,
          generated: generatedRows,
        },
        null,
        2,
      ) + "\n",
    );
    out(`\nwrote ${file}`);
  }
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`bench: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
}
