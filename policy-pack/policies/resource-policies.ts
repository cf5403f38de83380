/**
 * Resource policies open to anyone: an Allow statement whose Principal is
 * "*" (or {"AWS": "*"}) without a condition that narrows the caller
 * (lib/iam.ts NARROWING_CONDITION_KEYS), on S3 bucket, ECR repository, SNS
 * topic, SQS queue, KMS key and Secrets Manager policies, and Lambda
 * permissions without a source.
 *
 * Severity follows the actions granted: anything that writes, deletes,
 * changes a policy or permission, or is a wildcard — and any access at all to
 * a KMS key or a secret — is critical (`resource-policy-not-public`,
 * mandatory). Read-only access for anyone (a public website bucket) and a
 * service principal without a source condition are reported by
 * `resource-policy-not-public-read` (advisory).
 */
import { resourcePolicy } from "../lib/define";
import { isEveryone, isReadOnlyAction, publicAllows, Statement, statements } from "../lib/iam";
import { T, T2 } from "../lib/types";
import { inspectable, isOneOf, isSet, show } from "../lib/values";

/** Where each type keeps its policy document, and what it guards. */
export const RESOURCE_POLICY_HOLDERS: Readonly<Record<string, { prop: string; guards: string }>> = {
  [T.bucketPolicy]: { prop: "policy", guards: "the bucket" },
  [T.bucket]: { prop: "policy", guards: "the bucket" },
  [T.bucketV2]: { prop: "policy", guards: "the bucket" },
  [T2.ecrRepositoryPolicy]: { prop: "policy", guards: "the repository" },
  [T2.snsTopicPolicy]: { prop: "policy", guards: "the topic" },
  [T.snsTopic]: { prop: "policy", guards: "the topic" },
  [T2.sqsQueuePolicy]: { prop: "policy", guards: "the queue" },
  [T.sqsQueue]: { prop: "policy", guards: "the queue" },
  [T.kmsKey]: { prop: "policy", guards: "the key" },
  [T2.kmsKeyPolicy]: { prop: "policy", guards: "the key" },
  [T2.secretPolicy]: { prop: "policy", guards: "the secret" },
  [T.secret]: { prop: "policy", guards: "the secret" },
};

/** Types where any access by anyone is critical: the key material or the secret itself. */
const ALWAYS_CRITICAL: readonly string[] = [T.kmsKey, T2.kmsKeyPolicy, T2.secretPolicy, T.secret];

function describeActions(s: Statement): string {
  if (s.notActions.length > 0) return `every action except ${s.notActions.join(", ")}`;
  return s.actions.join(", ");
}

function isCritical(type: string, s: Statement): boolean {
  if (ALWAYS_CRITICAL.includes(type)) return true;
  if (s.notActions.length > 0 || s.actions.length === 0) return true;
  return s.actions.some((a) => !isReadOnlyAction(a));
}

const FIX =
  'add a Condition on aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID (or name the account/role ARNs as Principal instead of "*")';

function openStatements(type: string, props: Record<string, unknown>, critical: boolean): string[] {
  const holder = RESOURCE_POLICY_HOLDERS[type];
  if (!holder || props[holder.prop] === undefined) return [];
  const list = statements(props[holder.prop], holder.prop);
  if (!list) return [];
  return publicAllows(list)
    .filter((s) => isCritical(type, s) === critical)
    .map(
      (s) =>
        `${holder.prop}${s.sid ? ` statement "${s.sid}"` : ""} lets anyone (Principal ${show(s.principal)}, no narrowing condition) ${describeActions(s)} on ${holder.guards}; ${FIX}`,
    );
}

/** A Lambda permission's principal: "*" (anyone), a service, or an account. */
function lambdaPermissionProblem(props: Record<string, unknown>): "anyone" | "service" | undefined {
  const narrowed =
    isSet(props.sourceArn) || isSet(props.sourceAccount) || isSet(props.principalOrgId);
  if (narrowed) return undefined;
  if (isOneOf(props.functionUrlAuthType, ["AWS_IAM"], "functionUrlAuthType")) return undefined;
  const principal = inspectable(props.principal, "principal");
  if (isEveryone(principal)) return "anyone";
  if (typeof principal === "string" && principal.endsWith(".amazonaws.com")) return "service";
  return undefined;
}

const TYPES = [...Object.keys(RESOURCE_POLICY_HOLDERS), T2.lambdaPermission];

export const resourcePolicyNotPublic = resourcePolicy({
  name: "resource-policy-not-public",
  description:
    'No resource policy (S3 bucket, ECR repository, SNS topic, SQS queue, KMS key, Secrets Manager secret) lets anyone (Principal "*") write, delete, change permissions or use a key or secret without a narrowing condition, and no Lambda permission lets "*" invoke the function without sourceArn/sourceAccount.',
  enforcementLevel: "mandatory",
  group: "resource-policies",
  exemptable: true,
  resourceTypes: TYPES,
  remediation:
    'Name the principals that need access (account or role ARNs), or keep Principal "*" only with a Condition on aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID; on an aws.lambda.Permission set sourceArn (and sourceAccount) to the calling resource.',
  validate: ({ type, props }, report) => {
    if (type === T2.lambdaPermission) {
      if (lambdaPermissionProblem(props) === "anyone") {
        report(
          `principal ${show(props.principal)} with no sourceArn, sourceAccount or principalOrgId lets anyone invoke function ${show(props.function)}; set principal to the calling service or account and sourceArn to the caller`,
        );
      }
      return;
    }
    openStatements(type, props, true).forEach(report);
  },
});

export const resourcePolicyNotPublicRead = resourcePolicy({
  name: "resource-policy-not-public-read",
  description:
    'Resource policies that let anyone (Principal "*") read without a narrowing condition (a public website bucket), and Lambda permissions for a service principal without sourceArn/sourceAccount (any account\'s resource of that service may invoke the function), are reported.',
  enforcementLevel: "advisory",
  group: "resource-policies",
  exemptable: true,
  resourceTypes: TYPES,
  remediation:
    "Serve public content through CloudFront with origin access control instead of a public bucket policy; on an aws.lambda.Permission for a service principal set sourceArn to the calling resource (API Gateway execution ARN, bucket ARN, rule ARN) and sourceAccount to your account.",
  validate: ({ type, props }, report) => {
    if (type === T2.lambdaPermission) {
      if (lambdaPermissionProblem(props) === "service") {
        report(
          `principal ${show(props.principal)} with no sourceArn or sourceAccount lets any ${String(props.principal)} resource, in any account, invoke function ${show(props.function)}; set sourceArn to the calling resource's ARN`,
        );
      }
      return;
    }
    openStatements(type, props, false).forEach(report);
  },
});

export const resourcePolicyPolicies = [resourcePolicyNotPublic, resourcePolicyNotPublicRead];
