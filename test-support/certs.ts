import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireBinary } from "./binaries";

/** A throwaway certificate authority for one test run. */
export interface DevCa {
  /** Folder holding every file of this CA and the certificates it issues. */
  readonly dir: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** The CA certificate, PEM. */
  readonly certPem: string;
}

/** A key pair and certificate issued by a DevCa. */
export interface IssuedCert {
  readonly certFile: string;
  readonly keyFile: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** The issuing CA's certificate file (the bundle clients should trust). */
  readonly caFile: string;
}

export interface IssueOptions {
  /** Base name of the files written (`<name>.crt`, `<name>.key`). */
  readonly name: string;
  /** Subject common name. @default the first DNS name, or the name */
  readonly commonName?: string;
  /** subjectAltName DNS entries. @default ["localhost"] */
  readonly dnsNames?: readonly string[];
  /** subjectAltName IP entries. @default ["127.0.0.1"] */
  readonly ipAddresses?: readonly string[];
  /** "server" (serverAuth) or "client" (clientAuth). @default "server" */
  readonly usage?: "server" | "client";
  /** Validity in days (at least 1). @default 2 */
  readonly days?: number;
}

function openssl(args: readonly string[], cwd: string): void {
  const bin = requireBinary("openssl", "openssl");
  try {
    execFileSync(bin, [...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? "";
    throw new Error(`openssl ${args.join(" ")} failed: ${stderr.trim()}`);
  }
}

/** Creates a new CA (EC P-256 key, CA:TRUE, keyCertSign) in a fresh temporary folder, or in `dir`. */
export function createDevCa({
  dir,
  commonName = "platform test CA",
}: { dir?: string; commonName?: string } = {}): DevCa {
  const folder = dir ?? mkdtempSync(join(tmpdir(), "platform-ca-"));
  const certFile = join(folder, "ca.crt");
  const keyFile = join(folder, "ca.key");
  openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", keyFile], folder);
  openssl(
    [
      "req",
      "-x509",
      "-new",
      "-key",
      keyFile,
      "-sha256",
      "-days",
      "3",
      "-out",
      certFile,
      "-subj",
      `/CN=${commonName}`,
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    ],
    folder,
  );
  return { dir: folder, certFile, keyFile, certPem: readFileSync(certFile, "utf8") };
}

/** Issues a certificate signed by `ca` for the given names and addresses. */
export function issueCert(ca: DevCa, options: IssueOptions): IssuedCert {
  const dnsNames = options.dnsNames ?? ["localhost"];
  const ipAddresses = options.ipAddresses ?? ["127.0.0.1"];
  const commonName = options.commonName ?? dnsNames[0] ?? options.name;
  const days = options.days ?? 2;
  if (!Number.isInteger(days) || days < 1)
    throw new Error(`issueCert: days must be a whole number >= 1, got ${days}`);
  const keyFile = join(ca.dir, `${options.name}.key`);
  const csrFile = join(ca.dir, `${options.name}.csr`);
  const certFile = join(ca.dir, `${options.name}.crt`);
  const extFile = join(ca.dir, `${options.name}.ext`);
  const altNames = [
    ...dnsNames.map((d) => `DNS:${d}`),
    ...ipAddresses.map((ip) => `IP:${ip}`),
  ].join(",");
  const extendedKeyUsage = (options.usage ?? "server") === "server" ? "serverAuth" : "clientAuth";
  writeFileSync(
    extFile,
    [
      "basicConstraints=critical,CA:FALSE",
      "keyUsage=critical,digitalSignature,keyEncipherment",
      `extendedKeyUsage=${extendedKeyUsage}`,
      ...(altNames === "" ? [] : [`subjectAltName=${altNames}`]),
      "",
    ].join("\n"),
  );
  openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", keyFile], ca.dir);
  openssl(["req", "-new", "-key", keyFile, "-subj", `/CN=${commonName}`, "-out", csrFile], ca.dir);
  openssl(
    [
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
      String(days),
      "-extfile",
      extFile,
      "-out",
      certFile,
    ],
    ca.dir,
  );
  return {
    certFile,
    keyFile,
    certPem: readFileSync(certFile, "utf8"),
    keyPem: readFileSync(keyFile, "utf8"),
    caFile: ca.certFile,
  };
}
