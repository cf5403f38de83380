// A data warehouse with its own KMS key and an admin secret, as the Redshift examples write it.
import * as aws from "@pulumi/aws";
import * as random from "@pulumi/random";

export function program() {
  const key = new aws.kms.Key("warehouse-key", {
    description: "Warehouse key",
    policy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "Enable IAM policies",
          Effect: "Allow",
          Principal: { AWS: "*" },
          Action: "kms:*",
          Resource: "*",
        },
      ],
    }),
  });
  const password = new random.RandomPassword("admin-password", { length: 24, special: false });
  const secret = new aws.secretsmanager.Secret("warehouse-admin", { kmsKeyId: key.arn });
  new aws.secretsmanager.SecretVersion("warehouse-admin-value", {
    secretId: secret.id,
    secretString: password.result,
  });
  const cluster = new aws.redshift.Cluster("warehouse", {
    clusterIdentifier: "analytics-warehouse",
    databaseName: "analytics",
    masterUsername: "admin",
    masterPassword: password.result,
    nodeType: "ra3.large",
    clusterType: "single-node",
    encrypted: "true",
    kmsKeyId: key.arn,
    skipFinalSnapshot: true,
  });
  return { endpoint: cluster.endpoint };
}
