/**
 * Secret config values never appear in an error (issue 16, point 11),
 * through the real bin/platform.js: a `secure:` value of a stack file, a
 * preview base's secret whose value comes from PLATFORM_SECRET_<KEY>, and the
 * GitHub token. Each case: exit 2, exactly one stderr line naming the key and
 * what was expected, no stack frame, the value nowhere in stdout or stderr.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { BinResult, expectUsageError, PROJECT_DIR, runBin } from "../support/bin";
import { fakePulumi, FakePulumi, previewProject } from "../support/fakePulumi";

/** A `secure:` value as `pulumi config set --secret` writes it (ciphertext; the tests never decrypt it). */
const CIPHERTEXT = "v1:Zm9vYmFyYmF6cXV4:Q2lwaGVydGV4dE9mQVNlY3JldA==";
const ARN = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-4000-8000-00000000000";
const OWNER_EXPECTED = "a tag-safe name of 1–256 characters";

function expectHidden(r: BinResult, line: string, ...values: string[]): void {
  expectUsageError(r, line);
  for (const v of values) {
    expect(r.stdout + r.stderr, "a secret value in the output").not.to.include(v);
  }
}

describe("platform: secret config values are never echoed (through bin/platform.js)", function () {
  this.timeout(120_000);
  let tmp: string;
  let pulumi: FakePulumi;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "platform-secrets-"));
    pulumi = fakePulumi(path.join(tmp, "bin"));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("synth: a secure: value of the stack file that fails validation", () => {
    // A project of its own whose program is this repository's compiled one.
    const dir = path.join(tmp, "synth");
    fs.mkdirSync(dir);
    fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.symlinkSync(path.join(PROJECT_DIR, "dist"), path.join(dir, "dist"));
    fs.writeFileSync(
      path.join(dir, "Pulumi.qa.yaml"),
      `config:\n  platform:environment: staging\n  platform:costCenter: cc-1234\n  platform:owner:\n    secure: ${CIPHERTEXT}\n`,
    );
    // Offline the value cannot be decrypted: the program sees Pulumi's "[secret]", marked secret.
    expectHidden(
      runBin(["synth", "--stack", "qa"], { env: { PLATFORM_PROJECT_DIR: dir } }),
      `platform:owner must be ${OWNER_EXPECTED}, got a secret value (not shown)`,
      CIPHERTEXT,
      "[secret]",
    );
  });

  describe("preview up: a base stack's secret, its value from PLATFORM_SECRET_<KEY>", () => {
    /** A staging file with `secretKey` as a `secure:` value. */
    const staging = (secretKey: string) => {
      const plain: Record<string, string> = {
        "aws:region": "eu-west-1",
        "platform:environment": "staging",
        "platform:owner": "team-platform",
        "platform:costCenter": "cc-1234",
        "platform:domain": "staging.example.com",
        "platform:certificateArn": `${ARN}1`,
        "platform:previewDomain": "preview.example.com",
        "platform:previewCertificateArn": `${ARN}3`,
      };
      delete plain[secretKey];
      const lines = Object.entries(plain).map(([k, v]) => `  ${k}: ${v}`);
      return `config:\n${lines.join("\n")}\n  ${secretKey}:\n    secure: ${CIPHERTEXT}\n`;
    };

    const up = (name: string, secretKey: string, env: Record<string, string>) =>
      runBin(["preview", "up", "--pr", "7"], {
        env: {
          ...pulumi.env,
          PLATFORM_PROJECT_DIR: previewProject(
            path.join(tmp, name),
            PROJECT_DIR,
            staging(secretKey),
          ),
          ...env,
        },
      });

    it("a secret owner that is not tag-safe", () => {
      const value = "Owner <S3cret-7f3a>";
      expectHidden(
        up("owner", "platform:owner", { PLATFORM_SECRET_PLATFORM_OWNER: value }),
        `platform:owner must be ${OWNER_EXPECTED}, got a secret value (not shown)`,
        value,
        "S3cret-7f3a",
      );
    });

    it("a secret previewTtlHours that is not a number (checked before the rest)", () => {
      const value = "S3cret-ttl-9c1e";
      expectHidden(
        up("ttl", "platform:previewTtlHours", { PLATFORM_SECRET_PLATFORM_PREVIEWTTLHOURS: value }),
        "platform:previewTtlHours must be a whole number from 1 to 720, got a secret value (not shown)",
        value,
      );
    });
  });

  it("preview gc: a GITHUB_TOKEN that is not a token", () => {
    const token = "ghp_S3cret token\twith spaces";
    expectHidden(
      runBin(["preview", "gc", "--dry-run"], {
        env: { GITHUB_REPOSITORY: "acme/platform", GITHUB_TOKEN: token },
      }),
      "platform preview gc: GITHUB_TOKEN must be a token of visible ASCII characters without spaces or line breaks (its value is not shown)",
      "ghp_S3cret",
    );
  });
});
