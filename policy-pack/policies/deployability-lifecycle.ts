/**
 * Deployability: settings that deploy fine once and break later — on the
 * second destroy, on the first password rotation, at the next maintenance
 * window — or that AWS fills in its own, unencrypted way. Mandatory by
 * default: neither `pulumi preview` nor the first `pulumi up` shows them.
 */
import { PolicyResource } from "@pulumi/policy";
import { stackPolicy } from "../lib/define";
import { statements } from "../lib/iam";
import { eachKnown, ofTypes, Pending } from "../lib/stack";
import { T, T2 } from "../lib/types";
import {
  asArray,
  asRecord,
  isSet,
  isTrue,
  numeric,
  parseJson,
  SECRET_PLACEHOLDER,
  SecretValueError,
  show,
  trimmed,
} from "../lib/values";
import { dependsOn, policiesOf, referenced } from "./deployability-order";
import { DEPLOYABILITY } from "../lib/deployability";

/**
 * A final snapshot identifier must be new for every incarnation of the
 * instance: RDS refuses DeleteDBInstance when a snapshot of that name exists
 * ("DBSnapshotAlreadyExists"), so a fixed one fails the second replace or
 * destroy. A fresh one comes from another resource (a RandomId kept per
 * incarnation), which shows as a property dependency; a literal has none.
 */
export const rdsFinalSnapshotIdentifierUnique = stackPolicy({
  ...DEPLOYABILITY,
  name: "rds-final-snapshot-identifier-unique",
  description:
    "RDS instances that take a final snapshot name it from a per-incarnation value (e.g. a RandomId), so a second replace or destroy does not collide with the first snapshot.",
  resourceTypes: [T.rdsInstance],
  remediation:
    "Derive finalSnapshotIdentifier from a random.RandomId whose keepers change with the instance (e.g. `${identifier}-final-${suffix.hex}`), or set skipFinalSnapshot when a snapshot is not wanted.",
  validate: (args, report) => {
    const pending = new Pending();
    eachKnown(ofTypes(args.resources, [T.rdsInstance]), pending, (db) => {
      if (isTrue(db.props.skipFinalSnapshot, "skipFinalSnapshot")) return;
      // Whether it is set and where it comes from decide, not its text (a secret one is set too).
      const id = db.props.finalSnapshotIdentifier;
      if (!isSet(id)) return;
      if ((db.propertyDependencies?.finalSnapshotIdentifier ?? []).length > 0) return;
      report(
        `finalSnapshotIdentifier ${show(id.trim())} is a fixed name: the first destroy leaves a snapshot of that name, and the next replace or destroy of the instance fails with DBSnapshotAlreadyExists; derive it from a per-incarnation RandomId`,
        db.urn,
      );
    });
    pending.settle();
  },
});

/**
 * RDS publishes each exported log to `/aws/rds/instance/<identifier>/<log>`
 * and creates that group itself when it is missing: with no CMK and no
 * retention (kept forever) — "Publishing database logs to Amazon CloudWatch
 * Logs", https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html
 * (read 2026-11-30). The program must create the groups first.
 */
