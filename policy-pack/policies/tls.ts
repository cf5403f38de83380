/**
 * Encryption in transit: every endpoint the platform exposes or uses speaks
 * TLS 1.2+ only, and plaintext is refused or redirected. Mandatory; a resource
 * may be exempted through the policy config (with a reason and an expiry).
 */
import { resourcePolicy, stackPolicy } from "../lib/define";
import { bucketLabel, bucketSidesPolicy, eachKnown, linkedTargets, Pending } from "../lib/stack";
import { LISTENERS, T } from "../lib/types";
import {
  asArray,
  asRecord,
  inspectable,
  isOneOf,
  isSet,
  isTrue,
  show,
  someKnown,
} from "../lib/values";
import { isTlsOnlyPolicy, TLS12_SSL_POLICIES } from "../lib/vocabulary";

export { isTlsOnlyPolicy, TLS12_SSL_POLICIES } from "../lib/vocabulary";

export const lbListenerTls = resourcePolicy<{ allowedSslPolicies: string[] }>({
  name: "lb-listener-tls",
  description:
    "Load balancer listeners serve HTTPS/TLS with a TLS 1.2+ security policy; an HTTP listener may only redirect to HTTPS.",
  enforcementLevel: "mandatory",
  group: "tls",
  exemptable: true,
  resourceTypes: LISTENERS,
  config: {
    allowedSslPolicies: {
      type: "array",
      items: { type: "string" },
      default: TLS12_SSL_POLICIES,
      description:
        "ELB security policies accepted on HTTPS/TLS listeners (TLS 1.2 and later only).",
    },
  },
  remediation:
    'Use `protocol: "HTTPS"` (or "TLS") with `sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06"` and a certificate; for port 80 use `protocol: "HTTP"` with a single default action `{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }`.',
  validate: ({ props }, report, config) => {
    const protocol = String(inspectable(props.protocol, "protocol") ?? "HTTP").toUpperCase();
    if (protocol === "HTTPS" || protocol === "TLS") {
      const policy = props.sslPolicy;
      if (!isSet(policy)) {
        report(
          `${protocol} listener has no sslPolicy (the AWS default allows TLS 1.0); set sslPolicy to one of ${config.allowedSslPolicies.join(", ")}`,
        );
      } else if (!isOneOf(policy, config.allowedSslPolicies, "sslPolicy")) {
        report(
          `sslPolicy ${policy} is not a TLS 1.2+ policy; use one of ${config.allowedSslPolicies.join(", ")}`,
        );
      }
      return;
    }
    if (protocol === "HTTP") {
      const actions = asArray(props.defaultActions, "defaultActions").map(
        (a) => asRecord(a, "defaultActions[]") ?? {},
      );
      const plaintext = actions.filter(
        (a) =>
          !(
            isOneOf(a.type, ["redirect"], "defaultActions[].type") &&
            String(
              inspectable(
                asRecord(a.redirect, "defaultActions[].redirect")?.protocol,
                "defaultActions[].redirect.protocol",
              ) ?? "",
            ).toUpperCase() === "HTTPS"
          ),
      );
      if (actions.length === 0 || plaintext.length > 0) {
        report(
          `HTTP listener on port ${show(props.port)} serves plaintext (default actions: ${show(actions.map((a) => a.type))}); it may only redirect to HTTPS`,
        );
      }
      return;
    }
    report(
      `protocol ${protocol} carries plaintext; use HTTPS (application load balancer) or TLS (network load balancer)`,
    );
  },
});

/**
 * Whether a parameter list sets `rds.force_ssl` to 1. An entry that cannot be
 * read (a secret offline, an unknown in preview) throws only when no other
 * entry settles it.
 */
function forcesSsl(parameters: unknown): boolean {
  return someKnown(asArray(parameters, "parameters"), (p) => {
    const r = asRecord(p, "parameters[]");
    return (
      inspectable(r?.name, "parameters[].name") === "rds.force_ssl" &&
      String(inspectable(r?.value, "parameters[].value")) === "1"
    );
  });
}

function isPostgresFamily(type: string, family: unknown): boolean {
  inspectable(family, "family");
  if (typeof family !== "string") return false;
  return type === T.rdsClusterParameterGroup
    ? family.startsWith("aurora-postgresql")
    : family.startsWith("postgres");
}

