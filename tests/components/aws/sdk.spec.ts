import { expect } from "chai";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as root from "@pulumi/aws";
import * as sdk from "../../../components/aws/sdk";
import { PROJECT_DIR } from "../../support/mockRun";

/** The @pulumi/aws modules a run of the real bin loaded (paths under the package), and its exit code. */
function loadedAwsModules(args: string[]): Promise<{ code: number | null; modules: string[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sdk-spec-"));
  const hook = path.join(dir, "hook.js");
  const list = path.join(dir, "modules.json");
  fs.writeFileSync(
    hook,
    `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(list)}, ` +
      `JSON.stringify(Object.keys(require.cache))));\n`,
  );
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--require", hook, path.join(PROJECT_DIR, "bin", "platform.js"), ...args],
      { cwd: PROJECT_DIR, stdio: ["ignore", "ignore", "pipe"] },
    );
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => {
      try {
        const all = JSON.parse(fs.readFileSync(list, "utf8")) as string[];
        const pkg = `${path.sep}node_modules${path.sep}@pulumi${path.sep}aws${path.sep}`;
        const modules = all
          .filter((m) => m.includes(pkg))
          .map((m) =>
            m
              .slice(m.indexOf(pkg) + pkg.length)
              .split(path.sep)
              .join("/"),
          );
        resolve({ code, modules });
      } catch {
        reject(new Error(`no module list (exit ${code}): ${err.split("\n")[0]}`));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

describe("components/aws/sdk (the @pulumi/aws modules the program loads)", function () {
  this.timeout(60_000);
  type Run = Awaited<ReturnType<typeof loadedAwsModules>>;
  let staging: Run;
  let dev: Run;
  before(async () => {
    // Two processes at once: each is a whole `platform check`.
    [staging, dev] = await Promise.all([
      loadedAwsModules(["check", "--stack", "staging", "--json"]),
      loadedAwsModules(["check", "--stack", "dev", "--json"]),
    ]);
  });

  it("re-exports the very classes and functions of the provider's root index", () => {
    expect(sdk.ec2.Vpc).to.equal(root.ec2.Vpc);
    expect(sdk.rds.Instance).to.equal(root.rds.Instance);
    expect(sdk.lb.ListenerRule).to.equal(root.lb.ListenerRule);
    expect(sdk.Provider).to.equal(root.Provider);
    expect(sdk.getCallerIdentityOutput).to.equal(root.getCallerIdentityOutput);
    expect(sdk.getPartitionOutput).to.equal(root.getPartitionOutput);
    expect(sdk.getAvailabilityZonesOutput).to.equal(root.getAvailabilityZonesOutput);
    for (const service of Object.keys(sdk).filter((k) => /^[a-z0-9]+$/.test(k))) {
      expect(Object.keys((sdk as any)[service]), service).to.deep.equal(
        Object.keys((root as any)[service]),
      );
    }
  });

  it("an AWS stack's check never loads the root index of @pulumi/aws, only its services", () => {
    const { code, modules } = staging;
    expect(code).to.equal(0);
    expect(modules).to.include("ec2/vpc.js");
    expect(modules).to.include("rds/instance.js");
    expect(modules).not.to.include("index.js");
    // A service nothing uses is never loaded (the root index would load all ~250).
    expect(modules.filter((m) => m.startsWith("sagemaker/"))).to.deep.equal([]);
  });

  it("the dev stack's check loads no AWS resource module at all (only the region enum)", () => {
    const { code, modules } = dev;
    expect(code).to.equal(0);
    expect(modules.filter((m) => !m.startsWith("types/enums/"))).to.deep.equal([]);
  });
});
