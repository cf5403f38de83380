import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { readFile } from "node:fs/promises";
import { SECRET_ARN, SecretSources } from "./resolve";

/** The real sources: the filesystem and AWS Secrets Manager (in the secret ARN's region). */
export function awsSecretSources(): SecretSources {
  const clients = new Map<string, SecretsManagerClient>();
  return {
    readFile: (path) => readFile(path, "utf8"),
    async getSecretString(arn) {
      const region = SECRET_ARN.exec(arn)?.[1] ?? process.env.AWS_REGION;
      const key = region ?? "default";
      let client = clients.get(key);
      if (client === undefined) {
        client = new SecretsManagerClient(region === undefined ? {} : { region });
        clients.set(key, client);
      }
      const out = await client.send(new GetSecretValueCommand({ SecretId: arn }));
      if (out.SecretString === undefined)
        throw new Error("the secret has no SecretString (binary secrets are not supported)");
      return out.SecretString;
    },
  };
}
