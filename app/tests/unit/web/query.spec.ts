import { expect } from "chai";
import { parseId, parseListQuery } from "../../../src/web/query";

describe("web/query", () => {
  it("defaults limit to 50 with no filters", () => {
    expect(parseListQuery(new URLSearchParams(""))).to.deep.equal({
      ok: true,
      query: { limit: 50, status: undefined, before: undefined },
    });
  });

  it("reads limit, status and before", () => {
    expect(parseListQuery(new URLSearchParams("limit=10&status=failed&before=42"))).to.deep.equal({
      ok: true,
      query: { limit: 10, status: "failed", before: 42 },
    });
  });

  it("explains each bad parameter", () => {
    const error = (q: string) => {
      const r = parseListQuery(new URLSearchParams(q));
      return r.ok ? undefined : r.error;
    };
    expect(error("limit=0")).to.equal('limit must be a whole number from 1 to 200, got "0"');
    expect(error("limit=201")).to.equal('limit must be a whole number from 1 to 200, got "201"');
    expect(error("status=done")).to.equal('status must be processed or failed, got "done"');
    expect(error("before=x")).to.equal('before must be a file id, got "x"');
    expect(error("sort=asc")).to.equal(
      "unknown query parameter sort (expected limit, status, before)",
    );
  });

  it("accepts ids from 1 to 2^31-1 only", () => {
    expect(parseId("1")).to.equal(1);
    expect(parseId("2147483647")).to.equal(2147483647);
    expect(parseId("2147483648")).to.equal(undefined);
    expect(parseId("0")).to.equal(undefined);
    expect(parseId("01")).to.equal(undefined);
    expect(parseId("-1")).to.equal(undefined);
  });
});
