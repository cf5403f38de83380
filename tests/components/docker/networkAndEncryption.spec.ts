/**
 * Network, Encryption and Secrets (Docker): exact inputs of the bridge
 * networks, of the dev CA and of every server certificate (from the pure
 * spec), and secrets that never appear in clear text.
 */
import { expect } from "chai";
import type { SynthDocument } from "../../../cli/core/resource";
import { devPkiSpec, TLS_SERVICES } from "../../../lib/dev/certs";
import { DEV_LABELS, devStack, labelsOf, named } from "./support";

describe("Network (Docker)", () => {
  let doc: SynthDocument;
  before(async () => {
    doc = await devStack();
  });

  it("creates the edge bridge and the internal app and data bridges, labelled", () => {
    for (const [role, internal] of [
      ["edge", false],
      ["app", true],
      ["data", true],
    ] as const) {
      const n = named(doc, `platform-network-${role}`);
      expect(n.parent).to.equal(named(doc, "platform-network").urn);
      expect(n.props).to.deep.include({
        name: `platform-dev-net-${role}`,
        driver: "bridge",
        internal,
        attachable: false,
      });
      expect(labelsOf(n)).to.deep.equal({ ...DEV_LABELS, "platform.network": role });
    }
  });
});

describe("Encryption (Docker)", () => {
  let doc: SynthDocument;
  const spec = devPkiSpec({ project: "platform", environment: "dev" });
  before(async () => {
    doc = await devStack();
  });

  it("makes a development CA from the spec, its key a secret", () => {
    expect(named(doc, "platform-encryption-ca-key").props).to.deep.equal({
      algorithm: "ECDSA",
      ecdsaCurve: "P256",
    });
    expect(named(doc, "platform-encryption-ca").props).to.deep.equal({
      privateKeyPem: "[secret]",
      isCaCertificate: true,
      subject: { commonName: spec.ca.commonName, organization: spec.ca.organization },
      validityPeriodHours: spec.ca.validityHours,
      earlyRenewalHours: spec.ca.earlyRenewalHours,
      allowedUses: [...spec.ca.allowedUses],
      setSubjectKeyId: true,
    });
  });

  for (const service of TLS_SERVICES) {
    it(`signs ${service}'s certificate for exactly the spec's names`, () => {
      const s = spec.servers[service];
      expect(named(doc, `platform-encryption-${service}-key`).props).to.deep.equal({
        algorithm: "ECDSA",
        ecdsaCurve: "P256",
      });
      expect(named(doc, `platform-encryption-${service}-csr`).props).to.deep.equal({
        privateKeyPem: "[secret]",
        subject: { commonName: s.commonName, organization: s.organization },
        dnsNames: [...s.dnsNames],
        ipAddresses: [...s.ipAddresses],
      });
      expect(named(doc, `platform-encryption-${service}-cert`).props).to.deep.equal({
        certRequestPem: `mock csr of platform-encryption-${service}-csr`,
        caPrivateKeyPem: "[secret]",
        caCertPem:
          "-----BEGIN CERTIFICATE-----\nmock certificate of platform-encryption-ca\n-----END CERTIFICATE-----\n",
        validityPeriodHours: s.validityHours,
        earlyRenewalHours: s.earlyRenewalHours,
        allowedUses: [...s.allowedUses],
      });
    });
  }
});

describe("Secrets (Docker)", () => {
  let doc: SynthDocument;
  before(async () => {
    doc = await devStack();
  });

  it("generates APP_SECRET_KEY with random and keeps it out of every variable", () => {
    expect(named(doc, "platform-secrets-app-secret-key").props).to.deep.equal({
      length: 64,
      special: false,
    });
    for (const c of doc.resources.filter((r) => Array.isArray(r.props.envs))) {
      for (const e of c.props.envs as string[])
        expect(e, c.name).to.not.match(
          /^(APP_SECRET_KEY|DATABASE_PASSWORD|REDIS_URL|AWS_SECRET_ACCESS_KEY|WEBHOOK_TOKEN)=/,
        );
    }
  });
});
