/**
 * The contract every environment implements: the same component types and
 * logical names, the same links between them, the same application contract.
 * `components/aws/` and `components/docker/` are its two implementations.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ServerCertificate } from "./docker/encryption";
import type { SecurityGroupIds } from "./aws/securityGroups";
import type { TlsService } from "../lib/dev/certs";

/** Component type tokens (`platform:<module>:<Kind>`); identical in every stack. */
export const COMPONENT_TYPES = {
  Network: "platform:network:Network",
  Encryption: "platform:security:Encryption",
  Secrets: "platform:security:Secrets",
  Database: "platform:data:Database",
  Cache: "platform:data:Cache",
  ObjectStore: "platform:data:ObjectStore",
  Notifications: "platform:messaging:Notifications",
  WebService: "platform:app:WebService",
  FileProcessor: "platform:app:FileProcessor",
  Observability: "platform:ops:Observability",
  Backup: "platform:ops:Backup",
} as const;

export type ComponentKind = keyof typeof COMPONENT_TYPES;

/** The role part of each component's logical name: `<project>-<role>`. */
export const COMPONENT_ROLES: Readonly<Record<ComponentKind, string>> = {
  Network: "network",
  Encryption: "encryption",
  Secrets: "secrets",
  Database: "db",
  Cache: "cache",
  ObjectStore: "uploads",
  Notifications: "notifications",
  WebService: "web",
  FileProcessor: "file-processor",
  Observability: "observability",
  Backup: "backup",
};

/** Logical name of a component, the same in every stack (`platform-db`). */
export function componentName(project: string, kind: ComponentKind): string {
  return `${project}-${COMPONENT_ROLES[kind]}`;
}

/**
 * The application contract: environment variable names every environment
 * hands the workload. A value may arrive as `NAME`, as `NAME_FILE` (a path,
 * how Docker delivers secrets) or as `NAME_SECRET_ARN` (Secrets Manager, how
 * Lambda receives them); the name is the contract, the form is the delivery.
 */
export const APP_CONTRACT = [
  "APP_SECRET_KEY",
  "CA_BUNDLE_FILE",
  "DATABASE_PASSWORD",
  "DATABASE_URL",
  "ENVIRONMENT",
  "NOTIFY_TARGET",
  // Where the workload sends its OpenTelemetry traces (OTLP/HTTP): Jaeger in dev, the ADOT
  // collector sidecar on ECS (lib/observability/tracing.ts).
  "OTEL_EXPORTER_OTLP_ENDPOINT",
  "REDIS_URL",
  "S3_BUCKET",
  "S3_ENDPOINT",
] as const;

export type ContractName = (typeof APP_CONTRACT)[number];

/** The contract name a delivered variable stands for (`REDIS_URL_FILE` → `REDIS_URL`). */
export function contractNameOf(variable: string): ContractName | undefined {
  if ((APP_CONTRACT as readonly string[]).includes(variable)) return variable as ContractName;
  const base = variable.replace(/_(FILE|SECRET_ARN|SECRET_KEY)$/, "");
  return (APP_CONTRACT as readonly string[]).includes(base) ? (base as ContractName) : undefined;
}

/**
 * Which components each component uses. Both implementations wire their
 * components with exactly these dependencies (`dependsOn`), and
 * `platform topology` reads the links back from the synthesized graph.
 */
export const COMPONENT_LINKS: Readonly<Record<ComponentKind, readonly ComponentKind[]>> = {
  Encryption: [],
  Network: ["Encryption"],
  Secrets: ["Encryption"],
  Database: ["Network", "Encryption"],
  Cache: ["Network", "Encryption"],
  ObjectStore: ["Encryption"],
  Notifications: ["Encryption"],
  WebService: ["Network", "Database", "Cache", "ObjectStore", "Secrets", "Notifications"],
  FileProcessor: ["Network", "ObjectStore", "Database", "Notifications"],
  Observability: ["WebService", "FileProcessor", "Database", "Cache"],
  Backup: ["Database", "ObjectStore"],
};

/**
 * The application contract as values, in the two forms it is delivered: plain
 * values (environment variables on both halves) and secrets (a Secrets Manager
 * reference on AWS, a mounted file in Docker). CA_BUNDLE_FILE is a path on
 * both: baked into the image on AWS, mounted by the Docker web service. Each
 * half builds these records, so a contract name missing from either is a type
 * error.
 */
export const SECRET_CONTRACT = ["APP_SECRET_KEY", "DATABASE_PASSWORD", "REDIS_URL"] as const;
export type SecretContractName = (typeof SECRET_CONTRACT)[number];
export type PlainContractName = Exclude<ContractName, SecretContractName | "CA_BUNDLE_FILE">;
export type AppPlainValues = Readonly<Record<PlainContractName, pulumi.Input<string>>>;
export type AppSecretValues = Readonly<Record<SecretContractName, pulumi.Input<string>>>;

