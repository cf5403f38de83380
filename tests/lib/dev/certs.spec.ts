import { expect } from "chai";
import { devPkiSpec, TLS_SERVICES } from "../../../lib/dev/certs";
import { dockerName } from "../../../lib/dev/services";

const ctx = { project: "platform", environment: "dev" };

describe("lib/dev/certs", () => {
  const spec = devPkiSpec(ctx);

  it("describes a P-256 CA that lives a year and may only sign", () => {
    expect(spec.ca).to.deep.equal({
      commonName: "platform dev development CA",
      organization: "platform dev (development only)",
      key: { algorithm: "ECDSA", ecdsaCurve: "P256" },
      validityHours: 8760,
      earlyRenewalHours: 720,
      allowedUses: ["cert_signing", "crl_signing", "digital_signature"],
    });
  });

  it("names every TLS service by its network alias and its container name", () => {
    expect(Object.keys(spec.servers)).to.deep.equal([...TLS_SERVICES]);
    expect(spec.servers.db.dnsNames).to.deep.equal(["db", "platform-dev-db"]);
    expect(spec.servers.db.ipAddresses).to.deep.equal([]);
    expect(spec.servers.cache.dnsNames).to.deep.equal(["cache", "platform-dev-cache", "localhost"]);
    expect(spec.servers.cache.ipAddresses).to.deep.equal(["127.0.0.1"]);
    expect(spec.servers.objectStore.dnsNames).to.deep.equal([
      "objectstore",
      "platform-dev-objectstore",
      "localhost",
    ]);
    expect(spec.servers.proxy.dnsNames).to.deep.equal(["proxy", "platform-dev-proxy", "localhost"]);
    expect(spec.servers.proxy.ipAddresses).to.deep.equal(["127.0.0.1"]);
    for (const s of TLS_SERVICES) expect(spec.servers[s].dnsNames).to.include(dockerName(ctx, s));
  });

  it("issues 90-day server certificates for server authentication only", () => {
    for (const s of TLS_SERVICES) {
      expect(spec.servers[s]).to.include({
        validityHours: 2160,
        earlyRenewalHours: 720,
        commonName: spec.servers[s].dnsNames[0],
      });
      expect(spec.servers[s].allowedUses).to.deep.equal(["digital_signature", "server_auth"]);
      expect(spec.servers[s].key).to.deep.equal({ algorithm: "ECDSA", ecdsaCurve: "P256" });
    }
  });
});
