/**
 * SharedDatabase (AWS): a preview's Database on the shared preview tier. It
 * creates no RDS instance: a small function in the VPC (CI runners cannot reach
 * the isolated subnets) creates the preview's own database and login role in
 * staging's shared preview instance when the preview is deployed, and drops
 * them when it is destroyed (`aws.lambda.Invocation` with the CRUD lifecycle:
 * the function is invoked on create, on update and on delete). The role has no
 * rights outside its database (app/src/previews/database.ts, tested on a real
 * PostgreSQL).
 *
 * It registers the same component type and offers the same outputs as
 * `Database`, so the rest of the platform and `platform topology` cannot tell
 * the two apart.
 */
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { previewDatabase } from "../../app/src/previews/database";
import { LIFECYCLE_KEY, previewDatabaseInput } from "../../app/src/previews/event";
import { logGroupName, NameContext, physicalName, secretName } from "../../lib/naming";
import { DatabaseComponent, databaseUrl } from "./database";
import {
  createVpcLambdaFunction,
  createVpcLambdaRole,
  LAMBDA_CA_BUNDLE_FILE,
} from "./fileProcessor";
import type { Statement } from "./iam";
import { PREVIEW_ADMIN_DATABASE, PreviewTierExport } from "./previewTier";
import { POSTGRES_PORT } from "./securityGroups";

/** The function's handler in the Lambda package (app/src/lambda.ts → app/src/previews/function.ts). */
export const PREVIEW_DATABASE_HANDLER = "lambda.previewDatabaseHandler";

export interface SharedDatabaseArgs {
  /** Naming context of the preview. */
  readonly naming: NameContext;
  /** The preview's pull request number. */
  readonly pullRequest: number;
  /** Staging's `previewTier` export. */
  readonly tier: pulumi.Output<PreviewTierExport>;
  /** The Lambda package (the file processor's: it holds the database function too). */
  readonly code: string;
  /** The preview's CMK (its password secret, the function's environment). */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Staging's VPC (the function's security group). */
  readonly vpcId: pulumi.Input<string>;
  /** Private subnets of the function (routes to Secrets Manager, reach to the isolated instance). */
  readonly privateSubnetIds: pulumi.Input<string>[];
  /** The preview's groups that reach the database (web service, file processor). */
  readonly clientSecurityGroupIds: Readonly<Record<string, pulumi.Input<string>>>;
  /** Retention of the function's log group. */
  readonly logRetentionDays: number;
  /** Days a deleted secret can be recovered. @default 0 */
  readonly secretRecoveryWindowDays?: number;
}

