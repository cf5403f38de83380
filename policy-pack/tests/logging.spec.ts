import { expect } from "chai";
import { T, T2 } from "../lib/types";
import { aws } from "./fixtures";
import { findings } from "./rules";

const RULES = [
  "s3-access-logging",
  "alb-access-logs",
  "apigateway-stage-access-logs",
  "cloudfront-logging",
  "secretsmanager-rotation",
];

describe("logging (advisory)", () => {
  it("reports each missing log", async () => {
    const r = [
      aws(T.bucket, "site", { bucket: "site" }),
      aws(T.lb, "alb", { loadBalancerType: "application" }),
      aws(T2.apiGatewayV2Stage, "stage", { apiId: "api", name: "$default" }),
      aws(T.cloudfrontDistribution, "cdn", {}),
      aws(T.secret, "db-password", { name: "db" }),
    ];
    expect(await findings(RULES, r)).to.deep.equal([
      "[advisory] alb-access-logs alb: accessLogs is not set; set accessLogs: { bucket: <log bucket>, enabled: true }",
      "[advisory] apigateway-stage-access-logs stage: accessLogSettings.destinationArn is not set, so requests to this stage leave no access log; set accessLogSettings to a CloudWatch log group",
      "[advisory] cloudfront-logging cdn: loggingConfig is not set, so viewer requests leave no access log; set loggingConfig.bucket to a log bucket",
      "[advisory] s3-access-logging site: bucket site has no server access logging; add an aws.s3.BucketLogging that sends its access logs to a log bucket",
      "[advisory] secretsmanager-rotation db-password: secret db-password has no SecretRotation, so its value never changes; add an aws.secretsmanager.SecretRotation for it",
    ]);
  });

  it("passes when each log is configured (the log bucket itself needs no access log)", async () => {
    const r = [
      aws(T.bucket, "site", { bucket: "site" }),
      aws(T.bucket, "logs", { bucket: "logs" }),
      aws(T2.bucketLogging, "site-logging", {
        bucket: "site",
        targetBucket: "logs",
        targetPrefix: "site/",
      }),
      aws(T.lb, "alb", { accessLogs: { bucket: "logs", enabled: true } }),
      aws(T2.apiGatewayStage, "stage", {
        accessLogSettings: {
          destinationArn: "arn:aws:logs:eu-west-1:1:log-group:api",
          format: "{}",
        },
      }),
      aws(T.cloudfrontDistribution, "cdn", { loggingConfig: { bucket: "logs.s3.amazonaws.com" } }),
      aws(T.secret, "db-password", { name: "db" }),
      aws(T2.secretRotation, "db-rotation", {
        secretId: "db",
        rotationLambdaArn: "arn:aws:lambda:eu-west-1:1:function:rotate",
      }),
    ];
    expect(await findings(RULES, r)).to.deep.equal([]);
  });
});

describe("backups and recovery beyond RDS PostgreSQL", () => {
  const BACKUP = [
    "dynamodb-point-in-time-recovery",
    "redshift-final-snapshot",
    "redshift-audit-logging",
    "rds-deletion-protection",
    "rds-final-snapshot",
    "rds-backup-retention",
  ];

  it("DynamoDB without PITR, Redshift skipping its final snapshot without audit logs, MySQL/MariaDB/Aurora like PostgreSQL", async () => {
    const r = [
      aws(T.dynamodbTable, "orders", { hashKey: "id" }),
      aws(T2.redshiftCluster, "dw", { clusterIdentifier: "dw", skipFinalSnapshot: true }),
      aws(T.rdsInstance, "mysql", {
        engine: "mysql",
        skipFinalSnapshot: true,
        backupRetentionPeriod: 1,
      }),
      aws(T.rdsInstance, "maria", {
        engine: "mariadb",
        deletionProtection: true,
        finalSnapshotIdentifier: "maria-final",
        backupRetentionPeriod: 14,
      }),
      aws(T.rdsCluster, "aurora", {
        engine: "aurora-mysql",
        deletionProtection: true,
        finalSnapshotIdentifier: "a-final",
        backupRetentionPeriod: 0,
      }),
    ];
    expect(await findings(BACKUP, r, "prod")).to.deep.equal([
      "[mandatory] dynamodb-point-in-time-recovery orders: pointInTimeRecovery.enabled is not set: a bad write or delete cannot be rolled back; set pointInTimeRecovery: { enabled: true }",
      "[mandatory] redshift-final-snapshot dw: skipFinalSnapshot is true: deleting the cluster loses its data; set skipFinalSnapshot: false and finalSnapshotIdentifier",
      "[mandatory] rds-deletion-protection mysql: deletionProtection is not set; set deletionProtection: true",
      "[mandatory] rds-final-snapshot mysql: skipFinalSnapshot is true: deleting the database loses its data; set skipFinalSnapshot: false",
      "[mandatory] rds-backup-retention mysql: backupRetentionPeriod is 1; keep backups for at least 14 days",
      "[mandatory] rds-backup-retention aurora: backupRetentionPeriod is 0; keep backups for at least 14 days",
      "[advisory] redshift-audit-logging dw: Redshift cluster dw has no aws.redshift.Logging, so connections and queries are not audited; add one for its clusterIdentifier",
    ]);
  });

  it("passes with PITR, a named final snapshot and audit logging", async () => {
    const r = [
      aws(T.dynamodbTable, "orders", { pointInTimeRecovery: { enabled: true } }),
      aws(T2.redshiftCluster, "dw", {
        clusterIdentifier: "dw",
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: "dw-final",
      }),
      aws(T2.redshiftLogging, "dw-audit", {
        clusterIdentifier: "dw",
        logDestinationType: "cloudwatch",
      }),
    ];
    expect(await findings(BACKUP, r, "prod")).to.deep.equal([]);
  });
});
