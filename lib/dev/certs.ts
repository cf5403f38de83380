/**
 * The development certificate authority and the server certificates it
 * signs, as data: subjects, DNS names and addresses, key algorithm, validity
 * and usages. The Encryption component hands exactly these values to
 * `@pulumi/tls`; the integration tests issue the same certificates with
 * openssl and load them into real servers.
 */
import { NameContext } from "../naming";
import { dockerName, SERVICE_HOSTS } from "./services";

/** `@pulumi/tls` key usages (`allowedUses`) this PKI uses. */
export type CertUse = "cert_signing" | "crl_signing" | "digital_signature" | "server_auth";

export interface KeySpec {
  /** `@pulumi/tls` PrivateKey algorithm. */
  readonly algorithm: "ECDSA";
  /** `@pulumi/tls` PrivateKey ecdsaCurve (openssl: prime256v1). */
  readonly ecdsaCurve: "P256";
}

export interface CaSpec {
  readonly commonName: string;
  readonly organization: string;
  readonly key: KeySpec;
  readonly validityHours: number;
  /** Hours before expiry at which `pulumi up` re-issues the certificate. */
  readonly earlyRenewalHours: number;
  readonly allowedUses: readonly CertUse[];
}

export interface ServerCertSpec {
  readonly commonName: string;
  readonly organization: string;
  /** subjectAltName DNS entries: the network alias, the container name, and `localhost` where a client inside the container or on the host dials it. */
  readonly dnsNames: readonly string[];
  /** subjectAltName IP entries. */
  readonly ipAddresses: readonly string[];
  readonly key: KeySpec;
  readonly validityHours: number;
  readonly earlyRenewalHours: number;
  readonly allowedUses: readonly CertUse[];
}

/** The services that terminate TLS with a certificate of the dev CA. */
export const TLS_SERVICES = ["db", "cache", "objectStore", "proxy"] as const;
export type TlsService = (typeof TLS_SERVICES)[number];

export interface DevPkiSpec {
  readonly ca: CaSpec;
  readonly servers: Readonly<Record<TlsService, ServerCertSpec>>;
}

/** P-256: small, fast, and accepted by PostgreSQL, Redis, nginx, MinIO and Node alike. */
export const DEV_KEY: KeySpec = { algorithm: "ECDSA", ecdsaCurve: "P256" };
/** The CA lives a year; `pulumi up` replaces it in its last 30 days. */
export const CA_VALIDITY_HOURS = 365 * 24;
/** Server certificates live 90 days; `pulumi up` re-issues them in their last 30. */
export const SERVER_VALIDITY_HOURS = 90 * 24;
export const EARLY_RENEWAL_HOURS = 30 * 24;

/** Who, besides its network alias and container name, dials each service (and must find its name in the certificate). */
const EXTRA_NAMES: Readonly<Record<TlsService, { dns: readonly string[]; ip: readonly string[] }>> =
  {
    db: { dns: [], ip: [] },
    // The container's own health check (redis-cli) dials 127.0.0.1.
    cache: { dns: ["localhost"], ip: ["127.0.0.1"] },
    // The container's own bucket set-up (mc) dials https://localhost:9000.
    objectStore: { dns: ["localhost"], ip: [] },
    // The developer's browser dials https://127.0.0.1:<port> or https://localhost:<port>.
    proxy: { dns: ["localhost"], ip: ["127.0.0.1"] },
  };

/** The whole dev PKI of a stack. Pure: the same context gives the same spec. */
export function devPkiSpec(ctx: NameContext): DevPkiSpec {
  const organization = `${ctx.project} ${ctx.environment} (development only)`;
  const server = (service: TlsService): ServerCertSpec => {
    const alias = SERVICE_HOSTS[service];
    return {
      commonName: alias,
      organization,
      dnsNames: [alias, dockerName(ctx, service), ...EXTRA_NAMES[service].dns],
      ipAddresses: [...EXTRA_NAMES[service].ip],
      key: DEV_KEY,
      validityHours: SERVER_VALIDITY_HOURS,
      earlyRenewalHours: EARLY_RENEWAL_HOURS,
      allowedUses: ["digital_signature", "server_auth"],
    };
  };
  return {
    ca: {
      commonName: `${ctx.project} ${ctx.environment} development CA`,
      organization,
      key: DEV_KEY,
      validityHours: CA_VALIDITY_HOURS,
      earlyRenewalHours: EARLY_RENEWAL_HOURS,
      allowedUses: ["cert_signing", "crl_signing", "digital_signature"],
    },
    servers: {
      db: server("db"),
      cache: server("cache"),
      objectStore: server("objectStore"),
      proxy: server("proxy"),
    },
  };
}
