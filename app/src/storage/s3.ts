import { GetObjectCommand, HeadBucketCommand, S3Client, S3ClientConfig } from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { Agent } from "node:https";
import type { Readable } from "node:stream";
import type { CaBundle, ObjectStoreConfig } from "../config";
import type { FetchResult, ObjectReader } from "../processor/ports";
import { trustedCas } from "../tls";
import { inSpan, SpanKind } from "../tracing";

/**
 * The S3 client settings: on AWS the SDK's default endpoint, region and credentials chain; with
 * S3_ENDPOINT an S3-compatible server, path-style, trusting CA_BUNDLE_FILE beside Node's roots.
 */
export function s3ClientConfig(
  store: ObjectStoreConfig,
  caBundle: CaBundle | undefined,
): S3ClientConfig {
  const config: S3ClientConfig = { region: store.region, maxAttempts: 3 };
  if (store.endpoint !== undefined) {
    config.endpoint = store.endpoint;
    config.forcePathStyle = true;
    if (store.credentials !== undefined) config.credentials = { ...store.credentials };
  }
  const ca = trustedCas(caBundle);
  config.requestHandler = new NodeHttpHandler({
    connectionTimeout: 3000,
    requestTimeout: 30_000,
    httpsAgent: new Agent({ keepAlive: true, maxSockets: 50, ...(ca === undefined ? {} : { ca }) }),
  });
  return config;
}

/** Reads a stream into one Buffer, stopping (and reporting the size so far) beyond maxBytes. */
export async function readLimited(
  stream: Readable,
  maxBytes: number,
): Promise<{ body: Buffer } | { tooLarge: number }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buf.length;
    if (size > maxBytes) {
      stream.destroy();
      return { tooLarge: size };
    }
    chunks.push(buf);
  }
  return { body: Buffer.concat(chunks) };
}

function errorName(err: unknown): string {
  return (err as { name?: string }).name ?? "";
}

/** Fetches uploads with the exact version (or ETag) the event named, never more than maxBytes. */
export class S3ObjectReader implements ObjectReader {
  constructor(private readonly s3: S3Client) {}

  getObject(request: Parameters<ObjectReader["getObject"]>[0]): Promise<FetchResult> {
    // AWS SDK span conventions: https://opentelemetry.io/docs/specs/semconv/cloud-providers/aws-sdk/
    // and the S3 attributes https://opentelemetry.io/docs/specs/semconv/object-stores/s3/ (read 2026-11-30).
    return inSpan(
      "S3.GetObject",
      {
        kind: SpanKind.CLIENT,
        attributes: {
          "rpc.system": "aws-api",
          "rpc.service": "S3",
          "rpc.method": "GetObject",
          "aws.s3.bucket": request.bucket,
          "aws.s3.key": request.key,
        },
      },
      async (span) => {
        const result = await this.fetch(request);
        span.setAttribute("app.fetch.result", result.kind);
        return result;
      },
    );
  }

  private async fetch(request: Parameters<ObjectReader["getObject"]>[0]): Promise<FetchResult> {
    let out;
    try {
      out = await this.s3.send(
        new GetObjectCommand({
          Bucket: request.bucket,
          Key: request.key,
          ...(request.versionId !== undefined
            ? { VersionId: request.versionId }
            : request.etag !== ""
              ? { IfMatch: `"${request.etag}"` }
              : {}),
        }),
      );
    } catch (err) {
      const name = errorName(err);
      if (name === "NoSuchKey" || name === "NotFound" || name === "NoSuchVersion")
        return { kind: "not-found" };
      if (name === "PreconditionFailed") return { kind: "changed" };
      throw err;
    }
    if (out.ContentLength !== undefined && out.ContentLength > request.maxBytes) {
      (out.Body as Readable | undefined)?.destroy();
      return { kind: "too-large", size: out.ContentLength };
    }
    const body = out.Body as Readable | undefined;
    if (body === undefined) return { kind: "ok", body: Buffer.alloc(0) };
    const read = await readLimited(body, request.maxBytes);
    return "tooLarge" in read
      ? { kind: "too-large", size: read.tooLarge }
      : { kind: "ok", body: read.body };
  }
}

/** Readiness probe for the object store: HeadBucket on the uploads bucket. */
export async function headBucket(s3: S3Client, bucket: string, signal: AbortSignal): Promise<void> {
  await s3.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: signal });
}
