/** One object-created notification, decoded from the S3 event shape. */
export interface ObjectCreated {
  readonly bucket: string;
  /** The object key, URL-decoded (`+` is a space). */
  readonly key: string;
  /** Size in bytes from the event, when present. */
  readonly size: number | undefined;
  /** ETag without quotes; "" when absent. */
  readonly etag: string;
  readonly versionId: string | undefined;
  readonly sequencer: string | undefined;
  readonly eventName: string;
}

/** A record that is not an object-created notification (e.g. ObjectRemoved), skipped. */
export interface IgnoredRecord {
  readonly index: number;
  readonly eventName: string;
}

export interface ParsedEvent {
  readonly objects: readonly (ObjectCreated & { readonly index: number })[];
  readonly ignored: readonly IgnoredRecord[];
}

/** The event itself is malformed (not the S3 shape). */
export class EventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EventError";
  }
}

/**
 * Decodes an S3 object key as it appears in event notifications: URL-encoded, with spaces as `+`.
 * Throws an EventError for malformed escapes.
 */
export function decodeS3Key(encoded: string): string {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, " "));
  } catch {
    throw new EventError(`object key ${JSON.stringify(encoded)} is not valid URL encoding`);
  }
}

/** Encodes a key the way S3 writes it into events (the inverse of decodeS3Key). */
export function encodeS3Key(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, "+");
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Parses an S3 event notification (`{ Records: [...] }`, as AWS sends to Lambda and MinIO to a
 * webhook). `ObjectCreated:*` records become ObjectCreated; other event names are ignored.
 * Throws an EventError naming the record and field when the shape is wrong.
 */
export function parseS3Event(event: unknown): ParsedEvent {
  if (!isRecord(event) || !Array.isArray(event.Records))
    throw new EventError("event has no Records array (expected an S3 event notification)");
  const objects: (ObjectCreated & { index: number })[] = [];
  const ignored: IgnoredRecord[] = [];
  event.Records.forEach((record: unknown, index: number) => {
    const at = `Records[${index}]`;
    if (!isRecord(record)) throw new EventError(`${at} is not an object`);
    const eventName =
      typeof record.eventName === "string" ? record.eventName.replace(/^s3:/, "") : "";
    if (eventName === "") throw new EventError(`${at}.eventName is missing`);
    if (!eventName.startsWith("ObjectCreated:")) {
      ignored.push({ index, eventName });
      return;
    }
    const s3 = record.s3;
    if (!isRecord(s3) || !isRecord(s3.bucket) || !isRecord(s3.object))
      throw new EventError(`${at}.s3 must hold bucket and object`);
    const bucket = s3.bucket.name;
    if (typeof bucket !== "string" || bucket === "")
      throw new EventError(`${at}.s3.bucket.name is missing`);
    const rawKey = s3.object.key;
    if (typeof rawKey !== "string" || rawKey === "")
      throw new EventError(`${at}.s3.object.key is missing`);
    const size = s3.object.size;
    if (size !== undefined && (typeof size !== "number" || !Number.isInteger(size) || size < 0)) {
      throw new EventError(
        `${at}.s3.object.size must be a whole number of bytes, got ${JSON.stringify(size)}`,
      );
    }
    const str = (v: unknown): string | undefined =>
      typeof v === "string" && v !== "" ? v : undefined;
    objects.push({
      index,
      eventName,
      bucket,
      key: decodeS3Key(rawKey),
      size: size as number | undefined,
      etag: (str(s3.object.eTag) ?? "").replace(/^"|"$/g, ""),
      versionId: str(s3.object.versionId),
      sequencer: str(s3.object.sequencer),
    });
  });
  return { objects, ignored };
}