export const rdsParameterGroupForceSsl = resourcePolicy({
  name: "rds-parameter-group-force-ssl",
  description:
    "PostgreSQL parameter groups (RDS and Aurora cluster) set rds.force_ssl = 1 so the server refuses plaintext.",
  enforcementLevel: "mandatory",
  group: "tls",
  exemptable: true,
  resourceTypes: [T.rdsParameterGroup, T.rdsClusterParameterGroup],
  remediation:
    'Add `{ name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" }` to the group\'s `parameters`.',
  validate: (args, report) => {
    if (!isPostgresFamily(args.type, args.props.family)) {
      args.notApplicable(`family ${show(args.props.family)} is not PostgreSQL`);
    }
    if (!forcesSsl(args.props.parameters)) {
      report(`parameter group (family ${show(args.props.family)}) does not set rds.force_ssl = 1`);
    }
  },
});

const DATABASES: ReadonlyArray<{ type: string; engine: string; prop: string; groupType: string }> =
  [
    {
      type: T.rdsInstance,
      engine: "postgres",
      prop: "parameterGroupName",
      groupType: T.rdsParameterGroup,
    },
    {
      type: T.rdsCluster,
      engine: "aurora-postgresql",
      prop: "dbClusterParameterGroupName",
      groupType: T.rdsClusterParameterGroup,
    },
  ];

export const rdsPostgresForceSslGroup = stackPolicy({
  name: "rds-postgres-uses-force-ssl-group",
  description:
    "PostgreSQL RDS instances and Aurora PostgreSQL clusters use a parameter group of this stack that sets rds.force_ssl = 1.",
  enforcementLevel: "mandatory",
  group: "tls",
  exemptable: true,
  resourceTypes: [T.rdsInstance, T.rdsCluster, T.rdsParameterGroup, T.rdsClusterParameterGroup],
  remediation:
    "Create an `aws.rds.ParameterGroup` (Aurora: `aws.rds.ClusterParameterGroup`) with `rds.force_ssl = 1` and pass its name as the instance's `parameterGroupName` (cluster: `dbClusterParameterGroupName`).",
  validate: (args, report) => {
    const pending = new Pending();
    for (const db of DATABASES) {
      eachKnown(
        args.resources.filter((r) => r.type === db.type),
        pending,
        (instance) => {
          if (inspectable(instance.props.engine, "engine") !== db.engine) return;
          const linked = linkedTargets(args.resources, instance, db.prop, [db.groupType]);
          if (linked.length > 0) {
            if (!linked.some((g) => forcesSsl(g.props.parameters))) {
              report(
                `parameter group ${linked.map((g) => g.name).join(", ")} does not set rds.force_ssl = 1, so the database accepts plaintext connections`,
                instance.urn,
              );
            }
            return;
          }
          // A secret name may be one of this stack's groups: it cannot be told offline.
          const groupName = inspectable(instance.props[db.prop], db.prop);
          report(
            isSet(groupName)
              ? `${db.prop} ${groupName} is not a parameter group of this stack, so rds.force_ssl cannot be verified; define it in the program`
              : `${db.prop} is not set, so the engine's default parameter group applies; use a parameter group that sets rds.force_ssl = 1`,
            instance.urn,
          );
        },
      );
    }
    pending.settle();
  },
});

export const elasticacheInTransitEncrypted = resourcePolicy({
  name: "elasticache-in-transit-encrypted",
  description:
    "ElastiCache replication groups require TLS from clients and authenticate them (AUTH token or RBAC user groups).",
  enforcementLevel: "mandatory",
  group: "tls",
  exemptable: true,
  resourceTypes: [T.replicationGroup],
  remediation:
    'Set `transitEncryptionEnabled: true` (with `transitEncryptionMode` left at "required") and an `authToken` from a Pulumi secret (or `userGroupIds` for RBAC); clients connect with rediss://.',
  validate: ({ props }, report) => {
    if (!isTrue(props.transitEncryptionEnabled, "transitEncryptionEnabled")) {
      report(
        `transitEncryptionEnabled is ${show(props.transitEncryptionEnabled)}; set transitEncryptionEnabled: true`,
      );
    } else if (isOneOf(props.transitEncryptionMode, ["preferred"], "transitEncryptionMode")) {
      report(
        'transitEncryptionMode is "preferred", which still accepts plaintext clients; set it to "required"',
      );
    }
    const rbac = asArray(props.userGroupIds, "userGroupIds").length > 0;
    if (!isSet(props.authToken) && !isSet(props.authTokenWo) && !rbac) {
      report(
        "no authToken (or userGroupIds): any client that reaches the port can use the cache; set authToken from a Pulumi secret",
      );
    }
  },
});

