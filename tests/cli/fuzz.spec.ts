/**
 * Property-based fuzzing of the CLI contract (issue 16), bounded to about
 * 30 s. Generated config overrides, resource files (deep and large ones
 * included) and policy configs go through `main` (what bin/platform.js runs);
 * every case must end in one of:
 *
 * - exit 0 with valid JSON on stdout (`--json`);
 * - exit 1 with the check's report (valid JSON with violations);
 * - exit 2 with exactly one line on stderr, no stack frame, nothing on stdout.
 *
 * No secret-marked value (a Pulumi secret in a resource file, or a value
 * given to a secret-looking key) may appear in any output.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import * as fc from "fast-check";
import { main } from "../../cli/main";
import { allPolicies } from "../../policy-pack/policies";

const PROJECT_DIR = path.resolve(__dirname, "..", "..");
/** Pulumi's marker of a secret value in serialized state (sdk/nodejs/runtime/rpc.ts). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** A value no output may contain. */
const SECRET = "Fuzz-S3cret-Value-7f3a";

interface Outcome {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function run(argv: string[], workdir: string): Promise<Outcome> {
  let out = "";
  let err = "";
  const code = await main(argv, {
    out: (t) => (out += t),
    err: (t) => (err += t),
    cwd: PROJECT_DIR,
    workdir,
  });
  return { code, out, err };
}

function holdsContract(r: Outcome, argv: string[]): void {
  const what = `${argv.join(" ").slice(0, 300)}\nexit ${r.code}\nstderr: ${r.err.slice(0, 500)}`;
  expect(r.out + r.err, what).not.to.include(SECRET);
  expect(r.err, what).not.to.include("    at ");
  if (r.code === 2) {
    expect(r.err.split("\n"), what).to.have.length(2);
    expect(r.err.endsWith("\n"), what).to.equal(true);
    expect(r.out, what).to.equal("");
    return;
  }
  expect([0, 1], what).to.include(r.code);
  const doc = JSON.parse(r.out) as Record<string, unknown>;
  if (argv[0] === "check") {
    expect(doc.violations, what).to.be.an("array");
    const mandatory = (doc.summary as { mandatory: number }).mandatory;
    expect(r.code, what).to.equal(mandatory > 0 ? 1 : 0);
  } else {
    expect(r.code, what).to.equal(0);
    expect(doc.resources, what).to.be.an("array");
  }
}

const TYPES = [
  "aws:s3/bucket:Bucket",
  "aws:s3/bucketPolicy:BucketPolicy",
  "aws:rds/instance:Instance",
  "aws:kms/key:Key",
  "aws:ec2/securityGroup:SecurityGroup",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  "aws:elasticache/replicationGroup:ReplicationGroup",
  "aws:lb/listener:Listener",
  "aws:ecs/taskDefinition:TaskDefinition",
  "docker:index/container:Container",
  "pulumi:providers:aws",
  "x:y/z:W",
];
const PROPS = [
  "bucket",
  "storageEncrypted",
  "kmsKeyId",
  "enableKeyRotation",
  "ingress",
  "cidrIpv4",
  "fromPort",
  "securityGroupId",
  "containerDefinitions",
  "policy",
  "tags",
  "protocol",
  "sslPolicy",
  "transitEncryptionEnabled",
  "publiclyAccessible",
];

/** A Pulumi secret as it appears in serialized state: never to be echoed. */
const secretValue = fc.constant({ [SIG_KEY]: SECRET_SIG, value: SECRET });
const leaf = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom("[unknown]", "[secret]", "0.0.0.0/0", "ELBSecurityPolicy-2016-08"),
  secretValue,
);
const props = fc.dictionary(fc.constantFrom(...PROPS), leaf, { maxKeys: 5 });
const resource = fc.record(
  {
    type: fc.oneof(fc.constantFrom(...TYPES), fc.string()),
    name: fc.oneof(fc.constantFrom("a", "b", "platform-db"), fc.string()),
    props: fc.oneof(props, fc.jsonValue({ maxDepth: 1 })),
    urn: fc.string(),
    opts: fc.record({ protect: fc.boolean(), dependsOn: fc.array(fc.string(), { maxLength: 2 }) }),
  },
  { requiredKeys: ["type", "name"] },
);

