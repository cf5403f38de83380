/**
 * Backup and restore of the dev stack's uploads bucket (MinIO), beside the
 * database's (lib/dev/backup.ts). MinIO's own client, `mc`, does the work
 * inside the object store's container: `mc ls --recursive --json` lists the
 * objects, `mc cat` reads one, `mc pipe` writes one from standard input and
 * `mc rm` removes one. A backup is a folder:
 *
 *   <F>.bucket/index.json        { bucket, objects: [{ key, size, sha256 }] }
 *   <F>.bucket/objects/<sha256>  each object's bytes, named by their hash
 *
 * Objects are stored under their hash, never under their key, so no key can
 * name a path on the developer's disk. A restore first checks every stored
 * object against its hash (a damaged backup changes nothing), then makes the
 * bucket hold exactly the index's objects, then reads them back and compares.
 *
 * `mc ls --json` prints one JSON object per entry with `status`, `type`
 * ("file" or "folder"), `lastModified`, `size` and `key` (relative to the
 * listed prefix); newer releases add `etag`, `url`, `versionOrdinal` and
 * `storageClass` (minio/mc cmd/ls.go, `contentMessage`, read 2026-11-30).
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "./backup";

/** Runs `mc` with arguments (and standard input) where the bucket is reachable as `local/<bucket>`. */
export type McTools = (args: readonly string[], stdin?: Buffer) => Promise<Buffer>;

export interface ObjectEntry {
  readonly key: string;
  readonly size: number;
  readonly sha256: string;
}

export interface BucketIndex {
  readonly bucket: string;
  readonly objects: readonly ObjectEntry[];
}

/** The `mc` alias the commands use for the container's own MinIO. */
export const MC_ALIAS = "local";

/**
 * A key `mc` can address under `local/<bucket>/` without leaving the bucket:
 * not empty, no leading "/", no "." or ".." segment, no control characters.
 */
export function addressableKey(key: string): boolean {
  return (
    key !== "" &&
    !key.startsWith("/") &&
    // eslint-disable-next-line no-control-regex
    !/[\u0000-\u001f\u007f]/.test(key) &&
    !key.split("/").some((s) => s === "." || s === "..")
  );
}

function objectPath(bucket: string, key: string): string {
  if (!addressableKey(key)) {
    throw new Error(
      `object key ${JSON.stringify(key)} cannot be addressed inside bucket ${bucket}`,
    );
  }
  return `${MC_ALIAS}/${bucket}/${key}`;
}