export const s3BucketTlsOnly = bucketSidesPolicy({
  name: "s3-bucket-tls-only",
  description:
    "Every S3 bucket has a bucket policy that denies requests not made over TLS (aws:SecureTransport = false).",
  enforcementLevel: "mandatory",
  group: "tls",
  exemptable: true,
  sideTypes: [T.bucketPolicy],
  remediation:
    'Add an `aws.s3.BucketPolicy` for the bucket with a statement `{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucketArn, bucketArn + "/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }`.',
  validateBucket: (bucket, sides, report) => {
    const { linked } = sides;
    if (linked.some((p) => isTlsOnlyPolicy(p.props.policy, `${p.name} policy`))) return;
    if (bucket.props.policy !== undefined && isTlsOnlyPolicy(bucket.props.policy, "policy")) return;
    if (sides.undecided()) return;
    report(
      linked.length === 0
        ? `bucket ${bucketLabel(bucket)} has no bucket policy, so plain-HTTP requests are allowed; add one that denies aws:SecureTransport = false`
        : `bucket policy ${linked.map((p) => p.name).join(", ")} of bucket ${bucketLabel(bucket)} has no Deny statement on aws:SecureTransport = false`,
      bucket.urn,
    );
  },
});

const HTTPS_VIEWER_POLICIES = ["redirect-to-https", "https-only"];

export const cloudfrontTls = resourcePolicy<{ allowedMinimumProtocolVersions: string[] }>({
  name: "cloudfront-tls",
  description:
    "CloudFront distributions redirect or refuse HTTP on every cache behaviour and serve a certificate with a TLS 1.2+ minimum protocol.",
  enforcementLevel: "mandatory",
  group: "tls",
  exemptable: true,
  resourceTypes: [T.cloudfrontDistribution],
  config: {
    allowedMinimumProtocolVersions: {
      type: "array",
      items: { type: "string" },
      default: ["TLSv1.2_2018", "TLSv1.2_2019", "TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"],
      description: "viewerCertificate.minimumProtocolVersion values accepted.",
    },
  },
  remediation:
    'Set `viewerProtocolPolicy: "redirect-to-https"` on the default and every ordered cache behaviour, and use an ACM certificate with `minimumProtocolVersion: "TLSv1.2_2021"` (the default *.cloudfront.net certificate forces TLSv1).',
  validate: ({ props }, report, config) => {
    const behaviours: Array<[string, Record<string, unknown>]> = [
      ["defaultCacheBehavior", asRecord(props.defaultCacheBehavior, "defaultCacheBehavior") ?? {}],
      ...asArray(props.orderedCacheBehaviors, "orderedCacheBehaviors").map(
        (b, i): [string, Record<string, unknown>] => [
          `orderedCacheBehaviors[${i}]`,
          asRecord(b, `orderedCacheBehaviors[${i}]`) ?? {},
        ],
      ),
    ];
    for (const [where, b] of behaviours) {
      if (
        !isOneOf(b.viewerProtocolPolicy, HTTPS_VIEWER_POLICIES, `${where}.viewerProtocolPolicy`)
      ) {
        report(
          `${where}.viewerProtocolPolicy is ${show(b.viewerProtocolPolicy)}; use "redirect-to-https" or "https-only"`,
        );
      }
    }
    const cert = asRecord(props.viewerCertificate, "viewerCertificate") ?? {};
    if (
      isTrue(cert.cloudfrontDefaultCertificate, "viewerCertificate.cloudfrontDefaultCertificate")
    ) {
      report(
        "viewerCertificate uses the default CloudFront certificate, which forces TLSv1; use an ACM certificate with a TLS 1.2+ minimumProtocolVersion",
      );
    } else if (
      !isOneOf(
        cert.minimumProtocolVersion,
        config.allowedMinimumProtocolVersions,
        "viewerCertificate.minimumProtocolVersion",
      )
    ) {
      report(
        `viewerCertificate.minimumProtocolVersion is ${show(cert.minimumProtocolVersion)}; use one of ${config.allowedMinimumProtocolVersions.join(", ")}`,
      );
    }
  },
});

export const tlsPolicies = [
  lbListenerTls,
  rdsParameterGroupForceSsl,
  rdsPostgresForceSslGroup,
  elasticacheInTransitEncrypted,
  s3BucketTlsOnly,
  cloudfrontTls,
];
