import { expect } from "chai";
import { readEscapes } from "../../../cli/migrations/escapes";

const TODAY = "2026-11-30";

describe("migrations: escapes", () => {
  it("reads a valid escape with its rule, reason, expiry and line", () => {
    expect(
      readEscapes(
        'SELECT 1;\n-- migration-check: allow drop-column reason="etag moved to file_versions (OPS-12)" expires=2026-12-31\n',
        TODAY,
      ),
    ).to.deep.equal({
      escapes: [
        {
          rule: "drop-column",
          reason: "etag moved to file_versions (OPS-12)",
          expires: "2026-12-31",
          line: 2,
        },
      ],
      problems: [],
    });
  });

  it("keeps an escape in force through its expiry day", () => {
    expect(
      readEscapes(`-- migration-check: allow truncate reason="scratch" expires=${TODAY}`, TODAY)
        .escapes,
    ).to.have.length(1);
  });

  it("fails an expired, reasonless, undated, misdated, unknown or malformed escape, naming it", () => {
    const sql = [
      '-- migration-check: allow drop-column reason="old" expires=2026-11-29',
      "-- migration-check: allow drop-column expires=2027-01-01",
      '-- migration-check: allow drop-column reason="  " expires=2027-01-01',
      '-- migration-check: allow drop-column reason="no date"',
      '-- migration-check: allow drop-column reason="bad date" expires=2027-02-30',
      '-- migration-check: allow immutable reason="x" expires=2027-01-01',
      "-- migration-check: deny everything",
    ].join("\n");
    const r = readEscapes(sql, TODAY);
    expect(r.escapes).to.deep.equal([]);
    expect(r.problems).to.deep.equal([
      { line: 1, message: "escape for drop-column expired on 2026-11-29" },
      { line: 2, message: 'escape for drop-column has no reason="…"' },
      { line: 3, message: 'escape for drop-column has no reason="…"' },
      { line: 4, message: "escape for drop-column has no expires=YYYY-MM-DD" },
      {
        line: 5,
        message: "escape for drop-column: expires=2027-02-30 is not a date (expected YYYY-MM-DD)",
      },
      {
        line: 6,
        message:
          "escape names immutable, which is not a rule that can be escaped (see docs/migrations.md)",
      },
      {
        line: 7,
        message:
          'escape is not of the form: -- migration-check: allow <rule> reason="…" expires=YYYY-MM-DD',
      },
    ]);
  });
});
