/** cli/commands/dev.ts: the names and paths it reaches into the dev containers with are the program's own. */
import { expect } from "chai";
import {
  DEV_DATABASE_PASSWORD_FILE,
  DEV_FILES_DIR,
  DEV_OBJECT_STORE_SCRATCH_DIR,
  devTools,
} from "../../../cli/commands/dev";
import { FILES_DIR } from "../../../components/docker/container";
import { OBJECT_STORE_SCRATCH_DIR } from "../../../components/docker/objectStore";
import { projectRoot } from "../../../lib/project";

describe("platform dev: what it reaches into", () => {
  it("uses the containers' own files folder, password file and scratch folder", () => {
    expect(DEV_FILES_DIR).to.equal(FILES_DIR);
    expect(DEV_DATABASE_PASSWORD_FILE).to.equal(`${FILES_DIR}/postgres-password`);
    expect(DEV_OBJECT_STORE_SCRATCH_DIR).to.equal(OBJECT_STORE_SCRATCH_DIR);
  });

  it("names the dev stack's uploads bucket as the program does (platform synth --stack dev)", () => {
    // The entrypoint of platform-dev-objectstore creates "local/platform-dev-uploads".
    expect(devTools(projectRoot()).bucket?.name).to.equal("platform-dev-uploads");
  });
});
