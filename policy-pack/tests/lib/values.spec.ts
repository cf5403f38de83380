/**
 * The value helpers meet "[secret]" (how `platform synth` and `--resources`
 * files carry a Pulumi secret): a helper that interprets a value's content
 * throws SecretValueError naming where the value was, so the rule ends as an
 * advisory "cannot be checked offline"; `isSet` and `show` do not look at
 * the content and take the placeholder as an ordinary set string.
 */
import { expect } from "chai";
import { UnknownValueError } from "@pulumi/policy";
import {
  asArray,
  asRecord,
  customerManagedKeyProblem,
  isAwsManagedKey,
  isOneOf,
  isSet,
  isTrue,
  numeric,
  parseJson,
  SECRET_PLACEHOLDER,
  SecretValueError,
  show,
  trimmed,
  tryRead,
} from "../../lib/values";

const SECRET = "[secret]";
const secretMessage = (where: string) =>
  `${where} is a secret ("[secret]" in the offline resource shape), so its content cannot be inspected; under the Pulumi engine the policy sees the real value`;

/** Runs `read`, expecting SecretValueError with exactly the message for `where`. */
function expectSecret(read: () => unknown, where: string): void {
  let thrown: unknown;
  try {
    read();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, `expected SecretValueError for ${where}`).to.be.instanceOf(SecretValueError);
  expect(thrown).to.be.instanceOf(UnknownValueError);
  expect((thrown as Error).name).to.equal("SecretValueError");
  expect((thrown as Error).message).to.equal(secretMessage(where));
}

describe("policy-pack/lib/values with the secret placeholder", () => {
  it('SECRET_PLACEHOLDER is "[secret]", the string platform synth writes', () => {
    expect(SECRET_PLACEHOLDER).to.equal(SECRET);
  });

  describe("helpers that interpret content throw SecretValueError naming where", () => {
    it("isTrue", () => {
      expectSecret(() => isTrue(SECRET, "storageEncrypted"), "storageEncrypted");
      expect(isTrue(true, "storageEncrypted")).to.equal(true);
      expect(isTrue("true")).to.equal(true);
      expect(isTrue("false")).to.equal(false);
      expect(isTrue(undefined)).to.equal(false);
    });

    it("numeric", () => {
      expectSecret(() => numeric(SECRET, "retentionInDays"), "retentionInDays");
      expect(numeric("30", "retentionInDays")).to.equal(30);
      expect(numeric(7)).to.equal(7);
      expect(numeric("seven")).to.equal(undefined);
    });

    it("trimmed", () => {
      expectSecret(() => trimmed(SECRET, "engineVersion"), "engineVersion");
      expect(trimmed("  16.4 ", "engineVersion")).to.equal("16.4");
      expect(trimmed("   ")).to.equal(undefined);
      expect(trimmed(" [secret]x ")).to.equal("[secret]x");
    });

    it("isOneOf (even when the placeholder is among the allowed values)", () => {
      expectSecret(() => isOneOf(SECRET, ["aws:kms"], "sseAlgorithm"), "sseAlgorithm");
      expectSecret(() => isOneOf(SECRET, [SECRET], "sseAlgorithm"), "sseAlgorithm");
      expect(isOneOf("aws:kms", ["aws:kms", "aws:kms:dsse"], "sseAlgorithm")).to.equal(true);
      expect(isOneOf("AES256", ["aws:kms"])).to.equal(false);
      expect(isOneOf(undefined, ["aws:kms"])).to.equal(false);
    });

    it("asArray, asRecord, parseJson", () => {
      expectSecret(() => asArray(SECRET, "ingress"), "ingress");
      expectSecret(() => asRecord(SECRET, "serverSideEncryption"), "serverSideEncryption");
      expectSecret(() => parseJson(SECRET, "containerDefinitions"), "containerDefinitions");
      expect(asArray([SECRET], "ingress")).to.deep.equal([SECRET]);
      expect(asRecord({ a: SECRET }, "tags")).to.deep.equal({ a: SECRET });
      expect(parseJson('"[secret]"', "policy")).to.equal(SECRET);
    });

    it("isAwsManagedKey and customerManagedKeyProblem", () => {
      expectSecret(() => isAwsManagedKey(SECRET, "kmsKeyId"), "kmsKeyId");
      expectSecret(() => customerManagedKeyProblem("kmsKeyId", SECRET), "kmsKeyId");
      expect(isAwsManagedKey("alias/aws/s3")).to.equal(true);
      expect(customerManagedKeyProblem("kmsKeyId", "alias/aws/rds")).to.equal(
        "kmsKeyId is the AWS-managed key alias/aws/rds",
      );
    });

    it('without where, the message says "a value this rule inspects"', () => {
      expectSecret(() => isTrue(SECRET), "a value this rule inspects");
      expectSecret(() => numeric(SECRET), "a value this rule inspects");
    });

    it("tryRead returns the SecretValueError as an unknown read", () => {
      const read = tryRead(() => trimmed(SECRET, "engine"));
      expect(read.known).to.equal(false);
      if (!read.known) expect(read.error.message).to.equal(secretMessage("engine"));
    });
  });

  describe("helpers that do not interpret content take the placeholder as a set string", () => {
    it("isSet: a secret value is set", () => {
      expect(isSet(SECRET)).to.equal(true);
      expect(isSet("")).to.equal(false);
    });

    it('show renders it as-is, "[secret]", the redaction itself', () => {
      expect(show(SECRET)).to.equal('"[secret]"');
      expect(show({ password: SECRET })).to.equal('{"password":"[secret]"}');
    });
  });
});
