import { connect, SecureVersion } from "node:tls";
import { LOOPBACK } from "./ports";

export interface TlsProbeOptions {
  readonly port: number;
  readonly host?: string;
  /** PEM CA certificates to trust; without it, Node's default store. */
  readonly ca?: string | readonly string[];
  /** SNI and the name checked against the certificate. @default no SNI, the IP is checked */
  readonly servername?: string;
  readonly minVersion?: SecureVersion;
  readonly maxVersion?: SecureVersion;
  /** @default 3000 */
  readonly timeoutMs?: number;
}

export type TlsProbeResult =
  | { readonly ok: true; readonly protocol: string; readonly authorized: boolean }
  | { readonly ok: false; readonly error: string };

/** Tries a TLS handshake (certificate verified) and reports the negotiated protocol or the error. */
export function tlsProbe(options: TlsProbeOptions): Promise<TlsProbeResult> {
  return new Promise((resolve) => {
    const socket = connect({
      host: options.host ?? LOOPBACK,
      port: options.port,
      ca:
        options.ca === undefined
          ? undefined
          : typeof options.ca === "string"
            ? options.ca
            : [...options.ca],
      servername: options.servername,
      minVersion: options.minVersion,
      maxVersion: options.maxVersion,
      rejectUnauthorized: true,
    });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ok: false, error: `timed out after ${options.timeoutMs ?? 3000} ms` });
    }, options.timeoutMs ?? 3000);
    socket.once("secureConnect", () => {
      clearTimeout(timer);
      const protocol = socket.getProtocol() ?? "unknown";
      socket.end();
      resolve({ ok: true, protocol, authorized: socket.authorized });
    });
    socket.once("error", (err) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ok: false, error: err.message });
    });
  });
}
