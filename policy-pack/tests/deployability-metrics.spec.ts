/** policies/deployability-metrics.ts: failing and passing alarms and dashboards, each citing its source. */
import { expect } from "chai";
import { T } from "../lib/types";
import {
  alarmMetrics,
  cloudwatchMetricDimensionsPublished,
  dashboardMetrics,
} from "../policies/deployability-metrics";
import { run } from "./deployability-support";
import { aws } from "./fixtures";

describe("deployability: CloudWatch dimensions", () => {
  const alarm = (namespace: string, metricName: string, dimensions: Record<string, string>) =>
    aws(T.metricAlarm, "alarm", { name: "a", namespace, metricName, dimensions });

  // ElastiCache: "These metrics are measured and published for each Cache node"
  // (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.html).
  it("cloudwatch-metric-dimensions-published: ElastiCache by ReplicationGroupId fails; by CacheClusterId (+ CacheNodeId) passes", async () => {
    expect(
      await run(cloudwatchMetricDimensionsPublished, [
        alarm("AWS/ElastiCache", "EngineCPUUtilization", {
          ReplicationGroupId: "platform-prod-cache",
        }),
      ]),
    ).to.deep.equal([
      "alarm: the alarm: AWS publishes AWS/ElastiCache EngineCPUUtilization with dimensions {CacheClusterId} or {CacheClusterId, CacheNodeId}, never {ReplicationGroupId}, so it sees no data and never fires (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.html)",
    ]);
    expect(
      await run(cloudwatchMetricDimensionsPublished, [
        alarm("AWS/ElastiCache", "EngineCPUUtilization", {
          CacheClusterId: "platform-prod-cache-001",
        }),
      ]),
    ).to.deep.equal([]);
    expect(
      await run(cloudwatchMetricDimensionsPublished, [
        alarm("AWS/ElastiCache", "EngineCPUUtilization", {
          CacheNodeId: "0001",
          CacheClusterId: "platform-prod-cache-001",
        }),
      ]),
    ).to.deep.equal([]);
  });

  // ALB: HTTPCode_ELB_5XX_Count is a load-balancer metric, never per target group
  // (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html).
  it("cloudwatch-metric-dimensions-published: an unknown AWS metric, or an ELB metric by target group, fails; custom namespaces pass", async () => {
    const v = await run(cloudwatchMetricDimensionsPublished, [
      aws(T.metricAlarm, "alarm", {
        metricQueries: [
          {
            id: "m1",
            metric: {
              namespace: "AWS/ApplicationELB",
              metricName: "HTTPCode_ELB_5XX_Count",
              dimensions: { LoadBalancer: "app/x/1", TargetGroup: "targetgroup/x/2" },
            },
          },
          {
            id: "m2",
            metric: {
              namespace: "AWS/SQS",
              metricName: "NumberOfMessagesLost",
              dimensions: { QueueName: "q" },
            },
          },
          {
            id: "m3",
            metric: { namespace: "Platform/App", metricName: "Anything", dimensions: { Any: "x" } },
          },
          { id: "e1", expression: "m1 + m2" },
        ],
      }),
    ]);
    expect(v).to.deep.equal([
      'alarm: metric query "m1": AWS publishes AWS/ApplicationELB HTTPCode_ELB_5XX_Count with dimensions {LoadBalancer} or {AvailabilityZone, LoadBalancer}, never {LoadBalancer, TargetGroup}, so it sees no data and never fires (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html)',
      'alarm: metric query "m2": AWS/SQS NumberOfMessagesLost is not in policy-pack/data/cloudwatch-metrics.json; add the metric with the dimension sets AWS publishes it with (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html)',
    ]);
  });

  // Dashboard body rows: [namespace, metric, dim, value, …], "." repeats the row above
  // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html).
  it('reads dashboard rows with the "." shorthand and alarm metric queries', () => {
    const body = JSON.stringify({
      widgets: [
        {
          type: "metric",
          properties: {
            title: "Cache",
            metrics: [
              ["AWS/ElastiCache", "CPUUtilization", "CacheClusterId", "c-001"],
              [".", "EngineCPUUtilization", ".", "c-002", { stat: "Maximum" }],
              [{ expression: "m1 * 2" }],
            ],
          },
        },
      ],
    });
    expect(dashboardMetrics(body)).to.deep.equal([
      {
        where: 'widget "Cache"',
        namespace: "AWS/ElastiCache",
        metric: "CPUUtilization",
        dimensions: ["CacheClusterId"],
      },
      {
        where: 'widget "Cache"',
        namespace: "AWS/ElastiCache",
        metric: "EngineCPUUtilization",
        dimensions: ["CacheClusterId"],
      },
    ]);
    expect(
      alarmMetrics({
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: "q" },
      }),
    ).to.deep.equal([
      {
        where: "the alarm",
        namespace: "AWS/SQS",
        metric: "ApproximateNumberOfMessagesVisible",
        dimensions: ["QueueName"],
      },
    ]);
  });
});
