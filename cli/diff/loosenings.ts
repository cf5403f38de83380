/**
 * Which changes loosen encryption, TLS or public exposure: what `platform
 * diff` rates critical beside deleting or replacing a stateful resource
 * (./rules.ts).
 */
import { isTlsOnlyPolicy, TLS12_SSL_POLICIES } from "../../policy-pack/lib/vocabulary";
import { Resource } from "../core/resource";
import { T } from "../../policy-pack/lib/types";

const OPEN_CIDRS = new Set(["0.0.0.0/0", "::/0"]);

function parseJson(v: unknown): unknown {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

function statements(policy: unknown): Record<string, unknown>[] {
  const doc = parseJson(policy) as { Statement?: unknown } | undefined;
  const s = doc?.Statement;
  return Array.isArray(s)
    ? (s as Record<string, unknown>[])
    : s && typeof s === "object"
      ? [s as Record<string, unknown>]
      : [];
}

/** A Deny statement conditioned on `aws:SecureTransport` being false (the pack's own check). */
export const deniesInsecureTransport = isTlsOnlyPolicy;

/** A Deny statement on `s3:TlsVersion` below 1.2. */
export function deniesOldTls(policy: unknown): boolean {
  return statements(policy).some((s) => {
    const lt = (s.Condition as { NumericLessThan?: Record<string, unknown> } | undefined)
      ?.NumericLessThan;
    return s.Effect === "Deny" && lt !== undefined && Number(lt["s3:TlsVersion"]) >= 1.2;
  });
}

function parameter(props: Resource["props"], name: string): string | undefined {
  const list = Array.isArray(props.parameters)
    ? (props.parameters as { name?: string; value?: unknown }[])
    : [];
  const p = list.find((x) => x.name === name);
  return p === undefined ? undefined : String(p.value);
}

/** Does an ALB/NLB listener serve plaintext (HTTP/TCP with a forward rather than a redirect)? */
function servesPlaintext(props: Resource["props"]): boolean {
  const protocol = String(props.protocol ?? "");
  if (protocol !== "HTTP" && protocol !== "TCP") return false;
  const actions = Array.isArray(props.defaultActions)
    ? (props.defaultActions as { type?: string }[])
    : [];
  return actions.some((a) => a.type !== "redirect" && a.type !== "fixed-response");
}

function ingressOpenToWorld(props: Resource["props"]): boolean {
  if (OPEN_CIDRS.has(String(props.cidrIpv4 ?? "")) || OPEN_CIDRS.has(String(props.cidrIpv6 ?? "")))
    return true;
  const inline = Array.isArray(props.ingress)
    ? (props.ingress as { cidrBlocks?: unknown; ipv6CidrBlocks?: unknown }[])
    : [];
  return inline.some((i) =>
    [
      ...(Array.isArray(i.cidrBlocks) ? i.cidrBlocks : []),
      ...(Array.isArray(i.ipv6CidrBlocks) ? i.ipv6CidrBlocks : []),
    ].some((c) => OPEN_CIDRS.has(String(c))),
  );
}

const KEY_INPUT =
  /^(kmsKeyId|kmsKeyArn|kmsMasterKeyId|performanceInsightsKmsKeyId|masterUserSecretKmsKeyId)$/;
const ENCRYPTION_FLAG =
  /^(storageEncrypted|atRestEncryptionEnabled|transitEncryptionEnabled|encrypted|enableKeyRotation)$/;
const PUBLIC_FLAG =
  /^(publiclyAccessible|mapPublicIpOnLaunch|assignPublicIp|associatePublicIpAddress)$/;
const BLOCK_FLAG = /^(blockPublicAcls|blockPublicPolicy|ignorePublicAcls|restrictPublicBuckets)$/;

const present = (v: unknown) => v !== undefined && v !== null && v !== "";

/**
 * How `after` loosens encryption, TLS or public exposure compared with
 * `before` (pass `before` undefined for a new resource, judged against a
 * secure baseline). Each finding is one short sentence.
 */
export function loosenings(
  type: string,
  before: Resource["props"] | undefined,
  after: Resource["props"],
): string[] {
  const b = before ?? {};
  const found: string[] = [];
  const isNew = before === undefined;

  // Generic: leaf inputs anywhere in the resource's top level and nested objects.
  const walk = (x: Record<string, unknown>, y: Record<string, unknown>, prefix: string) => {
    for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
      const path = prefix ? `${prefix}.${key}` : key;
      const bv = x[key];
      const av = y[key];
      if (KEY_INPUT.test(key) && present(bv) && !present(av))
        found.push(`encryption key ${path} removed`);
      if (ENCRYPTION_FLAG.test(key) && bv === true && av !== true) found.push(`${path} turned off`);
      if (PUBLIC_FLAG.test(key) && bv !== true && av === true)
        found.push(`${path} turned on: public exposure`);
      if (BLOCK_FLAG.test(key) && bv === true && av !== true && !isNew)
        found.push(`public access block ${path} turned off`);
      if (key === "transitEncryptionMode" && bv === "required" && present(av) && av !== "required")
        found.push(`${path} relaxed to ${String(av)}`);
      if (
        key === "sseAlgorithm" &&
        String(bv).startsWith("aws:kms") &&
        present(av) &&
        !String(av).startsWith("aws:kms")
      ) {
        found.push(
          `${path} changed from ${String(bv)} to ${String(av)}: the customer-managed key no longer protects objects`,
        );
      }
      const isObj = (v: unknown): v is Record<string, unknown> =>
        v !== null && typeof v === "object" && !Array.isArray(v);
      if (isObj(bv) || isObj(av)) {
        walk(isObj(bv) ? bv : {}, isObj(av) ? av : {}, path);
      } else if (Array.isArray(bv) || Array.isArray(av)) {
        const xs = Array.isArray(bv) ? bv : [];
        const ys = Array.isArray(av) ? av : [];
        for (let i = 0; i < Math.max(xs.length, ys.length); i++) {
          if (isObj(xs[i]) || isObj(ys[i]))
            walk(isObj(xs[i]) ? xs[i] : {}, isObj(ys[i]) ? ys[i] : {}, `${path}[${i}]`);
        }
      }
    }
  };
  walk(b, after, "");

  switch (type) {
    case T.rdsInstance:
      if (isNew && after.storageEncrypted !== true)
        found.push("storageEncrypted is not true: the database is unencrypted");
      break;
    case T.replicationGroup:
      if (isNew && after.atRestEncryptionEnabled !== true)
        found.push("atRestEncryptionEnabled is not true");
      if (isNew && after.transitEncryptionEnabled !== true)
        found.push("transitEncryptionEnabled is not true: Redis without TLS");
      break;
    case T.bucketPublicAccessBlock:
      if (isNew)
        for (const f of [
          "blockPublicAcls",
          "blockPublicPolicy",
          "ignorePublicAcls",
          "restrictPublicBuckets",
        ])
          if (after[f] !== true) found.push(`public access block ${f} is not true`);
      break;
    case T.bucketPolicy:
      if (!isNew && deniesInsecureTransport(b.policy) && !deniesInsecureTransport(after.policy))
        found.push("the bucket policy no longer denies requests without TLS (aws:SecureTransport)");
      if (!isNew && deniesOldTls(b.policy) && !deniesOldTls(after.policy))
        found.push("the bucket policy no longer denies TLS older than 1.2");
      break;
    case T.lbListener:
    case T.albListener: {
      const bp = String(b.protocol ?? "");
      const ap = String(after.protocol ?? "");
      if ((bp === "HTTPS" && ap === "HTTP") || (bp === "TLS" && ap === "TCP"))
        found.push(`listener protocol ${bp} → ${ap}: plaintext`);
      else if (servesPlaintext(after) && (isNew || !servesPlaintext(b)))
        found.push(`listener serves ${ap} without redirecting to HTTPS`);
      if (
        (ap === "HTTPS" || ap === "TLS") &&
        typeof after.sslPolicy === "string" &&
        !TLS12_SSL_POLICIES.includes(after.sslPolicy) &&
        (isNew || b.sslPolicy !== after.sslPolicy)
      ) {
        found.push(`sslPolicy ${after.sslPolicy} allows TLS older than 1.2`);
      }
      break;
    }
    case T.lb:
      if (!isNew && b.internal === true && after.internal !== true)
        found.push("the load balancer becomes internet-facing");
      break;
    case T.rdsParameterGroup: {
      if (parameter(b, "rds.force_ssl") === "1" && parameter(after, "rds.force_ssl") !== "1")
        found.push("rds.force_ssl no longer 1: plaintext connections accepted");
      const bt = parameter(b, "ssl_min_protocol_version");
      const at = parameter(after, "ssl_min_protocol_version");
      if (bt !== undefined && (at === undefined || at < bt))
        found.push(`ssl_min_protocol_version ${bt} → ${at ?? "(default)"}`);
      break;
    }
    case T.securityGroupIngressRule:
    case T.securityGroup:
    case T.securityGroupRule: {
      const isIngress = type !== T.securityGroupRule || after.type === "ingress";
      const open =
        isIngress &&
        (ingressOpenToWorld(after) ||
          (type === T.securityGroupRule &&
            Array.isArray(after.cidrBlocks) &&
            after.cidrBlocks.some((c) => OPEN_CIDRS.has(String(c)))));
      const wasOpen =
        !isNew &&
        (ingressOpenToWorld(b) ||
          (Array.isArray(b.cidrBlocks) && b.cidrBlocks.some((c) => OPEN_CIDRS.has(String(c)))));
      if (open && !wasOpen) {
        const ports = `${after.fromPort ?? "?"}${after.toPort !== after.fromPort ? `-${after.toPort}` : ""}`;
        if (
          isNew &&
          (after.fromPort === 443 || after.fromPort === 80) &&
          after.toPort === after.fromPort
        )
          break; // judged high, below
        found.push(`ingress from anywhere (0.0.0.0/0 or ::/0) on port ${ports}`);
      }
      break;
    }
  }
  return found;
}

/** A new rule opening HTTP(S) to the world: expected for a load balancer, but worth a look. */
export function opensWebPortsToWorld(type: string, after: Resource["props"]): boolean {
  return (
    type === T.securityGroupIngressRule &&
    ingressOpenToWorld(after) &&
    (after.fromPort === 443 || after.fromPort === 80) &&
    after.toPort === after.fromPort
  );
}

/** What deleting a resource of this type loosens (its protection goes with it). */
export function removalLoosens(type: string, props: Resource["props"]): string | undefined {
  switch (type) {
    case T.bucketPublicAccessBlock:
      return "removing the public access block lets the bucket be made public";
    case T.bucketSse:
      return "removing SSE-KMS leaves new objects under S3-managed keys only";
    case T.bucketPolicy:
      return deniesInsecureTransport(props.policy)
        ? "removing the bucket policy drops its deny of requests without TLS"
        : undefined;
    case T.rdsParameterGroup:
      return parameter(props, "rds.force_ssl") === "1"
        ? "removing the parameter group drops rds.force_ssl=1"
        : undefined;
    default:
      return undefined;
  }
}
