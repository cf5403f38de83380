import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { rollbackDiff } from "../../../cli/migrations/check";
import { diffSchemas, parseSnapshot } from "../../../cli/migrations/schema";
import { REPO } from "./support";

const SNAPSHOT = readFileSync(join(REPO, "app", "schema.sql"), "utf8");

describe("migrations: schema snapshot diff", () => {
  it("reads the committed snapshot's tables, columns, constraints and indexes", () => {
    const m = parseSnapshot(SNAPSHOT);
    expect([...m.tables.keys()]).to.deep.equal(["public.file_rows", "public.files"]);
    const files = m.tables.get("public.files");
    expect(files?.columns.get("id")).to.equal("bigint NOT NULL GENERATED ALWAYS AS IDENTITY");
    expect(files?.columns.get("etag")).to.equal("text NOT NULL DEFAULT ''::text");
    expect(files?.parts.get("index files_created_at_idx")).to.equal(
      "CREATE INDEX files_created_at_idx ON public.files USING btree (created_at DESC, id DESC)",
    );
    expect(files?.parts.get("constraint files_pkey")).to.equal("PRIMARY KEY (id)");
    expect(m.other.size).to.equal(0);
  });

  it("shows added, removed and changed tables, columns and indexes, one line each", () => {
    const changed = SNAPSHOT.replace(
      "    notified_at timestamp with time zone\n",
      "    notified_at timestamp with time zone,\n    note text\n",
    )
      .replace("    size_bytes bigint,\n", "    size_bytes integer,\n")
      .replace(/CREATE INDEX files_created_at_idx[^\n]*\n/, "")
      .replace(
        "CREATE TABLE public.file_rows (",
        "CREATE TABLE public.zz (\n    id integer\n);\n\nCREATE TABLE public.file_rows (",
      );
    expect(diffSchemas(parseSnapshot(SNAPSHOT), parseSnapshot(changed))).to.deep.equal([
      "~ column public.files.size_bytes: bigint → integer",
      "+ column public.files.note text",
      "- index files_created_at_idx on public.files: CREATE INDEX files_created_at_idx ON public.files USING btree (created_at DESC, id DESC)",
      "+ table public.zz (id)",
    ]);
    expect(diffSchemas(parseSnapshot(changed), parseSnapshot(SNAPSHOT))[0]).to.equal(
      "~ column public.files.size_bytes: integer → bigint",
    );
  });

  it("leaves column order out of the rollback comparison but keeps it in the snapshot diff", () => {
    const reordered = SNAPSHOT.replace("    etag text NOT NULL DEFAULT ''::text,\n", "").replace(
      "    notified_at timestamp with time zone\n",
      "    notified_at timestamp with time zone,\n    etag text NOT NULL DEFAULT ''::text\n",
    );
    expect(rollbackDiff(SNAPSHOT, reordered)).to.deep.equal([]);
    expect(diffSchemas(parseSnapshot(SNAPSHOT), parseSnapshot(reordered))).to.have.length(1);
    expect(diffSchemas(parseSnapshot(SNAPSHOT), parseSnapshot(reordered))[0]).to.match(
      /^~ table public\.files: column order id, bucket, key, etag, /,
    );
  });
});
