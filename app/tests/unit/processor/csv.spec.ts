import { expect } from "chai";
import { CsvError, decodeUtf8, parseCsv } from "../../../src/processor/csv";

describe("processor/csv: parseCsv", () => {
  it("parses records with their line numbers, LF or CRLF", () => {
    expect(parseCsv("sku,name\r\nA,Apple\nB,Banana\n")).to.deep.equal([
      { line: 1, fields: ["sku", "name"] },
      { line: 2, fields: ["A", "Apple"] },
      { line: 3, fields: ["B", "Banana"] },
    ]);
  });

  it("handles quoted fields with commas, doubled quotes and newlines, keeping the record's first line", () => {
    expect(parseCsv('a,b\n"x, y","say ""hi"""\n"multi\nline",z\nlast,1')).to.deep.equal([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["x, y", 'say "hi"'] },
      { line: 3, fields: ["multi\nline", "z"] },
      { line: 5, fields: ["last", "1"] },
    ]);
  });

  it("keeps empty fields, including a trailing one", () => {
    expect(parseCsv('a,,c,\n"",x')).to.deep.equal([
      { line: 1, fields: ["a", "", "c", ""] },
      { line: 2, fields: ["", "x"] },
    ]);
  });

  it("skips blank lines but counts them", () => {
    expect(parseCsv("a\n\n\nb\n")).to.deep.equal([
      { line: 1, fields: ["a"] },
      { line: 4, fields: ["b"] },
    ]);
  });

  it("returns nothing for an empty text", () => {
    expect(parseCsv("")).to.deep.equal([]);
  });

  it("rejects an unterminated quoted field, naming the line it opened on", () => {
    expect(() => parseCsv('a,b\nc,"open\nstill open\n')).to.throw(
      CsvError,
      "line 2: a quoted field is never closed",
    );
  });

  it("rejects text after a closing quote", () => {
    expect(() => parseCsv('a\n"x"y,z\n')).to.throw(
      CsvError,
      'line 2: unexpected "y" after a closing quote (expected a comma or the end of the line)',
    );
  });

  it("rejects a quote inside an unquoted field", () => {
    expect(() => parseCsv('a\nab"c\n')).to.throw(
      CsvError,
      'line 2: a quote inside an unquoted field (quote the whole field and write "" for a quote)',
    );
  });
});

describe("processor/csv: decodeUtf8", () => {
  it("drops a leading byte order mark", () => {
    expect(decodeUtf8(Buffer.from("\uFEFFsku", "utf8"))).to.equal("sku");
  });

  it("rejects bytes that are not UTF-8", () => {
    expect(() => decodeUtf8(Buffer.from([0x73, 0xff, 0xfe]))).to.throw(
      CsvError,
      "the file is not valid UTF-8 text",
    );
  });
});