/** Text of a resource file: generated resources, or deep or large ones. */
const resourceFile = fc.oneof(
  { weight: 6, arbitrary: fc.array(resource, { maxLength: 8 }).map((rs) => JSON.stringify(rs)) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 150, max: 5000 })
      .map(
        (depth) =>
          `[{"type":"aws:s3/bucket:Bucket","name":"deep","props":{"x":${"[".repeat(depth)}${"]".repeat(depth)}}}]`,
      ),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 500, max: 3000 }).map((n) =>
      JSON.stringify(
        Array.from({ length: n }, (_, i) => ({
          type: TYPES[i % TYPES.length],
          name: `r${i}`,
          props: { bucket: `r${i - 1}`, secret: { [SIG_KEY]: SECRET_SIG, value: SECRET } },
        })),
      ),
    ),
  },
  { weight: 1, arbitrary: fc.string().map((s) => s) },
);

const level = fc.constantFrom("advisory", "mandatory", "remediate", "disabled", "strict", "");
const policyName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...allPolicies.map((p) => p.name)) },
  { weight: 1, arbitrary: fc.constantFrom("all", "rds-storage-encrypte", "__proto__") },
);
const exemption = fc.record({
  resource: fc.constantFrom("*", "a", "platform-db", ""),
  reason: fc.constantFrom("approved", ""),
  expires: fc.constantFrom("2025-01-01", "2026-12-31", "2099-12-31", "not-a-date"),
});
const policyConfig = fc.oneof(
  fc
    .dictionary(
      policyName,
      fc.oneof(
        level,
        fc.record(
          {
            enforcementLevel: level,
            exemptions: fc.array(exemption, { maxLength: 2 }),
            maxExemptionDays: fc.integer({ min: -1, max: 5000 }),
          },
          { requiredKeys: [] },
        ),
        fc.jsonValue({ maxDepth: 1 }),
      ),
      { maxKeys: 4 },
    )
    .map((d) => JSON.stringify(d)),
  fc.string(),
);

describe("platform CLI fuzz: every outcome is 0 with JSON, 1 with the report, or 2 with one line", function () {
  this.timeout(120_000);
  let tmp: string;
  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "platform-fuzz-"))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("check --resources FILE [--policy-config FILE] --json [--allow-weakened]", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        resourceFile,
        fc.option(policyConfig),
        fc.boolean(),
        async (resources, config, allow) => {
          const dir = path.join(tmp, `case-${n++}`);
          fs.mkdirSync(dir);
          fs.writeFileSync(path.join(dir, "resources.json"), resources);
          const argv = ["check", "--resources", "resources.json", "--json"];
          if (config !== null) {
            fs.writeFileSync(path.join(dir, "policy.json"), config);
            argv.push("--policy-config", "policy.json");
          }
          if (allow) argv.push("--allow-weakened");
          holdsContract(await run(argv, dir), argv);
        },
      ),
      { numRuns: 60, interruptAfterTimeLimit: 15_000, markInterruptAsFailure: false },
    );
  });

  it("synth --stack S --config key=value… --json", async () => {
    const keys = fc.constantFrom(
      "platform:environment",
      "platform:services",
      "platform:vpcCidr",
      "platform:appImage",
      "platform:networkStack",
      "platform:owner",
      "platform:dbPassword",
      "aws:region",
      "platform:fileProcessorCode",
      "platform:webCpu",
    );
    const value = fc.oneof(
      fc.constantFrom(
        "",
        "prod",
        "dev",
        "0",
        "51",
        "10.020.0.0/16",
        "ghcr.io/x/app",
        "../..",
        SECRET,
      ),
      fc.string({ maxLength: 20 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("dev", "staging", "pr-3"),
        fc.array(fc.tuple(keys, value), { maxLength: 3 }),
        async (stack, overrides) => {
          const argv = [
            "synth",
            "--stack",
            stack,
            ...overrides.flatMap(([k, v]) => ["--config", `${k}=${v}`]),
            "--json",
          ];
          const r = await run(argv, tmp);
          // A value given to a secret-looking key is secret-marked; other keys may echo theirs.
          const secretGiven = overrides.some(([k, v]) => v === SECRET && /password/i.test(k));
          const echoedOwn = overrides.some(([k, v]) => v === SECRET && !/password/i.test(k));
          if (echoedOwn && !secretGiven) {
            holdsContract(
              { ...r, out: r.out.split(SECRET).join(""), err: r.err.split(SECRET).join("") },
              argv,
            );
          } else {
            holdsContract(r, argv);
          }
        },
      ),
      { numRuns: 12, interruptAfterTimeLimit: 12_000, markInterruptAsFailure: false },
    );
  });
});