/** The files (keys and sizes) in `mc ls --recursive --json` output; an error entry throws. */
export function parseListing(output: string): { key: string; size: number }[] {
  const out: { key: string; size: number }[] = [];
  for (const line of output.split("\n").filter((l) => l.trim() !== "")) {
    let entry: { status?: unknown; type?: unknown; key?: unknown; size?: unknown };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      throw new Error(`mc ls printed a line that is not JSON: ${line.slice(0, 120)}`);
    }
    if (entry.status !== "success") {
      throw new Error(`mc ls reported ${JSON.stringify(entry.status)}: ${line.slice(0, 200)}`);
    }
    if (entry.type !== "file") continue;
    if (typeof entry.key !== "string" || typeof entry.size !== "number") {
      throw new Error(`mc ls printed a file entry without a key and size: ${line.slice(0, 200)}`);
    }
    out.push({ key: entry.key, size: entry.size });
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function sha256(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

async function listKeys(mc: McTools, bucket: string): Promise<{ key: string; size: number }[]> {
  return parseListing(
    (await mc(["ls", "--recursive", "--json", `${MC_ALIAS}/${bucket}`])).toString("utf8"),
  );
}

/** Every object of the bucket with its size and hash (reads each object once). */
export async function readBucket(
  mc: McTools,
  bucket: string,
  onObject?: (entry: ObjectEntry, data: Buffer) => void,
): Promise<ObjectEntry[]> {
  const out: ObjectEntry[] = [];
  for (const { key } of await listKeys(mc, bucket)) {
    const data = await mc(["cat", objectPath(bucket, key)]);
    const entry = { key, size: data.length, sha256: sha256(data) };
    onObject?.(entry, data);
    out.push(entry);
  }
  return out;
}

/** Copies every object of `bucket` into `dir` (objects/<sha256> and index.json); returns the index. */
export async function backupBucket(mc: McTools, bucket: string, dir: string): Promise<BucketIndex> {
  mkdirSync(join(dir, "objects"), { recursive: true, mode: 0o700 });
  const objects = await readBucket(mc, bucket, (entry, data) =>
    writeFileSync(join(dir, "objects", entry.sha256), data, { mode: 0o600 }),
  );
  const index: BucketIndex = { bucket, objects };
  writeFileSync(join(dir, "index.json"), `${JSON.stringify(index, null, 2)}\n`);
  return index;
}

/** Reads and checks a backup's index.json (shape, keys, hashes). */
export function readBucketIndex(dir: string): BucketIndex {
  const raw = JSON.parse(readFileSync(join(dir, "index.json"), "utf8")) as Partial<BucketIndex>;
  if (typeof raw.bucket !== "string" || !Array.isArray(raw.objects)) {
    throw new Error(`${join(dir, "index.json")} is not a bucket index ({ bucket, objects })`);
  }
  for (const o of raw.objects as Partial<ObjectEntry>[]) {
    if (
      typeof o.key !== "string" ||
      !addressableKey(o.key) ||
      typeof o.size !== "number" ||
      typeof o.sha256 !== "string" ||
      !/^[0-9a-f]{64}$/.test(o.sha256)
    ) {
      throw new Error(`${join(dir, "index.json")} has an invalid entry: ${JSON.stringify(o)}`);
    }
  }
  return raw as BucketIndex;
}

/** Every difference between two object lists, one line each (empty when equal). */
export function compareObjects(
  expected: readonly ObjectEntry[],
  actual: readonly ObjectEntry[],
): string[] {
  const byKey = (list: readonly ObjectEntry[]) => new Map(list.map((o) => [o.key, o]));
  const e = byKey(expected);
  const a = byKey(actual);
  const problems: string[] = [];
  for (const key of [...new Set([...e.keys(), ...a.keys()])].sort()) {
    const want = e.get(key);
    const got = a.get(key);
    if (got === undefined) problems.push(`object ${key}: missing after the restore`);
    else if (want === undefined) problems.push(`object ${key}: not in the backup`);
    else if (got.sha256 !== want.sha256) {
      problems.push(
        `object ${key}: ${want.size} bytes backed up, ${got.size} bytes restored with other content`,
      );
    }
  }
  return problems;
}

/** A backup read from disk with every stored object checked against its hash. */
export interface LoadedBucketBackup {
  readonly index: BucketIndex;
  readonly data: ReadonlyMap<string, Buffer>;
}

/**
 * Reads the backup in `dir` and checks every stored object against its
 * hash; throws (before anything is restored) when one is damaged or missing.
 */
export function loadBucketBackup(dir: string): LoadedBucketBackup {
  const index = readBucketIndex(dir);
  const data = new Map<string, Buffer>();
  for (const o of index.objects) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(dir, "objects", o.sha256));
    } catch {
      throw new Error(`the bucket backup has no stored object for ${o.key} (objects/${o.sha256})`);
    }
    if (sha256(bytes) !== o.sha256) {
      throw new Error(
        `the stored object for ${o.key} does not match its sha256: the bucket backup is damaged`,
      );
    }
    data.set(o.key, bytes);
  }
  return { index, data };
}

/**
 * Makes `bucket` hold exactly the backup's objects: removes the ones the
 * backup does not have, writes the backup's, then returns the differences
 * between the index and what the bucket holds afterwards (empty when the
 * restore is faithful).
 */
export async function restoreBucket(
  mc: McTools,
  bucket: string,
  backup: LoadedBucketBackup,
): Promise<string[]> {
  for (const { key } of await listKeys(mc, bucket)) {
    if (!backup.data.has(key)) await mc(["rm", objectPath(bucket, key)]);
  }
  for (const o of backup.index.objects) {
    await mc(["pipe", objectPath(bucket, o.key)], backup.data.get(o.key));
  }
  return compareObjects(backup.index.objects, await readBucket(mc, bucket));
}

/**
 * `McTools` inside the dev stack's object-store container: `docker exec -i
 * <container> sh -c '…' mc <args>`. The root credentials are read there from
 * the container's secret files into `MC_HOST_local`, so they appear on no
 * command line; `MC_CONFIG_DIR` is where the entrypoint installed the dev CA.
 */
export function dockerMcArgs(
  o: {
    readonly container: string;
    readonly filesDir: string;
    readonly rootUserFile: string;
    readonly rootPasswordFile: string;
    readonly configDir: string;
    readonly port: number;
  },
  args: readonly string[],
): string[] {
  for (const [name, value] of Object.entries(o)) {
    if (typeof value === "string" && !/^[A-Za-z0-9_./-]+$/.test(value)) {
      throw new Error(
        `dockerMcArgs: ${name} must be a plain name or path, got ${JSON.stringify(value)}`,
      );
    }
  }
  const file = (f: string) => `${o.filesDir}/${f}`;
  return [
    "exec",
    "-i",
    o.container,
    "sh",
    "-c",
    `MC_CONFIG_DIR=${o.configDir} MC_HOST_${MC_ALIAS}="https://$(cat ${file(o.rootUserFile)}):$(cat ${file(o.rootPasswordFile)})@localhost:${o.port}" exec "$0" "$@"`,
    "mc",
    ...args,
  ];
}

export function dockerMcTools(
  o: Parameters<typeof dockerMcArgs>[0] & { readonly docker?: string },
): McTools {
  const { docker, ...rest } = o;
  return (args, stdin) => run("mc", docker ?? "docker", dockerMcArgs(rest, args), stdin);
}
