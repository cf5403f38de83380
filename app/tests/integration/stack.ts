import { S3Client, CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, IncomingHttpHeaders, IncomingMessage, request, Server } from "node:http";
import { Agent } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";
import {
  createDevCa,
  DevCa,
  freePort,
  issueCert,
  LOOPBACK,
  ManagedProcess,
  PostgresServer,
  RedisServer,
  startPostgres,
  startRedis,
  waitUntil,
} from "../../../test-support";
import { encodeS3Key } from "../../src/processor/event";

export const BUCKET = "platform-dev-uploads";
export const APP_DIR = join(__dirname, "..", "..");

/** A local notification sink: records every JSON POST. */
export interface Sink {
  readonly url: string;
  readonly received: unknown[];
  /** The headers of each recorded POST, in the same order as `received`. */
  readonly headers: IncomingHttpHeaders[];
  /** Answer with this status instead of 204 (to simulate an outage). */
  status: number;
  close(): Promise<void>;
}

async function startSink(): Promise<Sink> {
  const port = await freePort();
  const received: unknown[] = [];
  const headers: IncomingHttpHeaders[] = [];
  const sink = {
    url: `http://${LOOPBACK}:${port}/notify`,
    received,
    headers,
    status: 204,
    close: async () => undefined,
  } as Sink & { server?: Server };
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (sink.status < 300) {
        received.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        headers.push(req.headers);
      }
      res.writeHead(sink.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, LOOPBACK, resolve));
  sink.close = () => new Promise((resolve) => server.close(() => resolve()));
  return sink;
}

/** Real PostgreSQL and Redis over TLS, an S3-compatible server over TLS, and a notification sink. */
export interface Stack {
  readonly ca: DevCa;
  readonly pg: PostgresServer;
  readonly redis: RedisServer;
  readonly redisToken: string;
  readonly dbPassword: string;
  readonly s3: S3Client;
  readonly s3Endpoint: string;
  readonly sink: Sink;
  /** The application contract for these servers, secrets delivered as files like the dev stack does. */
  readonly env: Record<string, string>;
  /** Uploads an object; returns its ETag without quotes. */
  put(key: string, body: string | Buffer): Promise<string>;
  stop(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const ca = createDevCa();
  const cert = issueCert(ca, { name: "server", dnsNames: ["localhost"], ipAddresses: [LOOPBACK] });
  const dbPassword = "db-Pa55word-for-tests";
  const redisToken = "redis-t0ken-for-tests";
  const [pg, redis] = await Promise.all([
    startPostgres({ tls: cert }),
    startRedis({
      tls: { certFile: cert.certFile, keyFile: cert.keyFile, caFile: ca.certFile },
      password: redisToken,
    }),
  ]);
  pg.createUserAndDatabase("app", dbPassword, "app");

  const s3Port = await freePort();
  const s3Dir = mkdtempSync(join(tmpdir(), "platform-s3-"));
  const s3rver = new S3rver({
    address: LOOPBACK,
    port: s3Port,
    silent: true,
    directory: s3Dir,
    key: readFileSync(cert.keyFile),
    cert: readFileSync(cert.certFile),
  });
  await s3rver.run();
  const s3Endpoint = `https://${LOOPBACK}:${s3Port}`;
  const s3 = new S3Client({
    region: "us-east-1",
    endpoint: s3Endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: ca.certPem }) }),
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));

  const sink = await startSink();
  const secrets = mkdtempSync(join(tmpdir(), "platform-secrets-"));
  writeFileSync(join(secrets, "database_password"), `${dbPassword}\n`, { mode: 0o600 });
  writeFileSync(join(secrets, "redis_url"), `rediss://:${redisToken}@${LOOPBACK}:${redis.port}\n`, {
    mode: 0o600,
  });

  const env = {
    ENVIRONMENT: "dev",
    DATABASE_URL: `postgres://app@${LOOPBACK}:${pg.port}/app?sslmode=verify-full`,
    DATABASE_PASSWORD_FILE: join(secrets, "database_password"),
    REDIS_URL_FILE: join(secrets, "redis_url"),
    S3_BUCKET: BUCKET,
    S3_ENDPOINT: s3Endpoint,
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    NOTIFY_TARGET: sink.url,
    CA_BUNDLE_FILE: ca.certFile,
    HOST: LOOPBACK,
    READINESS_TIMEOUT_MS: "1000",
    SHUTDOWN_TIMEOUT_MS: "3000",
  };

  return {
    ca,
    pg,
    redis,
    redisToken,
    dbPassword,
    s3,
    s3Endpoint,
    sink,
    env,
    async put(key, body) {
      const out = await s3.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: key,
          Body: typeof body === "string" ? Buffer.from(body) : body,
        }),
      );
      return (out.ETag ?? "").replace(/"/g, "");
    },
    async stop() {
      s3.destroy();
      await Promise.allSettled([pg.stop(), redis.dispose(), s3rver.close(), sink.close()]);
      rmSync(s3Dir, { recursive: true, force: true });
      rmSync(secrets, { recursive: true, force: true });
      rmSync(ca.dir, { recursive: true, force: true });
    },
  };
}

