/**
 * Client-side probes the dev integration tests point at real servers: TLS
 * handshakes of one protocol version through `openssl s_client`, and a
 * minimal Redis (RESP) client over TCP or TLS.
 */
import { execFile } from "node:child_process";
import { connect as netConnect, Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { requireBinary } from "../../../test-support";

export type TlsVersionFlag = "tls1" | "tls1_1" | "tls1_2" | "tls1_3";

export interface HandshakeResult {
  /** True when the handshake completed and the certificate verified. */
  readonly ok: boolean;
  /** The negotiated protocol (e.g. TLSv1.2) when ok. */
  readonly protocol?: string;
  readonly output: string;
}

/**
 * One handshake forcing `version`. The client's security level is lowered to
 * 0 (`DEFAULT:@SECLEVEL=0`) so that Debian's OpenSSL does not refuse TLS 1.0
 * and 1.1 by itself: a refusal observed here is the server's.
 */
export function handshake(
  port: number,
  version: TlsVersionFlag,
  caFile: string,
  servername: string,
): Promise<HandshakeResult> {
  const bin = requireBinary("openssl", "openssl");
  return new Promise((resolve) => {
    execFile(
      bin,
      [
        "s_client",
        "-connect",
        `127.0.0.1:${port}`,
        "-servername",
        servername,
        "-CAfile",
        caFile,
        "-verify_return_error",
        `-${version}`,
        "-cipher",
        "DEFAULT:@SECLEVEL=0",
        "-brief",
      ],
      { timeout: 15_000 },
      (err, stdout, stderr) => {
        const output = `${stdout}\n${stderr}`;
        const m = /Protocol version: (\S+)/.exec(output);
        const verified = /Verification: OK/.test(output);
        resolve({ ok: err === null && m !== null && verified, protocol: m?.[1], output });
      },
    ).stdin?.end();
  });
}

export type RespReply = string | number | null | Error;

/** Parses complete RESP replies from `buf`; returns them and the unparsed rest. */
function parseReplies(buf: string): { replies: RespReply[]; rest: string } {
  const replies: RespReply[] = [];
  let rest = buf;
  for (;;) {
    const end = rest.indexOf("\r\n");
    if (end < 0) break;
    const type = rest[0];
    const line = rest.slice(1, end);
    if (type === "+") replies.push(line);
    else if (type === "-") replies.push(new Error(line));
    else if (type === ":") replies.push(Number(line));
    else if (type === "$") {
      const len = Number(line);
      if (len < 0) replies.push(null);
      else {
        if (rest.length < end + 2 + len + 2) break;
        replies.push(rest.slice(end + 2, end + 2 + len));
        rest = rest.slice(end + 2 + len + 2);
        continue;
      }
    } else throw new Error(`unexpected RESP reply: ${JSON.stringify(rest.slice(0, 40))}`);
    rest = rest.slice(end + 2);
  }
  return { replies, rest };
}

function encode(command: readonly string[]): string {
  return `*${command.length}\r\n${command.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`;
}

export interface RedisProbeOptions {
  readonly port: number;
  /** Speak TLS, trusting `ca` and checking the certificate against `servername`. */
  readonly tls?: { readonly ca: string; readonly servername: string };
  readonly timeoutMs?: number;
}

/**
 * Sends `commands` and collects one reply per command, or rejects with what
 * went wrong (connection closed, TLS error, timeout) and what was received.
 */
export function redis(
  options: RedisProbeOptions,
  commands: readonly (readonly string[])[],
): Promise<RespReply[]> {
  return new Promise((resolve, reject) => {
    let received = "";
    let replies: RespReply[] = [];
    let settled = false;
    const socket: Socket =
      options.tls === undefined
        ? netConnect({ host: "127.0.0.1", port: options.port })
        : tlsConnect({
            host: "127.0.0.1",
            port: options.port,
            ca: options.tls.ca,
            servername: options.tls.servername,
            rejectUnauthorized: true,
          });
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err)
        reject(new Error(`${err.message} (received ${JSON.stringify(received.slice(0, 200))})`));
      else resolve(replies);
    };
    const timer = setTimeout(() => finish(new Error("timed out")), options.timeoutMs ?? 5000);
    socket.once(options.tls === undefined ? "connect" : "secureConnect", () => {
      socket.write(commands.map(encode).join(""));
    });
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("utf8");
      try {
        const parsed = parseReplies(received);
        replies = parsed.replies;
        if (replies.length >= commands.length) finish();
      } catch (e) {
        finish(e as Error);
      }
    });
    socket.once("error", (e) => finish(e));
    socket.once("close", () => finish(new Error("connection closed")));
  });
}
