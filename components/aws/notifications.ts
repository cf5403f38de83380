/**
 * Notifications (AWS): the SNS topic the file processor publishes to,
 * encrypted with the CMK.
 */
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import { NameContext, physicalName } from "../../lib/naming";
import { COMPONENT_TYPES } from "../contracts";

export interface NotificationsArgs {
  /** Naming context (project, environment, PR). */
  readonly naming: NameContext;
  /** CMK that encrypts messages at rest. */
  readonly kmsKeyArn: pulumi.Input<string>;
}

export class Notifications extends pulumi.ComponentResource {
  /** NOTIFY_TARGET on AWS. */
  public readonly topicArn: pulumi.Output<string>;

  constructor(name: string, args: NotificationsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.Notifications, name, {}, opts);
    const topic = new aws.sns.Topic(
      `${name}-topic`,
      {
        name: physicalName(args.naming, "notifications", "snsTopic"),
        kmsMasterKeyId: args.kmsKeyArn,
      },
      { parent: this },
    );
    this.topicArn = topic.arn;
    this.registerOutputs({ topicArn: this.topicArn });
  }
}
