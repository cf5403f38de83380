import type { Pool } from "pg";
import { FILE_COLUMNS } from "../processor/pg-store";
import type { FileRecord } from "../processor/ports";

/** A stored row of a processed file. */
export interface FileRow {
  readonly line: number;
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  readonly price: string;
}

export interface ListQuery {
  readonly limit: number;
  readonly status: "processed" | "failed" | undefined;
  /** Return files with an id lower than this (pagination). */
  readonly before: number | undefined;
}

/** Read side of the processor's tables, for GET /files and GET /files/:id. */
export class FilesRepository {
  constructor(private readonly pool: Pool) {}

  async list(q: ListQuery): Promise<FileRecord[]> {
    const { rows } = await this.pool.query<FileRecord>(
      `SELECT ${FILE_COLUMNS} FROM files
       WHERE ($1::text IS NULL OR status = $1) AND ($2::bigint IS NULL OR id < $2)
       ORDER BY id DESC LIMIT $3`,
      [q.status ?? null, q.before ?? null, q.limit],
    );
    return rows;
  }

  async get(id: number): Promise<(FileRecord & { rows: FileRow[] }) | undefined> {
    const file = (
      await this.pool.query<FileRecord>(`SELECT ${FILE_COLUMNS} FROM files WHERE id = $1`, [id])
    ).rows[0];
    if (file === undefined) return undefined;
    const { rows } = await this.pool.query<FileRow>(
      `SELECT line_number AS line, sku, name, quantity, price::text AS price FROM file_rows WHERE file_id = $1 ORDER BY line_number`,
      [id],
    );
    return { ...file, rows };
  }
}
