/** config/rules.ts: the cross-key and filesystem checks run before anything is registered. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { ConfigError } from "../../config/errors";
import type { AwsConfig } from "../../config/platformConfig";
import { checkLambdaPackage } from "../../config/rules";

const k = (name: string) => `platform:${name}`;

describe("config/rules: checkLambdaPackage", () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), "platform-lambda-package-"))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  // Issue 10: a missing package must fail in one config line naming the build command, before
  // `pulumi up` registers the role, the queue and the rest and then fails on the archive upload.
  it("refuses the default app/dist/lambda until it is built, naming the build command", () => {
    const cfg = { fileProcessorCode: "app/dist/lambda" } as AwsConfig;
    expect(() => checkLambdaPackage(cfg, k, root))
      .to.throw(ConfigError)
      .with.property(
        "message",
        'platform:fileProcessorCode must be a built Lambda package (build it with npm run build:lambda -w app, which writes app/dist/lambda, or set it to the folder or .zip you built), got "app/dist/lambda"',
      );
    fs.mkdirSync(path.join(root, "app", "dist", "lambda"), { recursive: true });
    expect(() => checkLambdaPackage(cfg, k, root)).to.not.throw();
  });

  it("accepts a built .zip elsewhere in the project", () => {
    fs.writeFileSync(path.join(root, "fp.zip"), "PK");
    expect(() =>
      checkLambdaPackage({ fileProcessorCode: "fp.zip" } as AwsConfig, k, root),
    ).to.not.throw();
  });
});
