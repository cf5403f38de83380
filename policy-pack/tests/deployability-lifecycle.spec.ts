/** policies/deployability-lifecycle.ts: a failing and a passing case per rule, each citing its source. */
import { expect } from "chai";
import { Resource } from "../../cli/core/resource";
import { T, T2 } from "../lib/types";
import {
  ecsSecretsDoNotRotate,
  flowLogRoleCanDeliver,
  rdsFinalSnapshotIdentifierUnique,
  rdsLogGroupsCreatedFirst,
} from "../policies/deployability-lifecycle";
import { run } from "./deployability-support";
import { aws, urnOf } from "./fixtures";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/k";

describe("deployability: lifecycle", () => {
  // RDS refuses DeleteDBInstance with a final snapshot name that exists (DBSnapshotAlreadyExists).
  it("rds-final-snapshot-identifier-unique: a literal name fails; one derived from another resource, or no snapshot, passes", async () => {
    const db = (props: Record<string, unknown>, deps?: Record<string, string[]>): Resource => ({
      ...aws(T.rdsInstance, "db", { identifier: "platform-prod-db", ...props }),
      ...(deps ? { propertyDependencies: deps } : {}),
    });
    expect(
      await run(rdsFinalSnapshotIdentifierUnique, [
        db({ finalSnapshotIdentifier: "platform-prod-db-final" }),
      ]),
    ).to.deep.equal([
      'db: finalSnapshotIdentifier "platform-prod-db-final" is a fixed name: the first destroy leaves a snapshot of that name, and the next replace or destroy of the instance fails with DBSnapshotAlreadyExists; derive it from a per-incarnation RandomId',
    ]);
    const random = aws("random:index/randomId:RandomId", "suffix", { byteLength: 4 });
    const suffix = random.urn!;
    expect(
      await run(rdsFinalSnapshotIdentifierUnique, [
        random,
        db(
          { finalSnapshotIdentifier: "platform-prod-db-final-91c834ee" },
          { finalSnapshotIdentifier: [suffix] },
        ),
        {
          ...db({ finalSnapshotIdentifier: "x-final", skipFinalSnapshot: true }),
          name: "other",
          urn: urnOf(T.rdsInstance, "other"),
        },
      ]),
    ).to.deep.equal([]);
  });

  // RDS creates /aws/rds/instance/<id>/<log> itself, unencrypted and kept forever, when it is
  // missing (USER_LogAccess.Procedural.UploadtoCloudWatch, read 2026-11-30).
  it("rds-log-groups-created-first: a missing group, or one without key, retention or dependency, fails", async () => {
    const group = (log: string, props: Record<string, unknown> = {}) =>
      aws(T.logGroup, `${log}-log`, {
        name: `/aws/rds/instance/platform-prod-db/${log}`,
        kmsKeyId: KEY,
        retentionInDays: 365,
        ...props,
      });
    const db = (dependsOn: string[]) =>
      aws(
        T.rdsInstance,
        "db",
        { identifier: "platform-prod-db", enabledCloudwatchLogsExports: ["postgresql", "upgrade"] },
        { dependsOn: dependsOn.map((n) => urnOf(T.logGroup, n)) },
      );
    expect(
      await run(rdsLogGroupsCreatedFirst, [db(["postgresql-log"]), group("postgresql")]),
    ).to.deep.equal([
      'db: exports the "upgrade" log, but the stack has no log group "/aws/rds/instance/platform-prod-db/upgrade": RDS creates it on first export without a KMS key and with no retention; create it in the program first',
    ]);
    expect(
      await run(rdsLogGroupsCreatedFirst, [
        db(["postgresql-log"]),
        group("postgresql", { kmsKeyId: undefined }),
        group("upgrade", { retentionInDays: 0 }),
      ]),
    ).to.deep.equal([
      'db: log group "/aws/rds/instance/platform-prod-db/postgresql" (postgresql-log) for the "postgresql" export has no kmsKeyId: RDS may create or fill it first, unencrypted or kept forever; give it a KMS key and a retention, and add it to the instance\'s dependsOn',
      'db: log group "/aws/rds/instance/platform-prod-db/upgrade" (upgrade-log) for the "upgrade" export has no retentionInDays, the instance does not depend on it: RDS may create or fill it first, unencrypted or kept forever; give it a KMS key and a retention, and add it to the instance\'s dependsOn',
    ]);
    expect(
      await run(rdsLogGroupsCreatedFirst, [
        db(["postgresql-log", "upgrade-log"]),
        group("postgresql"),
        group("upgrade"),
      ]),
    ).to.deep.equal([]);
  });

  // The flow-log role's permissions: https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html (read 2026-11-30).
  it("flow-log-role-can-deliver: a role without logs:DescribeLogGroups fails; the documented set passes", async () => {
    const stack = (actions: string[], destination?: string): Resource[] => [
      aws(T.flowLog, "flow-log", {
        iamRoleArn: "arn:aws:iam::123456789012:role/platform-prod-flow-logs",
        logDestination: "arn:aws:logs:eu-west-1:123456789012:log-group:/platform/prod/vpc",
        ...(destination ? { logDestinationType: destination } : {}),
      }),
      aws(T.iamRole, "flow-role", { name: "platform-prod-flow-logs" }),
      aws(T.iamRolePolicy, "flow-policy", {
        role: "platform-prod-flow-logs",
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }],
        }),
      }),
    ];
    expect(
      await run(
        flowLogRoleCanDeliver,
        stack(["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]),
      ),
    ).to.deep.equal([
      'flow-log: its role flow-role is not allowed logs:DescribeLogGroups: the flow log is created but delivers nothing ("Access error" in its status); add them to the role\'s policy',
    ]);
    expect(
      await run(
        flowLogRoleCanDeliver,
        stack([
          "logs:CreateLogStream",
          "logs:PutLogEvents",
          "logs:DescribeLogStreams",
          "logs:DescribeLogGroups",
        ]),
      ),
    ).to.deep.equal([]);
    // A flow log to S3 needs no role.
    expect(await run(flowLogRoleCanDeliver, stack([], "s3"))).to.deep.equal([]);
  });

  // ECS reads injected secrets at task start only (secrets-envvar-secrets-manager.html); RDS rotates
  // its managed rds!… secret every 7 days by default (rds-secrets-manager.html), read 2026-11-30.
  it("ecs-secrets-do-not-rotate: RDS's managed secret or a rotated one injected fails; passing the ARN passes", async () => {
    const rds = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1234:password::";
    const own = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:platform/prod/api-key-AbCdEf";
    const task = (secrets: { name: string; valueFrom: string }[]) =>
      aws(T.ecsTaskDefinition, "task", {
        containerDefinitions: JSON.stringify([{ name: "app", secrets }]),
      });
    const rotation = aws(T2.secretRotation, "api-key-rotation", { secretId: own });
    expect(
      await run(ecsSecretsDoNotRotate, [
        task([
          { name: "DATABASE_PASSWORD", valueFrom: rds },
          { name: "API_KEY", valueFrom: `${own}:key::` },
        ]),
        rotation,
      ]),
    ).to.deep.equal([
      `task: container "app" gets "DATABASE_PASSWORD" injected from "${rds}", a secret that RDS rotates (every 7 days by default): ECS reads it only at task start, so running tasks keep the old value after a rotation; pass the ARN and read the secret at run time`,
      `task: container "app" gets "API_KEY" injected from "${own}:key::", a secret that has a SecretRotation: ECS reads it only at task start, so running tasks keep the old value after a rotation; pass the ARN and read the secret at run time`,
    ]);
    expect(
      await run(ecsSecretsDoNotRotate, [task([{ name: "API_KEY", valueFrom: own }])]),
    ).to.deep.equal([]);
  });
});
