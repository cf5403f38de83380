/**
 * Deployability: creation order. Pulumi creates resources in parallel as soon
 * as their inputs are known, so a resource that needs another one to exist
 * *and be attached* (not merely to have an ARN) must depend on it. Without
 * the dependency `pulumi up` fails some of the time, and never in preview:
 *
 * - an ECS service whose target group is not yet attached to a listener:
 *   "The target group with targetGroupArn … does not have an associated load
 *   balancer" (https://github.com/aws/aws-cdk/issues/1160);
 * - a Lambda function in a VPC created before its role's policies: "The
 *   provided execution role does not have permissions to call
 *   CreateNetworkInterface on EC2"
 *   (https://github.com/nozaq/terraform-aws-lambda-auto-package/pull/9);
 * - an ECS service whose tasks start before the execution role may pull the
 *   image and read the injected secrets.
 *
 * A dependency counts whether it is explicit (`dependsOn`, which the engine
 * hands policies as `dependencies`, and `platform check` reads from
 * `opts.dependsOn`) or implicit through an input (`propertyDependencies`).
 */
import { PolicyResource } from "@pulumi/policy";
import { stackPolicy } from "../lib/define";
import { eachKnown, identifiers, Pending, sideResources } from "../lib/stack";
import { LISTENER_RULES, LISTENERS, T } from "../lib/types";
import {
  asArray,
  asRecord,
  inspectable,
  isUnknownValueError,
  parseJson,
  SECRET_PLACEHOLDER,
  SecretValueError,
  tryRead,
} from "../lib/values";
import { DEPLOYABILITY } from "../lib/deployability";

/** Whether `holder` depends on `target`, explicitly or through one of its inputs. */
export function dependsOn(holder: PolicyResource, target: PolicyResource): boolean {
  if (holder.dependencies.some((d) => d.urn === target.urn)) return true;
  return Object.values(holder.propertyDependencies ?? {}).some((list) =>
    (list ?? []).some((d) => d?.urn === target.urn),
  );
}

