/** lib/dev/bucketBackup.ts against a stand-in mc (tests/lib/dev/fakeMc.ts): no MinIO runs here. */
import { expect } from "chai";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  addressableKey,
  backupBucket,
  compareObjects,
  dockerMcArgs,
  loadBucketBackup,
  parseListing,
  restoreBucket,
  sha256,
} from "../../../lib/dev/bucketBackup";
import { fakeMc } from "./fakeMc";

const BUCKET = "platform-dev-uploads";

describe("dev bucket backup", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "bucket-backup-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("stores each object under its sha256 with an index, and restores the bucket to exactly those objects", async () => {
    const source = fakeMc(BUCKET, { "in/a.csv": "sku,qty\nA,1\n", "in/b.csv": "sku,qty\nB,2\n" });
    const index = await backupBucket(source.mc, BUCKET, dir);
    const a = sha256(Buffer.from("sku,qty\nA,1\n"));
    expect(index).to.deep.equal({
      bucket: BUCKET,
      objects: [
        { key: "in/a.csv", size: 12, sha256: a },
        { key: "in/b.csv", size: 12, sha256: sha256(Buffer.from("sku,qty\nB,2\n")) },
      ],
    });
    expect(JSON.parse(readFileSync(join(dir, "index.json"), "utf8"))).to.deep.equal(index);
    expect(readFileSync(join(dir, "objects", a), "utf8")).to.equal("sku,qty\nA,1\n");
    expect(readdirSync(join(dir, "objects"))).to.have.length(2);

    // The target has lost one object, changed one and gained one.
    const target = fakeMc(BUCKET, { "in/a.csv": "changed", "stray.txt": "x" });
    expect(await restoreBucket(target.mc, BUCKET, loadBucketBackup(dir))).to.deep.equal([]);
    expect([...target.objects.keys()].sort()).to.deep.equal(["in/a.csv", "in/b.csv"]);
    expect(target.objects.get("in/a.csv")!.toString()).to.equal("sku,qty\nA,1\n");
    expect(target.calls.slice(0, 4)).to.deep.equal([
      `ls --recursive --json local/${BUCKET}`,
      `rm local/${BUCKET}/stray.txt`,
      `pipe local/${BUCKET}/in/a.csv`,
      `pipe local/${BUCKET}/in/b.csv`,
    ]);
  });

  it("refuses a damaged backup before touching the bucket", async () => {
    const source = fakeMc(BUCKET, { "in/a.csv": "one" });
    await backupBucket(source.mc, BUCKET, dir);
    writeFileSync(join(dir, "objects", sha256(Buffer.from("one"))), "two");
    expect(() => loadBucketBackup(dir)).to.throw(
      "the stored object for in/a.csv does not match its sha256: the bucket backup is damaged",
    );
    rmSync(join(dir, "objects", sha256(Buffer.from("one"))));
    expect(() => loadBucketBackup(dir)).to.throw(
      `the bucket backup has no stored object for in/a.csv (objects/${sha256(Buffer.from("one"))})`,
    );
    writeFileSync(
      join(dir, "index.json"),
      JSON.stringify({
        bucket: BUCKET,
        objects: [{ key: "../x", size: 1, sha256: "0".repeat(64) }],
      }),
    );
    expect(() => loadBucketBackup(dir)).to.throw(
      /index\.json has an invalid entry: \{"key":"\.\.\/x"/,
    );
  });

  it("reports a restore that does not come back as backed up", async () => {
    const obj = (key: string, content: string) => ({
      key,
      size: content.length,
      sha256: sha256(Buffer.from(content)),
    });
    expect(
      compareObjects([obj("a", "1"), obj("b", "2")], [obj("b", "22"), obj("c", "3")]),
    ).to.deep.equal([
      "object a: missing after the restore",
      "object b: 1 bytes backed up, 2 bytes restored with other content",
      "object c: not in the backup",
    ]);
  });

  it("reads mc ls --json lines: files only, and an error entry is an error", () => {
    const line = (o: object) => JSON.stringify(o);
    expect(
      parseListing(
        [
          line({
            status: "success",
            type: "file",
            lastModified: "2026-11-30T12:00:00Z",
            size: 3,
            key: "b",
          }),
          line({
            status: "success",
            type: "folder",
            lastModified: "2026-11-30T12:00:00Z",
            size: 0,
            key: "d/",
          }),
          line({
            status: "success",
            type: "file",
            lastModified: "2026-11-30T12:00:00Z",
            size: 1,
            key: "a",
          }),
          "",
        ].join("\n"),
      ),
    ).to.deep.equal([
      { key: "a", size: 1 },
      { key: "b", size: 3 },
    ]);
    expect(() =>
      parseListing(line({ status: "error", error: { message: "Bucket does not exist" } })),
    ).to.throw('mc ls reported "error"');
    expect(() => parseListing("mc: <ERROR>")).to.throw(
      "mc ls printed a line that is not JSON: mc: <ERROR>",
    );
  });

  it("only addresses keys that stay inside the bucket", () => {
    for (const k of ["in/a.csv", "a b/c", "x..y"]) expect(addressableKey(k), k).to.equal(true);
    for (const k of ["", "/a", "../a", "a/./b", "a/..", "a\nb"])
      expect(addressableKey(k), k).to.equal(false);
  });

  it("runs mc in the object store's container with the root credentials read there, never on the command line", () => {
    expect(
      dockerMcArgs(
        {
          container: "platform-dev-objectstore",
          filesDir: "/run/platform",
          rootUserFile: "root-user",
          rootPasswordFile: "root-password",
          configDir: "/tmp/.mc",
          port: 9000,
        },
        ["cat", `local/${BUCKET}/in/a.csv`],
      ),
    ).to.deep.equal([
      "exec",
      "-i",
      "platform-dev-objectstore",
      "sh",
      "-c",
      'MC_CONFIG_DIR=/tmp/.mc MC_HOST_local="https://$(cat /run/platform/root-user):$(cat /run/platform/root-password)@localhost:9000" exec "$0" "$@"',
      "mc",
      "cat",
      `local/${BUCKET}/in/a.csv`,
    ]);
    expect(() =>
      dockerMcArgs(
        {
          container: "x; rm -rf /",
          filesDir: "/run/platform",
          rootUserFile: "u",
          rootPasswordFile: "p",
          configDir: "/tmp/.mc",
          port: 9000,
        },
        [],
      ),
    ).to.throw('dockerMcArgs: container must be a plain name or path, got "x; rm -rf /"');
  });
});
