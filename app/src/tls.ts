import { rootCertificates } from "node:tls";
import type { CaBundle } from "./config";

/**
 * The certificates a TLS client of the app trusts: Node's default roots, plus the
 * CA_BUNDLE_FILE bundle when set. Adding rather than replacing lets one bundle (the dev CA,
 * or the RDS bundle on AWS) sit beside the public roots that ElastiCache and S3 use.
 * undefined means "Node's default store".
 */
export function trustedCas(caBundle: CaBundle | undefined): string[] | undefined {
  if (caBundle === undefined) return undefined;
  return [...rootCertificates, caBundle.pem];
}
