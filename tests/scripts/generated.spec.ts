import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { currentText, GeneratedFile, writeOrCheck } from "../../scripts/generated";

describe("scripts/generated: writeOrCheck", () => {
  const root = "/repo";
  const files: GeneratedFile[] = [
    { file: "/repo/docs/a.md", current: "same", expected: "same" },
    { file: "/repo/docs/b.md", current: "old", expected: "new" },
    { file: "/repo/c.yaml", current: "", expected: "created" },
  ];
  function recorder() {
    const log = { writes: [] as [string, string][], out: [] as string[], err: [] as string[] };
    const io = {
      write: (file: string, text: string) => log.writes.push([file, text]),
      out: (line: string) => log.out.push(line),
      err: (line: string) => log.err.push(line),
    };
    return { log, io };
  }

  it("writes only the stale files and names each, relative to the root", () => {
    const { log, io } = recorder();
    expect(writeOrCheck(files, { check: false, command: "x:docs", root }, io)).to.equal(0);
    expect(log.writes).to.deep.equal([
      ["/repo/docs/b.md", "new"],
      ["/repo/c.yaml", "created"],
    ]);
    expect(log.out).to.deep.equal(["wrote docs/b.md", "wrote c.yaml"]);
    expect(log.err).to.deep.equal([]);
  });

  it("with check writes nothing, names every stale file with the command, and fails", () => {
    const { log, io } = recorder();
    expect(writeOrCheck(files, { check: true, command: "x:docs", root }, io)).to.equal(1);
    expect(log.writes).to.deep.equal([]);
    expect(log.err).to.deep.equal([
      "docs/b.md is stale: run npm run x:docs",
      "c.yaml is stale: run npm run x:docs",
    ]);
  });

  it("passes a check when nothing is stale", () => {
    const { log, io } = recorder();
    expect(writeOrCheck([files[0]], { check: true, command: "x:docs", root }, io)).to.equal(0);
    expect(log.err).to.deep.equal([]);
  });

  it("reads a missing file as empty", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "generated-"));
    try {
      expect(currentText(path.join(dir, "none.md"))).to.equal("");
      fs.writeFileSync(path.join(dir, "some.md"), "text");
      expect(currentText(path.join(dir, "some.md"))).to.equal("text");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
