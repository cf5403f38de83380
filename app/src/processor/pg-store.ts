import type { Pool, PoolClient } from "pg";
import type { PriorDelivery } from "./idempotency";
import type { FileIdentity, FileRecord, FileStore, RecordResult } from "./ports";
import type { InventoryRow } from "./schema";

/** The columns of `files` as the API and notifications show them. */
export const FILE_COLUMNS = `id::int AS "id", bucket, key, etag, version_id AS "versionId", size_bytes::float8 AS "sizeBytes",
  status, reason, row_count AS "rowCount", to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt",
  to_char(notified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "notifiedAt"`;

const INSERT_FILE = `
INSERT INTO files (bucket, key, etag, version_id, dedupe_key, size_bytes, status, reason, row_count)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (bucket, key, dedupe_key) DO NOTHING
RETURNING ${FILE_COLUMNS}`;

/** The `files` / `file_rows` tables behind the FileStore port. */
export class PgFileStore implements FileStore {
  constructor(private readonly pool: Pool) {}

  async findPrior(
    bucket: string,
    key: string,
    dedupeKey: string,
  ): Promise<PriorDelivery | undefined> {
    const { rows } = await this.pool.query<{ id: number; notified: boolean }>(
      `SELECT id::int AS id, notified_at IS NOT NULL AS notified FROM files WHERE bucket = $1 AND key = $2 AND dedupe_key = $3`,
      [bucket, key, dedupeKey],
    );
    return rows[0];
  }

  private async insert(
    client: Pool | PoolClient,
    file: FileIdentity,
    status: "processed" | "failed",
    reason: string | null,
    rowCount: number,
  ) {
    const { rows } = await client.query<FileRecord>(INSERT_FILE, [
      file.bucket,
      file.key,
      file.etag,
      file.versionId ?? null,
      file.dedupeKey,
      file.sizeBytes ?? null,
      status,
      reason,
      rowCount,
    ]);
    return rows[0];
  }

  private async duplicate(file: FileIdentity): Promise<RecordResult> {
    const prior = await this.findPrior(file.bucket, file.key, file.dedupeKey);
    if (prior === undefined)
      throw new Error(`insert of ${file.bucket}/${file.key} conflicted but no row was found`);
    return { kind: "duplicate", prior };
  }

  async recordProcessed(file: FileIdentity, rows: readonly InventoryRow[]): Promise<RecordResult> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const inserted = await this.insert(client, file, "processed", null, rows.length);
      if (inserted === undefined) {
        await client.query("ROLLBACK");
        return this.duplicate(file);
      }
      await client.query(
        `INSERT INTO file_rows (file_id, line_number, sku, name, quantity, price)
         SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::int[], $6::numeric[])`,
        [
          inserted.id,
          rows.map((r) => r.line),
          rows.map((r) => r.sku),
          rows.map((r) => r.name),
          rows.map((r) => r.quantity),
          rows.map((r) => r.price),
        ],
      );
      await client.query("COMMIT");
      return { kind: "recorded", file: inserted };
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async recordFailed(file: FileIdentity, reason: string): Promise<RecordResult> {
    const inserted = await this.insert(this.pool, file, "failed", reason, 0);
    return inserted === undefined ? this.duplicate(file) : { kind: "recorded", file: inserted };
  }

  async getFile(id: number): Promise<FileRecord | undefined> {
    const { rows } = await this.pool.query<FileRecord>(
      `SELECT ${FILE_COLUMNS} FROM files WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  async markNotified(id: number): Promise<void> {
    await this.pool.query(
      "UPDATE files SET notified_at = now(), updated_at = now() WHERE id = $1",
      [id],
    );
  }
}
