import type { FileNotification, FileRecord } from "./ports";

/** The notification for a recorded file. */
export function notificationFor(file: FileRecord, environment: string): FileNotification {
  return {
    type: file.status === "processed" ? "file.processed" : "file.failed",
    environment,
    fileId: file.id,
    bucket: file.bucket,
    key: file.key,
    etag: file.etag,
    versionId: file.versionId,
    status: file.status,
    rowCount: file.rowCount,
    reason: file.reason,
    recordedAt: file.createdAt,
  };
}
