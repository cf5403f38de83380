/**
 * The exact files the dev stack hands its Prometheus and Alertmanager
 * containers (read back from `platform synth --stack dev`'s uploads) in the
 * real `promtool check config` and `amtool check-config` (Debian's
 * `prometheus` and `prometheus-alertmanager` packages).
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Resource } from "../../../cli/core/resource";
import { requireBinary } from "../../../test-support";
import { synth } from "../../support/mockRun";

/** The uploads of one loader container, by path under /run/platform. */
function uploads(resources: readonly Resource[], loader: string): Record<string, string> {
  const r = resources.find((x) => x.name === loader);
  if (r === undefined) throw new Error(`no ${loader} in the dev stack`);
  const list = r.props.uploads as { file: string; content: string }[];
  return Object.fromEntries(list.map((u) => [u.file.replace("/run/platform/", ""), u.content]));
}

describe("dev Prometheus and Alertmanager configuration in the real promtool and amtool", function () {
  this.timeout(120_000);
  let dir: string;
  let resources: readonly Resource[];
  before(async () => {
    resources = (await synth("dev")).resources;
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "platform-obs-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("promtool check config accepts prometheus.yml with its rules file", () => {
    const files = uploads(resources, "platform-observability-prometheus-files-loader");
    expect(Object.keys(files).sort()).to.deep.equal(["alerts.rules.yml", "prometheus.yml"]);
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    const r = spawnSync(
      requireBinary("promtool", "prometheus"),
      ["check", "config", "prometheus.yml"],
      { cwd: dir, encoding: "utf8" },
    );
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.contain("SUCCESS: prometheus.yml is valid prometheus config file syntax");
    expect(r.stdout).to.contain("SUCCESS: 13 rules found");
  });

  it("scrapes the app, the file processor, PostgreSQL, Redis, the proxy's certificate and itself", () => {
    const config = uploads(resources, "platform-observability-prometheus-files-loader")[
      "prometheus.yml"
    ];
    const jobs = [...config.matchAll(/job_name: (\S+)/g)].map((m) => m[1]);
    expect(jobs).to.deep.equal([
      "prometheus",
      "app",
      "file-processor",
      "postgres",
      "redis",
      "blackbox",
    ]);
    expect(config).to.contain("- app:8080");
    expect(config).to.contain("- https://proxy:18443/healthz");
  });

  it("amtool check-config accepts alertmanager.yml, which routes every alert to the notification sink", () => {
    const files = uploads(resources, "platform-observability-alertmanager-files-loader");
    writeFileSync(join(dir, "alertmanager.yml"), files["alertmanager.yml"]);
    const r = spawnSync(
      requireBinary("amtool", "prometheus-alertmanager"),
      ["check-config", "alertmanager.yml"],
      { cwd: dir, encoding: "utf8" },
    );
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.contain(" - 1 receivers");
    expect(files["alertmanager.yml"]).to.contain("url: http://notifications:");
  });

  it("amtool check-config refuses a route to a receiver that does not exist", () => {
    const files = uploads(resources, "platform-observability-alertmanager-files-loader");
    writeFileSync(
      join(dir, "alertmanager.yml"),
      files["alertmanager.yml"].replace("receiver: notifications", "receiver: nobody"),
    );
    const r = spawnSync(
      requireBinary("amtool", "prometheus-alertmanager"),
      ["check-config", "alertmanager.yml"],
      { cwd: dir, encoding: "utf8" },
    );
    expect(r.status).to.equal(1);
    expect(r.stdout + r.stderr).to.contain('undefined receiver "nobody"');
  });
});
