/**
 * The object store's entrypoint (lib/dev/objectStore.ts), run by a real
 * POSIX sh (dash) with stand-ins for `minio` and `mc` that record what they
 * are asked to do. MinIO itself is not a Debian package, so what is proven
 * here is the script: secrets are read from files into MinIO's environment
 * (never its arguments), the set-up waits for readiness, creates the bucket,
 * the workload's user and the notification rule, marks itself ready, and a
 * SIGTERM stops MinIO and exits cleanly.
 */
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  OBJECT_STORE_FILES,
  readyMarker,
  renderObjectStoreEntrypoint,
  WEBHOOK_TARGET_ARN,
} from "../../../lib/dev/objectStore";
import { ManagedProcess, requireBinary, waitUntil } from "../../../test-support";

describe("dev object store entrypoint (sh, with minio and mc stand-ins)", function () {
  this.timeout(60_000);
  let dir: string;
  let files: string;
  let scratch: string;
  let log: string;
  let script: string;
  let proc: ManagedProcess;
  const f = OBJECT_STORE_FILES;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "platform-dev-minio-"));
    files = join(dir, "files");
    scratch = join(dir, "scratch");
    const bin = join(dir, "bin");
    log = join(dir, "calls.log");
    for (const d of [files, join(files, f.certsDir, "CAs"), scratch, bin])
      mkdirSync(d, { recursive: true });
    writeFileSync(join(files, f.rootUser), "rootuser\n");
    writeFileSync(join(files, f.rootPassword), "rootpassword123");
    writeFileSync(join(files, f.webhookToken), "webhooktoken456");
    writeFileSync(join(files, f.appAccessKey), "appkey");
    writeFileSync(join(files, f.appSecretKey), "appsecret789");
    writeFileSync(join(files, f.appPolicy), "{}");
    writeFileSync(join(files, f.certsDir, "CAs", "ca.crt"), "dev CA\n");
    writeFileSync(
      join(bin, "minio"),
      [
        "#!/bin/sh",
        `echo "minio $*" >> ${log}`,
        `echo "minio env user=$MINIO_ROOT_USER password=$MINIO_ROOT_PASSWORD token=$MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN_FILEPROCESSOR" >> ${log}`,
        `trap 'echo "minio stopped" >> ${log}; exit 0' TERM`,
        "while :; do sleep 0.1; done",
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(bin, "mc"),
      [
        "#!/bin/sh",
        // The first readiness probe fails, as while MinIO starts.
        `if [ "$1" = ready ] && [ ! -e ${dir}/ready-once ]; then touch ${dir}/ready-once; exit 1; fi`,
        `echo "mc $* | host=$MC_HOST_local | ca=$(cat "$MC_CONFIG_DIR/certs/CAs/ca.crt")" >> ${log}`,
        "",
      ].join("\n"),
    );
    chmodSync(join(bin, "minio"), 0o755);
    chmodSync(join(bin, "mc"), 0o755);
    script = join(dir, "entrypoint.sh");
    writeFileSync(
      script,
      renderObjectStoreEntrypoint({
        bucket: "platform-dev-uploads",
        filesDir: files,
        dataDir: join(dir, "data"),
        scratchDir: scratch,
      }),
    );
    proc = ManagedProcess.start({
      name: "objectstore-entrypoint",
      command: requireBinary("sh", "dash"),
      args: [script],
      env: { PATH: `${bin}:/usr/bin:/bin` },
    });
    await waitUntil("the ready marker", async () => {
      if (!proc.isRunning) throw proc.describeExit();
      return existsSync(readyMarker(scratch));
    });
  });
  after(async () => {
    await proc?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is valid POSIX sh", () => {
    execFileSync(requireBinary("sh", "dash"), ["-n", script]);
  });

  it("starts MinIO with TLS from the files folder and the credentials in its environment only", () => {
    const calls = readFileSync(log, "utf8").split("\n");
    expect(calls[0]).to.equal(
      `minio server --address :9000 --certs-dir ${files}/certs ${join(dir, "data")}`,
    );
    expect(calls[1]).to.equal(
      "minio env user=rootuser password=rootpassword123 token=webhooktoken456",
    );
    expect(calls[0]).to.not.include("rootpassword123");
  });

  it("creates the bucket, the workload's user with its policy, and the notification rule, after MinIO is ready", () => {
    const mc = readFileSync(log, "utf8")
      .split("\n")
      .filter((l) => l.startsWith("mc "));
    const host = "host=https://rootuser:rootpassword123@localhost:9000 | ca=dev CA";
    expect(mc).to.deep.equal([
      `mc ready local | ${host}`,
      `mc mb --ignore-existing local/platform-dev-uploads | ${host}`,
      `mc admin policy create local platform-app ${files}/app-policy.json | ${host}`,
      `mc admin user add local appkey appsecret789 | ${host}`,
      `mc admin policy attach local platform-app --user appkey | ${host}`,
      `mc event add --ignore-existing local/platform-dev-uploads ${WEBHOOK_TARGET_ARN} --event put --suffix .csv | ${host}`,
    ]);
    expect(proc.recentOutput).to.include(
      `objectstore: bucket platform-dev-uploads ready; new .csv objects notify ${WEBHOOK_TARGET_ARN}`,
    );
  });

  it("stops MinIO and exits 0 on SIGTERM", async () => {
    await proc.stop();
    expect(proc.child.exitCode).to.equal(0);
    expect(readFileSync(log, "utf8")).to.include("minio stopped");
  });
});
