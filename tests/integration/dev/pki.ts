/**
 * Issues the dev PKI with openssl from the same pure spec the Encryption
 * component hands `@pulumi/tls` (lib/dev/certs.ts): same subjects, names,
 * key algorithm, validity and usages. (The tls provider cannot run here:
 * there is no Pulumi engine.) Keys are written 0600 and, when a server user
 * is given, owned by it, as the servers demand.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type {
  CaSpec,
  CertUse,
  DevPkiSpec,
  KeySpec,
  ServerCertSpec,
  TlsService,
} from "../../../lib/dev/certs";
import { requireBinary, SystemUser } from "../../../test-support";

export interface IssuedFiles {
  readonly dir: string;
  readonly certFile: string;
  readonly keyFile: string;
}

export interface DevPki {
  readonly dir: string;
  readonly caFile: string;
  readonly caPem: string;
  /** Issues (once) the server certificate of `service` into a folder owned by `owner`. */
  server(service: TlsService, owner?: SystemUser): IssuedFiles;
}

export function openssl(args: readonly string[], input?: string): string {
  const bin = requireBinary("openssl", "openssl");
  try {
    return execFileSync(bin, [...args], { input, stdio: ["pipe", "pipe", "pipe"] }).toString();
  } catch (err) {
    const e = err as { stderr?: Buffer; stdout?: Buffer };
    throw new Error(
      `openssl ${args.join(" ")} failed: ${e.stderr?.toString().trim() ?? ""} ${e.stdout?.toString().trim() ?? ""}`,
    );
  }
}

function genKey(key: KeySpec, file: string): void {
  if (key.algorithm !== "ECDSA" || key.ecdsaCurve !== "P256")
    throw new Error(`unsupported key ${JSON.stringify(key)}`);
  openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", file]);
  chmodSync(file, 0o600);
}

/** The openssl extensions that `@pulumi/tls` writes for `allowedUses`. */
export function usageExtensions(uses: readonly CertUse[], isCa: boolean): string[] {
  const keyUsage = uses.flatMap((u) =>
    u === "cert_signing"
      ? ["keyCertSign"]
      : u === "crl_signing"
        ? ["cRLSign"]
        : u === "digital_signature"
          ? ["digitalSignature"]
          : [],
  );
  const extended = uses.flatMap((u) => (u === "server_auth" ? ["serverAuth"] : []));
  return [
    `basicConstraints=critical,CA:${isCa ? "TRUE" : "FALSE"}`,
    `keyUsage=critical,${keyUsage.join(",")}`,
    ...(extended.length > 0 ? [`extendedKeyUsage=${extended.join(",")}`] : []),
  ];
}

const subject = (s: { organization: string; commonName: string }) =>
  `/O=${s.organization}/CN=${s.commonName}`;
const days = (hours: number) => String(Math.floor(hours / 24));

function issueCa(ca: CaSpec, dir: string): { certFile: string; keyFile: string } {
  const keyFile = join(dir, "ca.key");
  const certFile = join(dir, "ca.crt");
  genKey(ca.key, keyFile);
  openssl([
    "req",
    "-x509",
    "-new",
    "-key",
    keyFile,
    "-sha256",
    "-days",
    days(ca.validityHours),
    "-subj",
    subject(ca),
    ...usageExtensions(ca.allowedUses, true).flatMap((e) => ["-addext", e]),
    "-addext",
    "subjectKeyIdentifier=hash",
    "-out",
    certFile,
  ]);
  return { certFile, keyFile };
}

function issueServer(
  spec: ServerCertSpec,
  ca: { certFile: string; keyFile: string },
  dir: string,
): IssuedFiles {
  const keyFile = join(dir, "server.key");
  const csrFile = join(dir, "server.csr");
  const certFile = join(dir, "server.crt");
  const extFile = join(dir, "server.ext");
  genKey(spec.key, keyFile);
  const altNames = [
    ...spec.dnsNames.map((d) => `DNS:${d}`),
    ...spec.ipAddresses.map((ip) => `IP:${ip}`),
  ].join(",");
  writeFileSync(
    extFile,
    [...usageExtensions(spec.allowedUses, false), `subjectAltName=${altNames}`, ""].join("\n"),
  );
  openssl(["req", "-new", "-key", keyFile, "-subj", subject(spec), "-out", csrFile]);
  openssl([
    "x509",
    "-req",
    "-in",
    csrFile,
    "-CA",
    ca.certFile,
    "-CAkey",
    ca.keyFile,
    "-CAcreateserial",
    "-sha256",
    "-days",
    days(spec.validityHours),
    "-extfile",
    extFile,
    "-out",
    certFile,
  ]);
  return { dir, certFile, keyFile };
}

/** Creates the CA in a fresh folder; server certificates are issued on demand. */
export function createDevPki(spec: DevPkiSpec): DevPki {
  const dir = mkdtempSync(join(tmpdir(), "platform-dev-pki-"));
  chmodSync(dir, 0o755);
  const caDir = join(dir, "ca");
  mkdirSync(caDir, { mode: 0o700 });
  const ca = issueCa(spec.ca, caDir);
  // The CA certificate is public: servers and clients read it from a world-readable copy.
  const caFile = join(dir, "ca.crt");
  writeFileSync(caFile, readFileSync(ca.certFile), { mode: 0o644 });
  const issued = new Map<TlsService, IssuedFiles>();
  return {
    dir,
    caFile,
    caPem: readFileSync(caFile, "utf8"),
    server(service, owner) {
      const existing = issued.get(service);
      if (existing) return existing;
      const serverDir = join(dir, service);
      mkdirSync(serverDir, { mode: 0o700 });
      const files = issueServer(spec.servers[service], ca, serverDir);
      chmodSync(files.certFile, 0o644);
      if (owner !== undefined) {
        for (const p of [serverDir, files.certFile, files.keyFile])
          chownSync(p, owner.uid, owner.gid);
      }
      issued.set(service, files);
      return files;
    },
  };
}