export const rdsLogGroupsCreatedFirst = stackPolicy({
  ...DEPLOYABILITY,
  name: "rds-log-groups-created-first",
  description:
    "RDS instances that export logs to CloudWatch depend on the program's own /aws/rds/instance/<id>/<log> log groups, encrypted with a KMS key and with a retention, so RDS never creates them unencrypted and kept forever.",
  resourceTypes: [T.rdsInstance, T.logGroup],
  remediation:
    "Create an aws.cloudwatch.LogGroup named /aws/rds/instance/<identifier>/<log> for each enabledCloudwatchLogsExports entry, with kmsKeyId and retentionInDays, and add them to the instance's dependsOn.",
  validate: (args, report) => {
    const groups = args.resources.filter((r) => r.type === T.logGroup);
    const pending = new Pending();
    eachKnown(
      args.resources.filter((r) => r.type === T.rdsInstance),
      pending,
      (db) => {
        const exports = asArray(db.props.enabledCloudwatchLogsExports).filter(isSet);
        const identifier = trimmed(db.props.identifier, "identifier");
        if (exports.length === 0 || !identifier) return;
        for (const log of exports) {
          const name = `/aws/rds/instance/${identifier}/${log}`;
          const group = groups.find((g) => g.props.name === name);
          const secretName = groups.find((g) => g.props.name === SECRET_PLACEHOLDER);
          // A group whose name is a secret may be this one.
          if (!group && secretName) throw new SecretValueError(`${secretName.name} name`);
          if (!group) {
            report(
              `exports the ${show(log)} log, but the stack has no log group ${show(name)}: RDS creates it on first export without a KMS key and with no retention; create it in the program first`,
              db.urn,
            );
            continue;
          }
          const problems = [
            ...(isSet(group.props.kmsKeyId) ? [] : ["no kmsKeyId"]),
            ...((numeric(group.props.retentionInDays, "retentionInDays") ?? 0) > 0
              ? []
              : ["no retentionInDays"]),
            ...(dependsOn(db, group) ? [] : ["the instance does not depend on it"]),
          ];
          if (problems.length > 0) {
            report(
              `log group ${show(name)} (${group.name}) for the ${show(log)} export has ${problems.join(", ")}: RDS may create or fill it first, unencrypted or kept forever; give it a KMS key and a retention, and add it to the instance's dependsOn`,
              db.urn,
            );
          }
        }
      },
    );
    pending.settle();
  },
});

/**
 * The role a VPC flow log publishes to CloudWatch Logs with needs
 * logs:CreateLogGroup (unless the group exists), logs:CreateLogStream,
 * logs:PutLogEvents, logs:DescribeLogGroups and logs:DescribeLogStreams
 * ("IAM role for publishing flow logs to CloudWatch Logs",
 * https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html,
 * read 2026-11-30). Without one the flow log is created but its status says
 * "Access error" and nothing is delivered.
 */
export const FLOW_LOG_ACTIONS = [
  "logs:CreateLogStream",
  "logs:PutLogEvents",
  "logs:DescribeLogGroups",
  "logs:DescribeLogStreams",
] as const;

function allows(policyDocs: readonly unknown[], action: string): boolean {
  const [service] = action.split(":");
  return policyDocs.some((doc) =>
    (statements(doc) ?? []).some(
      (s) =>
        s.effect === "Allow" &&
        s.actions.some((a) => {
          const lower = a.toLowerCase();
          return lower === "*" || lower === `${service}:*` || lower === action.toLowerCase();
        }),
    ),
  );
}

export const flowLogRoleCanDeliver = stackPolicy({
  ...DEPLOYABILITY,
  name: "flow-log-role-can-deliver",
  description: `VPC flow logs to CloudWatch Logs use a role whose in-stack policies allow ${FLOW_LOG_ACTIONS.join(", ")}.`,
  resourceTypes: [
    T.flowLog,
    T.iamRole,
    T.iamRolePolicy,
    T.iamRolePolicyAttachment,
    T.iamPolicyAttachment,
    T2.iamPolicy,
  ],
  remediation: `Grant the flow-log role ${FLOW_LOG_ACTIONS.join(", ")} (DescribeLogGroups on arn:aws:logs:<region>:<account>:log-group:*).`,
  validate: (args, report) => {
    const pending = new Pending();
    const roles = args.resources.filter((r) => r.type === T.iamRole);
    eachKnown(
      args.resources.filter((r) => r.type === T.flowLog),
      pending,
      (flowLog) => {
        const type =
          trimmed(flowLog.props.logDestinationType, "logDestinationType") ?? "cloud-watch-logs";
        if (type !== "cloud-watch-logs") return;
        for (const role of referenced(flowLog, "iamRoleArn", roles)) {
          const docs = documentsOf(args.resources, role, pending);
          if (docs === undefined) continue; // an AWS-managed or out-of-stack policy: cannot tell
          const absent = FLOW_LOG_ACTIONS.filter((a) => !allows(docs, a));
          if (absent.length > 0) {
            report(
              `its role ${role.name} is not allowed ${absent.join(", ")}: the flow log is created but delivers nothing ("Access error" in its status); add them to the role's policy`,
              flowLog.urn,
            );
          }
        }
      },
    );
    pending.settle();
  },
});

