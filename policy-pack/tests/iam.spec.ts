import { expect } from "chai";
import { T2 } from "../lib/types";
import { aws } from "./fixtures";
import { findings } from "./rules";

const RULES = ["iam-no-broad-managed-policies", "iam-no-wildcard-actions"];
const broad = () => [
  aws(T2.iamRolePolicyAttachment, "admin", {
    role: "r",
    policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
  }),
  aws(T2.iamRolePolicyAttachment, "exec", {
    role: "r",
    policyArn: "arn:aws:iam::aws:policy/AWSLambdaExecute",
  }),
  aws(T2.iamRolePolicyAttachment, "dynamo", {
    role: "r",
    policyArn: "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess",
  }),
  aws(T2.iamRolePolicy, "inline", {
    role: "r",
    policy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["s3:*"], Resource: "*" }],
    }),
  }),
];

describe("IAM breadth", () => {
  it("prod: broad managed policies and service wildcards on * are mandatory", async () => {
    const out = await findings(RULES, broad(), "prod");
    expect(out).to.deep.equal([
      '[mandatory] iam-no-broad-managed-policies admin: policyArn is "arn:aws:iam::aws:policy/AdministratorAccess", which grants far more than one workload needs; attach a policy scoped to the actions and resources it uses',
      '[mandatory] iam-no-broad-managed-policies exec: policyArn is "arn:aws:iam::aws:policy/AWSLambdaExecute", which grants far more than one workload needs; attach a policy scoped to the actions and resources it uses',
      '[mandatory] iam-no-broad-managed-policies dynamo: policyArn is "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess", which grants far more than one workload needs; attach a policy scoped to the actions and resources it uses',
      '[mandatory] iam-no-wildcard-actions inline: policy allows s3:* on Resource "*"; list the actions the workload calls and the ARNs it touches',
    ]);
  });

  it("in staging (config/staging.json) the same findings are advisory", async () => {
    const out = await findings(RULES, broad(), "staging");
    expect(out.map((l) => l.split(" ").slice(0, 3).join(" "))).to.deep.equal([
      "[advisory] iam-no-broad-managed-policies admin:",
      "[advisory] iam-no-broad-managed-policies exec:",
      "[advisory] iam-no-broad-managed-policies dynamo:",
      "[advisory] iam-no-wildcard-actions inline:",
    ]);
  });

  it("in a preview (config/preview.json) the rules are disabled", async () => {
    expect(await findings(RULES, broad(), "preview")).to.deep.equal([]);
  });

  it("passes: scoped managed policies and named actions", async () => {
    const r = [
      aws(T2.iamRolePolicyAttachment, "basic", {
        role: "r",
        policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
      }),
      aws(T2.iamRolePolicy, "inline", {
        role: "r",
        policy: JSON.stringify({
          Statement: [
            {
              Effect: "Allow",
              Action: ["dynamodb:GetItem"],
              Resource: "arn:aws:dynamodb:eu-west-1:1:table/t",
            },
          ],
        }),
      }),
    ];
    expect(await findings(RULES, r, "prod")).to.deep.equal([]);
  });
});
