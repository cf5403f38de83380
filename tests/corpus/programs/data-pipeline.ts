// A data pipeline: Kinesis stream → Firehose → S3, catalogued by Glue with a JDBC source, as the analytics tutorials write it.
import * as aws from "@pulumi/aws";

export function program() {
  const stream = new aws.kinesis.Stream("clicks", { shardCount: 1, retentionPeriod: 24 });
  const lake = new aws.s3.BucketV2("data-lake", { forceDestroy: true });
  const firehoseRole = new aws.iam.Role("firehose-role", {
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "firehose.amazonaws.com" },
          Action: "sts:AssumeRole",
        },
      ],
    }),
  });
  new aws.iam.RolePolicy("firehose-policy", {
    role: firehoseRole.id,
    policy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["s3:*", "kinesis:*"], Resource: "*" }],
    }),
  });
  new aws.kinesis.FirehoseDeliveryStream("to-lake", {
    destination: "extended_s3",
    kinesisSourceConfiguration: { kinesisStreamArn: stream.arn, roleArn: firehoseRole.arn },
    extendedS3Configuration: { roleArn: firehoseRole.arn, bucketArn: lake.arn },
  });
  const catalog = new aws.glue.CatalogDatabase("analytics", { name: "analytics" });
  new aws.glue.Connection("orders-db", {
    connectionProperties: {
      JDBC_CONNECTION_URL: "jdbc:mysql://orders.example.internal:3306/orders",
      USERNAME: "etl",
      PASSWORD: "etl-password-123",
    },
  });
  return { stream: stream.name, database: catalog.name };
}
