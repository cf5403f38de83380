import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import type { FileNotification, Notifier } from "../processor/ports";
import { inSpan, SpanKind } from "../tracing";

/** The SNS Publish input for a notification (pure, so tests see exactly what is sent). */
export function snsPublishInput(topicArn: string, fifo: boolean, n: FileNotification) {
  return {
    TopicArn: topicArn,
    Subject: `${n.type} ${n.environment}`.slice(0, 100),
    Message: JSON.stringify(n),
    MessageAttributes: {
      type: { DataType: "String", StringValue: n.type },
      environment: { DataType: "String", StringValue: n.environment },
    },
    ...(fifo ? { MessageGroupId: `${n.bucket}`, MessageDeduplicationId: `file-${n.fileId}` } : {}),
  };
}

/** Publishes to an SNS topic (the AWS implementation of Notifications). */
export class SnsNotifier implements Notifier {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
    private readonly fifo: boolean,
  ) {}

  /** Traced as the client span `SNS.Publish` (AWS SDK span conventions). */
  publish(notification: FileNotification): Promise<void> {
    return inSpan(
      "SNS.Publish",
      {
        kind: SpanKind.CLIENT,
        attributes: { "rpc.system": "aws-api", "rpc.service": "SNS", "rpc.method": "Publish" },
      },
      async () => {
        await this.sns.send(
          new PublishCommand(snsPublishInput(this.topicArn, this.fifo, notification)),
        );
      },
    );
  }
}
