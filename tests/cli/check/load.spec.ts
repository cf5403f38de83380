import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { detectEnvironment, environmentFromStackName } from "../../../cli/check/environment";
import { loadPolicyConfig, loadResources } from "../../../cli/check/load";
import { renderCheck } from "../../../cli/check/render";
import { UsageError } from "../../../cli/errors";
import { Resource } from "../../../cli/core/resource";

let dir: string;
function file(name: string, content: unknown): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, typeof content === "string" ? content : JSON.stringify(content));
  return p;
}

const bucket = { type: "aws:s3/bucket:Bucket", name: "b", props: { bucket: "b-1" } };

describe("platform check inputs", () => {
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-check-"))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe("loadResources", () => {
    it("reads an array of resources, or a synth document with its stack", () => {
      expect(loadResources(file("a.json", [bucket]))).to.deep.equal({
        stack: undefined,
        resources: [bucket],
      });
      expect(loadResources(file("d.json", { stack: "pr-7", resources: [bucket] }))).to.deep.equal({
        stack: "pr-7",
        resources: [bucket],
      });
    });

    const bad: Array<[string, unknown, string]> = [
      ["no such file", undefined, "no such file"],
      ["malformed JSON", "[{", "not valid JSON ("],
      [
        "a number",
        3,
        'expected an array of resources or a { "stack", "resources": [...] } document',
      ],
      ["an object without resources", { stack: "x" }, "expected an array of resources"],
      ["a non-string stack", { stack: 1, resources: [] }, '"stack" must be a string'],
      [
        "an entry that is not an object",
        [bucket, "b"],
        "resources[1]: must be an object with type, name and props",
      ],
      [
        "an entry without a type",
        [{ name: "x", props: {} }],
        'resources[0] (name "x"): "type" must be a non-empty string',
      ],
      [
        "an entry without a name",
        [{ type: "aws:s3/bucket:Bucket", props: {} }],
        'resources[0] (type "aws:s3/bucket:Bucket"): "name" must be a non-empty string',
      ],
      [
        "an entry without props",
        [bucket, { type: "t", name: "n" }],
        'resources[1] (type "t", name "n"): "props" must be an object of the resource\'s inputs',
      ],
      [
        "props as an array",
        [{ ...bucket, props: [] }],
        'resources[0] (type "aws:s3/bucket:Bucket", name "b"): "props" must be an object',
      ],
      [
        "a bad provider",
        [{ ...bucket, provider: { type: "pulumi:providers:aws" } }],
        'resources[0] (type "aws:s3/bucket:Bucket", name "b"): "provider" must be an object with type, name and props',
      ],
      [
        "bad dependsOn",
        [{ ...bucket, opts: { dependsOn: "urn" } }],
        'resources[0] (type "aws:s3/bucket:Bucket", name "b"): "opts.dependsOn" must be an array of URNs',
      ],
      [
        "a numeric urn",
        [{ ...bucket, urn: 1 }],
        'resources[0] (type "aws:s3/bucket:Bucket", name "b"): "urn" must be a string',
      ],
    ];
    for (const [title, content, message] of bad) {
      it(`refuses ${title}, naming the file and the entry`, () => {
        const p =
          content === undefined ? path.join(dir, "missing.json") : file(`${title}.json`, content);
        expect(() => loadResources(p)).to.throw(
          UsageError,
          `platform check: --resources ${p}: ${message}`,
        );
      });
    }
  });

  it("loadPolicyConfig wants a JSON object", () => {
    expect(loadPolicyConfig(file("c.json", { "kms-key-rotation": "advisory" }))).to.deep.equal({
      "kms-key-rotation": "advisory",
    });
    const p = file("c2.json", ["x"]);
    expect(() => loadPolicyConfig(p)).to.throw(
      UsageError,
      `platform check: --policy-config ${p}: expected a JSON object`,
    );
  });

  describe("detectEnvironment", () => {
    const aws = (defaultTags: unknown): Resource => ({
      ...bucket,
      provider: { type: "pulumi:providers:aws", name: "aws", props: { defaultTags } },
    });

    it("reads the AWS provider's defaultTags, as a JSON string or an object", () => {
      expect(detectEnvironment([aws('{"tags":{"Environment":"staging"}}')])).to.deep.equal({
        environment: "staging",
        source: "the AWS provider's defaultTags",
      });
      expect(
        detectEnvironment([aws({ tags: { Environment: "prod" } })], "pr-1")?.environment,
      ).to.equal("prod");
      expect(
        detectEnvironment([
          {
            type: "pulumi:providers:aws",
            name: "aws",
            props: { defaultTags: '{"tags":{"Environment":"preview"}}' },
          },
        ])?.environment,
      ).to.equal("preview");
    });

    it("then the Docker labels, then the stack name", () => {
      const container: Resource = {
        type: "docker:index/container:Container",
        name: "c",
        props: { labels: [{ label: "platform.environment", value: "dev" }] },
      };
      expect(detectEnvironment([container])).to.deep.equal({
        environment: "dev",
        source: "the Docker resources' labels",
      });
      expect(detectEnvironment([bucket], "pr-42")).to.deep.equal({
        environment: "preview",
        source: "the stack name pr-42",
      });
      expect(detectEnvironment([bucket], "sandbox")).to.equal(undefined);
      expect(environmentFromStackName("staging")).to.equal("staging");
      expect(environmentFromStackName("pr-x")).to.equal(undefined);
    });
  });

  it("renderCheck prints one line per violation, the exemptions and a summary", () => {
    const text = renderCheck(
      {
        violations: [
          {
            policy: "kms-key-rotation",
            enforcementLevel: "mandatory",
            resource: { type: "aws:kms/key:Key", name: "key", urn: "u" },
            message: "enableKeyRotation is false;\n set it",
          },
          {
            policy: "rds-backup-retention",
            enforcementLevel: "advisory",
            resource: { type: "aws:rds/instance:Instance", name: "db", urn: "u2" },
            message: "short",
          },
        ],
        exemptions: [
          { policy: "rds-not-public", resource: "db", reason: "migration", expires: "2025-12-31" },
        ],
        weakened: [
          {
            policy: "rds-storage-encrypted",
            from: "mandatory",
            to: "disabled",
            by: "all",
            exemptable: false,
          },
          {
            policy: "kms-key-rotation",
            from: "mandatory",
            to: "advisory",
            by: "kms-key-rotation",
            exemptable: true,
          },
        ],
        allowWeakened: true,
        summary: { mandatory: 1, advisory: 1 },
      },
      { resourceCount: 12, environment: "staging", configFile: "policy-pack/config/staging.json" },
    );
    expect(text.split("\n")).to.deep.equal([
      "[mandatory] kms-key-rotation aws:kms/key:Key key: enableKeyRotation is false; set it",
      "[advisory] rds-backup-retention aws:rds/instance:Instance db: short",
      "1 exemption in force:",
      "  rds-not-public db until 2025-12-31: migration",
      "2 rules weakened by the policy config (--allow-weakened: accepted on purpose):",
      '  rds-storage-encrypted: mandatory → disabled (set by "all"), protects encryption at rest',
      '  kms-key-rotation: mandatory → advisory (set by "kms-key-rotation")',
      "check FAILED: 1 mandatory violation, 1 advisory violation over 12 resources (environment staging, policy config policy-pack/config/staging.json)",
    ]);
  });
});
