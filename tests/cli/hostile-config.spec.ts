/**
 * Careless and hostile config (issue 16) through the CLI entry (`main`, the
 * function bin/platform.js calls), then one case per class through the real
 * bin/platform.js (below): each case exits 2 with one stderr line naming the
 * key, the value and what was expected.
 */
import * as path from "node:path";
import { expect } from "chai";
import { main } from "../../cli/main";
import { expectUsageError, runBin } from "../support/bin";

const PROJECT_DIR = path.resolve(__dirname, "..", "..");

async function synth(stack: string, ...config: string[]) {
  let out = "";
  let err = "";
  const code = await main(
    ["synth", "--stack", stack, ...config.flatMap((c) => ["--config", c]), "--json"],
    { out: (t) => (out += t), err: (t) => (err += t), cwd: PROJECT_DIR, workdir: PROJECT_DIR },
  );
  return { code, out, err };
}

async function refused(stack: string, config: string[], line: string): Promise<void> {
  const r = await synth(stack, ...config);
  expect(r.err).to.equal(`${line}\n`);
  expect(r.code).to.equal(2);
  expect(r.out).to.equal("");
}

describe("platform synth: careless and hostile config", function () {
  this.timeout(120_000);

  describe("the stack name decides the environment of dev, staging, prod and pr-<N>", () => {
    it("refuses prod built as dev", () =>
      refused(
        "prod",
        ["platform:environment=dev"],
        'platform:environment must be "prod" (or unset) on the stack prod: its name says its environment; only stacks with other names (e.g. qa) choose one, got "dev"',
      ));
    it("refuses staging tagged prod", () =>
      refused(
        "staging",
        ["platform:environment=prod"],
        'platform:environment must be "staging" (or unset) on the stack staging: its name says its environment; only stacks with other names (e.g. qa) choose one, got "prod"',
      ));
    it("refuses a preview that claims another environment", () =>
      refused(
        "pr-7",
        ["platform:environment=staging"],
        'platform:environment must be "preview" (or unset) on the preview stack pr-7, got "staging"',
      ));
  });

  it("refuses prod as a preview's network stack", () =>
    refused(
      "pr-7",
      ["platform:networkStack=acme/platform/prod"],
      'platform:networkStack must be a non-prod stack on the preview stack pr-7, such as staging (a preview must not share prod\'s network), got "acme/platform/prod"',
    ));

  describe("images on AWS need a tag or digest", () => {
    for (const image of ["ghcr.io/example/app", "app", "319504", "registry.example.com:5000/app"]) {
      it(image, () =>
        refused(
          "staging",
          [`platform:appImage=${image}`],
          `platform:appImage must be an image pinned by tag or digest such as ghcr.io/example/app:1.2.3 (without one, :latest is pulled), got ${JSON.stringify(image)}`,
        ),
      );
    }
  });

  it("refuses a region @pulumi/aws does not know", () =>
    refused(
      "staging",
      ["aws:region=eu-west-9"],
      'aws:region must be an AWS region such as eu-west-1 (one that @pulumi/aws knows), got "eu-west-9"',
    ));

  it("refuses a certificate ARN from another partition", () =>
    refused(
      "staging",
      [
        "aws:region=cn-north-1",
        "platform:certificateArn=arn:aws:acm:cn-north-1:123456789012:certificate/00000000-0000-4000-8000-000000000001",
      ],
      'platform:certificateArn must be an ARN in the partition of cn-north-1 (arn:aws-cn:acm:…), got "arn:aws:acm:cn-north-1:123456789012:certificate/00000000-0000-4000-8000-000000000001"',
    ));

  describe("VPC CIDRs", () => {
    const expected =
      "a private /16 such as 10.20.0.0/16 (in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, no leading zeros)";
    for (const cidr of ["10.020.0.0/16", "172.32.0.0/16", "11.0.0.0/16"]) {
      it(`refuses ${cidr}`, () =>
        refused(
          "staging",
          [`platform:vpcCidr=${cidr}`],
          `platform:vpcCidr must be ${expected}, got ${JSON.stringify(cidr)}`,
        ));
    }
    for (const cidr of ["172.16.0.0/16", "172.31.0.0/16", "192.168.0.0/16"]) {
      it(`accepts ${cidr} (private)`, async () => {
        const r = await synth("staging", `platform:vpcCidr=${cidr}`);
        expect([r.code, r.err]).to.deep.equal([0, ""]);
        const vpc = (
          JSON.parse(r.out) as { resources: { type: string; props: { cidrBlock?: string } }[] }
        ).resources.find((x) => x.type === "aws:ec2/vpc:Vpc");
        expect(vpc?.props.cidrBlock).to.equal(cidr);
      });
    }
  });

  describe("fileProcessorCode", () => {
    for (const p of ["../outside", "/etc", "app/../../x"]) {
      it(`refuses ${p} (outside the repository)`, () =>
        refused(
          "staging",
          [`platform:fileProcessorCode=${p}`],
          `platform:fileProcessorCode must be a path inside the repository, such as app/dist/lambda (not outside it), got ${JSON.stringify(p)}`,
        ));
    }
    it("refuses a path that does not exist", () =>
      refused(
        "staging",
        ["platform:fileProcessorCode=app/no-such-package"],
        'platform:fileProcessorCode must be a built Lambda package (build it with npm run build:lambda -w app, which writes app/dist/lambda, or set it to the folder or .zip you built), got "app/no-such-package"',
      ));
  });

  it("refuses an empty platform:services= instead of taking the default", () =>
    refused(
      "staging",
      ["platform:services="],
      "platform:services is set but empty: expected a value, or leave the key unset for its default",
    ));
});

