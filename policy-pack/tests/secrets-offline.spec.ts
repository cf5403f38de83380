/**
 * A value that arrives as "[secret]" (how `platform synth` and `--resources`
 * files carry a Pulumi secret) cannot be inspected offline: the pack reports
 * it as an advisory "cannot be checked offline", never as a mandatory
 * violation. Under the engine the policy gets the real value (the SDK's
 * deserialize.js unwraps secrets: @pulumi/policy 1.21.0, read 2026-11-30), so
 * each case is also run with the value the engine would hand over.
 */
import { expect } from "chai";
import { T } from "../lib/types";
import { SecretValueError, inspectable } from "../lib/values";
import {
  aws,
  check,
  CONTAINER_DEFINITIONS,
  expectClean,
  expectOnly,
  taskDefinition,
} from "./fixtures";

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
});
