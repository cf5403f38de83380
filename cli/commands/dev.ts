/**
 * `platform dev backup --file F` and `platform dev restore --file F`: dump
 * and restore the dev stack's database and uploads bucket through `docker
 * exec` into their containers (needs Docker and the dev stack up; no Pulumi
 * CLI). The backup writes F (pg_dump's custom format), F.manifest.json (each
 * table's row count and checksum) and F.bucket/ (the bucket's objects and
 * their index); the restore replaces the database with F and the bucket's
 * objects with F.bucket's, and exits 1 unless both match what was backed up.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { parse } from "yaml";
import { Command, Io, ParsedValues, stringFlag, userPath } from "../command";
import { UsageError } from "../errors";
import {
  compareManifests,
  dockerPgTools,
  dump,
  Manifest,
  PgTools,
  readManifest,
  restore,
} from "../../lib/dev/backup";
import {
  backupBucket,
  dockerMcTools,
  LoadedBucketBackup,
  loadBucketBackup,
  McTools,
  restoreBucket,
} from "../../lib/dev/bucketBackup";
import { mcConfigDir, OBJECT_STORE_FILES, OBJECT_STORE_PORT } from "../../lib/dev/objectStore";
import { DEV_DATABASE_NAME, DEV_DATABASE_USER } from "../../lib/dev/postgres";
import { dockerName } from "../../lib/dev/services";
import { physicalName } from "../../lib/naming";

/** Where the dev containers keep their files (components/docker/container.ts FILES_DIR). */
export const DEV_FILES_DIR = "/run/platform";
/** Where the dev database container keeps the workload user's password (components/docker/database.ts). */
export const DEV_DATABASE_PASSWORD_FILE = `${DEV_FILES_DIR}/postgres-password`;
/** The object store's scratch folder (components/docker/objectStore.ts OBJECT_STORE_SCRATCH_DIR). */
export const DEV_OBJECT_STORE_SCRATCH_DIR = "/tmp";

/** What `platform dev` works on: the database, and the uploads bucket with the `mc` that reaches it. */
export interface DevTools {
  readonly pg: PgTools;
  readonly bucket?: { readonly name: string; readonly mc: McTools };
}

/** The dev stack's database and bucket tools for the project in `cwd` (its name from Pulumi.yaml). */
export function devTools(cwd: string): DevTools {
  const project = (parse(readFileSync(`${cwd}/Pulumi.yaml`, "utf8")) as { name: string }).name;
  const naming = { project, environment: "dev" };
  return {
    pg: dockerPgTools({
      container: dockerName(naming, "db"),
      user: DEV_DATABASE_USER,
      database: DEV_DATABASE_NAME,
      passwordFile: DEV_DATABASE_PASSWORD_FILE,
    }),
    bucket: {
      name: physicalName(naming, "uploads", "s3Bucket"),
      mc: dockerMcTools({
        container: dockerName(naming, "objectStore"),
        filesDir: DEV_FILES_DIR,
        rootUserFile: OBJECT_STORE_FILES.rootUser,
        rootPasswordFile: OBJECT_STORE_FILES.rootPassword,
        configDir: mcConfigDir(DEV_OBJECT_STORE_SCRATCH_DIR),
        port: OBJECT_STORE_PORT,
      }),
    },
  };
}

function objectSummary(objects: readonly { size: number }[]): string {
  return `${objects.length} objects (${objects.reduce((n, o) => n + o.size, 0)} bytes)`;
}

function summary(m: Manifest): string {
  const tables = Object.keys(m);
  const rows = tables.reduce((n, t) => n + m[t].rows, 0);
  return `${tables.length} tables, ${rows} rows`;
}

export const devCommand: Command = {
  name: "dev",
  summary:
    "Back up or restore the dev stack's database and uploads bucket (needs Docker and the dev stack up).",
  usage: "platform dev (backup | restore) --file F",
  help: [
    "Sub-commands:",
    "  backup    pg_dump the dev database to F, its manifest (row counts, checksums) to F.manifest.json,",
    "            and the uploads bucket's objects with their sha256 index to F.bucket/",
    "  restore   restore F over the dev database and F.bucket/ over the bucket, then verify both against",
    "            what was backed up (exit 1 on a mismatch)",
    "Options:",
    "  --file F  the backup file (relative to the current directory)",
  ].join("\n"),
  options: { file: { type: "string" } },
  positionals: true,
  run: (values, positionals, io) => runDev(values, positionals, io, () => devTools(io.cwd)),
};

/** `platform dev …` with the tools to use (the dev containers', or a test's). */
export async function runDev(
  values: ParsedValues,
  positionals: string[],
  io: Io,
  tools: () => DevTools,
): Promise<number> {
  {
    const [sub, ...extra] = positionals;
    if ((sub !== "backup" && sub !== "restore") || extra.length > 0) {
      throw new UsageError(
        `platform dev: expected backup or restore, got ${JSON.stringify(positionals.join(" "))}; usage: ${devCommand.usage}`,
      );
    }
    const file = stringFlag(values, "file", "dev");
    if (file === undefined) {
      throw new UsageError(`platform dev ${sub}: --file is required (the backup file)`);
    }
    const path = userPath(io, file);
    const { pg, bucket } = tools();
    if (sub === "backup") {
      const manifest = await readManifest(pg);
      const backup = await dump(pg);
      writeFileSync(path, backup, { mode: 0o600 });
      writeFileSync(`${path}.manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
      io.out(`backed up ${summary(manifest)} to ${file} (${backup.length} bytes)\n`);
      if (bucket) {
        const index = await backupBucket(bucket.mc, bucket.name, `${path}.bucket`);
        io.out(
          `backed up ${objectSummary(index.objects)} of bucket ${bucket.name} to ${file}.bucket/\n`,
        );
      }
      return 0;
    }
    let backup: Buffer;
    let expected: Manifest;
    try {
      backup = readFileSync(path);
      expected = JSON.parse(readFileSync(`${path}.manifest.json`, "utf8")) as Manifest;
    } catch (e) {
      throw new UsageError(
        `platform dev restore: cannot read ${file} and ${file}.manifest.json: ${(e as Error).message.split("\n")[0]}`,
      );
    }
    // The bucket's backup is read and checked before anything is restored.
    let objects: LoadedBucketBackup | undefined;
    if (bucket && existsSync(`${path}.bucket`)) {
      try {
        objects = loadBucketBackup(`${path}.bucket`);
      } catch (e) {
        throw new UsageError(`platform dev restore: ${(e as Error).message.split("\n")[0]}`);
      }
    }
    const started = Date.now();
    await restore(pg, backup);
    const problems = compareManifests(expected, await readManifest(pg));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (problems.length > 0) {
      io.out(
        `restore of ${file} does not match its manifest:\n${problems.map((p) => `  ${p}`).join("\n")}\n`,
      );
      return 1;
    }
    io.out(
      `restored ${summary(expected)} from ${file} in ${seconds} s; every table matches its manifest\n`,
    );
    if (!bucket) return 0;
    if (!objects) {
      io.out(`${file}.bucket/ does not exist: bucket ${bucket.name} was left as it is\n`);
      return 0;
    }
    const objectProblems = await restoreBucket(bucket.mc, bucket.name, objects);
    if (objectProblems.length > 0) {
      io.out(
        `restore of ${file}.bucket/ does not match its index:\n${objectProblems.map((p) => `  ${p}`).join("\n")}\n`,
      );
      return 1;
    }
    io.out(
      `restored ${objectSummary(objects.index.objects)} of bucket ${bucket.name} from ${file}.bucket/; every object matches its sha256\n`,
    );
    return 0;
  }
}
