/**
 * Observability (AWS): an encrypted alarm topic (e-mail subscription when
 * configured), the platform's alarms rendered from the one alert definition
 * (lib/observability/alerts.ts: p95 latency, 5xx ratio, CPU/memory, database
 * connections and storage, cache memory, CPU and evictions, file-processor
 * failures and dead letters, certificate expiry, no data; plus the AWS-only
 * resource alarms) and a dashboard. Log groups with retention
 * and the CMK belong to the components that write them.
 */
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import { NameContext, physicalName } from "../../lib/naming";
import { ALERTS, AWS_ONLY_ALERTS, AwsScope } from "../../lib/observability/alerts";
import { COMPONENT_TYPES } from "../contracts";
import { AlarmSpec, alarmSpecs, AlarmTargets, dashboardBody } from "./alarms";
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
  /**
   * Alarm scopes whose resources this stack does not own: a shared-tier preview leaves the
   * shared ALB's, instance's and group's alarms to staging (`SHARED_TIER_SCOPES`). @default none
   */
  readonly skipScopes?: readonly AwsScope[];
  /**
   * Alarms on resources the stack owns beside its components' (staging: the shared preview tier's
   * ALB, instance and cache nodes), on the same topic, and on the dashboard after its own alarms,
   * each widget titled `<title>: <description>`. @default none
   */
  readonly moreAlarms?: readonly MoreAlarms[];
}

/** A set of alarms on resources beside the stack's components (`ObservabilityArgs.moreAlarms`). */
export interface MoreAlarms {
  /** Prefix of the alarms' logical and physical names (`previews-`). */
  readonly prefix: string;
  /** What the dashboard's widget titles start with (`shared preview tier`). */
  readonly title: string;
  /** The alarm ids, known before their targets are. */
  readonly ids: readonly string[];
  /** The same alarms with their dimensions. */
  readonly specs: pulumi.Output<AlarmSpec[]>;
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
    const alerts = alertsWithout(args.skipScopes ?? []);
    const specs = pulumi.output(args.targets).apply((t) => alarmSpecs(t as AlarmTargets, alerts));
    createMetricAlarms(
      name,
      {
        naming: args.naming,
        ids: alarmSpecs(placeholderTargets(args.cacheClusterCount), alerts).map((s) => s.id),
        specs,
        topicArn: topic.arn,
      },
      this,
    );
    const more = args.moreAlarms ?? [];
    for (const m of more) {
      createMetricAlarms(
        name,
        { naming: args.naming, ids: m.ids, specs: m.specs, topicArn: topic.arn, prefix: m.prefix },
        this,
      );
    }
    const dashboard =
      (args.dashboard ?? true)
        ? new aws.cloudwatch.Dashboard(
            `${name}-dashboard`,
            {
              dashboardName: physicalName(args.naming, "platform", "dashboard"),
              dashboardBody: pulumi
                .all([specs, ...more.map((m) => m.specs)])
                .apply(([own, ...others]) =>
                  dashboardBody(args.region, [
                    ...own,
                    ...others.flatMap((s, i) => titled(more[i]?.title ?? "", s)),
                  ]),
                ),
            },
            { parent: this },
          )
        : undefined;
    this.alarmTopicArn = topic.arn;
    this.dashboardName = dashboard?.dashboardName ?? pulumi.output("");
    this.registerOutputs({ alarmTopicArn: this.alarmTopicArn, dashboardName: this.dashboardName });
  }
}

/** The specs with `<title>: ` before each description (the dashboard's widget titles). */
export function titled(title: string, specs: readonly AlarmSpec[]): AlarmSpec[] {
  return specs.map((s) => ({ ...s, description: `${title}: ${s.description}` }));
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

/** The alarm scopes of the shared preview tier (its ALB, instance and group): staging alarms on them, once. */
export const SHARED_TIER_SCOPES: readonly AwsScope[] = ["loadBalancer", "database", "cacheNode"];

/** Every alert of an AWS stack whose scope is not in `skip`. */
export function alertsWithout(skip: readonly AwsScope[]): Parameters<typeof alarmSpecs>[1] {
  return [...ALERTS, ...AWS_ONLY_ALERTS].filter((a) => !skip.includes(a.aws.scope));
}

/** Alerts of the given scopes only. */
export function alertsOf(scopes: readonly AwsScope[]): Parameters<typeof alarmSpecs>[1] {
  return [...ALERTS, ...AWS_ONLY_ALERTS].filter((a) => scopes.includes(a.aws.scope));
}

/**
 * One CloudWatch alarm per spec, publishing to `topicArn`. `ids` is the fixed list of alarm ids
 * (known before the targets are), `specs` the same alarms with their dimensions.
 */
export function createMetricAlarms(
  name: string,
  args: {
    readonly naming: NameContext;
    readonly ids: readonly string[];
    readonly specs: pulumi.Output<AlarmSpec[]>;
    readonly topicArn: pulumi.Input<string>;
    /** Prefix of the alarms' logical and physical names. @default none */
    readonly prefix?: string;
  },
  parent: pulumi.Resource,
): aws.cloudwatch.MetricAlarm[] {
  const prefix = args.prefix ?? "";
  return args.ids.map((id, i) => {
    const spec = args.specs.apply((all) => all[i] as AlarmSpec);
    return new aws.cloudwatch.MetricAlarm(
      `${name}-${prefix}${id}`,
      {
        name: physicalName(args.naming, `${prefix}${id}`, "alarm"),
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
        alarmActions: [args.topicArn],
        okActions: [args.topicArn],
      },
      { parent },
    );
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
