/** policies/deployability-certificates.ts: covered and uncovered hosts, citing ACM's wildcard rule. */
import { expect } from "chai";
import { Resource } from "../../cli/core/resource";
import { T } from "../lib/types";
import { covers, listenerCertificateCoversHost } from "../policies/deployability-certificates";
import { run } from "./deployability-support";
import { aws } from "./fixtures";

describe("deployability: certificates", () => {
  // ACM: a wildcard "protects only one subdomain level" (https://docs.aws.amazon.com/acm/latest/userguide/acm-certificate.html).
  it("a wildcard covers exactly one label", () => {
    expect(covers("*.preview.example.com", "pr-7.preview.example.com")).to.equal(true);
    expect(covers("*.preview.example.com", "PR-7.Preview.Example.com.")).to.equal(true);
    expect(covers("*.preview.example.com", "web-2.pr-7.preview.example.com")).to.equal(false);
    expect(covers("*.preview.example.com", "preview.example.com")).to.equal(false);
    expect(covers("platform.example.com", "platform.example.com")).to.equal(true);
  });

  const CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/wild";
  function edge(host: string, certificate: "config" | "resource"): Resource[] {
    const lb = aws(T.lb, "alb", { name: "web" });
    const cert = aws(T.acmCertificate, "cert", {
      domainName: "*.preview.example.com",
      validationMethod: "DNS",
    });
    const listener = {
      ...aws(T.lbListener, "https", { certificateArn: CERT, loadBalancerArn: "arn:lb" }),
      propertyDependencies: {
        loadBalancerArn: [lb.urn!],
        ...(certificate === "resource" ? { certificateArn: [cert.urn!] } : {}),
      },
    };
    const record = {
      ...aws(T.route53Record, "dns", {
        name: host,
        type: "A",
        zoneId: "Z1",
        aliases: [{ name: "web.elb", zoneId: "Z2", evaluateTargetHealth: true }],
      }),
      propertyDependencies: { aliases: [lb.urn!] },
    };
    return [lb, ...(certificate === "resource" ? [cert] : []), listener, record];
  }
  const config = { certificates: [{ arn: CERT, names: ["*.preview.example.com"] }] };

  it("listener-certificate-covers-host: a two-label host under the wildcard fails, from config or an ACM resource", async () => {
    const message =
      'https: host "web-2.pr-7.preview.example.com" (record dns) is not covered by the listener\'s certificate names "*.preview.example.com": a wildcard covers exactly one label, so browsers refuse the connection; use a one-label host under the wildcard or add the host to the certificate';
    expect(
      await run(listenerCertificateCoversHost, edge("web-2.pr-7.preview.example.com", "config"), {
        config,
      }),
    ).to.deep.equal([message]);
    expect(
      await run(listenerCertificateCoversHost, edge("web-2.pr-7.preview.example.com", "resource")),
    ).to.deep.equal([message]);
    expect(
      await run(listenerCertificateCoversHost, edge("pr-7-web-2.preview.example.com", "config"), {
        config,
      }),
    ).to.deep.equal([]);
    // Names unknown (certificate outside the stack, not configured): not checked.
    expect(
      await run(listenerCertificateCoversHost, edge("web-2.pr-7.preview.example.com", "config")),
    ).to.deep.equal([]);
  });
});
