-- One row per object the file processor has handled, processed or failed.
-- (bucket, key, dedupe_key) makes a redelivered event a no-op: dedupe_key is the
-- object's version id when the bucket is versioned, otherwise its ETag.
CREATE TABLE files (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  bucket        text        NOT NULL,
  key           text        NOT NULL,
  etag          text        NOT NULL DEFAULT '',
  version_id    text,
  dedupe_key    text        NOT NULL,
  size_bytes    bigint,
  status        text        NOT NULL CHECK (status IN ('processed', 'failed')),
  reason        text,
  row_count     integer     NOT NULL DEFAULT 0 CHECK (row_count >= 0),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  notified_at   timestamptz,
  CONSTRAINT files_dedupe_unique UNIQUE (bucket, key, dedupe_key),
  CONSTRAINT files_reason_iff_failed CHECK ((status = 'failed') = (reason IS NOT NULL))
);

CREATE INDEX files_created_at_idx ON files (created_at DESC, id DESC);
