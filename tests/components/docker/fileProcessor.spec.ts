/**
 * FileProcessor (Docker) built directly under Pulumi's mocks, not through the
 * dev stack: the app image in worker mode, the webhook the object store calls
 * on the data network, its secrets as 0400 files, nothing published.
 *
 * It has no guard of its own: its user, its files and its (absent) ports are
 * fixed; what it could get wrong is refused by serviceContainer and
 * containerFiles (tests/components/docker/container.spec.ts).
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { FILES_DIR } from "../../../components/docker/container";
import {
  FileProcessor,
  FileProcessorArgs,
  WORKER_COMMAND,
} from "../../../components/docker/fileProcessor";
import { nodeHealthcheck } from "../../../components/docker/notifications";
import { build, one, props } from "../../support/mockRun";
import { DIRECT_CTX as CTX, DIRECT_LABELS as LABELS, outputValue, uploadRows } from "./support";

const CONTAINER = "docker:index/container:Container";
const VOLUME = "docker:index/volume:Volume";
const f = (file: string) => `${FILES_DIR}/${file}`;

const SECRET_VALUES = {
  databasePassword: "database-password-value-5e2f",
  s3AccessKeyId: "s3-access-key-value-81c0",
  s3SecretAccessKey: "s3-secret-key-value-0d9a",
  webhookToken: "webhook-token-value-c47e",
};

const args = (over: Partial<FileProcessorArgs> = {}): FileProcessorArgs => ({
  naming: CTX,
  labels: LABELS,
  appImage: "registry.local/shop-app:1.2.3",
  networks: { app: "shop-dev-net-app", data: "shop-dev-net-data" },
  caCertPem: "DEV CA PEM",
  databaseUrl: "postgres://app@db:5432/app?sslmode=verify-full",
  databasePassword: pulumi.secret(SECRET_VALUES.databasePassword),
  bucketName: "shop-dev-uploads",
  s3Endpoint: "https://objectstore:9000",
  s3AccessKeyId: pulumi.secret(SECRET_VALUES.s3AccessKeyId),
  s3SecretAccessKey: pulumi.secret(SECRET_VALUES.s3SecretAccessKey),
  webhookToken: pulumi.secret(SECRET_VALUES.webhookToken),
  notifyTarget: "http://notifications:8080/notifications",
  environmentName: "dev",
  memoryMb: 256,
  ...over,
});

describe("components/docker/fileProcessor, built directly", () => {
  it("registers the worker, its files volume and loader under the component", async () => {
    const rs = await build(() => new FileProcessor("fp", args()));
    expect(rs.map((r) => [r.type, r.name])).to.have.deep.members([
      ["platform:app:FileProcessor", "fp"],
      [VOLUME, "fp-worker-files"],
      [CONTAINER, "fp-worker-files-loader"],
      [CONTAINER, "fp-worker"],
    ]);
    expect(rs).to.have.lengthOf(4);
    const component = one(rs, "platform:app:FileProcessor", "fp");
    for (const r of rs.filter((x) => x !== component))
      expect(r.parent, r.name).to.equal(component.urn);
    expect(props(one(rs, VOLUME, "fp-worker-files")).name).to.equal(
      "shop-dev-file-processor-files",
    );
  });

  it("runs the app image's worker as the app's user under init, on the data network as file-processor, unpublished", async () => {
    const rs = await build(() => new FileProcessor("fp", args()));
    const worker = one(rs, CONTAINER, "fp-worker");
    expect(props(worker)).to.deep.include({
      name: "shop-dev-file-processor",
      image: "registry.local/shop-app:1.2.3",
      command: WORKER_COMMAND,
      user: "10001:10001",
      init: true,
      readOnly: true,
      memory: 256,
      memorySwap: 256,
      tmpfs: { "/tmp": "rw,noexec,nosuid,size=64m" },
      networksAdvanced: [
        { name: "shop-dev-net-data", aliases: ["file-processor"] },
        { name: "shop-dev-net-app", aliases: [] },
      ],
      mounts: [
        {
          type: "volume",
          source: "shop-dev-file-processor-files",
          target: FILES_DIR,
          readOnly: true,
        },
      ],
    });
    expect(WORKER_COMMAND).to.deep.equal(["node", "dist/worker.js"]);
    expect(props(worker).healthcheck.tests).to.deep.equal(nodeHealthcheck(8080));
    expect(props(worker).ports).to.equal(undefined);
    expect(
      (props(worker).labels as { label: string; value: string }[]).find(
        (l) => l.label === "platform.service",
      )?.value,
    ).to.equal("file-processor");
    expect(worker.opts?.dependsOn).to.include(one(rs, CONTAINER, "fp-worker-files-loader").urn);
  });

  it("hands the worker the contract: plain values as variables, secrets as *_FILE paths, traces to Jaeger", async () => {
    const rs = await build(() => new FileProcessor("fp", args({ environmentName: "qa" })));
    expect(props(one(rs, CONTAINER, "fp-worker")).envs).to.deep.equal([
      `AWS_ACCESS_KEY_ID_FILE=${f("s3-access-key-id")}`,
      `AWS_SECRET_ACCESS_KEY_FILE=${f("s3-secret-access-key")}`,
      `CA_BUNDLE_FILE=${f("ca.crt")}`,
      `DATABASE_PASSWORD_FILE=${f("database-password")}`,
      "DATABASE_URL=postgres://app@db:5432/app?sslmode=verify-full",
      "ENVIRONMENT=qa",
      "NOTIFY_TARGET=http://notifications:8080/notifications",
      "OTEL_EXPORTER_OTLP_ENDPOINT=http://traces:4318",
      "PORT=8080",
      "S3_BUCKET=shop-dev-uploads",
      "S3_ENDPOINT=https://objectstore:9000",
      `WEBHOOK_TOKEN_FILE=${f("webhook-token")}`,
    ]);
  });

  it("writes its secrets 0400 for the app's user (secret inputs, never in the clear), the CA 0444", async () => {
    const rs = await build(() => new FileProcessor("fp", args()));
    const loader = props(one(rs, CONTAINER, "fp-worker-files-loader"));
    expect(loader).to.deep.include({
      name: "shop-dev-file-processor-files-loader",
      image: "registry.local/shop-app:1.2.3",
      start: false,
      networkMode: "none",
    });
    expect(uploadRows(one(rs, CONTAINER, "fp-worker-files-loader"))).to.deep.equal([
      [f("ca.crt"), "10001", "10001", "0444", "DEV CA PEM"],
      [f("database-password"), "10001", "10001", "0400", "[secret]"],
      [f("s3-access-key-id"), "10001", "10001", "0400", "[secret]"],
      [f("s3-secret-access-key"), "10001", "10001", "0400", "[secret]"],
      [f("webhook-token"), "10001", "10001", "0400", "[secret]"],
    ]);
    const registered = JSON.stringify(rs);
    for (const [name, value] of Object.entries(SECRET_VALUES)) {
      expect(registered, name).to.not.include(value);
    }
  });

  it("exports the webhook URL the object store calls and the container's name", async () => {
    let fp: FileProcessor | undefined;
    await build(() => {
      fp = new FileProcessor("fp", args());
    });
    expect(await outputValue(fp!.webhookUrl)).to.equal("http://file-processor:8080/events");
    expect(await outputValue(fp!.containerName)).to.equal("shop-dev-file-processor");
  });
});
