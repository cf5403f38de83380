/**
 * An internet-facing application load balancer with the platform's edge:
 * HTTPS on 443 with the TLS policy of the pack's list, and HTTP on 80
 * redirected to HTTPS. A web service's own ALB and the shared preview ALB
 * are both built here; they differ only in the HTTPS listener's default
 * action (forward to the service, or 404 for a host no preview claims).
 */
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_TLS_POLICY } from "../../policy-pack/lib/vocabulary";

export interface InternetAlbArgs {
  /** The load balancer's physical name. */
  readonly albName: string;
  /** The ALB's security group (443 and 80 from the internet). */
  readonly securityGroupId: pulumi.Input<string>;
  /** The public subnets, one per AZ. */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Refuse deletion of the ALB (prod). @default false */
  readonly deletionProtection?: boolean;
  /** The HTTPS listener's ACM certificate. */
  readonly certificateArn: pulumi.Input<string>;
  /** The HTTPS listener's default actions. */
  readonly defaultActions: aws.types.input.lb.ListenerDefaultAction[];
}

/** `${name}-alb`, `${name}-https` and `${name}-http-redirect`, in that order, under `parent`. */
export function internetAlb(
  name: string,
  args: InternetAlbArgs,
  parent: pulumi.Resource,
): { alb: aws.lb.LoadBalancer; https: aws.lb.Listener } {
  const alb = new aws.lb.LoadBalancer(
    `${name}-alb`,
    {
      name: args.albName,
      loadBalancerType: "application",
      internal: false,
      securityGroups: [args.securityGroupId],
      subnets: args.subnetIds,
      dropInvalidHeaderFields: true,
      enableDeletionProtection: args.deletionProtection ?? false,
      idleTimeout: 60,
    },
    { parent },
  );
  const https = new aws.lb.Listener(
    `${name}-https`,
    {
      loadBalancerArn: alb.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: DEFAULT_TLS_POLICY,
      certificateArn: args.certificateArn,
      defaultActions: args.defaultActions,
    },
    { parent },
  );
  new aws.lb.Listener(
    `${name}-http-redirect`,
    {
      loadBalancerArn: alb.arn,
      port: 80,
      protocol: "HTTP",
      defaultActions: [
        { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
      ],
    },
    { parent },
  );
  return { alb, https };
}
