/**
 * Where a web service's traffic comes in: its own internet-facing ALB (HTTPS
 * with a TLS 1.2+/1.3 policy, HTTP that only redirects), or, for a preview on
 * the shared preview tier, a host rule on staging's shared ALB. Resources are
 * created under the WebService component (`parent`).
 */
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import { physicalName } from "../../lib/naming";
import { DEFAULT_TLS_POLICY } from "../../policy-pack/lib/vocabulary";
import { internetAlb } from "./alb";
import { APP_PORT } from "./securityGroups";
import type { WebServiceArgs } from "./webService";

/** The HTTPS listener's security policy: TLS 1.2 and 1.3 only. */
export const TLS_POLICY = DEFAULT_TLS_POLICY;

/** Staging's shared preview ALB, as a preview on the shared tier uses it. */
export interface SharedEdge {
  /** The HTTPS listener the preview's host rule goes on. */
  readonly listenerArn: pulumi.Input<string>;
  readonly albDnsName: pulumi.Output<string>;
  readonly albZoneId: pulumi.Input<string>;
  readonly albArnSuffix: pulumi.Output<string>;
  readonly albSecurityGroupId: pulumi.Input<string>;
  /** The rule's priority on the listener (unique per preview). */
  readonly priority: number;
}

/**
 * The listener-rule priority of pull request `pr` on the shared listener:
 * 1–50,000 (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-update-rules.html,
 * read 2026-11-30: "Priorities ... from 1 to 50,000"), so PRs 50,000 apart share one and the
 * second to deploy is refused by ELB.
 */
export function previewRulePriority(pr: number): number {
  return ((pr - 1) % 50_000) + 1;
}

/** Where the service's traffic comes in. */
export interface Edge {
  /** What the ECS service waits for (a target group must be in use by a listener first). */
  readonly routed: pulumi.Resource;
  readonly dnsName: pulumi.Output<string>;
  readonly zoneId: pulumi.Input<string>;
  readonly arnSuffix: pulumi.Output<string>;
}

/** The service's own internet-facing ALB: HTTPS to the target group, HTTP redirected. */
export function ownAlb(
  parent: pulumi.Resource,
  name: string,
  args: WebServiceArgs,
  n: (role: string, kind: Parameters<typeof physicalName>[2]) => string,
  targetGroup: aws.lb.TargetGroup,
): Edge {
  const role = args.role ?? "web";
  if (args.albSecurityGroupId === undefined) {
    throw new pulumi.ResourceError(
      `web service ${name}: albSecurityGroupId is required for its own ALB (only a preview on the shared tier, given sharedEdge, has none)`,
      parent,
    );
  }
  const { alb, https } = internetAlb(
    name,
    {
      albName: n(role, "alb"),
      securityGroupId: args.albSecurityGroupId,
      subnetIds: args.publicSubnetIds,
      deletionProtection: args.deletionProtection,
      certificateArn: args.certificateArn,
      defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
    },
    parent,
  );

  return { routed: https, dnsName: alb.dnsName, zoneId: alb.zoneId, arnSuffix: alb.arnSuffix };
}

/**
 * A preview's host rule on staging's shared preview ALB, and the two security
 * group rules that let that ALB (and only it) reach this preview's tasks.
 */
export function sharedEdgeRule(
  parent: pulumi.Resource,
  name: string,
  args: WebServiceArgs,
  shared: SharedEdge,
  targetGroup: aws.lb.TargetGroup,
): Edge {
  const rule = new aws.lb.ListenerRule(
    `${name}-host-rule`,
    {
      listenerArn: shared.listenerArn,
      priority: shared.priority,
      conditions: [{ hostHeader: { values: [args.domain] } }],
      actions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
    },
    { parent },
  );
  new aws.vpc.SecurityGroupIngressRule(
    `${name}-service-from-shared-alb`,
    {
      securityGroupId: args.serviceSecurityGroupId,
      ipProtocol: "tcp",
      fromPort: APP_PORT,
      toPort: APP_PORT,
      referencedSecurityGroupId: shared.albSecurityGroupId,
      description: "the shared preview ALB to the web service",
    },
    { parent },
  );
  new aws.vpc.SecurityGroupEgressRule(
    `${name}-shared-alb-to-service`,
    {
      securityGroupId: shared.albSecurityGroupId,
      ipProtocol: "tcp",
      fromPort: APP_PORT,
      toPort: APP_PORT,
      referencedSecurityGroupId: args.serviceSecurityGroupId,
      description: `the shared preview ALB to ${args.domain}`,
    },
    { parent },
  );
  return {
    routed: rule,
    dnsName: shared.albDnsName,
    zoneId: shared.albZoneId,
    arnSuffix: shared.albArnSuffix,
  };
}