type Out<T> = pulumi.Output<T>;

/**
 * The outputs of each component kind. `XOutputs` is what both halves offer;
 * `AwsXOutputs` and `DockerXOutputs` add what only one half has, declared
 * here on purpose. Each half's classes are held to exactly these outputs
 * (components/aws/contract.ts, components/docker/contract.ts): an output added
 * to a class and not declared here, or a shared one missing from a half, is a
 * type error (tests/components/contracts.types.ts proves it).
 */
/* eslint-disable @typescript-eslint/no-empty-object-type -- a kind may share nothing but its name */
export interface NetworkOutputs {}
export interface AwsNetworkOutputs extends NetworkOutputs {
  readonly vpcId: Out<string>;
  readonly publicSubnetIds: Out<string>[];
  readonly privateSubnetIds: Out<string>[];
  readonly isolatedSubnetIds: Out<string>[];
  readonly securityGroups: SecurityGroupIds;
}
/** A preview's network also names the base stack it reads. */
export interface AwsSharedNetworkOutputs extends AwsNetworkOutputs {
  readonly networkStack: string;
}
export interface DockerNetworkOutputs extends NetworkOutputs {
  readonly names: Readonly<Record<"edge" | "app" | "data", Out<string>>>;
}

export interface EncryptionOutputs {}
export interface AwsEncryptionOutputs extends EncryptionOutputs {
  readonly keyArn: Out<string>;
  readonly keyId: Out<string>;
  readonly aliasName: Out<string>;
}
export interface DockerEncryptionOutputs extends EncryptionOutputs {
  readonly caCertPem: Out<string>;
  readonly servers: Readonly<Record<TlsService, ServerCertificate>>;
}

export interface SecretsOutputs {}
export interface AwsSecretsOutputs extends SecretsOutputs {
  readonly appSecretKeyArn: Out<string>;
}
export interface DockerSecretsOutputs extends SecretsOutputs {
  readonly appSecretKey: Out<string>;
}

export interface DatabaseOutputs {
  /** The TLS connection URL, without the password. */
  readonly url: Out<string>;
}
export interface AwsDatabaseOutputs extends DatabaseOutputs {
  readonly address: Out<string>;
  readonly port: Out<number>;
  readonly masterSecretArn: Out<string>;
  readonly instanceIdentifier: Out<string>;
  readonly instanceArn: Out<string>;
}
export interface DockerDatabaseOutputs extends DatabaseOutputs {
  readonly password: Out<string>;
  readonly containerName: Out<string>;
}

export interface CacheOutputs {}
export interface AwsCacheOutputs extends CacheOutputs {
  readonly primaryEndpoint: Out<string>;
  readonly port: Out<number>;
  readonly urlSecretArn: Out<string>;
  readonly replicationGroupId: Out<string>;
  /** The replication group's node ids (per-node alarms). */
  readonly memberClusterIds: Out<string[]>;
}
export interface DockerCacheOutputs extends CacheOutputs {
  readonly url: Out<string>;
  readonly containerName: Out<string>;
}

export interface ObjectStoreOutputs {
  readonly bucketName: Out<string>;
}
export interface AwsObjectStoreOutputs extends ObjectStoreOutputs {
  readonly bucketArn: Out<string>;
}
export interface DockerObjectStoreOutputs extends ObjectStoreOutputs {
  readonly endpoint: Out<string>;
  readonly appAccessKeyId: Out<string>;
  readonly appSecretAccessKey: Out<string>;
  readonly webhookToken: Out<string>;
  readonly containerName: Out<string>;
}

export interface NotificationsOutputs {}
export interface AwsNotificationsOutputs extends NotificationsOutputs {
  readonly topicArn: Out<string>;
}
export interface DockerNotificationsOutputs extends NotificationsOutputs {
  readonly target: Out<string>;
  readonly containerName: Out<string>;
}

export interface WebServiceOutputs {
  /** The service's HTTPS URL. */
  readonly url: Out<string>;
}
export interface AwsWebServiceOutputs extends WebServiceOutputs {
  readonly albDnsName: Out<string>;
  readonly albArnSuffix: Out<string>;
  readonly targetGroupArnSuffix: Out<string>;
  readonly clusterName: Out<string>;
  readonly serviceName: Out<string>;
  readonly logGroupName: Out<string>;
}
export interface DockerWebServiceOutputs extends WebServiceOutputs {
  readonly appContainerName: Out<string>;
  readonly proxyContainerName: Out<string>;
}

