/**
 * The one table of type tokens (lib/types.ts): each token is one the
 * installed provider SDK declares, under one name only, so the rules, cost,
 * diff and the synth mocks match what the program really registers.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { INVOKES, T, T2 } from "../lib/types";

/**
 * The SDK file that declares `token` (`pkg:module/member:Name` →
 * `@pulumi/pkg/[module/]member.js`, as Pulumi's Node.js codegen lays them out).
 */
function declaringFile(token: string): string {
  const [pkg, rest] = token.split(/:(.*)/s);
  if (pkg === "pulumi") {
    // The SDK's own resources (pulumi:pulumi:StackReference): @pulumi/pulumi/stackReference.js.
    const name = rest.split(":")[1];
    const dir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    return path.join(dir, `${name[0].toLowerCase()}${name.slice(1)}.js`);
  }
  const [mod, member] = rest.split(":")[0].split("/");
  const dir = path.dirname(require.resolve(`@pulumi/${pkg}/package.json`));
  return path.join(dir, ...(mod === "index" ? [] : [mod]), `${member}.js`);
}

function declared(token: string, kind: "resource" | "invoke"): boolean {
  const file = declaringFile(token);
  if (!fs.existsSync(file)) return false;
  const text = fs.readFileSync(file, "utf8");
  return kind === "resource" && !token.startsWith("pulumi:")
    ? text.includes(`__pulumiType = '${token}'`)
    : text.includes(`"${token}"`);
}

describe("policy-pack/lib/types", () => {
  it("checks a token against the SDK: a misspelt one is not declared", () => {
    expect(declared("aws:rds/instance:Instance", "resource")).to.equal(true);
    expect(declared("aws:rds/instance:Instances", "resource")).to.equal(false);
    expect(declared("aws:rds/instances:Instance", "resource")).to.equal(false);
    expect(declared("docker:index/container:Container", "resource")).to.equal(true);
    expect(declared("aws:index/getRegion:getRegion", "invoke")).to.equal(true);
    expect(declared("aws:index/getRegion:getRegions", "invoke")).to.equal(false);
    expect(declared("pulumi:pulumi:StackReference", "resource")).to.equal(true);
    expect(declared("pulumi:pulumi:StackReferences", "resource")).to.equal(false);
  });

  it("names only resource types the installed providers declare", () => {
    const missing = Object.entries(T).filter(([, token]) => !declared(token, "resource"));
    expect(missing).to.deep.equal([]);
  });

  it("names only provider functions the installed @pulumi/aws declares", () => {
    const missing = Object.entries(INVOKES).filter(([, token]) => !declared(token, "invoke"));
    expect(missing).to.deep.equal([]);
  });

  it("names each token once (one table: T2 is T)", () => {
    const tokens = Object.values(T);
    expect(tokens.filter((t, i) => tokens.indexOf(t) !== i)).to.deep.equal([]);
    expect(T2).to.equal(T);
  });
});