/** The resources of `types` that `holder.props[prop]` refers to (through a dependency, an identifier or an ARN's last segment). */
export function referenced(
  holder: PolicyResource,
  prop: string,
  candidates: readonly PolicyResource[],
): PolicyResource[] {
  const viaDeps = (holder.propertyDependencies?.[prop] ?? []).filter((d) =>
    candidates.some((c) => c.urn === d?.urn),
  );
  if (viaDeps.length > 0) return viaDeps;
  const read = tryRead(() => holder.props[prop]);
  if (!read.known) throw read.error;
  const value = read.value;
  if (typeof value !== "string" || value === "") return [];
  return candidates.filter((c) => {
    const ids = identifiers(c);
    if (ids.has(value)) return true;
    // An IAM role ARN ends in role/<path>/<name>; a task definition ARN in task-definition/<family>:<revision>.
    const name = typeof c.props.name === "string" ? c.props.name : undefined;
    const family = typeof c.props.family === "string" ? c.props.family : undefined;
    return (
      (name !== undefined &&
        c.type === T.iamRole &&
        new RegExp(`:role/(.+/)?${escape(name)}$`).test(value)) ||
      (family !== undefined &&
        new RegExp(`:task-definition/${escape(family)}(:\\d+)?$`).test(value))
    );
  });
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const ROLE_POLICY_TYPES = [T.iamRolePolicy, T.iamRolePolicyAttachment];

/** Inline policies and policy attachments of `role`. */
export function policiesOf(
  resources: readonly PolicyResource[],
  role: PolicyResource,
  pending: Pending,
): PolicyResource[] {
  const direct = sideResources(resources, ROLE_POLICY_TYPES, "role", role);
  const shared = sideResources(resources, [T.iamPolicyAttachment], "roles", role);
  [...direct.unknown, ...shared.unknown].forEach((e) => pending.add(e));
  return [...direct.linked, ...shared.linked];
}

/**
 * Whether creating the function needs the role's permissions: in a VPC
 * (network interfaces), with a dead-letter target (SendMessage/Publish),
 * active X-Ray tracing, or an event source mapping that polls with the role.
 * Otherwise CreateFunction checks only that Lambda can assume the role, and
 * creating the function before the policies does not fail.
 */
export function functionNeedsRoleAtCreate(
  fn: PolicyResource,
  resources: readonly PolicyResource[] = [],
): boolean {
  const subnets = asArray(tryReadOr(() => asRecord(fn.props.vpcConfig)?.subnetIds));
  const vpc = subnets.length > 0 || (fn.propertyDependencies?.vpcConfig ?? []).length > 0;
  const dlq = tryReadOr(() => asRecord(fn.props.deadLetterConfig)?.targetArn);
  const tracing = tryReadOr(() => asRecord(fn.props.tracingConfig)?.mode);
  // An event source mapping is created with the function and polls with its role (SQS, Kinesis…).
  const mapped = sideResources(resources, [EVENT_SOURCE_MAPPING], "functionName", fn).linked;
  if (vpc || (typeof dlq === "string" && dlq !== "") || tracing === "Active" || mapped.length > 0)
    return true;
  // Nothing known needs the role; a secret that might ("[secret]" offline) cannot be told.
  const secret = (
    [
      ["vpcConfig", tryReadOr(() => fn.props.vpcConfig)],
      ["vpcConfig.subnetIds", tryReadOr(() => asRecord(fn.props.vpcConfig)?.subnetIds)],
      ["deadLetterConfig", tryReadOr(() => fn.props.deadLetterConfig)],
      ["tracingConfig", tryReadOr(() => fn.props.tracingConfig)],
      ["tracingConfig.mode", tracing],
    ] as const
  ).find(([, v]) => v === SECRET_PLACEHOLDER);
  if (secret) throw new SecretValueError(secret[0]);
  return false;
}

const EVENT_SOURCE_MAPPING = T.lambdaEventSourceMapping;

/**
 * Whether a task definition's first tasks need the execution role: to pull
 * a private ECR image or one with repository credentials, to read injected
 * secrets, or to send logs with the awslogs driver. A public image with none
 * of these starts without it.
 */
export function taskNeedsExecutionRole(td: PolicyResource): boolean {
  const raw = tryReadOr(() => td.props.containerDefinitions);
  // A secret list ("[secret]" offline) may need the role: it cannot be told (tryReadOr would hide it).
  inspectable(raw, "containerDefinitions");
  const containers = asArray(tryReadOr(() => parseJson(raw)));
  return containers.some((c) => {
    const container = asRecord(c) ?? {};
    const image = typeof container.image === "string" ? container.image : "";
    const logDriver = asRecord(container.logConfiguration)?.logDriver;
    return (
      /\.dkr\.ecr\./.test(image) ||
      container.repositoryCredentials !== undefined ||
      asArray(container.secrets).length > 0 ||
      logDriver === "awslogs" ||
      logDriver === "awsfirelens"
    );
  });
}

function missing(holder: PolicyResource, required: readonly PolicyResource[]): string[] {
  return required.filter((p) => !dependsOn(holder, p)).map((p) => `${p.name} (${p.type})`);
}

export const lambdaWaitsForRolePolicies = stackPolicy({
  ...DEPLOYABILITY,
  name: "lambda-waits-for-role-policies",
  description:
    "Lambda functions whose creation needs their role's permissions (in a VPC, with a dead-letter target, active tracing or an event source mapping) depend on every inline policy and policy attachment of that role.",
  resourceTypes: [
    T.lambdaFunction,
    ...ROLE_POLICY_TYPES,
    T.iamPolicyAttachment,
    T.lambdaEventSourceMapping,
  ],
  remediation:
    "Add the role's RolePolicy and RolePolicyAttachment resources to the function's dependsOn (e.g. `dependsOn: [vpcAccess, xrayAccess, inlinePolicy]`).",
  validate: (args, report) => {
    const pending = new Pending();
    const roles = args.resources.filter((r) => r.type === T.iamRole);
    eachKnown(
      args.resources.filter((r) => r.type === T.lambdaFunction),
      pending,
      (fn) => {
        if (!functionNeedsRoleAtCreate(fn, args.resources)) return;
        for (const role of referenced(fn, "role", roles)) {
          const absent = missing(fn, policiesOf(args.resources, role, pending));
          if (absent.length > 0) {
            report(
              `the function does not depend on ${absent.join(", ")} of its role ${role.name}: Pulumi may create it before the role's permissions exist, and CreateFunction fails (e.g. "The provided execution role does not have permissions to call CreateNetworkInterface on EC2"); add them to dependsOn`,
              fn.urn,
            );
          }
        }
      },
    );
    pending.settle();
  },
});

export const ecsServiceWaitsForExecutionRolePolicies = stackPolicy({
  ...DEPLOYABILITY,
  name: "ecs-service-waits-for-execution-role-policies",
  description:
    "ECS services whose tasks need the execution role to start (a private ECR image, injected secrets, awslogs) depend on every inline policy and policy attachment of that role.",
  resourceTypes: [T.ecsService, T.ecsTaskDefinition, ...ROLE_POLICY_TYPES, T.iamPolicyAttachment],
  remediation:
    "Add the execution role's RolePolicy and RolePolicyAttachment resources to the service's dependsOn.",
  validate: (args, report) => {
    const pending = new Pending();
    const roles = args.resources.filter((r) => r.type === T.iamRole);
    const taskDefs = args.resources.filter((r) => r.type === T.ecsTaskDefinition);
    eachKnown(
      args.resources.filter((r) => r.type === T.ecsService),
      pending,
      (service) => {
        for (const td of referenced(service, "taskDefinition", taskDefs)) {
          if (!taskNeedsExecutionRole(td)) continue;
          for (const role of referenced(td, "executionRoleArn", roles)) {
            const absent = missing(service, policiesOf(args.resources, role, pending));
            if (absent.length > 0) {
              report(
                `the service does not depend on ${absent.join(", ")} of its execution role ${role.name}: its first tasks may start before the role can pull the image and read the injected secrets, and fail; add them to dependsOn`,
                service.urn,
              );
            }
          }
        }
      },
    );
    pending.settle();
  },
});

/** Target groups an action list forwards to: known ARNs, and the target group resources its inputs came from. */
function forwardKeys(holder: PolicyResource, prop: string): Set<string> {
  const keys = new Set<string>();
  for (const d of holder.propertyDependencies?.[prop] ?? []) {
    if (d?.type === T.lbTargetGroup || d?.type === T.albTargetGroup) keys.add(d.urn);
  }
  for (const raw of asArray(tryReadOr(() => holder.props[prop]))) {
    const action = asRecord(raw);
    const add = (v: unknown) => {
      if (typeof v === "string" && v !== "") keys.add(v);
    };
    tryReadOr(() => add(action?.targetGroupArn));
    for (const tg of asArray(tryReadOr(() => asRecord(action?.forward)?.targetGroups)))
      tryReadOr(() => add(asRecord(tg)?.arn));
  }
  return keys;
}

/** Reads a value, treating "unknown during preview" as absent (the property dependencies still tell the link). */
function tryReadOr<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    if (isUnknownValueError(e)) return undefined;
    throw e;
  }
}