export class SharedDatabase extends DatabaseComponent {
  constructor(name: string, args: SharedDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("Database", name, opts);
    const pr = previewDatabase(args.pullRequest);
    const tier = args.tier;
    const n = (role: string, kind: Parameters<typeof physicalName>[2]) =>
      physicalName(args.naming, role, kind);

    const password = new random.RandomPassword(
      `${name}-password`,
      { length: 40, special: false },
      { parent: this },
    );
    const secret = new aws.secretsmanager.Secret(
      `${name}-password-secret`,
      {
        name: secretName(args.naming, "db-password"),
        description:
          "The preview's database role on the shared preview instance (username, password)",
        kmsKeyId: args.kmsKeyArn,
        recoveryWindowInDays: args.secretRecoveryWindowDays ?? 0,
      },
      { parent: this },
    );
    const secretValue = new aws.secretsmanager.SecretVersion(
      `${name}-password-value`,
      {
        secretId: secret.id,
        secretString: pulumi.secret(
          password.result.apply((p) => JSON.stringify({ username: pr.role, password: p })),
        ),
      },
      { parent: this },
    );

    // The function's group: PostgreSQL on the shared instance, HTTPS to Secrets Manager.
    const sgName = n("db-function-sg", "securityGroup");
    const fnSg = new aws.ec2.SecurityGroup(
      `${name}-function-sg`,
      {
        name: sgName,
        description: "Preview database function: no ingress",
        vpcId: args.vpcId,
        tags: { Name: sgName },
      },
      { parent: this },
    );
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-function-to-internet-443`,
      {
        securityGroupId: fnSg.id,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: "0.0.0.0/0",
        description: "HTTPS to AWS APIs (Secrets Manager)",
      },
      { parent: this },
    );
    const clients: [string, pulumi.Input<string>][] = [
      ["function", fnSg.id],
      ...Object.entries(args.clientSecurityGroupIds),
    ];
    const ingress: pulumi.Resource[] = [];
    for (const [who, sg] of clients) {
      // This preview's way in to the shared instance, removed with the preview.
      ingress.push(
        new aws.vpc.SecurityGroupIngressRule(
          `${name}-shared-db-from-${who}`,
          {
            securityGroupId: tier.databaseSecurityGroupId,
            ipProtocol: "tcp",
            fromPort: POSTGRES_PORT,
            toPort: POSTGRES_PORT,
            referencedSecurityGroupId: sg,
            description: `pr-${args.pullRequest} ${who} to the shared preview PostgreSQL`,
          },
          { parent: this },
        ),
      );
      new aws.vpc.SecurityGroupEgressRule(
        `${name}-${who}-to-shared-db`,
        {
          securityGroupId: sg,
          ipProtocol: "tcp",
          fromPort: POSTGRES_PORT,
          toPort: POSTGRES_PORT,
          referencedSecurityGroupId: tier.databaseSecurityGroupId,
          description: `${who} to the shared preview PostgreSQL`,
        },
        { parent: this },
      );
    }

    const functionName = n("db-function", "lambda");
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-function-logs`,
      {
        name: logGroupName(args.naming, "db-function"),
        retentionInDays: args.logRetentionDays,
        kmsKeyId: args.kmsKeyArn,
      },
      { parent: this },
    );
    const { role, dependsOn } = createVpcLambdaRole(
      `${name}-function`,
      {
        roleName: n("db-function", "iamRole"),
        logGroupArn: logGroup.arn,
        statements: pulumi
          .all([tier.databaseAdminSecretArn, secret.arn, tier.kmsKeyArn, args.kmsKeyArn])
          .apply(([admin, own, tierKey, ownKey]): Statement[] => [
            {
              Sid: "ReadTheAdminAndOwnSecrets",
              Effect: "Allow",
              Action: "secretsmanager:GetSecretValue",
              Resource: [admin, own],
            },
            {
              Sid: "DecryptThem",
              Effect: "Allow",
              Action: "kms:Decrypt",
              Resource: [tierKey, ownKey],
            },
          ]),
      },
      this,
    );
    const fn = createVpcLambdaFunction(
      `${name}-function`,
      {
        functionName,
        description:
          "Creates and drops the preview's database and role in the shared preview instance",
        handler: PREVIEW_DATABASE_HANDLER,
        code: args.code,
        roleArn: role.arn,
        memorySize: 256,
        timeout: 60,
        kmsKeyArn: args.kmsKeyArn,
        variables: {
          ADMIN_SECRET_ARN: tier.databaseAdminSecretArn,
          ADMIN_DATABASE: PREVIEW_ADMIN_DATABASE,
          DATABASE_HOST: tier.databaseAddress,
          DATABASE_PORT: tier.databasePort.apply(String),
          CA_BUNDLE_FILE: LAMBDA_CA_BUNDLE_FILE,
        },
        subnetIds: args.privateSubnetIds,
        securityGroupId: fnSg.id,
        logGroupName: logGroup.name,
      },
      { parent: this, dependsOn },
    );
    // create: make the database and role; update: repair them; delete: drop them (CRUD lifecycle,
    // the action under `lifecycle` in the event). The input carries the secret's ARN, not the password.
    new aws.lambda.Invocation(
      `${name}-create`,
      {
        functionName: fn.name,
        input: secret.arn.apply((arn) =>
          JSON.stringify(previewDatabaseInput(args.pullRequest, arn)),
        ),
        lifecycleScope: "CRUD",
        terraformKey: LIFECYCLE_KEY,
      },
      { parent: this, dependsOn: [secretValue, ...ingress] },
    );

    this.publish({
      address: tier.databaseAddress,
      port: tier.databasePort,
      url: pulumi
        .all([tier.databaseAddress, tier.databasePort])
        .apply(([host, port]) => databaseUrl(host, port, pr.role, pr.database)),
      masterSecretArn: secret.arn,
      instanceIdentifier: tier.databaseIdentifier,
      instanceArn: tier.databaseArn,
    });
  }
}
