import type { LogFields, Logger } from "../../../src/log";
import type { PriorDelivery } from "../../../src/processor/idempotency";
import type {
  FetchResult,
  FileIdentity,
  FileNotification,
  FileRecord,
  FileStore,
  Notifier,
  ObjectReader,
  RecordResult,
} from "../../../src/processor/ports";
import type { InventoryRow } from "../../../src/processor/schema";

/** A logger that keeps its lines. */
export function memoryLogger(): Logger & {
  lines: Array<{ level: string; msg: string } & Record<string, unknown>>;
} {
  const lines: Array<{ level: string; msg: string } & Record<string, unknown>> = [];
  const make = (base: LogFields): Logger => ({
    debug: (msg, f) => lines.push({ level: "debug", msg, ...base, ...f }),
    info: (msg, f) => lines.push({ level: "info", msg, ...base, ...f }),
    warn: (msg, f) => lines.push({ level: "warn", msg, ...base, ...f }),
    error: (msg, f) => lines.push({ level: "error", msg, ...base, ...f }),
    child: (f) => make({ ...base, ...f }),
  });
  return Object.assign(make({}), { lines });
}

/** Objects in memory, keyed `bucket/key`. */
export class FakeObjects implements ObjectReader {
  readonly requests: Array<Parameters<ObjectReader["getObject"]>[0]> = [];
  constructor(private readonly objects: Record<string, string | FetchResult>) {}

  async getObject(request: Parameters<ObjectReader["getObject"]>[0]): Promise<FetchResult> {
    this.requests.push(request);
    const o = this.objects[`${request.bucket}/${request.key}`];
    if (o === undefined) return { kind: "not-found" };
    if (typeof o !== "string") return o;
    const body = Buffer.from(o);
    return body.length > request.maxBytes
      ? { kind: "too-large", size: body.length }
      : { kind: "ok", body };
  }
}

/** A FileStore with the same unique (bucket, key, dedupe_key) rule as the table. */
export class FakeStore implements FileStore {
  readonly files: FileRecord[] = [];
  readonly rows = new Map<number, readonly InventoryRow[]>();
  private readonly dedupe = new Map<string, number>();
  /** Makes the next insert find a concurrent winner (simulates a race lost at the unique index). */
  raceWinner: FileIdentity | undefined;

  async findPrior(
    bucket: string,
    key: string,
    dedupeKey: string,
  ): Promise<PriorDelivery | undefined> {
    const id = this.dedupe.get(`${bucket}\u0000${key}\u0000${dedupeKey}`);
    if (id === undefined) return undefined;
    return { id, notified: this.files[id - 1]?.notifiedAt !== null };
  }

  private insert(
    f: FileIdentity,
    status: "processed" | "failed",
    reason: string | null,
    rowCount: number,
  ): RecordResult | FileRecord {
    if (this.raceWinner !== undefined) {
      const winner = this.raceWinner;
      this.raceWinner = undefined;
      this.insert(winner, "processed", null, 0);
    }
    const k = `${f.bucket}\u0000${f.key}\u0000${f.dedupeKey}`;
    const existing = this.dedupe.get(k);
    if (existing !== undefined)
      return {
        kind: "duplicate",
        prior: { id: existing, notified: this.files[existing - 1]?.notifiedAt !== null },
      };
    const record: FileRecord = {
      id: this.files.length + 1,
      bucket: f.bucket,
      key: f.key,
      etag: f.etag,
      versionId: f.versionId ?? null,
      sizeBytes: f.sizeBytes ?? null,
      status,
      reason,
      rowCount,
      createdAt: "2026-11-22T10:00:00.000Z",
      updatedAt: "2026-11-22T10:00:00.000Z",
      notifiedAt: null,
    };
    this.files.push(record);
    this.dedupe.set(k, record.id);
    return record;
  }

  async recordProcessed(file: FileIdentity, rows: readonly InventoryRow[]): Promise<RecordResult> {
    const r = this.insert(file, "processed", null, rows.length);
    if ("kind" in r) return r;
    this.rows.set(r.id, rows);
    return { kind: "recorded", file: r };
  }

  async recordFailed(file: FileIdentity, reason: string): Promise<RecordResult> {
    const r = this.insert(file, "failed", reason, 0);
    return "kind" in r ? r : { kind: "recorded", file: r };
  }

  async getFile(id: number): Promise<FileRecord | undefined> {
    return this.files[id - 1];
  }

  async markNotified(id: number): Promise<void> {
    const f = this.files[id - 1];
    if (f !== undefined) this.files[id - 1] = { ...f, notifiedAt: "2026-11-22T10:00:01.000Z" };
  }
}

/** Keeps what it publishes; fails while `failing` is true. */
export class FakeNotifier implements Notifier {
  readonly sent: FileNotification[] = [];
  failing = false;

  async publish(n: FileNotification): Promise<void> {
    if (this.failing) throw new Error("sink unreachable");
    this.sent.push(n);
  }
}