/** An S3 object-created event as AWS (and MinIO) send it: the key URL-encoded. */
export function s3Event(key: string, etag: string, size: number, bucket = BUCKET) {
  return {
    Records: [
      {
        eventVersion: "2.1",
        eventSource: "aws:s3",
        awsRegion: "us-east-1",
        eventTime: new Date().toISOString(),
        eventName: "ObjectCreated:Put",
        s3: {
          s3SchemaVersion: "1.0",
          configurationId: "uploads",
          bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
          object: { key: encodeS3Key(key), size, eTag: etag, sequencer: "0055AED6DCD90281E5" },
        },
      },
    ],
  };
}

/** A running app entry point (`src/main.ts`, `src/worker.ts`, …) under tsx, with its full output kept. */
export interface AppProcess {
  readonly process: ManagedProcess;
  readonly port: number;
  readonly baseUrl: string;
  /** Everything printed so far. */
  output(): string;
  /** Parsed JSON log lines printed so far. */
  logLines(): Array<Record<string, unknown>>;
}

/** Starts an entry point with `env` (plus PORT) and waits until GET /healthz answers 200. */
export async function startApp(entry: string, env: Record<string, string>): Promise<AppProcess> {
  const port = await freePort();
  let output = "";
  const proc = ManagedProcess.start({
    name: entry,
    command: process.execPath,
    args: ["--require", require.resolve("tsx/cjs"), join(APP_DIR, "src", entry)],
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env, PORT: String(port) },
    onOutput: (text) => {
      output += text;
    },
  });
  const baseUrl = `http://${LOOPBACK}:${port}`;
  try {
    await waitUntil(`${entry} /healthz`, async () => {
      if (!proc.isRunning) throw proc.describeExit();
      return (await httpRequest("GET", `${baseUrl}/healthz`)).status === 200;
    });
  } catch (err) {
    await proc.stop();
    throw new Error(`${(err as Error).message}\noutput:\n${output}`);
  }
  return {
    process: proc,
    port,
    baseUrl,
    output: () => output,
    logLines: () =>
      output
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

/** Runs an entry point to completion; resolves its exit code and output. */
export async function runApp(
  entry: string,
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  let output = "";
  const proc = ManagedProcess.start({
    name: entry,
    command: process.execPath,
    args: ["--require", require.resolve("tsx/cjs"), join(APP_DIR, "src", entry)],
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
    onOutput: (text) => {
      output += text;
    },
  });
  await proc.waitForExit();
  return { code: proc.exitCode, output };
}

export interface HttpResult {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  json<T = unknown>(): T;
}

/** A plain HTTP request (no keep-alive) with an optional JSON body. */
export function httpRequest(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const payload =
      body === undefined
        ? undefined
        : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
    const req = request(
      url,
      {
        method,
        agent: false,
        timeout: 15_000,
        headers: {
          ...(payload
            ? { "content-type": "application/json", "content-length": String(payload.length) }
            : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text,
            json: <T>() => JSON.parse(text) as T,
          });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.on("error", reject);
    req.end(payload);
  });
}
