import { expect } from "chai";
import {
  appObjectStorePolicy,
  objectStoreEnvironment,
  renderObjectStoreEntrypoint,
  WEBHOOK_TARGET_ARN,
} from "../../../lib/dev/objectStore";
import { renderSinkScript } from "../../../lib/dev/sink";

describe("lib/dev/sink", () => {
  it("renders a dependency-free Node.js server on the given address", () => {
    const script = renderSinkScript({ port: 18080, host: "127.0.0.1" });
    expect(script).to.include('server.listen(18080, "127.0.0.1"');
    expect(script).to.include('const http = require("node:http");');
    expect(script).to.not.match(/require\("(?!node:)/);
    expect(renderSinkScript()).to.include('server.listen(8080, "0.0.0.0"');
  });

  it("refuses a host that is not an address", () => {
    expect(() => renderSinkScript({ host: '0.0.0.0");process.exit(' })).to.throw(
      "renderSinkScript: host must be an IP address",
    );
  });
});

describe("lib/dev/objectStore", () => {
  const script = renderObjectStoreEntrypoint({
    bucket: "platform-dev-uploads",
    filesDir: "/run/platform",
    dataDir: "/data",
    scratchDir: "/tmp",
  });
  const lines = script.split("\n");

  it("reads every secret from a file into its own environment, never into argv of minio", () => {
    expect(lines).to.include('MINIO_ROOT_USER="$(cat "$FILES/root-user")"');
    expect(lines).to.include('MINIO_ROOT_PASSWORD="$(cat "$FILES/root-password")"');
    expect(lines).to.include(
      'MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN_FILEPROCESSOR="$(cat "$FILES/webhook-token")"',
    );
    expect(lines).to.include('minio server --address ":9000" --certs-dir "$FILES/certs" /data &');
  });

  it("creates the bucket, the workload's user and the notification rule, then marks itself ready", () => {
    expect(lines).to.include('mc mb --ignore-existing "local/platform-dev-uploads"');
    expect(lines).to.include('mc admin policy create local platform-app "$FILES/app-policy.json"');
    expect(lines).to.include(
      `mc event add --ignore-existing "local/platform-dev-uploads" ${WEBHOOK_TARGET_ARN} --event put --suffix ".csv"`,
    );
    expect(lines).to.include("touch /tmp/objectstore-ready");
    expect(lines[lines.length - 2]).to.equal('wait "$server"');
  });

  it("refuses a bucket that S3 would refuse", () => {
    expect(() =>
      renderObjectStoreEntrypoint({
        bucket: "Bad_Bucket",
        filesDir: "/run/platform",
        dataDir: "/data",
        scratchDir: "/tmp",
      }),
    ).to.throw('renderObjectStoreEntrypoint: bucket must be an S3 bucket name, got "Bad_Bucket"');
  });

  it("gives the workload the rights its AWS task role has on the bucket", () => {
    expect(appObjectStorePolicy("b")).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "UploadsObjects",
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:PutObject"],
          Resource: ["arn:aws:s3:::b/*"],
        },
        {
          Sid: "UploadsList",
          Effect: "Allow",
          Action: ["s3:ListBucket"],
          Resource: ["arn:aws:s3:::b"],
        },
      ],
    });
  });

  it("configures the webhook target without its token", () => {
    expect(
      objectStoreEnvironment({ endpoint: "http://file-processor:8080/events", queueDir: "/tmp/q" }),
    ).to.deep.equal({
      MINIO_BROWSER: "off",
      MINIO_NOTIFY_WEBHOOK_ENABLE_FILEPROCESSOR: "on",
      MINIO_NOTIFY_WEBHOOK_ENDPOINT_FILEPROCESSOR: "http://file-processor:8080/events",
      MINIO_NOTIFY_WEBHOOK_QUEUE_DIR_FILEPROCESSOR: "/tmp/q",
    });
  });
});