export interface FileProcessorOutputs {}
/** What both halves' file processors take from the application contract (their Args extend it). */
export interface FileProcessorContractArgs {
  /** DATABASE_URL without the password. */
  readonly databaseUrl: pulumi.Input<string>;
  /** The uploads bucket (S3_BUCKET): new objects in it are what the processor processes. */
  readonly bucketName: pulumi.Input<string>;
  /** ENVIRONMENT of the contract. */
  readonly environmentName: string;
}
export interface AwsFileProcessorOutputs extends FileProcessorOutputs {
  readonly functionName: Out<string>;
  readonly functionArn: Out<string>;
  readonly deadLetterQueueName: Out<string>;
  readonly deadLetterQueueArn: Out<string>;
}
export interface DockerFileProcessorOutputs extends FileProcessorOutputs {
  readonly containerName: Out<string>;
  readonly webhookUrl: Out<string>;
}

export interface ObservabilityOutputs {}
export interface AwsObservabilityOutputs extends ObservabilityOutputs {
  readonly alarmTopicArn: Out<string>;
  readonly dashboardName: Out<string>;
}
export interface DockerObservabilityOutputs extends ObservabilityOutputs {
  readonly logCommands: Out<Record<string, string>>;
  /** Where the local metrics, dashboards and traces are served. */
  readonly urls: Out<Record<"grafana" | "prometheus" | "traces", string>>;
}

export interface BackupOutputs {}
export interface AwsBackupOutputs extends BackupOutputs {
  readonly vaultName: Out<string>;
}
export interface DockerBackupOutputs extends BackupOutputs {
  readonly enabled: Out<boolean>;
}
/* eslint-enable @typescript-eslint/no-empty-object-type */

/** Each kind's outputs on AWS. */
export interface AwsOutputs {
  readonly Network: AwsNetworkOutputs;
  readonly Encryption: AwsEncryptionOutputs;
  readonly Secrets: AwsSecretsOutputs;
  readonly Database: AwsDatabaseOutputs;
  readonly Cache: AwsCacheOutputs;
  readonly ObjectStore: AwsObjectStoreOutputs;
  readonly Notifications: AwsNotificationsOutputs;
  readonly WebService: AwsWebServiceOutputs;
  readonly FileProcessor: AwsFileProcessorOutputs;
  readonly Observability: AwsObservabilityOutputs;
  readonly Backup: AwsBackupOutputs;
}

/** Each kind's outputs in Docker. */
export interface DockerOutputs {
  readonly Network: DockerNetworkOutputs;
  readonly Encryption: DockerEncryptionOutputs;
  readonly Secrets: DockerSecretsOutputs;
  readonly Database: DockerDatabaseOutputs;
  readonly Cache: DockerCacheOutputs;
  readonly ObjectStore: DockerObjectStoreOutputs;
  readonly Notifications: DockerNotificationsOutputs;
  readonly WebService: DockerWebServiceOutputs;
  readonly FileProcessor: DockerFileProcessorOutputs;
  readonly Observability: DockerObservabilityOutputs;
  readonly Backup: DockerBackupOutputs;
}

/** The public properties a component class adds to ComponentResource (its outputs). */
export type OutputsOf<C> = {
  [K in keyof C as K extends keyof ComponentBase ? never : K]: C[K];
};
type ComponentBase = pulumi.ComponentResource;

type Names<T> = Extract<keyof T, string>;

/**
 * `true` when component class C offers exactly the outputs O: every declared
 * output, with its declared type, and no undeclared one. Otherwise a message
 * that names the outputs in question, which tsc prints in its error.
 */
export type Exactly<C, O> = [Exclude<Names<OutputsOf<C>>, Names<O>>] extends [never]
  ? [Exclude<Names<O>, Names<OutputsOf<C>>>] extends [never]
    ? C extends O
      ? true
      : `outputs of another type than the contract's: ${{
          [K in Names<O>]: K extends keyof OutputsOf<C>
            ? OutputsOf<C>[K] extends O[K]
              ? never
              : K
            : K;
        }[Names<O>]}`
    : `missing outputs: ${Exclude<Names<O>, Names<OutputsOf<C>>>}`
  : `outputs the contract does not declare: ${Exclude<Names<OutputsOf<C>>, Names<O>>}`;

/**
 * For each kind of O: `true` when module M (a half's `index.ts`, as
 * `typeof import`) exports a component class of that name offering exactly
 * that kind's outputs, else why not.
 */
export type HalfMatches<M, O> = {
  readonly [K in Names<O>]: K extends keyof M
    ? M[K] extends abstract new (...args: never) => infer C
      ? Exactly<C, O[K]>
      : `${K} is not a component class`
    : `no component class ${K}`;
};

/**
 * Compiles only when every entry of a `HalfMatches` is `true`: the contract
 * check of each half (components/<half>/contract.ts) is
 * `ImplementsContract<HalfMatches<typeof Half, HalfOutputs>>`.
 */
export type ImplementsContract<Check extends { readonly [kind: string]: true }> = Check;
