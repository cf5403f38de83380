import { expect } from "chai";
import { T, T2 } from "../lib/types";
import { aws } from "./fixtures";
import { findings } from "./rules";

const RULES = ["resource-policy-not-public", "resource-policy-not-public-read"];
const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });

describe("resource policies open to anyone", () => {
  it("an ECR repository policy that lets anyone push and delete images is mandatory", async () => {
    const r = aws(T2.ecrRepositoryPolicy, "repo-policy", {
      repository: "app",
      policy: doc({
        Sid: "open",
        Effect: "Allow",
        Principal: "*",
        Action: ["ecr:PutImage", "ecr:BatchDeleteImage", "ecr:GetDownloadUrlForLayer"],
      }),
    });
    expect(await findings(RULES, [r])).to.deep.equal([
      '[mandatory] resource-policy-not-public repo-policy: policy statement "open" lets anyone (Principal "*", no narrowing condition) ecr:PutImage, ecr:BatchDeleteImage, ecr:GetDownloadUrlForLayer on the repository; add a Condition on aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID (or name the account/role ARNs as Principal instead of "*")',
    ]);
  });

  it('a public-read bucket policy ({"AWS": "*"}, s3:GetObject) is advisory', async () => {
    const r = aws(T.bucketPolicy, "site-policy", {
      bucket: "site",
      policy: doc({
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: "s3:GetObject",
        Resource: "arn:aws:s3:::site/*",
      }),
    });
    expect(await findings(RULES, [r])).to.deep.equal([
      '[advisory] resource-policy-not-public-read site-policy: policy lets anyone (Principal {"AWS":"*"}, no narrowing condition) s3:GetObject on the bucket; add a Condition on aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID (or name the account/role ARNs as Principal instead of "*")',
    ]);
  });

  it("SNS, SQS, KMS and Secrets Manager policies: write or any key/secret access is mandatory", async () => {
    const open = (Action: string) =>
      doc({ Effect: "Allow", Principal: "*", Action, Resource: "*" });
    const r = [
      aws(T2.snsTopicPolicy, "topic-policy", { arn: "t", policy: open("sns:Publish") }),
      aws(T2.sqsQueuePolicy, "queue-policy", { queueUrl: "q", policy: open("sqs:*") }),
      aws(T.kmsKey, "key", { enableKeyRotation: true, policy: open("kms:Decrypt") }),
      aws(T2.secretPolicy, "secret-policy", {
        secretArn: "s",
        policy: open("secretsmanager:GetSecretValue"),
      }),
    ];
    const out = await findings(RULES, r);
    expect(out.map((l) => l.split(":")[0])).to.deep.equal([
      "[mandatory] resource-policy-not-public topic-policy",
      "[mandatory] resource-policy-not-public queue-policy",
      "[mandatory] resource-policy-not-public key",
      "[mandatory] resource-policy-not-public secret-policy",
    ]);
  });

  it("passes: named principals, narrowing conditions, Deny statements, service principals with a source", async () => {
    const r = [
      aws(T.bucketPolicy, "tls-only", {
        bucket: "b",
        policy: doc({
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }),
      }),
      aws(T2.sqsQueuePolicy, "from-topic", {
        queueUrl: "q",
        policy: doc({
          Effect: "Allow",
          Principal: "*",
          Action: "sqs:SendMessage",
          Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:sns:eu-west-1:123456789012:t" } },
        }),
      }),
      aws(T2.ecrRepositoryPolicy, "ci", {
        repository: "app",
        policy: doc({
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::123456789012:role/ci" },
          Action: "ecr:PutImage",
        }),
      }),
      aws(T2.lambdaPermission, "api", {
        action: "lambda:InvokeFunction",
        function: "fn",
        principal: "apigateway.amazonaws.com",
        sourceArn: "arn:aws:execute-api:eu-west-1:123456789012:abc/*/*",
      }),
    ];
    expect(await findings(RULES, r)).to.deep.equal([]);
  });

  it('Lambda permissions: "*" without a source is mandatory, a service without one advisory', async () => {
    const r = [
      aws(T2.lambdaPermission, "anyone", {
        action: "lambda:InvokeFunction",
        function: "fn",
        principal: "*",
      }),
      aws(T2.lambdaPermission, "s3", {
        action: "lambda:InvokeFunction",
        function: "fn",
        principal: "s3.amazonaws.com",
      }),
    ];
    expect(await findings(RULES, r)).to.deep.equal([
      '[mandatory] resource-policy-not-public anyone: principal "*" with no sourceArn, sourceAccount or principalOrgId lets anyone invoke function "fn"; set principal to the calling service or account and sourceArn to the caller',
      '[advisory] resource-policy-not-public-read s3: principal "s3.amazonaws.com" with no sourceArn or sourceAccount lets any s3.amazonaws.com resource, in any account, invoke function "fn"; set sourceArn to the calling resource\'s ARN',
    ]);
  });

  it('a policy that arrives as "[secret]" is advisory cannot-be-checked', async () => {
    const r = aws(T2.ecrRepositoryPolicy, "repo-policy", { repository: "app", policy: "[secret]" });
    const out = await findings(RULES, [r]);
    expect(out).to.have.lengthOf(2);
    for (const line of out)
      expect(line).to.match(
        /^\[advisory\] .* repo-policy: cannot be checked offline: policy is a secret/,
      );
  });
});
