/**
 * A stand-in for MinIO's `mc` over an in-memory bucket, answering the four
 * commands lib/dev/bucketBackup.ts uses. No MinIO or mc is installed on the
 * test machines (neither is a Debian package), so this is what the bucket
 * backup is tested against; the `ls --json` lines have the fields of mc's
 * `contentMessage` (minio/mc cmd/ls.go, read 2026-11-30). It records every
 * call, so tests can assert exactly what ran.
 */
import { createHash } from "node:crypto";
import type { McTools } from "../../../lib/dev/bucketBackup";

export interface FakeMc {
  readonly mc: McTools;
  readonly objects: Map<string, Buffer>;
  readonly calls: string[];
}

export function fakeMc(bucket: string, initial: Record<string, string | Buffer> = {}): FakeMc {
  const objects = new Map<string, Buffer>(
    Object.entries(initial).map(([k, v]) => [k, Buffer.from(v)]),
  );
  const calls: string[] = [];
  const prefix = `local/${bucket}/`;
  const keyOf = (target: string | undefined): string => {
    if (target === undefined || !target.startsWith(prefix)) {
      throw new Error(
        `mc exited 1: fake mc was given ${JSON.stringify(target)}, outside ${prefix}`,
      );
    }
    return target.slice(prefix.length);
  };
  const mc: McTools = async (args, stdin) => {
    calls.push(args.join(" "));
    const [command, ...rest] = args;
    switch (command) {
      case "ls": {
        if (rest.join(" ") !== `--recursive --json local/${bucket}`) {
          throw new Error(`mc exited 1: fake mc does not list ${rest.join(" ")}`);
        }
        const lines = [...objects.keys()].sort().map((key) =>
          JSON.stringify({
            status: "success",
            type: "file",
            lastModified: "2026-11-30T12:00:00Z",
            size: objects.get(key)!.length,
            key,
            etag: createHash("md5").update(objects.get(key)!).digest("hex"),
            storageClass: "STANDARD",
          }),
        );
        return Buffer.from(lines.map((l) => `${l}\n`).join(""));
      }
      case "cat": {
        const data = objects.get(keyOf(rest[0]));
        if (data === undefined) throw new Error(`mc exited 1: no object ${rest[0]}`);
        return data;
      }
      case "pipe":
        objects.set(keyOf(rest[0]), stdin ?? Buffer.alloc(0));
        return Buffer.alloc(0);
      case "rm":
        objects.delete(keyOf(rest[0]));
        return Buffer.alloc(0);
      default:
        throw new Error(`mc exited 1: fake mc has no command ${command}`);
    }
  };
  return { mc, objects, calls };
}
