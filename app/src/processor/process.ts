import { errorFields, Logger } from "../log";
import { inSpan } from "../tracing";
import type { Metrics } from "../metrics";
import { CsvError, decodeUtf8, parseCsv } from "./csv";
import { EventError, ObjectCreated, parseS3Event } from "./event";
import { decideDelivery, dedupeKey } from "./idempotency";
import { notificationFor } from "./notification";
import type { FileIdentity, FileStore, Notifier, ObjectReader, RecordResult } from "./ports";
import { summariseProblems, validateInventory } from "./schema";

export interface ProcessorDeps {
  readonly bucket: string;
  readonly environment: string;
  readonly maxFileBytes: number;
  readonly objects: ObjectReader;
  readonly store: FileStore;
  readonly notifier: Notifier;
  readonly log: Logger;
  readonly metrics?: Metrics;
}

/** What happened to one record of an event. */
export interface RecordOutcome {
  readonly index: number;
  readonly bucket: string;
  readonly key: string;
  /** processed / failed: recorded now; duplicate: recorded before, nothing written; renotified: recorded before, notification re-sent. */
  readonly outcome: "processed" | "failed" | "duplicate" | "renotified";
  readonly fileId: number;
  readonly rowCount: number;
  readonly reason: string | null;
}

export interface EventOutcome {
  readonly records: readonly RecordOutcome[];
  /** Records that were not object-created notifications. */
  readonly ignored: number;
}

/** A recorded file whose notification could not be sent; redelivery of the event re-sends it. */
export class NotificationError extends Error {
  constructor(fileId: number, cause: unknown) {
    super(
      `file ${fileId} was recorded but its notification failed: ${(cause as Error).message ?? String(cause)}`,
    );
    this.name = "NotificationError";
  }
}

/** Bad input that is recorded as a failed file: the reason explains it. */
type Verdict =
  | { readonly ok: true; readonly rows: Parameters<FileStore["recordProcessed"]>[1] }
  | { readonly ok: false; readonly reason: string };

async function judge(object: ObjectCreated, deps: ProcessorDeps): Promise<Verdict> {
  if (object.bucket !== deps.bucket) {
    return {
      ok: false,
      reason: `bucket ${JSON.stringify(object.bucket)} is not the uploads bucket ${JSON.stringify(deps.bucket)}`,
    };
  }
  const tooLarge = (size: number): Verdict => ({
    ok: false,
    reason: `the file is ${size} bytes, larger than the limit of ${deps.maxFileBytes} bytes (MAX_FILE_BYTES)`,
  });
  if (object.size !== undefined && object.size > deps.maxFileBytes) return tooLarge(object.size);
  const fetched = await deps.objects.getObject({
    bucket: object.bucket,
    key: object.key,
    versionId: object.versionId,
    etag: object.etag,
    maxBytes: deps.maxFileBytes,
  });
  switch (fetched.kind) {
    case "too-large":
      return tooLarge(fetched.size);
    case "not-found":
      return { ok: false, reason: "the object no longer exists (deleted before it was processed)" };
    case "changed":
      return {
        ok: false,
        reason:
          "the object was overwritten before it was processed (the new content is processed by its own event)",
      };
    case "ok":
      break;
  }
  try {
    const result = validateInventory(parseCsv(decodeUtf8(fetched.body)));
    return result.ok
      ? { ok: true, rows: result.rows }
      : { ok: false, reason: summariseProblems(result.problems) };
  } catch (err) {
    if (err instanceof CsvError) return { ok: false, reason: `malformed CSV: ${err.message}` };
    throw err;
  }
}

async function notify(fileId: number, deps: ProcessorDeps): Promise<void> {
  const file = await deps.store.getFile(fileId);
  if (file === undefined) throw new Error(`file ${fileId} vanished before its notification`);
  try {
    await deps.notifier.publish(notificationFor(file, deps.environment));
  } catch (err) {
    deps.metrics?.inc("notifications_failed_total");
    throw new NotificationError(fileId, err);
  }
  await deps.store.markNotified(fileId);
}

/**
 * Handles one object-created record: judge, record (once), notify. Traced as the span
 * `process file` with the bucket, key and outcome.
 */
