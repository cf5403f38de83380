/**
 * Type test, checked by `npm run typecheck` (tsc) and never run: each
 * `@ts-expect-error` below must be an error, or tsc fails with "Unused
 * '@ts-expect-error' directive". It proves that a component half cannot drift
 * from components/contracts.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as Aws from "../../components/aws/index";
import { Database as AwsDatabase } from "../../components/aws/database";
import type * as Docker from "../../components/docker/index";
import {
  AppPlainValues,
  AppSecretValues,
  AwsOutputs,
  DockerOutputs,
  HalfMatches,
  ImplementsContract,
} from "../../components/contracts";

/** The real halves satisfy the contract (the same checks as components/<half>/contract.ts). */
export type RealAws = ImplementsContract<HalfMatches<typeof Aws, AwsOutputs>>;
export type RealDocker = ImplementsContract<HalfMatches<typeof Docker, DockerOutputs>>;

/** A half that adds an output the contract does not declare. */
export class AwsDatabaseWithReplica extends AwsDatabase {
  public readonly replicaUrl: pulumi.Output<string> = pulumi.output("");
}
type AwsWithReplica = Omit<typeof Aws, "Database"> & { Database: typeof AwsDatabaseWithReplica };
// @ts-expect-error an output added to the AWS half only is a type error
export type Added = ImplementsContract<HalfMatches<AwsWithReplica, AwsOutputs>>;
/** …and tsc's message names it. */
export const addedWhy: HalfMatches<AwsWithReplica, AwsOutputs>["Database"] =
  "outputs the contract does not declare: replicaUrl";

/** A half that misses an output both halves share (`url`). */
class DockerDatabaseWithoutUrl extends pulumi.ComponentResource {
  public readonly password: pulumi.Output<string> = pulumi.output("");
  public readonly containerName: pulumi.Output<string> = pulumi.output("");
}
type DockerWithoutUrl = Omit<typeof Docker, "Database"> & {
  Database: typeof DockerDatabaseWithoutUrl;
};
// @ts-expect-error a shared output missing from the Docker half is a type error
export type Missing = ImplementsContract<HalfMatches<DockerWithoutUrl, DockerOutputs>>;
export const missingWhy: HalfMatches<DockerWithoutUrl, DockerOutputs>["Database"] =
  "missing outputs: url";

/** A half whose output has another type than the contract's. */
export class DockerDatabaseWithNumericUrl extends DockerDatabaseWithoutUrl {
  public readonly url: pulumi.Output<number> = pulumi.output(0);
}
type DockerNumericUrl = Omit<typeof Docker, "Database"> & {
  Database: typeof DockerDatabaseWithNumericUrl;
};
// @ts-expect-error an output of another type is a type error
export type Retyped = ImplementsContract<HalfMatches<DockerNumericUrl, DockerOutputs>>;
export const retypedWhy: HalfMatches<DockerNumericUrl, DockerOutputs>["Database"] =
  "outputs of another type than the contract's: url";

/** A half that has no class for a kind at all. */
type DockerWithoutBackup = Omit<typeof Docker, "Backup">;
// @ts-expect-error a kind missing from a half is a type error
export type NoBackup = ImplementsContract<HalfMatches<DockerWithoutBackup, DockerOutputs>>;
export const noBackupWhy: HalfMatches<DockerWithoutBackup, DockerOutputs>["Backup"] =
  "no component class Backup";

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
