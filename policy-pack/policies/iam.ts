/**
 * IAM breadth: no role gets AdministratorAccess, a *FullAccess policy or a
 * similarly broad AWS-managed policy, and no identity policy allows every
 * action ("*") or every action of a service ("s3:*") on every resource.
 * Mandatory in prod, advisory in dev and staging, off in previews
 * (lib/tiered.ts; the levels are set by the generated policy-pack/config/<env>.json).
 */
import { tiered } from "../lib/tiered";
import { Statement, isServiceWildcard, statements } from "../lib/iam";
import { T2 } from "../lib/types";
import { eachKnown, Pending } from "../lib/stack";
import { asArray, asRecord, inspectable, show } from "../lib/values";

/**
 * AWS-managed policies broader than any one workload needs (names as in
 * the AWS managed policy reference,
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html,
 * read 2026-11-30). AWSLambdaExecute grants s3:GetObject and s3:PutObject on
 * every bucket ("arn:aws:s3:::*"). Any name ending in FullAccess is broad too.
 */
export const BROAD_MANAGED_POLICIES = [
  "AdministratorAccess",
  "PowerUserAccess",
  "IAMFullAccess",
  "AWSLambdaExecute",
  "AWSLambda_FullAccess",
  "AmazonS3FullAccess",
];

function managedPolicyName(arn: string): string | undefined {
  const m = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m?.[1];
}

/** A secret ARN ("[secret]" offline) throws SecretValueError naming `where`. */
export function isBroadManagedPolicy(arn: unknown, where?: string): boolean {
  inspectable(arn, where);
  if (typeof arn !== "string") return false;
  const name = managedPolicyName(arn);
  return (
    name !== undefined && (BROAD_MANAGED_POLICIES.includes(name) || /FullAccess(V\d+)?$/.test(name))
  );
}

const ATTACHMENTS = [
  T2.iamRolePolicyAttachment,
  T2.iamPolicyAttachment,
  T2.iamUserPolicyAttachment,
  T2.iamGroupPolicyAttachment,
];

export const iamNoBroadManagedPolicies = tiered("iam", {
  name: "iam-no-broad-managed-policies",
  description:
    "No role, user or group is given AdministratorAccess, PowerUserAccess, a *FullAccess policy or AWSLambdaExecute (AWS-managed policies far broader than one workload needs).",
  resourceTypes: [...ATTACHMENTS, T2.iamRole],
  remediation:
    "Replace the managed policy with an inline or customer-managed policy listing only the actions and resource ARNs the workload uses (for a Lambda function, AWSLambdaBasicExecutionRole plus its own bucket/table ARNs).",
  validate: ({ type, props }, report) => {
    const arns =
      type === T2.iamRole
        ? asArray(props.managedPolicyArns, "managedPolicyArns")
        : [props.policyArn];
    // Every known ARN is judged; a secret one then makes the rest "cannot be checked offline".
    const pending = new Pending();
    eachKnown(arns, pending, (arn) => {
      if (isBroadManagedPolicy(arn, type === T2.iamRole ? "managedPolicyArns[]" : "policyArn")) {
        report(
          `${type === T2.iamRole ? "managedPolicyArns includes" : "policyArn is"} ${show(arn)}, which grants far more than one workload needs; attach a policy scoped to the actions and resources it uses`,
        );
      }
    });
    pending.settle();
  },
});

function wildcardProblems(list: readonly Statement[], where: string): string[] {
  const out: string[] = [];
  for (const s of list) {
    if (s.effect !== "Allow") continue;
    const everyResource = s.resources.includes("*");
    if (!everyResource) continue;
    const wild = s.actions.filter(isServiceWildcard);
    if (s.notActions.length > 0) {
      out.push(`${where} allows every action except ${s.notActions.join(", ")} on Resource "*"`);
    } else if (wild.length > 0) {
      out.push(
        `${where}${s.sid ? ` statement "${s.sid}"` : ""} allows ${wild.join(", ")} on Resource "*"; list the actions the workload calls and the ARNs it touches`,
      );
    }
  }
  return out;
}

export const iamNoWildcardActions = tiered("iam", {
  name: "iam-no-wildcard-actions",
  description:
    'No identity policy (role inline policies, aws.iam.RolePolicy, aws.iam.Policy) allows Action "*" or "<service>:*" on Resource "*".',
  resourceTypes: [T2.iamRolePolicy, T2.iamPolicy, T2.iamRole],
  remediation:
    'Name the actions (e.g. "dynamodb:GetItem", "dynamodb:PutItem") and the resource ARNs (the table\'s ARN) the workload uses instead of "*".',
  validate: ({ type, props }, report) => {
    if (type === T2.iamRole) {
      asArray(props.inlinePolicies, "inlinePolicies").forEach((p, i) => {
        const inline = asRecord(p) ?? {};
        const list = statements(inline.policy, `inlinePolicies[${i}].policy`) ?? [];
        wildcardProblems(list, `inline policy ${show(inline.name ?? i)}`).forEach(report);
      });
      return;
    }
    const list = statements(props.policy, "policy") ?? [];
    wildcardProblems(list, "policy").forEach(report);
  },
});

export const iamPolicies = [iamNoBroadManagedPolicies, iamNoWildcardActions];
