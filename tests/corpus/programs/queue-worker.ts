// Fan-out messaging: an SNS topic feeding an SQS queue consumed by a Lambda worker, as the messaging tutorials write it.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export function program() {
  const topic = new aws.sns.Topic("orders");
  const queue = new aws.sqs.Queue("orders-queue", { visibilityTimeoutSeconds: 60 });
  new aws.sqs.QueuePolicy("orders-queue-policy", {
    queueUrl: queue.url,
    policy: queue.arn.apply((arn) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: arn }],
      }),
    ),
  });
  new aws.sns.TopicSubscription("orders-sub", {
    topic: topic.arn,
    protocol: "sqs",
    endpoint: queue.arn,
  });
  const role = new aws.iam.Role("worker-role", {
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: "sts:AssumeRole",
        },
      ],
    }),
  });
  new aws.iam.RolePolicyAttachment("worker-sqs", {
    role: role.name,
    policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole",
  });
  const worker = new aws.lambda.Function("worker", {
    runtime: "nodejs22.x",
    handler: "index.handler",
    role: role.arn,
    code: new pulumi.asset.AssetArchive({
      "index.js": new pulumi.asset.StringAsset("exports.handler = async (e) => e.Records.length;"),
    }),
    environment: { variables: { SLACK_WEBHOOK_TOKEN: "xoxb-123456789012-abcdefghijkl" } },
  });
  new aws.lambda.EventSourceMapping("worker-source", {
    eventSourceArn: queue.arn,
    functionName: worker.arn,
    batchSize: 10,
  });
  return { topic: topic.arn };
}
