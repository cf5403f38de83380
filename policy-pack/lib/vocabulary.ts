/**
 * The platform's vocabulary, written once and read by the program
 * (config/, components/), the pack, `platform cost` and `platform diff`: the
 * environments, the TLS policies allowed on load balancers, and what counts
 * as a bucket policy that denies insecure transport.
 */
import { asRecord, parseJson } from "./values";

/** Every environment a stack can be; `pr-<N>` stacks are `preview`. */
export const ENVIRONMENTS = ["dev", "staging", "prod", "preview"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** ELB security policies that allow TLS 1.2 and later only. */
export const TLS12_SSL_POLICIES: readonly string[] = [
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
  "ELBSecurityPolicy-FS-1-2-Res-2020-10",
  "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
];

/** The policy the platform's own HTTPS listeners use (one of TLS12_SSL_POLICIES). */
export const DEFAULT_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** Whether an IAM condition block denies requests that are not over TLS (`Bool: { aws:SecureTransport: "false" }`). */
function deniesInsecureTransport(condition: unknown): boolean {
  const c = asRecord(condition);
  if (!c) return false;
  return Object.keys(c).some((op) => {
    if (!/^bool(ifexists)?$/i.test(op)) return false;
    const keys = asRecord(c[op]) ?? {};
    return Object.keys(keys).some((k) => {
      if (k.toLowerCase() !== "aws:securetransport") return false;
      const v = keys[k];
      const values = Array.isArray(v) ? v : [v];
      return values.some((x) => x === false || String(x).toLowerCase() === "false");
    });
  });
}

/**
 * Whether a bucket policy document (JSON string or object) has a Deny
 * statement on aws:SecureTransport = false. A document that is the secret
 * placeholder throws SecretValueError naming `where`.
 */
export function isTlsOnlyPolicy(document: unknown, where?: string): boolean {
  const doc = asRecord(parseJson(document, where));
  if (!doc) return false;
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return statements.some((s) => {
    const st = asRecord(s);
    return st?.Effect === "Deny" && deniesInsecureTransport(st.Condition);
  });
}
