/**
 * Every component's Args to the AWS CDK's standard for props: each field is
 * readonly and documented (TSDoc with a description), and each optional field
 * says what happens without it (`@default`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import * as ts from "typescript";

const COMPONENTS = path.join(__dirname, "..", "..", "components");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith(".ts") ? [p] : [];
  });
}

/** The problems of every `*Args` field in `text`, as `Interface.field: problem`. */
function argsProblems(fileName: string, text: string): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const problems: string[] = [];
  sf.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node) || !node.name.text.endsWith("Args")) return;
    for (const m of node.members) {
      if (!ts.isPropertySignature(m)) continue;
      const where = `${node.name.text}.${m.name.getText(sf)}`;
      const docs = ts.getJSDocCommentsAndTags(m).filter(ts.isJSDoc);
      const description = docs.map((d) => ts.getTextOfJSDocComment(d.comment) ?? "").join("");
      const hasDefault = docs.some((d) => (d.tags ?? []).some((t) => t.tagName.text === "default"));
      if (!m.modifiers?.some((x) => x.kind === ts.SyntaxKind.ReadonlyKeyword))
        problems.push(`${where}: not readonly`);
      if (description.trim() === "") problems.push(`${where}: no TSDoc description`);
      if (m.questionToken && !hasDefault) problems.push(`${where}: optional without @default`);
    }
  });
  return problems;
}

describe("components: Args", () => {
  it("finds a field that is not readonly, undocumented, or optional without @default", () => {
    const text = [
      "export interface ThingArgs {",
      "  /** Documented. @default 3 */",
      "  readonly good?: number;",
      "  mutable: string;",
      "  /** @default 1 */",
      "  readonly onlyDefault?: number;",
      "  /** Says nothing about its default. */",
      "  readonly optional?: string;",
      "}",
      "export interface NotArgsShape { loose: string }",
    ].join("\n");
    expect(argsProblems("thing.ts", text)).to.deep.equal([
      "ThingArgs.mutable: not readonly",
      "ThingArgs.mutable: no TSDoc description",
      "ThingArgs.onlyDefault: no TSDoc description",
      "ThingArgs.optional: optional without @default",
    ]);
  });

  it("every *Args field under components/ is readonly, has TSDoc, and an @default when optional", () => {
    const files = sources(COMPONENTS);
    expect(files.length).to.be.greaterThan(20);
    const problems = files.flatMap((f) =>
      argsProblems(f, fs.readFileSync(f, "utf8")).map(
        (p) => `${path.relative(COMPONENTS, f)}: ${p}`,
      ),
    );
    expect(problems).to.deep.equal([]);
  });
});