/**
 * The same refusals through the real bin/platform.js, one case per class
 * (each spawn costs about a second): exit 2, exactly one stderr line, no
 * stack frame, nothing on stdout.
 */
describe("platform synth: careless and hostile config (through bin/platform.js)", function () {
  this.timeout(120_000);
  const cases: [string, string[], string][] = [
    [
      "prod",
      ["platform:environment=dev"],
      'platform:environment must be "prod" (or unset) on the stack prod: its name says its environment; only stacks with other names (e.g. qa) choose one, got "dev"',
    ],
    [
      "pr-7",
      ["platform:networkStack=acme/platform/prod"],
      'platform:networkStack must be a non-prod stack on the preview stack pr-7, such as staging (a preview must not share prod\'s network), got "acme/platform/prod"',
    ],
    [
      "staging",
      ["platform:appImage=ghcr.io/example/app"],
      'platform:appImage must be an image pinned by tag or digest such as ghcr.io/example/app:1.2.3 (without one, :latest is pulled), got "ghcr.io/example/app"',
    ],
    [
      "staging",
      ["aws:region=eu-west-9"],
      'aws:region must be an AWS region such as eu-west-1 (one that @pulumi/aws knows), got "eu-west-9"',
    ],
    [
      "staging",
      ["platform:vpcCidr=10.020.0.0/16"],
      'platform:vpcCidr must be a private /16 such as 10.20.0.0/16 (in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, no leading zeros), got "10.020.0.0/16"',
    ],
    [
      "staging",
      ["platform:fileProcessorCode=../outside"],
      'platform:fileProcessorCode must be a path inside the repository, such as app/dist/lambda (not outside it), got "../outside"',
    ],
    [
      "staging",
      [
        "aws:region=cn-north-1",
        "platform:certificateArn=arn:aws:acm:cn-north-1:123456789012:certificate/00000000-0000-4000-8000-000000000001",
      ],
      'platform:certificateArn must be an ARN in the partition of cn-north-1 (arn:aws-cn:acm:…), got "arn:aws:acm:cn-north-1:123456789012:certificate/00000000-0000-4000-8000-000000000001"',
    ],
    [
      "staging",
      ["platform:fileProcessorCode=app/no-such-package"],
      'platform:fileProcessorCode must be a built Lambda package (build it with npm run build:lambda -w app, which writes app/dist/lambda, or set it to the folder or .zip you built), got "app/no-such-package"',
    ],
    [
      "staging",
      ["platform:services="],
      "platform:services is set but empty: expected a value, or leave the key unset for its default",
    ],
  ];
  for (const [stack, config, line] of cases) {
    it(`${stack}: ${config.join(" ")}`, () =>
      expectUsageError(
        runBin(["synth", "--stack", stack, ...config.flatMap((c) => ["--config", c]), "--json"]),
        line,
      ));
  }

  it("preview gc: GITHUB_REPOSITORY=../..", () =>
    expectUsageError(
      runBin(["preview", "gc", "--dry-run"], { env: { GITHUB_REPOSITORY: "../.." } }),
      'platform preview gc: GITHUB_REPOSITORY must be owner/name (letters, digits, - and _ in the owner; letters, digits, ., - and _ in the name; not . or ..; GitHub Actions sets it), got "../.."',
    ));
});
