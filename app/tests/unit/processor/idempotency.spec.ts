import { expect } from "chai";
import { decideDelivery, dedupeKey } from "../../../src/processor/idempotency";

describe("processor/idempotency", () => {
  it("prefers the version id, then the ETag, then the sequencer", () => {
    expect(dedupeKey({ versionId: "3HL4kqtJlcpXroDTDmJ", etag: "abc", sequencer: "01" })).to.equal(
      "version:3HL4kqtJlcpXroDTDmJ",
    );
    expect(dedupeKey({ versionId: undefined, etag: "abc", sequencer: "01" })).to.equal("etag:abc");
    expect(dedupeKey({ versionId: undefined, etag: "", sequencer: "01" })).to.equal("sequencer:01");
    expect(dedupeKey({ versionId: undefined, etag: "", sequencer: undefined })).to.equal(
      "unversioned",
    );
  });

  it("treats the literal version id null (unversioned buckets) as absent", () => {
    expect(dedupeKey({ versionId: "null", etag: "abc", sequencer: undefined })).to.equal(
      "etag:abc",
    );
  });

  it("processes a first delivery, skips an announced one and re-notifies an unannounced one", () => {
    expect(decideDelivery(undefined)).to.deep.equal({ action: "process" });
    expect(decideDelivery({ id: 7, notified: true })).to.deep.equal({ action: "skip", fileId: 7 });
    expect(decideDelivery({ id: 7, notified: false })).to.deep.equal({
      action: "renotify",
      fileId: 7,
    });
  });
});
