import type { InventoryRow } from "./schema";
import type { PriorDelivery } from "./idempotency";

/** What the object store returned for a fetch. */
export type FetchResult =
  | { readonly kind: "ok"; readonly body: Buffer }
  | { readonly kind: "too-large"; readonly size: number }
  | { readonly kind: "not-found" }
  /** The object's ETag or version no longer matches the event (it was overwritten). */
  | { readonly kind: "changed" };

/** Reads uploaded objects. Infrastructure failures (access denied, network) are thrown. */
export interface ObjectReader {
  getObject(request: {
    readonly bucket: string;
    readonly key: string;
    readonly versionId: string | undefined;
    readonly etag: string;
    readonly maxBytes: number;
  }): Promise<FetchResult>;
}

/** The facts recorded about a file. */
export interface FileIdentity {
  readonly bucket: string;
  readonly key: string;
  readonly etag: string;
  readonly versionId: string | undefined;
  readonly dedupeKey: string;
  readonly sizeBytes: number | undefined;
}

/** A row of the `files` table. */
export interface FileRecord {
  readonly id: number;
  readonly bucket: string;
  readonly key: string;
  readonly etag: string;
  readonly versionId: string | null;
  readonly sizeBytes: number | null;
  readonly status: "processed" | "failed";
  readonly reason: string | null;
  readonly rowCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly notifiedAt: string | null;
}

/** The outcome of an insert guarded by the dedupe key. */
export type RecordResult =
  | { readonly kind: "recorded"; readonly file: FileRecord }
  | { readonly kind: "duplicate"; readonly prior: PriorDelivery };

/** Persists files and rows. */
export interface FileStore {
  findPrior(bucket: string, key: string, dedupeKey: string): Promise<PriorDelivery | undefined>;
  /** Inserts the file (status processed) and all its rows in one transaction. */
  recordProcessed(file: FileIdentity, rows: readonly InventoryRow[]): Promise<RecordResult>;
  /** Inserts the file with status failed and the reason. */
  recordFailed(file: FileIdentity, reason: string): Promise<RecordResult>;
  getFile(id: number): Promise<FileRecord | undefined>;
  markNotified(id: number): Promise<void>;
}

/** The message published for every recorded file. */
export interface FileNotification {
  readonly type: "file.processed" | "file.failed";
  readonly environment: string;
  readonly fileId: number;
  readonly bucket: string;
  readonly key: string;
  readonly etag: string;
  readonly versionId: string | null;
  readonly status: "processed" | "failed";
  readonly rowCount: number;
  readonly reason: string | null;
  readonly recordedAt: string;
}

/** Publishes notifications (SNS or a webhook). */
export interface Notifier {
  publish(notification: FileNotification): Promise<void>;
}
