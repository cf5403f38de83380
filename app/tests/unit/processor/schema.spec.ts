import { expect } from "chai";
import { parseCsv } from "../../../src/processor/csv";
import { MAX_ROWS, summariseProblems, validateInventory } from "../../../src/processor/schema";

const validate = (text: string) => validateInventory(parseCsv(text));

describe("processor/schema: validateInventory", () => {
  it("accepts valid rows, trimming fields and normalising prices to two decimals", () => {
    expect(
      validate(
        'SKU, Name ,quantity,price\nA-1, Apple ,3,1.5\nb_2,Banana,0,0\nC.3,"Cherry, red",1000000,9999999999.99\n',
      ),
    ).to.deep.equal({
      ok: true,
      rows: [
        { line: 2, sku: "A-1", name: "Apple", quantity: 3, price: "1.50" },
        { line: 3, sku: "b_2", name: "Banana", quantity: 0, price: "0.00" },
        { line: 4, sku: "C.3", name: "Cherry, red", quantity: 1_000_000, price: "9999999999.99" },
      ],
    });
  });

  it("rejects an empty file", () => {
    expect(validate("")).to.deep.equal({
      ok: false,
      problems: ["the file is empty (expected the header sku,name,quantity,price)"],
    });
  });

  it("rejects a wrong header", () => {
    expect(validate("sku,name,qty\n")).to.deep.equal({
      ok: false,
      problems: ["line 1: expected the header sku,name,quantity,price, got sku,name,qty"],
    });
  });

  it("rejects a header without rows", () => {
    expect(validate("sku,name,quantity,price\n")).to.deep.equal({
      ok: false,
      problems: ["the file has a header but no data rows"],
    });
  });

  it("reports every bad field with its line", () => {
    const text = [
      "sku,name,quantity,price",
      "A-1,Apple,3,1.50",
      "bad sku,,-1,1.999",
      "A-1,Again,1,1",
      "B,Banana,1",
      "C,Cherry,1000001,abc",
      `D,${"x".repeat(201)},1,1`,
    ].join("\n");
    expect(validate(text)).to.deep.equal({
      ok: false,
      problems: [
        'line 3: sku must be 1-64 letters, digits, ".", "_" or "-" starting with a letter or digit, got "bad sku"',
        "line 3: name must not be empty",
        'line 3: quantity must be a whole number from 0 to 1000000, got "-1"',
        'line 3: price must be an amount of at least 0 with at most 2 decimals, got "1.999"',
        'line 4: sku "A-1" repeats line 2',
        "line 5: expected 4 fields (sku,name,quantity,price), got 3",
        'line 6: quantity must be a whole number from 0 to 1000000, got "1000001"',
        'line 6: price must be an amount of at least 0 with at most 2 decimals, got "abc"',
        "line 7: name must be at most 200 characters, got 201",
      ],
    });
  });

  it("rejects more rows than the limit", () => {
    const records = [{ line: 1, fields: ["sku", "name", "quantity", "price"] }];
    for (let i = 0; i <= MAX_ROWS; i += 1)
      records.push({ line: i + 2, fields: [`S${i}`, "n", "1", "1"] });
    expect(validateInventory(records)).to.deep.equal({
      ok: false,
      problems: [`the file has ${MAX_ROWS + 1} data rows, more than the limit of ${MAX_ROWS}`],
    });
  });
});

describe("processor/schema: summariseProblems", () => {
  it("lists up to five problems and counts the rest", () => {
    const problems = ["p1", "p2", "p3", "p4", "p5", "p6", "p7"];
    expect(summariseProblems(problems)).to.equal("p1; p2; p3; p4; p5; and 2 more problems");
    expect(summariseProblems(problems.slice(0, 6))).to.equal(
      "p1; p2; p3; p4; p5; and 1 more problem",
    );
    expect(summariseProblems(["only"])).to.equal("only");
  });
});