export function processObject(
  object: ObjectCreated & { readonly index: number },
  deps: ProcessorDeps,
): Promise<RecordOutcome> {
  return inSpan(
    "process file",
    { attributes: { "aws.s3.bucket": object.bucket, "aws.s3.key": object.key } },
    async (span) => {
      const outcome = await processObjectUntraced(object, deps);
      span.setAttributes({
        "app.file.outcome": outcome.outcome,
        "app.file.id": outcome.fileId,
        "app.file.row_count": outcome.rowCount,
      });
      if (outcome.reason !== null) span.setAttribute("app.file.reason", outcome.reason);
      return outcome;
    },
  );
}

async function processObjectUntraced(
  object: ObjectCreated & { readonly index: number },
  deps: ProcessorDeps,
): Promise<RecordOutcome> {
  const started = Date.now();
  const identity: FileIdentity = {
    bucket: object.bucket,
    key: object.key,
    etag: object.etag,
    versionId: object.versionId,
    dedupeKey: dedupeKey(object),
    sizeBytes: object.size,
  };
  const base = { index: object.index, bucket: object.bucket, key: object.key };
  const log = deps.log.child({
    bucket: object.bucket,
    key: object.key,
    dedupeKey: identity.dedupeKey,
  });

  const decision = decideDelivery(
    await deps.store.findPrior(identity.bucket, identity.key, identity.dedupeKey),
  );
  if (decision.action !== "process") {
    const prior = await deps.store.getFile(decision.fileId);
    if (decision.action === "renotify") await notify(decision.fileId, deps);
    const outcome = decision.action === "skip" ? "duplicate" : "renotified";
    deps.metrics?.inc("files_total", { outcome });
    log.info("file already recorded", { fileId: decision.fileId, outcome });
    return {
      ...base,
      outcome,
      fileId: decision.fileId,
      rowCount: prior?.rowCount ?? 0,
      reason: prior?.reason ?? null,
    };
  }

  const verdict = await judge(object, deps);
  const result: RecordResult = verdict.ok
    ? await deps.store.recordProcessed(identity, verdict.rows)
    : await deps.store.recordFailed(identity, verdict.reason);
  if (result.kind === "duplicate") {
    // A concurrent delivery recorded it first; it also notifies.
    deps.metrics?.inc("files_total", { outcome: "duplicate" });
    log.info("file already recorded", { fileId: result.prior.id, outcome: "duplicate" });
    const prior = await deps.store.getFile(result.prior.id);
    return {
      ...base,
      outcome: "duplicate",
      fileId: result.prior.id,
      rowCount: prior?.rowCount ?? 0,
      reason: prior?.reason ?? null,
    };
  }
  const file = result.file;
  deps.metrics?.inc("files_total", { outcome: file.status });
  const fields = {
    fileId: file.id,
    status: file.status,
    rowCount: file.rowCount,
    reason: file.reason,
    durationMs: Date.now() - started,
  };
  if (file.status === "processed") log.info("file processed", fields);
  else log.warn("file failed", fields);
  await notify(file.id, deps);
  return {
    ...base,
    outcome: file.status,
    fileId: file.id,
    rowCount: file.rowCount,
    reason: file.reason,
  };
}

/**
 * Handles an S3 event: every object-created record is processed in turn (the span
 * `process event`, parent of one `process file` per record). Bad files are recorded
 * as failed and never throw; a malformed event throws an EventError (nothing to record); database,
 * object-store or notification outages throw so the delivery is retried.
 */
export function processEvent(event: unknown, deps: ProcessorDeps): Promise<EventOutcome> {
  return inSpan("process event", {}, async (span) => {
    const outcome = await processEventUntraced(event, deps);
    span.setAttributes({
      "app.event.records": outcome.records.length,
      "app.event.ignored": outcome.ignored,
    });
    return outcome;
  });
}

async function processEventUntraced(event: unknown, deps: ProcessorDeps): Promise<EventOutcome> {
  let parsed;
  try {
    parsed = parseS3Event(event);
  } catch (err) {
    deps.metrics?.inc("events_rejected_total");
    deps.log.error("event rejected", errorFields(err));
    throw err;
  }
  const records: RecordOutcome[] = [];
  for (const object of parsed.objects) records.push(await processObject(object, deps));
  for (const ignored of parsed.ignored)
    deps.log.info("event record ignored", { index: ignored.index, eventName: ignored.eventName });
  return { records, ignored: parsed.ignored.length };
}

export { EventError };