/** The policy documents of `role`'s inline policies and in-stack attached policies; undefined when one attachment names a policy the stack does not hold. */
function documentsOf(
  resources: readonly PolicyResource[],
  role: PolicyResource,
  pending: Pending,
): unknown[] | undefined {
  const docs: unknown[] = [];
  const inline = asArray(asRecord(role.props)?.inlinePolicies);
  for (const p of inline) docs.push(asRecord(p)?.policy);
  for (const p of policiesOf(resources, role, pending)) {
    if (p.type === T.iamRolePolicy) {
      docs.push(p.props.policy);
      continue;
    }
    const linked = (r: PolicyResource) =>
      (p.propertyDependencies?.policyArn ?? []).some((d) => d?.urn === r.urn);
    let policy = resources.find((r) => r.type === T2.iamPolicy && linked(r));
    if (!policy) {
      // Only without a property dependency is the ARN's text needed.
      const arn = trimmed(p.props.policyArn, "policyArn");
      if (arn !== undefined)
        policy = resources.find((r) => r.type === T2.iamPolicy && r.props.arn === arn);
    }
    if (!policy) return undefined;
    docs.push(policy.props.policy);
  }
  return docs;
}

/**
 * Secrets ECS injects into a container are read once, when the task starts
 * ("Pass Secrets Manager secrets through Amazon ECS environment variables":
 * a new value reaches a container only when the task is replaced,
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html,
 * read 2026-11-30). A secret that rotates — RDS's managed master secret,
 * rotated every 7 days by default
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html),
 * recognised by its rds!… name: that prefix is what AWS's example ARNs show,
 * while Secrets Manager documents only that service-managed secrets are
 * "typically named with a service ID prefix" (a convention, not a rule) —
 * or one with a SecretRotation in the stack — goes stale in every running
 * task after the first rotation.
 */
export const ecsSecretsDoNotRotate = stackPolicy({
  ...DEPLOYABILITY,
  name: "ecs-secrets-do-not-rotate",
  description:
    "ECS task definitions do not inject secrets that rotate (RDS-managed rds!… secrets, secrets with a SecretRotation): injected values are read only at task start.",
  resourceTypes: [T.ecsTaskDefinition, T2.secretRotation],
  remediation:
    "Pass the secret's ARN as a plain environment variable (e.g. DATABASE_PASSWORD_SECRET_ARN) and have the workload read it at run time and again when authentication fails, or use IAM database authentication.",
  validate: (args, report) => {
    const rotated = new Set<string>();
    // A rotation whose secretId is a secret may rotate any secret not settled otherwise.
    let secretRotation: PolicyResource | undefined;
    for (const r of args.resources.filter((x) => x.type === T2.secretRotation)) {
      if (r.props.secretId === SECRET_PLACEHOLDER) secretRotation ??= r;
      else {
        const id = trimmed(r.props.secretId, "secretId");
        if (id) rotated.add(id);
      }
    }
    const pending = new Pending();
    eachKnown(
      args.resources.filter((r) => r.type === T.ecsTaskDefinition),
      pending,
      (td) => {
        for (const c of asArray(parseJson(td.props.containerDefinitions, "containerDefinitions"))) {
          const container = asRecord(c) ?? {};
          for (const s of asArray(container.secrets)) {
            const secret = asRecord(s) ?? {};
            const from = trimmed(secret.valueFrom);
            if (!from) continue;
            const arn = from.split(":").slice(0, 7).join(":");
            const managed = /:secret:rds!/.test(from);
            const rotates = managed || rotated.has(from) || rotated.has(arn);
            if (!rotates && secretRotation)
              throw new SecretValueError(`${secretRotation.name} secretId`);
            if (rotates) {
              report(
                `container ${show(container.name)} gets ${show(secret.name)} injected from ${show(from)}, a secret that ${managed ? "RDS rotates (every 7 days by default)" : "has a SecretRotation"}: ECS reads it only at task start, so running tasks keep the old value after a rotation; pass the ARN and read the secret at run time`,
                td.urn,
              );
            }
          }
        }
      },
    );
    pending.settle();
  },
});

export const deployabilityLifecyclePolicies = [
  rdsFinalSnapshotIdentifierUnique,
  rdsLogGroupsCreatedFirst,
  flowLogRoleCanDeliver,
  ecsSecretsDoNotRotate,
];
