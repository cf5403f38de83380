/**
 * The dev backup/restore drill on a real PostgreSQL (Debian's server, the
 * test-support harness): seed rows, take the backup with the same functions
 * `platform dev backup` uses, destroy the data directory, restore into a new
 * server, and verify every table's row count and checksum. The measured
 * restore time is printed. Broken restores fail: a truncated dump, and a
 * restore whose data differs from the backup's source.
 */
import { expect } from "chai";
import { rmSync } from "node:fs";
import {
  compareManifests,
  dump,
  localPgTools,
  Manifest,
  PgTools,
  readManifest,
  restore,
} from "../../../lib/dev/backup";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runDev } from "../../../cli/commands/dev";
import { postgresBinDir, PostgresServer, startPostgres } from "../../../test-support";
import { sha256 } from "../../../lib/dev/bucketBackup";
import { fakeMc } from "../../lib/dev/fakeMc";

const PASSWORD = "drill-Pa55word";
const ROWS = 20_000;

function tools(pg: PostgresServer): PgTools {
  return localPgTools({
    binDir: postgresBinDir(),
    host: pg.host,
    port: pg.port,
    user: "app",
    password: PASSWORD,
    database: "app",
  });
}

/** The CLI's io in `dir`, with everything it prints (stdout and stderr) collected in `out`. */
function captureIo(dir: string) {
  const out: string[] = [];
  const io = {
    out: (t: string) => out.push(t),
    err: (t: string) => out.push(t),
    cwd: dir,
    workdir: dir,
  };
  return { out, io };
}

async function freshServer(): Promise<PostgresServer> {
  const pg = await startPostgres();
  pg.createUserAndDatabase("app", PASSWORD, "app");
  return pg;
}

