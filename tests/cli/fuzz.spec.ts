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
 * No secret-marked value (a Pulumi secret in a resource file, a value given
 * to a secret-looking key, or a preview base's `secure:` value that comes from
 * PLATFORM_SECRET_<KEY>) may appear in any output. `preview up` runs against
 * a stand-in `pulumi` (tests/support/fakePulumi.ts) that knows no stack, so a
 * valid config ends in exit 1 (the base stack's network is missing).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import * as fc from "fast-check";
import { main } from "../../cli/main";
import { allPolicies } from "../../policy-pack/policies";
import { secretEnvName } from "../../cli/preview/config";
import { fakePulumi, previewProject } from "../support/fakePulumi";

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

/** Keys a preview inherits from staging, any of which the base may hold as a secret. */
const INHERITED = [
  "platform:owner",
  "platform:costCenter",
  "platform:appImage",
  "platform:previewDomain",
  "platform:previewTtlHours",
  "platform:services",
  "platform:organizationTrail",
  "platform:previewDataTier",
  "aws:region",
];
/** Values of a secret: some valid for some keys, most not; each carries SECRET. */
const secretText = fc.oneof(
  fc.constantFrom(
    SECRET,
    ` ${SECRET} `,
    `<${SECRET}>`,
    `team-${SECRET}`,
    `ghcr.io/x/${SECRET.toLowerCase()}:1`,
    `${SECRET.toLowerCase()}.example.com`,
    `"${SECRET}"`,
  ),
  fc
    .tuple(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }))
    .map(([a, b]) => a + SECRET + b),
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

  it("preview up --pr 3 with the base's secrets from PLATFORM_SECRET_<KEY>", async () => {
    const pulumi = fakePulumi(path.join(tmp, "pulumi"));
    const savedPath = process.env.PATH;
    const savedOrg = process.env.PLATFORM_PULUMI_ORG;
    process.env.PATH = pulumi.env.PATH;
    // A qualified network stack, so that CI (CI=true refuses a bare name) gets as far as Pulumi too.
    process.env.PLATFORM_PULUMI_ORG = "acme";
    let n = 0;
    const codes: number[] = [];
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.uniqueArray(fc.constantFrom(...INHERITED), { minLength: 1, maxLength: 3 }),
          fc.array(secretText, { minLength: 3, maxLength: 3 }),
          async (keys, values) => {
            const plain = fs
              .readFileSync(path.join(PROJECT_DIR, "Pulumi.staging.yaml"), "utf8")
              .split("\n")
              .filter((l) => !keys.some((k) => l.startsWith(`  ${k}:`)));
            const secure = keys.map((k) => `  ${k}:\n    secure: v1:ZnV6eg==:Y2lwaGVy`);
            const dir = previewProject(
              path.join(tmp, `preview-${n++}`),
              PROJECT_DIR,
              `${plain.join("\n")}\n${secure.join("\n")}\n`,
            );
            keys.forEach((k, i) => (process.env[secretEnvName(k)] = values[i]));
            const argv = ["preview", "up", "--pr", "3"];
            let out = "";
            let err = "";
            const code = await main(argv, {
              out: (t) => (out += t),
              err: (t) => (err += t),
              cwd: dir,
              workdir: dir,
            });
            for (const k of keys) delete process.env[secretEnvName(k)];
            codes.push(code);
            const what = `${keys.join(",")} = ${JSON.stringify(values)}\nexit ${code}\nstderr: ${err.slice(0, 500)}`;
            expect(out + err, what).not.to.include(SECRET);
            expect(out + err, what).not.to.include(SECRET.toLowerCase());
            expect(err, what).not.to.include("    at ");
            expect(out, what).to.equal("");
            expect([1, 2], what).to.include(code);
            const lines = err.split("\n");
            expect(lines.at(-1), what).to.equal("");
            if (code === 2) expect(lines, what).to.have.length(2);
            else expect(lines.at(-2), what).to.match(/^platform preview up: /);
          },
        ),
        {
          numRuns: 25,
          interruptAfterTimeLimit: 10_000,
          markInterruptAsFailure: false,
          // First a valid secret (it gets as far as Pulumi), then one the config refuses.
          examples: [
            [["platform:owner"], [`team-${SECRET}`, SECRET, SECRET]],
            [["platform:costCenter"], [`<${SECRET}>`, SECRET, SECRET]],
          ],
        },
      );
    } finally {
      process.env.PATH = savedPath;
      if (savedOrg === undefined) delete process.env.PLATFORM_PULUMI_ORG;
      else process.env.PLATFORM_PULUMI_ORG = savedOrg;
    }
    // Both ends were reached: configs refused (2) and configs that got as far as Pulumi (1).
    expect(codes).to.include(1).and.to.include(2);
  });
});
