/**
 * The helpers every Docker component builds its files and container with:
 * the context of an Args, file paths, read-only and secret files, and a service with its
 * files volume under one name.
 */
import { expect } from "chai";
import {
  contextOf,
  FILES_DIR,
  filePath,
  ownedBy,
  serviceWithFiles,
} from "../../../components/docker/container";
import { build, ofType, props } from "../../support/mockRun";
import { HELPER_CTX as DEV, serviceArgs, TestParent as Parent } from "./support";

describe("components/docker/container: file and service helpers", () => {
  it("takes only the naming and labels of an Args as the context", () => {
    const labels = { "platform.environment": "dev" };
    expect(contextOf({ naming: DEV, labels, image: "x" } as never)).to.deep.equal({
      naming: DEV,
      labels,
    });
  });

  it("names a file by its path under FILES_DIR", () => {
    expect(filePath("certs/ca.crt")).to.equal("/run/platform/certs/ca.crt");
  });

  it("makes a read-only file 0444, owned by the user it was made for, and not secret", () => {
    expect(ownedBy("10001:10001").readOnly("certs/ca.crt", "PEM")).to.deep.equal({
      path: "certs/ca.crt",
      content: "PEM",
      owner: "10001:10001",
      mode: "0444",
    });
  });

  it("makes a secret file 0400 (or the mode asked for), owned by the user it was made for, and secret", () => {
    expect(ownedBy("10001:10001").secret("db-password", "pw")).to.deep.equal({
      path: "db-password",
      content: "pw",
      owner: "10001:10001",
      mode: "0400",
      secret: true,
    });
    expect(ownedBy("101:101").secret("certs/private.key", "KEY", "0600")).to.deep.equal({
      path: "certs/private.key",
      content: "KEY",
      owner: "101:101",
      mode: "0600",
      secret: true,
    });
  });

  it("builds the files volume, its loader and the container under one name, the container mounting the files", async () => {
    const rs = await build(() => {
      serviceWithFiles(
        "platform-web-app",
        {
          ...serviceArgs(),
          files: [
            ownedBy("10001:10001").readOnly("ca.crt", "PEM"),
            ownedBy("10001:10001").secret("key", "s3cr3t"),
          ],
        },
        new Parent(),
      );
    }, "dev");
    const names = rs.filter((r) => r.type.startsWith("docker:")).map((r) => `${r.type} ${r.name}`);
    expect(names).to.deep.equal([
      "docker:index/volume:Volume platform-web-app-files",
      "docker:index/container:Container platform-web-app-files-loader",
      "docker:index/container:Container platform-web-app",
    ]);
    const [loader, app] = ofType(rs, "docker:index/container:Container");
    const uploads = props(loader).uploads as { file: string; permissions: string }[];
    expect(uploads.map((u) => [u.file, u.permissions])).to.deep.equal([
      [`${FILES_DIR}/ca.crt`, "0444"],
      [`${FILES_DIR}/key`, "0400"],
    ]);
    expect(JSON.stringify(props(loader))).to.not.include("s3cr3t");
    const mounts = props(app).mounts as { target: string; readOnly: boolean }[];
    expect(mounts.map((m) => [m.target, m.readOnly])).to.deep.include([FILES_DIR, true]);
  });
});
