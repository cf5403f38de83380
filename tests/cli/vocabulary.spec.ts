/**
 * One vocabulary of resource type tokens: the CLI (cost, diff, the synth
 * mocks, topology, the document reader) names every type through the pack's
 * table (policy-pack/lib/types.ts `T`, `INVOKES`), never as a string literal,
 * so a misspelt type is a type error rather than a rule that never matches.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";

const CLI = path.join(__dirname, "..", "..", "cli");

/** A provider type or invoke token spelt out in source text (`pkg:module/member:Name`). */
const TOKEN = /["'`](aws|docker|random|tls):[a-zA-Z0-9]+\/[a-zA-Z0-9]+:[A-Za-z0-9]+["'`]/g;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith(".ts") ? [p] : [];
  });
}

/** `file:line: token` for every literal token in `text`. */
function literalTokens(file: string, text: string): string[] {
  return text
    .split("\n")
    .flatMap((line, i) => [...line.matchAll(TOKEN)].map((m) => `${file}:${i + 1}: ${m[0]}`));
}

describe("cli/ type tokens", () => {
  it("finds a token spelt as a literal in any quotes, and not one named through the table", () => {
    const text = [
      'case "aws:rds/instance:Instance":',
      "const t = 'docker:index/container:Container';",
      "`tls:index/privateKey:PrivateKey`",
      "case T.rdsInstance:",
      '"pulumi:pulumi:Stack"',
    ].join("\n");
    expect(literalTokens("x.ts", text)).to.deep.equal([
      'x.ts:1: "aws:rds/instance:Instance"',
      "x.ts:2: 'docker:index/container:Container'",
      "x.ts:3: `tls:index/privateKey:PrivateKey`",
    ]);
  });

  it("are never string literals outside policy-pack/lib/types.ts", () => {
    const found = sources(CLI).flatMap((f) =>
      literalTokens(path.relative(CLI, f), fs.readFileSync(f, "utf8")),
    );
    expect(found).to.deep.equal([]);
  });
});
