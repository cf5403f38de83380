/**
 * The dev PKI, issued with openssl from the pure spec the stack uses: every
 * server certificate chains to the dev CA, names its service, may only
 * authenticate a server, and its key is 0600 and owned by the server's user.
 */
import { expect } from "chai";
import { rmSync, statSync } from "node:fs";
import { devPkiSpec, TLS_SERVICES, TlsService } from "../../../lib/dev/certs";
import { runningAsRoot, SystemUser, systemUser } from "../../../test-support";
import { createDevPki, DevPki, openssl } from "./pki";

const spec = devPkiSpec({ project: "platform", environment: "dev" });

/** The Debian user that runs each server in these tests (the containers use the image's own). */
function serverUser(service: TlsService): SystemUser | undefined {
  if (!runningAsRoot()) return undefined;
  switch (service) {
    case "db":
      return systemUser("postgres", "postgresql");
    case "cache":
      return systemUser("redis", "redis-server");
    case "proxy":
      return systemUser("www-data", "base-passwd");
    case "objectStore":
      return systemUser("nobody", "base-passwd");
  }
}

describe("dev PKI (openssl, from lib/dev/certs.ts)", function () {
  let pki: DevPki;
  before(() => {
    pki = createDevPki(spec);
  });
  after(() => rmSync(pki.dir, { recursive: true, force: true }));

  it("makes a CA certificate that may sign and nothing else", () => {
    const text = openssl(["x509", "-in", pki.caFile, "-noout", "-text"]);
    expect(text).to.match(/CA:TRUE/);
    expect(text).to.match(/Certificate Sign, CRL Sign/);
    expect(text).to.include(
      "Subject: O = platform dev (development only), CN = platform dev development CA",
    );
    expect(text).to.include("ASN1 OID: prime256v1");
  });

  for (const service of TLS_SERVICES) {
    describe(service, () => {
      it("chains to the dev CA", () => {
        const files = pki.server(service, serverUser(service));
        expect(
          openssl([
            "verify",
            "-CAfile",
            pki.caFile,
            "-purpose",
            "sslserver",
            files.certFile,
          ]).trim(),
        ).to.equal(`${files.certFile}: OK`);
      });

      it("carries exactly the service's names", () => {
        const files = pki.server(service, serverUser(service));
        const san = openssl(["x509", "-in", files.certFile, "-noout", "-ext", "subjectAltName"]);
        const names = san.split("\n")[1].trim().split(", ").sort();
        const expected = [
          ...spec.servers[service].dnsNames.map((d) => `DNS:${d}`),
          ...spec.servers[service].ipAddresses.map((ip) => `IP Address:${ip}`),
        ].sort();
        expect(names).to.deep.equal(expected);
        const subject = openssl(["x509", "-in", files.certFile, "-noout", "-subject"]).trim();
        expect(subject).to.equal(
          `subject=O = platform dev (development only), CN = ${spec.servers[service].commonName}`,
        );
      });

      it("authenticates servers only, for the spec's validity", () => {
        const files = pki.server(service, serverUser(service));
        const text = openssl(["x509", "-in", files.certFile, "-noout", "-text"]);
        expect(text).to.match(/CA:FALSE/);
        expect(text).to.match(/X509v3 Extended Key Usage: \n\s+TLS Web Server Authentication\n/);
        const start = Date.parse(
          openssl(["x509", "-in", files.certFile, "-noout", "-startdate"]).split("=")[1],
        );
        const end = Date.parse(
          openssl(["x509", "-in", files.certFile, "-noout", "-enddate"]).split("=")[1],
        );
        expect(Math.round((end - start) / 3_600_000)).to.equal(spec.servers[service].validityHours);
      });

      it("keeps the key 0600 and owned by the server's user", () => {
        const owner = serverUser(service);
        const files = pki.server(service, owner);
        const st = statSync(files.keyFile);
        expect((st.mode & 0o777).toString(8)).to.equal("600");
        if (owner !== undefined) expect([st.uid, st.gid]).to.deep.equal([owner.uid, owner.gid]);
      });
    });
  }
});