describe("dev backup and restore drill on a real PostgreSQL", function () {
  this.timeout(180_000);
  let source: PostgresServer | undefined;
  let target: PostgresServer | undefined;
  let original: Manifest;
  let backup: Buffer;

  before(async () => {
    source = await freshServer();
    const seed = [
      "CREATE TABLE files (id bigserial PRIMARY KEY, key text NOT NULL UNIQUE, status text NOT NULL, received_at timestamptz NOT NULL)",
      "CREATE TABLE records (id bigserial PRIMARY KEY, file_id bigint NOT NULL REFERENCES files(id), sku text NOT NULL, quantity integer NOT NULL, price numeric(10,2) NOT NULL)",
      `INSERT INTO files (key, status, received_at) SELECT 'in/' || g || '.csv', CASE WHEN g % 10 = 0 THEN 'failed' ELSE 'processed' END, timestamptz '2026-11-01' + g * interval '1 minute' FROM generate_series(1, ${ROWS / 10}) g`,
      `INSERT INTO records (file_id, sku, quantity, price) SELECT 1 + g % ${ROWS / 10}, 'SKU-' || g, g % 97, (g % 1000) / 10.0 FROM generate_series(1, ${ROWS}) g`,
    ];
    await tools(source)("psql", ["--set=ON_ERROR_STOP=1", "-c", seed.join("; ")]);
    original = await readManifest(tools(source));
    backup = await dump(tools(source));
  });

  after(async () => {
    await source?.stop();
    await target?.stop();
  });

  it("reads a manifest of every table: row counts and checksums", () => {
    expect(Object.keys(original)).to.deep.equal(["public.files", "public.records"]);
    expect(original["public.files"].rows).to.equal(ROWS / 10);
    expect(original["public.records"].rows).to.equal(ROWS);
    expect(original["public.records"].md5).to.match(/^[0-9a-f]{32}$/);
  });

  it("restores into a server whose data directory was destroyed, with every row and checksum intact", async () => {
    const dataDir = source!.dataDir;
    await source!.stop();
    rmSync(dataDir, { recursive: true, force: true });
    source = undefined;
    target = await freshServer();
    const started = process.hrtime.bigint();
    await restore(tools(target), backup);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const after = await readManifest(tools(target));
    expect(compareManifests(original, after)).to.deep.equal([]);
    expect(after).to.deep.equal(original);
    // The drill's measurement, reported with the test run.
    console.log(
      `      restore of ${backup.length} bytes (${ROWS + ROWS / 10} rows) took ${ms.toFixed(0)} ms`,
    );
    expect(ms).to.be.lessThan(60_000);
  });

  it("fails on a truncated backup, naming pg_restore", async () => {
    const broken = await freshServer();
    try {
      let error: Error | undefined;
      try {
        await restore(tools(broken), backup.subarray(0, Math.floor(backup.length / 2)));
      } catch (e) {
        error = e as Error;
      }
      expect(error?.message).to.match(/^pg_restore exited 1: pg_restore: error: /);
      // --single-transaction: nothing half-restored.
      expect(await readManifest(tools(broken))).to.deep.equal({});
    } finally {
      await broken.stop();
    }
  });

  it("reports a restore whose data differs from the backup's source", async () => {
    const other = await freshServer();
    try {
      await restore(tools(other), backup);
      await tools(other)("psql", [
        "-c",
        "DELETE FROM records WHERE id <= 3; UPDATE files SET status = 'x' WHERE id = 1",
      ]);
      expect(compareManifests(original, await readManifest(tools(other)))).to.deep.equal([
        "public.files: same row count, different content",
        `public.records: ${ROWS} rows before, ${ROWS - 3} after`,
      ]);
    } finally {
      await other.stop();
    }
  });

  it("platform dev backup and restore round-trip through the same functions, and restore verifies the manifest", async () => {
    const a = await freshServer();
    const b = await freshServer();
    const dir = mkdtempSync(join(tmpdir(), "platform-dev-backup-"));
    const { out, io } = captureIo(dir);
    try {
      await tools(a)("psql", [
        "-c",
        "CREATE TABLE t (n int); INSERT INTO t SELECT generate_series(1, 500)",
      ]);
      expect(await runDev({ file: "db.dump" }, ["backup"], io, () => ({ pg: tools(a) }))).to.equal(
        0,
      );
      expect(JSON.parse(readFileSync(join(dir, "db.dump.manifest.json"), "utf8"))).to.deep.equal(
        await readManifest(tools(a)),
      );
      expect(await runDev({ file: "db.dump" }, ["restore"], io, () => ({ pg: tools(b) }))).to.equal(
        0,
      );
      expect(out[0]).to.match(/^backed up 1 tables, 500 rows to db\.dump \(\d+ bytes\)\n$/);
      expect(out[1]).to.match(
        /^restored 1 tables, 500 rows from db\.dump in \d+\.\d s; every table matches its manifest\n$/,
      );
      expect((await readManifest(tools(b)))["public.t"].rows).to.equal(500);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await a.stop();
      await b.stop();
    }
  });

  // The bucket half runs against a stand-in mc (no MinIO here); the database half is real.
  it("platform dev backup and restore carry the uploads bucket, and a damaged bucket backup restores nothing", async () => {
    const a = await freshServer();
    const b = await freshServer();
    const dir = mkdtempSync(join(tmpdir(), "platform-dev-backup-"));
    const { out, io } = captureIo(dir);
    const bucket = "platform-dev-uploads";
    const uploads = fakeMc(bucket, { "in/1.csv": "sku,qty\nA,1\n", "in/2.csv": "sku,qty\nB,2\n" });
    const emptied = fakeMc(bucket);
    try {
      await tools(a)("psql", [
        "-c",
        "CREATE TABLE t (n int); INSERT INTO t SELECT generate_series(1, 50)",
      ]);
      expect(
        await runDev({ file: "dev.dump" }, ["backup"], io, () => ({
          pg: tools(a),
          bucket: { name: bucket, mc: uploads.mc },
        })),
      ).to.equal(0);
      expect(out[1]).to.equal(
        `backed up 2 objects (24 bytes) of bucket ${bucket} to dev.dump.bucket/\n`,
      );

      // A damaged object: refused before the database or the bucket changes.
      const stored = join(dir, "dev.dump.bucket", "objects", sha256(Buffer.from("sku,qty\nA,1\n")));
      const good = readFileSync(stored);
      writeFileSync(stored, "tampered");
      let error: Error | undefined;
      try {
        await runDev({ file: "dev.dump" }, ["restore"], io, () => ({
          pg: tools(b),
          bucket: { name: bucket, mc: emptied.mc },
        }));
      } catch (e) {
        error = e as Error;
      }
      expect(error?.message).to.equal(
        "platform dev restore: the stored object for in/1.csv does not match its sha256: the bucket backup is damaged",
      );
      expect(await readManifest(tools(b))).to.deep.equal({});
      expect(emptied.calls).to.deep.equal([]);

      writeFileSync(stored, good);
      expect(
        await runDev({ file: "dev.dump" }, ["restore"], io, () => ({
          pg: tools(b),
          bucket: { name: bucket, mc: emptied.mc },
        })),
      ).to.equal(0);
      expect(out[out.length - 1]).to.equal(
        `restored 2 objects (24 bytes) of bucket ${bucket} from dev.dump.bucket/; every object matches its sha256\n`,
      );
      expect([...emptied.objects.entries()].map(([k, v]) => [k, v.toString()])).to.deep.equal([
        ["in/1.csv", "sku,qty\nA,1\n"],
        ["in/2.csv", "sku,qty\nB,2\n"],
      ]);
      expect((await readManifest(tools(b)))["public.t"].rows).to.equal(50);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await a.stop();
      await b.stop();
    }
  });
});
