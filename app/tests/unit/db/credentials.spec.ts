import { expect } from "chai";
import { DatabasePassword, INVALID_PASSWORD, isAuthFailure } from "../../../src/db/credentials";
import { AUTH_RETRY_DELAYS_MS, withPasswordRetry } from "../../../src/db/pool";

/** An error shaped like pg's for SQLSTATE `code`. */
function pgError(code: string): Error {
  return Object.assign(new Error(`password authentication failed for user "app"`), { code });
}

describe("db/credentials: surviving a password rotation", () => {
  // https://www.postgresql.org/docs/16/errcodes-appendix.html (read 2026-11-30): 28P01 invalid_password
  it("recognises only PostgreSQL's invalid_password as a refused login", () => {
    expect(INVALID_PASSWORD).to.equal("28P01");
    expect(isAuthFailure(pgError("28P01"))).to.equal(true);
    expect(isAuthFailure(pgError("57P01"))).to.equal(false);
    expect(isAuthFailure(new Error("ECONNREFUSED"))).to.equal(false);
    expect(isAuthFailure(undefined)).to.equal(false);
  });

  it("re-reads the password once for concurrent callers and says whether it changed", async () => {
    let reads = 0;
    const pw = new DatabasePassword("old", async () => {
      reads += 1;
      return "new";
    });
    expect(await Promise.all([pw.refresh(), pw.refresh(), pw.refresh()])).to.deep.equal([
      true,
      true,
      true,
    ]);
    expect([reads, pw.current()]).to.deep.equal([1, "new"]);
    expect(await pw.refresh()).to.equal(false);
    expect(reads).to.equal(2);
  });

  it("logs in again with the re-read password after a refusal", async () => {
    const pw = new DatabasePassword("old", async () => "new");
    const tried: string[] = [];
    const refused: string[] = [];
    const result = await withPasswordRetry(
      pw,
      async () => {
        tried.push(pw.current());
        if (pw.current() !== "new") throw pgError("28P01");
        return "connected";
      },
      (e) => refused.push(e.message),
    );
    expect([result, tried, refused]).to.deep.equal([
      "connected",
      ["old", "new"],
      ['password authentication failed for user "app"'],
    ]);
  });

  it("gives up after the last retry, and never retries another error", async () => {
    const pw = new DatabasePassword("old", async () => "still-wrong");
    let attempts = 0;
    let failure: unknown;
    try {
      await withPasswordRetry(pw, async () => {
        attempts += 1;
        throw pgError("28P01");
      });
    } catch (e) {
      failure = e;
    }
    expect([attempts, (failure as { code?: string }).code]).to.deep.equal([
      AUTH_RETRY_DELAYS_MS.length + 1,
      "28P01",
    ]);
    attempts = 0;
    try {
      await withPasswordRetry(pw, async () => {
        attempts += 1;
        throw pgError("57P01");
      });
    } catch (e) {
      failure = e;
    }
    expect([attempts, (failure as { code?: string }).code]).to.deep.equal([1, "57P01"]);
  });
});
