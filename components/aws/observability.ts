/**
 * Observability (AWS): an encrypted alarm topic (e-mail subscription when
 * configured), the platform's alarms rendered from the one alert definition
 * (lib/observability/alerts.ts: p95 latency, 5xx ratio, CPU/memory, database
 * connections and storage, cache memory, CPU and evictions, file-processor
 * failures and dead letters, certificate expiry, no data; plus the AWS-only
 * resource alarms) and a dashboard. Log groups with retention
 * and the CMK belong to the components that write them.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NameContext, physicalName } from "../../lib/naming";
import { COMPONENT_TYPES } from "../contracts";
import { alarmSpecs, AlarmTargets, dashboardBody } from "./alarms";
import { cacheMemberClusterIds } from "./cache";

export interface ObservabilityArgs {
  /** Naming context (project, environment, PR). */
  readonly naming: NameContext;
  /** The stack's region (the alarm topic's policy and the dashboard name it). */
  readonly region: string;
  /** The CMK the alarm topic is encrypted with. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Where alarms are e-mailed. @default none (no e-mail subscription) */
  readonly alarmEmail?: string;
  /** What the alarms watch. */
  readonly targets: { readonly [K in keyof AlarmTargets]: pulumi.Input<AlarmTargets[K]> };
  /** How many member clusters the cache has (one pair of cache alarms each). */
  readonly cacheClusterCount: number;
  /** A CloudWatch dashboard (billed per month beyond the account's first three). @default true */
  readonly dashboard?: boolean;
}

export class Observability extends pulumi.ComponentResource {
  public readonly alarmTopicArn: pulumi.Output<string>;
  public readonly dashboardName: pulumi.Output<string>;

  constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.Observability, name, {}, opts);
    const topic = new aws.sns.Topic(
      `${name}-alarms`,
      { name: physicalName(args.naming, "alarms", "snsTopic"), kmsMasterKeyId: args.kmsKeyArn },
      { parent: this },
    );
    // Who may publish to the alarm topic: this account's alarms, and EventBridge rules of this
    // stack (AWS Backup's failed jobs); the account manages it. An SNS target of an EventBridge
    // rule needs this resource policy (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions, read 2026-11-30).
    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this }).partition;
    new aws.sns.TopicPolicy(
      `${name}-alarms-policy`,
      {
        arn: topic.arn,
        policy: pulumi
          .all([topic.arn, identity.accountId, partition])
          .apply(([arn, account, part]) =>
            alarmTopicPolicy(
              arn,
              account,
              part,
              args.region,
              `${physicalName(args.naming, "", "eventRule")}-`,
            ),
          ),
      },
      { parent: this },
    );
    if (args.alarmEmail !== undefined) {
      new aws.sns.TopicSubscription(
        `${name}-alarms-email`,
        { topic: topic.arn, protocol: "email", endpoint: args.alarmEmail },
        { parent: this },
      );
    }
    const specs = pulumi.output(args.targets).apply((t) => alarmSpecs(t as AlarmTargets));
    // The list of alarms is fixed; only dimensions depend on other resources.
    const ids = alarmSpecs(placeholderTargets(args.cacheClusterCount)).map((s) => s.id);
    ids.forEach((id, i) => {
      const spec = specs.apply((all) => all[i]);
      new aws.cloudwatch.MetricAlarm(
        `${name}-${id}`,
        {
          name: physicalName(args.naming, id, "alarm"),
          alarmDescription: spec.description,
          namespace: spec.namespace,
          metricName: spec.metricName,
          dimensions: spec.dimensions,
          statistic: spec.statistic,
          extendedStatistic: spec.extendedStatistic,
          metricQueries: spec.apply((s) => s.metricQueries?.map((q) => ({ ...q }))),
          comparisonOperator: spec.comparisonOperator,
          threshold: spec.threshold,
          period: spec.periodSeconds,
          evaluationPeriods: spec.evaluationPeriods,
          treatMissingData: spec.treatMissingData,
          alarmActions: [topic.arn],
          okActions: [topic.arn],
        },
        { parent: this },
      );
    });
    const dashboard =
      (args.dashboard ?? true)
        ? new aws.cloudwatch.Dashboard(
            `${name}-dashboard`,
            {
              dashboardName: physicalName(args.naming, "platform", "dashboard"),
              dashboardBody: specs.apply((s) => dashboardBody(args.region, s)),
            },
            { parent: this },
          )
        : undefined;
    this.alarmTopicArn = topic.arn;
    this.dashboardName = dashboard?.dashboardName ?? pulumi.output("");
    this.registerOutputs({ alarmTopicArn: this.alarmTopicArn, dashboardName: this.dashboardName });
  }
}

/** The alarm topic's policy: the account manages it; its alarms, its budgets and its stack's EventBridge rules publish. */
export function alarmTopicPolicy(
  topicArn: string,
  account: string,
  partition: string,
  region: string,
  rulePrefix: string,
): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountManagesTopic",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${account}:root` },
        Action: [
          "SNS:GetTopicAttributes",
          "SNS:SetTopicAttributes",
          "SNS:AddPermission",
          "SNS:RemovePermission",
          "SNS:DeleteTopic",
          "SNS:Subscribe",
          "SNS:ListSubscriptionsByTopic",
          "SNS:Publish",
        ],
        Resource: topicArn,
      },
      {
        Sid: "AlarmsPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "SNS:Publish",
        Resource: topicArn,
        Condition: {
          ArnLike: { "aws:SourceArn": `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
        },
      },
      // AWS Budgets of this account publish the budget notifications (budgets.ts):
      // https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-sns-policy.html (read 2026-11-30).
      {
        Sid: "BudgetsPublish",
        Effect: "Allow",
        Principal: { Service: "budgets.amazonaws.com" },
        Action: "SNS:Publish",
        Resource: topicArn,
        Condition: {
          StringEquals: { "aws:SourceAccount": account },
          ArnLike: { "aws:SourceArn": `arn:${partition}:budgets::${account}:*` },
        },
      },
      {
        Sid: "StackEventRulesPublish",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "SNS:Publish",
        Resource: topicArn,
        Condition: {
          ArnLike: {
            "aws:SourceArn": `arn:${partition}:events:${region}:${account}:rule/${rulePrefix}*`,
          },
        },
      },
    ],
  });
}

function placeholderTargets(cacheClusterCount: number): AlarmTargets {
  return {
    albArnSuffix: "",
    targetGroupArnSuffix: "",
    clusterName: "",
    serviceName: "",
    dbInstanceIdentifier: "",
    cacheMemberClusterIds: cacheMemberClusterIds("cache", cacheClusterCount),
    functionName: "",
    deadLetterQueueName: "",
    certificateArn: "",
    allocatedStorageGiB: 0,
  };
}
