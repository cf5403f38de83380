/**
 * The validated configuration the program is built from: a union narrowed by
 * `target`, so the AWS half sees the values AWS requires as present and the
 * Docker half sees its dev settings.
 */
import type { DevSettings } from "./keys/dev";
import type { Environment, Profile } from "./profiles";

interface CommonConfig {
  readonly project: string;
  readonly stack: string;
  readonly environment: Environment;
  readonly owner: string;
  readonly costCenter: string;
  /** The application container image. */
  readonly appImage: string;
  /** How many web services the platform runs (always 1 in Docker). */
  readonly services: number;
  readonly profile: Profile;
}

/** staging, prod and previews (`pr-<N>`). */
export interface AwsConfig extends CommonConfig {
  readonly target: "aws";
  /** The pull request a preview stack belongs to. */
  readonly pullRequest?: number;
  /** AWS region of the explicit provider. */
  readonly region: string;
  /** Public host name of the web service (`pr-<N>.<previewDomain>` on a preview). */
  readonly domain: string;
  /** ACM certificate of the HTTPS listener (the wildcard one on a preview). */
  readonly certificateArn: string;
  /** Route 53 hosted zone of `domain`; when set, an alias record is created. */
  readonly hostedZoneId?: string;
  /** Path of the file processor's Lambda package (a directory or .zip). */
  readonly fileProcessorCode: string;
  /** IPv4 CIDR of the VPC (stacks with their own network). */
  readonly vpcCidr: string;
  /** Where alarms are e-mailed; none when unset. */
  readonly alarmEmail?: string;
  /** Region AWS Backup copies prod recovery points to; none when unset. */
  readonly backupCopyRegion?: string;
  /** staging/previews: an organisation trail records the account, so no trail is created. */
  readonly organizationTrail: boolean;
  /** The stack whose network a preview reuses (`<org>/<project>/<stack>` or a stack name). */
  readonly networkStack: string;
  /** Hours a preview lives after its last deploy. */
  readonly previewTtlHours: number;
  /** DNS zone previews live under: a preview's host is `pr-<N>.<previewDomain>`. */
  readonly previewDomain?: string;
  /** Wildcard ACM certificate (`*.<previewDomain>`) of the previews' HTTPS listeners. */
  readonly previewCertificateArn?: string;
  /** Route 53 zone of `previewDomain`; when set, each preview gets an alias record. */
  readonly previewHostedZoneId?: string;
  /** When a preview expires (ISO-8601 UTC, tagged ExpiresAt); `platform preview up` sets it on every deploy. */
  readonly expiresAt?: string;
  /** A preview's incarnation, set once when its stack is created (see `secretName`). */
  readonly previewInstance?: string;
  /** staging: build the shared preview tier; previews: use it (`shared`) or build their own (`isolated`). */
  readonly previewDataTier: "shared" | "isolated";
}

/** dev, in Docker. */
export interface DockerConfig extends CommonConfig {
  readonly target: "docker";
  /** The dev stack's images and published ports. */
  readonly dev: DevSettings;
}

export type PlatformConfig = AwsConfig | DockerConfig;

export interface ConfigContext {
  readonly project: string;
  readonly stack: string;
  /**
   * Whether a key's value came from a secret (a `secure:` value, an
   * environment variable that carried one): an error never shows it. Keys
   * whose names look secret are hidden anyway (config/secrets.ts).
   * @default no key is secret
   */
  readonly isSecret?: (key: string) => boolean;
}
