import type { ObjectCreated } from "./event";

/**
 * What makes two deliveries "the same upload": the version id when the bucket is versioned,
 * otherwise the ETag (content hash), otherwise the sequencer. Stored with bucket and key under a
 * unique constraint, so a redelivered event writes nothing twice while a new upload to the same
 * key (a new version or new content) is processed again.
 */
export function dedupeKey(object: Pick<ObjectCreated, "versionId" | "etag" | "sequencer">): string {
  if (object.versionId !== undefined && object.versionId !== "null")
    return `version:${object.versionId}`;
  if (object.etag !== "") return `etag:${object.etag}`;
  if (object.sequencer !== undefined) return `sequencer:${object.sequencer}`;
  return "unversioned";
}

/** The state of an earlier delivery of the same upload, if any. */
export interface PriorDelivery {
  readonly id: number;
  readonly notified: boolean;
}

/** What to do with a delivery. */
export type DeliveryDecision =
  | { readonly action: "process" }
  /** Already recorded and announced: nothing to do. */
  | { readonly action: "skip"; readonly fileId: number }
  /** Recorded but the notification never went out (it failed earlier): send it now, write nothing. */
  | { readonly action: "renotify"; readonly fileId: number };

/** Decides how to handle a delivery given what is already recorded for its dedupe key. */
export function decideDelivery(prior: PriorDelivery | undefined): DeliveryDecision {
  if (prior === undefined) return { action: "process" };
  return prior.notified
    ? { action: "skip", fileId: prior.id }
    : { action: "renotify", fileId: prior.id };
}
