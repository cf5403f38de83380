import { expect } from "chai";
import { T, T2 } from "../lib/types";
import { secretShape } from "../policies/secrets";
import { aws } from "./fixtures";
import { findings } from "./rules";

const RULE = "no-plaintext-secrets";

describe("secrets in plain text", () => {
  it("classifies names and values", () => {
    expect(secretShape("DB_PASSWORD", "hunter2")).to.equal("its name says it is a secret");
    expect(secretShape("API_KEY", "[secret]")).to.equal("its name says it is a secret");
    expect(secretShape("DB_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:1:secret:x")).to.equal(
      undefined,
    );
    expect(secretShape("TOKEN_URL", "https://auth.example.com/token")).to.equal(undefined);
    expect(secretShape("DATABASE_URL", "postgres://app:s3cret@db:5432/app")).to.equal(
      "its value is a URL with a password",
    );
    expect(secretShape("AWS_ID", "AKIAABCDEFGHIJKLMNOP")).to.equal(
      "its value is an AWS access key id",
    );
    expect(secretShape("TABLE_NAME", "orders")).to.equal(undefined);
  });

  it("ECS environment, Lambda variables, user data, Glue and DMS: each reported with where to keep it", async () => {
    const r = [
      aws(T.ecsTaskDefinition, "task", {
        containerDefinitions: JSON.stringify([
          {
            name: "app",
            environment: [
              { name: "DB_PASSWORD", value: "hunter2" },
              { name: "PORT", value: "80" },
            ],
          },
        ]),
      }),
      aws(T.lambdaFunction, "fn", {
        environment: { variables: { STRIPE_API_KEY: "sk_live_abcdefghijklmnop1234", TABLE: "t" } },
      }),
      aws(T2.ec2Instance, "web", { userData: "#!/bin/bash\nexport MYSQL_PASSWORD=changeme123\n" }),
      aws(T2.launchTemplate, "lt", {
        userData: Buffer.from("#!/bin/bash\nexport API_TOKEN=abcd1234\n").toString("base64"),
      }),
      aws(T2.glueConnection, "jdbc", {
        connectionProperties: { USERNAME: "admin", PASSWORD: "[secret]" },
      }),
      aws(T2.dmsEndpoint, "src", { extraConnectionAttributes: "password=Sup3rSecret;" }),
    ];
    const out = await findings(RULE, r);
    expect(out).to.deep.equal([
      '[mandatory] no-plaintext-secrets task: container "app" environment variable DB_PASSWORD is a plain-text secret (its name says it is a secret); move it to the container\'s secrets (valueFrom a Secrets Manager or SSM ARN): keep it in Secrets Manager (or SSM Parameter Store SecureString) and pass only its ARN',
      "[mandatory] no-plaintext-secrets fn: environment variable STRIPE_API_KEY is a plain-text secret (its name says it is a secret); anyone with lambda:GetFunctionConfiguration reads it: keep it in Secrets Manager (or SSM Parameter Store SecureString) and pass only its ARN and read it in the handler",
      "[mandatory] no-plaintext-secrets web: userData contains MYSQL_PASSWORD assigned a literal value; user data is readable by anyone who can describe the instance and from the instance metadata: keep it in Secrets Manager (or SSM Parameter Store SecureString) and pass only its ARN, fetched at boot with the instance role",
      "[mandatory] no-plaintext-secrets lt: userData contains API_TOKEN assigned a literal value; user data is readable by anyone who can describe the instance and from the instance metadata: keep it in Secrets Manager (or SSM Parameter Store SecureString) and pass only its ARN, fetched at boot with the instance role",
      "[mandatory] no-plaintext-secrets jdbc: connectionProperties.PASSWORD is a plain-text secret (its name says it is a secret); store the credentials in Secrets Manager and set connectionProperties.SECRET_ID to the secret's name instead",
      "[mandatory] no-plaintext-secrets src: extraConnectionAttributes contains password assigned a literal value; use secretsManagerArn with secretsManagerAccessRoleArn for the endpoint's credentials",
    ]);
  });

  it("passes: ECS secrets, secret ARNs in variables, user data that fetches at boot, Glue SECRET_ID", async () => {
    const r = [
      aws(T.ecsTaskDefinition, "task", {
        containerDefinitions: JSON.stringify([
          {
            name: "app",
            secrets: [
              { name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:eu-west-1:1:secret:db" },
            ],
          },
        ]),
      }),
      aws(T.lambdaFunction, "fn", {
        environment: {
          variables: { DB_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:1:secret:db" },
        },
      }),
      aws(T2.ec2Instance, "web", {
        userData:
          "#!/bin/bash\nDB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id db --query SecretString --output text)\n",
      }),
      aws(T2.glueConnection, "jdbc", { connectionProperties: { SECRET_ID: "db-credentials" } }),
    ];
    expect(await findings(RULE, r)).to.deep.equal([]);
  });
});
