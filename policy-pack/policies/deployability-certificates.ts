/**
 * Deployability: an HTTPS listener whose certificates do not cover a host
 * routed to it. The load balancer accepts the certificate and DNS resolves,
 * so everything deploys; browsers then refuse the connection. A wildcard
 * covers exactly one label: `*.example.com` covers `a.example.com`, not
 * `b.a.example.com` nor `example.com` (ACM:
 * https://docs.aws.amazon.com/acm/latest/userguide/acm-certificate.html,
 * "The asterisk (*) … protects only one subdomain level"; RFC 6125 §6.4.3;
 * read 2026-11-30).
 *
 * Hosts routed to a listener: Route 53 records aliasing (or CNAME-ing) its
 * load balancer, and its listener rules' host-header conditions. Names of a
 * certificate: the ACM certificate resource of the stack it comes from
 * (domainName + subjectAlternativeNames), else the policy config's
 * `certificates` entry for its ARN (certificates created outside the stack).
 * A certificate whose names are unknown is not checked.
 */
import { PolicyResource } from "@pulumi/policy";
import { stackPolicy } from "../lib/define";
import { dependsThrough, linkedTargets, ofTypes, sideResources } from "../lib/stack";
import { LISTENER_RULES, LISTENERS, LOAD_BALANCERS, T } from "../lib/types";
import { asArray, asRecord, isUnknownValueError, SECRET_PLACEHOLDER, show } from "../lib/values";
import { DEPLOYABILITY } from "../lib/deployability";

/**
 * `f()`, or undefined when it reads a value unknown in preview or a secret
 * ("[secret]" offline): this rule skips what it cannot read, as it does for
 * unknowns, rather than judging the placeholder as a host or certificate name.
 */
function read<T>(f: () => T): T | undefined {
  try {
    const value = f();
    return value === SECRET_PLACEHOLDER ? undefined : value;
  } catch (e) {
    if (isUnknownValueError(e)) return undefined;
    throw e;
  }
}

function normal(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, "");
}

/** Whether certificate name `pattern` covers `host` (exact, or a wildcard for exactly one label). */
export function covers(pattern: string, host: string): boolean {
  const p = normal(pattern);
  const h = normal(host);
  if (!p.startsWith("*.")) return p === h;
  const suffix = p.slice(1); // ".example.com"
  if (!h.endsWith(suffix)) return false;
  const label = h.slice(0, h.length - suffix.length);
  return label !== "" && !label.includes(".");
}

interface CertificateConfig {
  readonly arn: string;
  readonly names: readonly string[];
}

function strings(value: unknown): string[] {
  return asArray(value).filter(
    (v): v is string => typeof v === "string" && v !== "" && v !== SECRET_PLACEHOLDER,
  );
}

export const listenerCertificateCoversHost = stackPolicy<{
  certificates: CertificateConfig[];
}>({
  ...DEPLOYABILITY,
  name: "listener-certificate-covers-host",
  description:
    "Every host routed to an HTTPS listener (Route 53 alias records, listener-rule host headers) is covered by one of its certificates; a wildcard covers exactly one label.",
  resourceTypes: [...LISTENERS, T.route53Record, ...LISTENER_RULES, T.acmCertificate],
  config: {
    certificates: {
      type: "array",
      default: [],
      description:
        "Names of certificates created outside the stack: [{ arn, names: [domain, …] }] (e.g. the preview wildcard certificate).",
      items: {
        type: "object",
        required: ["arn", "names"],
        properties: {
          arn: { type: "string", minLength: 1 },
          names: { type: "array", items: { type: "string", minLength: 1 } },
        },
      },
    },
  },
  remediation:
    "Use a host the certificate covers (one label under a wildcard: pr-7-web-2.preview.example.com, not web-2.pr-7.preview.example.com), or add the host to the certificate's names.",
  validate: (args, report, config) => {
    // Every lookup goes through the stack's index (lib/stack.ts), so the rule
    // stays linear in the number of resources.
    const namesOf = (holder: PolicyResource, prop: string): string[] | undefined => {
      const linked = linkedTargets(args.resources, holder, prop, [T.acmCertificate]);
      const cert = linked.find((c) => dependsThrough(holder, prop, c)) ?? linked[0];
      if (cert) {
        const domain = read(() => cert.props.domainName);
        const sans = read(() => strings(cert.props.subjectAlternativeNames)) ?? [];
        return typeof domain === "string" ? [domain, ...sans] : undefined;
      }
      const arn = read(() => holder.props[prop]);
      return config.certificates.find((c) => c.arn === arn)?.names.slice();
    };

    for (const listener of ofTypes(args.resources, LISTENERS)) {
      if (
        read(() => listener.props.certificateArn) === undefined &&
        !listener.propertyDependencies?.certificateArn
      )
        continue;
      const names: string[] = [];
      let unknown = false;
      const add = (holder: PolicyResource, prop: string) => {
        const n = namesOf(holder, prop);
        if (n) names.push(...n);
        else unknown = true;
      };
      add(listener, "certificateArn");
      for (const extra of sideResources(
        args.resources,
        [T.lbListenerCertificate, T.albListenerCertificate],
        "listenerArn",
        listener,
      ).linked)
        add(extra, "certificateArn");
      if (unknown && names.length === 0) continue;

      const lb = linkedTargets(args.resources, listener, "loadBalancerArn", LOAD_BALANCERS)[0];
      const hosts: { host: string; from: string }[] = [];
      if (lb) {
        const records = new Set([
          ...sideResources(args.resources, [T.route53Record], "aliases", lb).linked,
          ...sideResources(args.resources, [T.route53Record], "records", lb).linked,
        ]);
        for (const rec of ofTypes(args.resources, [T.route53Record]).filter((r) =>
          records.has(r),
        )) {
          // Only a record whose alias or value comes from the load balancer's output.
          const aliased = dependsThrough(rec, "aliases", lb) || dependsThrough(rec, "records", lb);
          const name = read(() => rec.props.name);
          if (aliased && typeof name === "string")
            hosts.push({ host: name, from: `record ${rec.name}` });
        }
      }
      for (const rule of sideResources(args.resources, LISTENER_RULES, "listenerArn", listener)
        .linked) {
        for (const c of asArray(read(() => rule.props.conditions))) {
          for (const h of strings(read(() => asRecord(asRecord(c)?.hostHeader)?.values)))
            hosts.push({ host: h, from: `listener rule ${rule.name}` });
        }
      }
      for (const { host, from } of hosts) {
        if (host.includes("*")) continue;
        if (!names.some((n) => covers(n, host))) {
          report(
            `host ${show(host)} (${from}) is not covered by the listener's certificate names ${names.map((n) => show(n)).join(", ")}: a wildcard covers exactly one label, so browsers refuse the connection; use a one-label host under the wildcard or add the host to the certificate`,
            listener.urn,
          );
        }
      }
    }
  },
});

export const deployabilityCertificatePolicies = [listenerCertificateCoversHost];
