/** One CSV record and the line it starts on (1-based). */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

/** The file is not well-formed CSV; the message names the line. */
export class CsvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CsvError";
  }
}

/** Decodes file bytes as UTF-8 (a leading BOM is dropped); throws a CsvError for invalid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new CsvError("the file is not valid UTF-8 text");
  }
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}

/**
 * Parses RFC 4180 CSV: comma-separated fields, LF or CRLF line ends, fields optionally quoted
 * with `"` (a quote inside a quoted field is written `""`; quoted fields may span lines).
 * Blank lines are skipped. Throws a CsvError naming the line for a stray or unterminated quote.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let quoted = false; // the current field started with a quote
  let inQuotes = false; // we are between its opening and closing quote
  let fieldStarted = false;

  const endField = (): void => {
    fields.push(field);
    field = "";
    quoted = false;
    fieldStarted = false;
  };
  const endRecord = (): void => {
    endField();
    const blank = fields.length === 1 && fields[0] === "";
    if (!blank) records.push({ line: recordLine, fields });
    fields = [];
  };

  while (i < text.length) {
    const c = text[i] as string;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i += 1;
        continue;
      }
      if (c === "\n") line += 1;
      field += c;
      i += 1;
      continue;
    }
    if (c === ",") {
      endField();
      fieldStarted = true;
      i += 1;
      continue;
    }
    if (c === "\n" || (c === "\r" && text[i + 1] === "\n")) {
      endRecord();
      i += c === "\r" ? 2 : 1;
      line += 1;
      recordLine = line;
      continue;
    }
    if (quoted) {
      throw new CsvError(
        `line ${line}: unexpected ${JSON.stringify(c)} after a closing quote (expected a comma or the end of the line)`,
      );
    }
    if (c === '"') {
      if (field !== "")
        throw new CsvError(
          `line ${line}: a quote inside an unquoted field (quote the whole field and write "" for a quote)`,
        );
      quoted = true;
      inQuotes = true;
      i += 1;
      continue;
    }
    field += c;
    fieldStarted = true;
    i += 1;
  }
  if (inQuotes) throw new CsvError(`line ${recordLine}: a quoted field is never closed`);
  if (field !== "" || quoted || fieldStarted || fields.length > 0) endRecord();
  return records;
}
