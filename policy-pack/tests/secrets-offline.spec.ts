/**
 * A value that arrives as "[secret]" (how `platform synth` and `--resources`
 * files carry a Pulumi secret) cannot be inspected offline: the pack reports
 * it as an advisory "cannot be checked offline", never as a mandatory
 * violation. Under the engine the policy gets the real value (the SDK's
 * deserialize.js unwraps secrets: @pulumi/policy 1.21.0, read 2026-11-30), so
 * each case is also run with the value the engine would hand over.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { main } from "../../cli/main";
import { Resource } from "../../cli/core/resource";
import { T } from "../lib/types";
import { SecretValueError, inspectable } from "../lib/values";
import {
  aws,
  bucket,
  check,
  CONTAINER_DEFINITIONS,
  expectClean,
  expectOnly,
  KEY_ARN,
  kmsKey,
  patch,
  postgres,
  redis,
  STACK,
  TAGS,
  taskDefinition,
  urnOf,
  webEdge,
} from "./fixtures";

/** The exact advisory `platform check` gives when a rule must inspect a secret at `where`. */
const offline = (where: string) =>
  `cannot be checked offline: ${where} is a secret ("[secret]" in the offline resource shape), so its content cannot be inspected; under the Pulumi engine the policy sees the real value`;

/** The stack resource a stack policy's unattributed advisory is reported on. */
const STACK_RESOURCE = `platform-${STACK}`;

interface SecretCase {
  readonly title: string;
  /** The compliant resources. */
  readonly compliant: () => Resource[];
  /** The resource whose prop becomes "[secret]", and the prop (a.b reaches into objects). */
  readonly resource: string;
  readonly prop: string;
  /** The rule that inspects it, the resource it reports on, and the `where` it names. */
  readonly policy: string;
  readonly reportedOn: string;
  readonly where: string;
  /** A non-compliant value the engine could hand over instead, and the mandatory message it gets. */
  readonly engineValue: unknown;
  readonly engineMessage: RegExp;
}

const OFFLINE =
  /^cannot be checked offline: .* is a secret \("\[secret\]" in the offline resource shape\)/;

