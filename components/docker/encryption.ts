/**
 * Encryption (Docker): a development certificate authority made with
 * `@pulumi/tls` (its key and certificate live in the stack's state, the key
 * as a secret) and a server certificate, signed by it, for every service that
 * speaks TLS. Subjects, names, algorithm, validity and usages come from the
 * pure spec in lib/dev/certs.ts, which the integration tests also use.
 * Developers trust the CA (`pulumi stack output devCaCertificate`) instead
 * of a public one; nothing here is valid outside the laptop.
 */
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { devPkiSpec, TLS_SERVICES, TlsService } from "../../lib/dev/certs";
import { NameContext } from "../../lib/naming";
import { COMPONENT_TYPES } from "../contracts";

export interface EncryptionArgs {
  /** Naming context (project, environment). */
  readonly naming: NameContext;
}

/** A server's certificate and key, PEM. */
export interface ServerCertificate {
  readonly certPem: pulumi.Output<string>;
  /** Secret. */
  readonly privateKeyPem: pulumi.Output<string>;
}

export class Encryption extends pulumi.ComponentResource {
  /** The dev CA's certificate (PEM): what clients trust (CA_BUNDLE_FILE). */
  public readonly caCertPem: pulumi.Output<string>;
  public readonly servers: Readonly<Record<TlsService, ServerCertificate>>;

  constructor(name: string, args: EncryptionArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.Encryption, name, {}, opts);
    const spec = devPkiSpec(args.naming);

    const caKey = new tls.PrivateKey(
      `${name}-ca-key`,
      { algorithm: spec.ca.key.algorithm, ecdsaCurve: spec.ca.key.ecdsaCurve },
      { parent: this },
    );
    // The provider marks the key secret; say so here too, so no runtime can show it.
    const caKeyPem = pulumi.secret(caKey.privateKeyPem);
    const ca = new tls.SelfSignedCert(
      `${name}-ca`,
      {
        privateKeyPem: caKeyPem,
        isCaCertificate: true,
        subject: { commonName: spec.ca.commonName, organization: spec.ca.organization },
        validityPeriodHours: spec.ca.validityHours,
        earlyRenewalHours: spec.ca.earlyRenewalHours,
        allowedUses: [...spec.ca.allowedUses],
        setSubjectKeyId: true,
      },
      { parent: this },
    );

    const issue = (service: TlsService): ServerCertificate => {
      const s = spec.servers[service];
      const key = new tls.PrivateKey(
        `${name}-${service}-key`,
        { algorithm: s.key.algorithm, ecdsaCurve: s.key.ecdsaCurve },
        { parent: this },
      );
      const privateKeyPem = pulumi.secret(key.privateKeyPem);
      const csr = new tls.CertRequest(
        `${name}-${service}-csr`,
        {
          privateKeyPem,
          subject: { commonName: s.commonName, organization: s.organization },
          dnsNames: [...s.dnsNames],
          ipAddresses: [...s.ipAddresses],
        },
        { parent: this },
      );
      const cert = new tls.LocallySignedCert(
        `${name}-${service}-cert`,
        {
          certRequestPem: csr.certRequestPem,
          caPrivateKeyPem: caKeyPem,
          caCertPem: ca.certPem,
          validityPeriodHours: s.validityHours,
          earlyRenewalHours: s.earlyRenewalHours,
          allowedUses: [...s.allowedUses],
        },
        { parent: this },
      );
      return { certPem: cert.certPem, privateKeyPem };
    };

    this.caCertPem = ca.certPem;
    this.servers = Object.fromEntries(TLS_SERVICES.map((s) => [s, issue(s)])) as Record<
      TlsService,
      ServerCertificate
    >;
    this.registerOutputs({ caCertPem: this.caCertPem });
  }
}
