import { expect } from "chai";
import { createLogger, errorFields } from "../../../src/log";

const fixed = () => new Date("2026-11-22T10:00:00.000Z");

describe("log: createLogger", () => {
  it("writes one JSON object per line with base and child fields", () => {
    const lines: string[] = [];
    const log = createLogger({ base: { service: "web" }, write: (l) => lines.push(l), now: fixed });
    log.child({ requestId: "r1" }).info("request", { status: 200 });
    expect(lines).to.deep.equal([
      '{"time":"2026-11-22T10:00:00.000Z","level":"info","msg":"request","service":"web","requestId":"r1","status":200}',
    ]);
  });

  it("drops lines below the level", () => {
    const lines: string[] = [];
    const log = createLogger({ level: "warn", write: (l) => lines.push(l), now: fixed });
    log.debug("d");
    log.info("i");
    log.warn("w");
    log.error("e");
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).to.deep.equal(["w", "e"]);
  });

  it("redacts secret values wherever they appear, even JSON-escaped", () => {
    const lines: string[] = [];
    const log = createLogger({
      secrets: ["hunter2", 'p"w\\x'],
      write: (l) => lines.push(l),
      now: fixed,
    });
    log.error("boom", {
      message: 'auth failed for password hunter2 and p"w\\x',
      nested: { token: "hunter2" },
    });
    expect(lines[0]).to.equal(
      '{"time":"2026-11-22T10:00:00.000Z","level":"error","msg":"boom","message":"auth failed for password [REDACTED] and [REDACTED]","nested":{"token":"[REDACTED]"}}',
    );
  });

  it("turns errors into name, message and code", () => {
    expect(
      errorFields(Object.assign(new Error("refused"), { code: "ECONNREFUSED" })),
    ).to.deep.equal({ error: "Error", message: "refused", code: "ECONNREFUSED" });
    expect(errorFields("plain")).to.deep.equal({ error: "plain" });
  });
});