describe('values that arrive as "[secret]"', () => {
  it("inspectable() throws SecretValueError only for the placeholder", () => {
    expect(() => inspectable("[secret]", "kmsKeyId")).to.throw(
      SecretValueError,
      /^kmsKeyId is a secret/,
    );
    expect(inspectable("[secret]x")).to.equal("[secret]x");
  });

  describe("an ECS task definition whose containerDefinitions is a secret", () => {
    const withDefinitions = (value: unknown) => [
      { ...taskDefinition(), props: { ...taskDefinition().props, containerDefinitions: value } },
    ];

    it("offline: advisory cannot-be-checked for each container rule, no mandatory violation", async () => {
      const result = await check(withDefinitions("[secret]"));
      expect(result.summary.mandatory).to.equal(0);
      const policies = result.violations.map((v) => v.policy).sort();
      expect(policies).to.include.members([
        "ecs-task-non-root-user",
        "ecs-task-not-privileged",
        "ecs-task-read-only-root",
      ]);
      for (const v of result.violations) {
        expect(v.enforcementLevel).to.equal("advisory");
        expect(v.message).to.match(OFFLINE);
      }
    });

    it("engine, compliant value: clean", async () => {
      expectClean(await check(withDefinitions(JSON.stringify(CONTAINER_DEFINITIONS))));
    });

    it("engine, privileged container: mandatory violation", async () => {
      const defs = [{ ...CONTAINER_DEFINITIONS[0], privileged: true }, CONTAINER_DEFINITIONS[1]];
      expectOnly(
        await check(withDefinitions(JSON.stringify(defs))),
        "ecs-task-not-privileged",
        "task",
        /^container "app" sets privileged: true$/,
      );
    });
  });

  describe("an SNS topic whose kmsMasterKeyId is a secret", () => {
    const topic = (key: string) => [aws(T.snsTopic, "topic", { name: "t", kmsMasterKeyId: key })];

    it("offline: advisory cannot-be-checked", async () => {
      expectOnly(
        await check(topic("[secret]")),
        "sns-topic-encrypted",
        "topic",
        /^cannot be checked offline: kmsMasterKeyId is a secret/,
        "advisory",
      );
    });

    it("engine, AWS-managed key: mandatory violation", async () => {
      expectOnly(
        await check(topic("alias/aws/sns")),
        "sns-topic-encrypted",
        "topic",
        /^kmsMasterKeyId is the AWS-managed key alias\/aws\/sns; set kmsMasterKeyId to /,
      );
    });

    it("engine, customer-managed key: clean", async () => {
      expectClean(await check(topic("arn:aws:kms:eu-west-1:123456789012:key/k")));
    });
  });

  it("a secret tags map: advisory cannot-be-checked for the tag rule", async () => {
    const r = [
      aws(T.snsTopic, "topic", {
        name: "t",
        kmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:key/k",
        tags: "[secret]",
      }),
    ];
    expectOnly(await check(r), "aws-required-tags", "topic", OFFLINE, "advisory");
  });

  /**
   * Each rule below used to take "[secret]" as an ordinary string: a wrong
   * mandatory violation (isTrue, an allow-list) or a wrong pass (a key spec
   * or family that "is not" the one checked ended the rule as not applicable).
   */
  const cases: readonly SecretCase[] = [
    {
      title: "an RDS instance's storageEncrypted",
      compliant: () => [kmsKey(), ...postgres()],
      resource: "db",
      prop: "storageEncrypted",
      policy: "rds-storage-encrypted",
      reportedOn: "db",
      where: "storageEncrypted",
      engineValue: false,
      engineMessage: /^storageEncrypted is false; set storageEncrypted: true$/,
    },
    {
      title: "a KMS key's customerMasterKeySpec (with rotation off)",
      compliant: () => patch([kmsKey()], "key", { enableKeyRotation: false }),
      resource: "key",
      prop: "customerMasterKeySpec",
      policy: "kms-key-rotation",
      reportedOn: "key",
      where: "customerMasterKeySpec",
      engineValue: "SYMMETRIC_DEFAULT",
      engineMessage: /^enableKeyRotation is false; set enableKeyRotation: true$/,
    },
    {
      title: "a replication group's transitEncryptionMode",
      compliant: () => [kmsKey(), ...redis()],
      resource: "cache",
      prop: "transitEncryptionMode",
      policy: "elasticache-in-transit-encrypted",
      reportedOn: "cache",
      where: "transitEncryptionMode",
      engineValue: "preferred",
      engineMessage: /^transitEncryptionMode is "preferred", which still accepts plaintext clients/,
    },
    {
      title: "an HTTPS listener's sslPolicy",
      compliant: webEdge,
      resource: "https",
      prop: "sslPolicy",
      policy: "lb-listener-tls",
      reportedOn: "https",
      where: "sslPolicy",
      engineValue: "ELBSecurityPolicy-2016-08",
      engineMessage: /^sslPolicy ELBSecurityPolicy-2016-08 is not a TLS 1\.2\+ policy/,
    },
    {
      title: "a PostgreSQL parameter group's family",
      compliant: () => [kmsKey(), ...postgres()],
      resource: "db-params",
      prop: "family",
      policy: "rds-parameter-group-force-ssl",
      reportedOn: "db-params",
      where: "family",
      engineValue: "postgres16",
      engineMessage: /^parameter group \(family "postgres16"\) does not set rds\.force_ssl = 1$/,
    },
  ];

  for (const c of cases) {
    describe(c.title, () => {
      it("offline: only an advisory cannot-be-checked of the rule that inspects it", async () => {
        const result = await check(patch(c.compliant(), c.resource, { [c.prop]: "[secret]" }));
        expect(
          result.violations.map((v) => [v.policy, v.enforcementLevel, v.resource.name, v.message]),
        ).to.deep.equal([[c.policy, "advisory", c.reportedOn, offline(c.where)]]);
      });

      it("engine, a non-compliant value: the mandatory violation", async () => {
        const broken = patch(c.compliant(), c.resource, { [c.prop]: c.engineValue });
        const forceSsl = c.policy === "rds-parameter-group-force-ssl";
        expectOnly(
          await check(forceSsl ? patch(broken, c.resource, { parameters: [] }) : broken),
          c.policy,
          c.reportedOn,
          c.engineMessage,
          "mandatory",
          forceSsl ? ["rds-postgres-uses-force-ssl-group"] : [],
        );
      });
    });
  }

  it("a bucket encryption rule's sseAlgorithm: the stack rule's advisory, on the stack", async () => {
    const resources = patch(bucket(), "uploads-encryption", {
      rules: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "[secret]", kmsMasterKeyId: KEY_ARN },
        },
      ],
    });
    const result = await check(resources);
    expect(
      result.violations.map((v) => [v.policy, v.enforcementLevel, v.resource.name, v.message]),
    ).to.deep.equal([["s3-bucket-encrypted", "advisory", STACK_RESOURCE, offline("sseAlgorithm")]]);
  });

  describe("platform check --resources FILE", () => {
    let tmp: string;
    before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "platform-secrets-offline-"))));
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    /** Runs the real command in-process on a resources file holding `resources`. */
    async function runCheck(resources: readonly Resource[]) {
      const file = path.join(tmp, "resources.json");
      fs.writeFileSync(file, JSON.stringify(resources));
      let out = "";
      let err = "";
      const code = await main(["check", "--resources", file, "--json"], {
        out: (t) => (out += t),
        err: (t) => (err += t),
        cwd: path.resolve(__dirname, "..", ".."),
      });
      const report = JSON.parse(out) as {
        violations: {
          policy: string;
          enforcementLevel: string;
          resource: string;
          message: string;
        }[];
      };
      return { code, err, violations: report.violations };
    }

    const volume = (encrypted: unknown): Resource =>
      aws(
        T.ebsVolume,
        "volume",
        {
          availabilityZone: "eu-west-1a",
          size: 20,
          encrypted,
          kmsKeyId: KEY_ARN,
          tags: TAGS,
        },
        { protect: true },
      );

    it('an EBS volume whose encrypted is "[secret]": exit 0, the advisory, no mandatory violation', async () => {
      const { code, err, violations } = await runCheck([volume("[secret]")]);
      expect(err).to.equal("");
      expect(violations.filter((v) => v.policy === "ebs-volume-encrypted")).to.deep.equal([
        {
          policy: "ebs-volume-encrypted",
          enforcementLevel: "advisory",
          resource: { type: T.ebsVolume, name: "volume", urn: urnOf(T.ebsVolume, "volume") },
          message: offline("encrypted"),
        },
      ]);
      expect(violations.filter((v) => v.enforcementLevel === "mandatory")).to.deep.equal([]);
      expect(code).to.equal(0);
    });

    it("the same volume with encrypted false: exit 1, the mandatory violation", async () => {
      const { code, violations } = await runCheck([volume(false)]);
      expect(
        violations
          .filter((v) => v.policy === "ebs-volume-encrypted")
          .map((v) => [v.enforcementLevel, v.message]),
      ).to.deep.equal([["mandatory", "encrypted is false; set encrypted: true"]]);
      expect(code).to.equal(1);
    });
  });
});