/** Target groups the service registers with: one key set per load balancer entry. */
function serviceTargetGroups(service: PolicyResource): Set<string>[] {
  const viaDeps = (service.propertyDependencies?.loadBalancers ?? [])
    .filter((d) => d?.type === T.lbTargetGroup || d?.type === T.albTargetGroup)
    .map((d) => d.urn);
  const entries = asArray(tryReadOr(() => service.props.loadBalancers));
  return entries
    .map((raw) => {
      const arn = tryReadOr(() => asRecord(raw)?.targetGroupArn);
      const keys = new Set<string>(typeof arn === "string" && arn !== "" ? [arn] : []);
      // With one entry, every target group the input came from is that entry's.
      if (entries.length === 1) viaDeps.forEach((u) => keys.add(u));
      return keys;
    })
    .filter((k) => k.size > 0);
}

export const ecsServiceWaitsForListener = stackPolicy({
  ...DEPLOYABILITY,
  name: "ecs-service-waits-for-listener",
  description:
    "ECS services behind a load balancer depend on a listener (or listener rule) that forwards to their target group, so the target group is attached before CreateService.",
  resourceTypes: [T.ecsService, ...LISTENERS, ...LISTENER_RULES],
  remediation:
    "Add the listener (or the listener rule) that forwards to the service's target group to the service's dependsOn.",
  validate: (args, report) => {
    const forwarders = args.resources
      .filter((r) => LISTENERS.includes(r.type) || LISTENER_RULES.includes(r.type))
      .map((r) => ({
        r,
        keys: forwardKeys(r, LISTENERS.includes(r.type) ? "defaultActions" : "actions"),
      }));
    for (const service of args.resources.filter((r) => r.type === T.ecsService)) {
      for (const tg of serviceTargetGroups(service)) {
        const candidates = forwarders
          .filter((f) => [...tg].some((k) => f.keys.has(k)))
          .map((f) => f.r);
        const label = [...tg].find((k) => !k.startsWith("urn:")) ?? [...tg][0];
        if (candidates.length === 0) {
          report(
            `no listener or listener rule of the stack forwards to target group ${label}: CreateService fails with "The target group … does not have an associated load balancer"; forward a listener to it and add that listener to the service's dependsOn`,
            service.urn,
          );
        } else if (!candidates.some((c) => dependsOn(service, c))) {
          report(
            `the service does not depend on ${candidates.map((c) => c.name).join(" or ")}, which attaches its target group ${label} to the load balancer: Pulumi may create the service first, and CreateService fails with "The target group … does not have an associated load balancer"; add the listener to dependsOn`,
            service.urn,
          );
        }
      }
    }
  },
});

export const deployabilityOrderPolicies = [
  ecsServiceWaitsForListener,
  ecsServiceWaitsForExecutionRolePolicies,
  lambdaWaitsForRolePolicies,
];
