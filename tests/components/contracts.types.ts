/**
 * Type test, checked by `npm run typecheck` (tsc) and never run: each
 * `@ts-expect-error` below must be an error, or tsc fails with "Unused
 * '@ts-expect-error' directive". It proves that a component half cannot drift
 * from components/contracts.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { Database as AwsDatabase } from "../../components/aws/database";
import { Database as DockerDatabase } from "../../components/docker/database";
import {
  AppPlainValues,
  AppSecretValues,
  AwsOutputs,
  DockerOutputs,
  implementsExactly,
} from "../../components/contracts";

/** The real classes satisfy their contracts. */
implementsExactly<AwsDatabase, AwsOutputs["Database"]>(true);
implementsExactly<DockerDatabase, DockerOutputs["Database"]>(true);

/** A half that adds an output the contract does not declare. */
class AwsDatabaseWithReplica extends AwsDatabase {
  public readonly replicaUrl: pulumi.Output<string> = pulumi.output("");
}
// @ts-expect-error an output added to the AWS half only is a type error
implementsExactly<AwsDatabaseWithReplica, AwsOutputs["Database"]>(true);

/** A half that misses an output both halves share (`url`). */
class DockerDatabaseWithoutUrl extends pulumi.ComponentResource {
  public readonly password: pulumi.Output<string> = pulumi.output("");
  public readonly containerName: pulumi.Output<string> = pulumi.output("");
}
// @ts-expect-error a shared output missing from the Docker half is a type error
implementsExactly<DockerDatabaseWithoutUrl, DockerOutputs["Database"]>(true);

/** The application contract: every plain name needs a value, every secret a reference. */
// @ts-expect-error S3_ENDPOINT is missing: a contract name missing from a half is a type error
export const plainWithoutEndpoint: AppPlainValues = {
  DATABASE_URL: "postgres://db:5432/app?sslmode=verify-full",
  ENVIRONMENT: "dev",
  NOTIFY_TARGET: "https://sink:8443",
  S3_BUCKET: "uploads",
};
export const secretsWithExtra: AppSecretValues = {
  APP_SECRET_KEY: "k",
  DATABASE_PASSWORD: "p",
  REDIS_URL: "rediss://cache:6380",
  // @ts-expect-error a secret the contract does not name is a type error
  S3_SECRET: "s",
};
