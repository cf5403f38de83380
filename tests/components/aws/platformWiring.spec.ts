/**
 * The AWS wiring steps (components/aws/platform*.ts) that decide something on
 * their own: hosts of further services, who records an audit trail, when
 * staging builds the shared preview tier, a preview's seat in it, and the
 * refusal of an own network without NAT. The wiring as a whole is covered by
 * the whole-stack tests (tests/stacks/*.spec.ts).
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import type { AwsConfig } from "../../../config/platformConfig";
import { PROFILES } from "../../../config/profiles";
import { awsPlatformContext, namingOf } from "../../../components/aws/platformContext";
import { createFoundation, AwsFoundation } from "../../../components/aws/platformFoundation";
import { recordsOwnAuditTrail } from "../../../components/aws/platformOperations";
import {
  createStagingPreviewTier,
  joinSharedTier,
  sharedEdgeOf,
} from "../../../components/aws/platformPreviewTier";
import { serviceHost } from "../../../components/aws/platformServices";
import type { Network } from "../../../components/aws/network";
import type { PreviewTierExport } from "../../../components/aws/previewTier";
import { build, ofType, props } from "../../support/mockRun";

function resolved<T>(o: pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => pulumi.output(o).apply((v) => resolve(v as T)));
}

const STAGING = {
  target: "aws",
  project: "platform",
  stack: "staging",
  environment: "staging",
  owner: "team-platform",
  costCenter: "cc-1234",
  region: "eu-west-1",
  domain: "staging.example.com",
  networkStack: "staging",
  previewDataTier: "shared",
  previewCertificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/wild",
  profile: PROFILES.staging,
} as unknown as AwsConfig;

const PR7 = {
  ...STAGING,
  stack: "pr-7",
  environment: "preview",
  pullRequest: 7,
  previewInstance: "abc123",
  profile: PROFILES.preview,
} as AwsConfig;

describe("components/aws/platformServices: serviceHost", () => {
  it("puts service k of a preview one label under the wildcard preview domain", () => {
    expect(
      serviceHost(
        { domain: "pr-7.p.example.com", pullRequest: 7, previewDomain: "p.example.com" },
        2,
      ),
    ).to.equal("pr-7-web-2.p.example.com");
  });

  it("puts service k elsewhere under the stack's domain", () => {
    expect(serviceHost({ domain: "staging.example.com" }, 3)).to.equal("web-3.staging.example.com");
    // A preview without a preview domain has no wildcard to fit under.
    expect(serviceHost({ domain: "pr-7.example.com", pullRequest: 7 }, 2)).to.equal(
      "web-2.pr-7.example.com",
    );
  });
});

describe("components/aws/platformOperations: recordsOwnAuditTrail", () => {
  it("always records prod, even under an organisation trail", () => {
    expect(recordsOwnAuditTrail({ environment: "prod", organizationTrail: true }, false)).to.equal(
      true,
    );
  });

  it("records staging and isolated previews unless an organisation trail does", () => {
    expect(
      recordsOwnAuditTrail({ environment: "staging", organizationTrail: false }, false),
    ).to.equal(true);
    expect(
      recordsOwnAuditTrail({ environment: "staging", organizationTrail: true }, false),
    ).to.equal(false);
    expect(
      recordsOwnAuditTrail({ environment: "preview", organizationTrail: false }, false),
    ).to.equal(true);
  });

  it("leaves a preview seated in the shared tier to staging's trail", () => {
    expect(
      recordsOwnAuditTrail({ environment: "preview", organizationTrail: false }, true),
    ).to.equal(false);
  });
});

describe("components/aws/platformContext: namingOf", () => {
  it("names by project, environment, pull request and incarnation", () => {
    expect(namingOf(PR7)).to.deep.equal({
      project: "platform",
      environment: "preview",
      pullRequest: 7,
      instance: "abc123",
    });
    expect(namingOf(STAGING)).to.deep.equal({
      project: "platform",
      environment: "staging",
      pullRequest: undefined,
      instance: undefined,
    });
  });
});

describe("components/aws/platformPreviewTier", () => {
  const ctx = (cfg: AwsConfig) => ({
    cfg,
    naming: namingOf(cfg),
    tags: {},
    wiring: undefined as never,
  });
  const base = (ownNetwork: Network | undefined) =>
    ({ ownNetwork, kmsKeyArn: pulumi.output("k") }) as AwsFoundation;
  const parents = {} as never;
  const OWN = {} as Network;

  it("builds no shared tier on a preview, with isolated previews, without a preview certificate, or without an own network", () => {
    expect(createStagingPreviewTier(ctx(PR7), base(OWN), parents)).to.equal(undefined);
    const isolated = { ...STAGING, previewDataTier: "isolated" } as AwsConfig;
    expect(createStagingPreviewTier(ctx(isolated), base(OWN), parents)).to.equal(undefined);
    const noCert = { ...STAGING, previewCertificateArn: undefined } as AwsConfig;
    expect(createStagingPreviewTier(ctx(noCert), base(OWN), parents)).to.equal(undefined);
    expect(createStagingPreviewTier(ctx(STAGING), base(undefined), parents)).to.equal(undefined);
  });

  it("seats no stack but a preview on the shared tier", () => {
    expect(joinSharedTier(STAGING)).to.equal(undefined);
    expect(joinSharedTier({ ...PR7, previewDataTier: "isolated" } as AwsConfig)).to.equal(
      undefined,
    );
  });

  it("seats a shared preview by a stack reference to its network stack, under its pull request", async () => {
    let pullRequest: number | undefined;
    const rs = await build(() => {
      pullRequest = joinSharedTier(PR7)?.pullRequest;
    }, "pr-7");
    expect(pullRequest).to.equal(7);
    const refs = ofType(rs, "pulumi:pulumi:StackReference");
    expect(refs.map((r) => [r.name, props(r).id])).to.deep.equal([
      ["platform-preview-tier", "staging"],
    ]);
  });

  it("puts a seated preview's host rule on the tier's listener at its pull request's priority", async () => {
    const tier = pulumi.output({
      listenerArn: "arn:listener",
      albDnsName: "previews.elb.example",
      albZoneId: "Z1",
      albArnSuffix: "app/previews/1",
      albSecurityGroupId: "sg-alb",
    } as PreviewTierExport);
    const edge = sharedEdgeOf({ tier, pullRequest: 50_003 });
    expect(edge.priority).to.equal(3);
    expect(
      await Promise.all([
        resolved(edge.listenerArn),
        resolved(edge.albDnsName),
        resolved(edge.albZoneId),
        resolved(edge.albArnSuffix),
        resolved(edge.albSecurityGroupId),
      ]),
    ).to.deep.equal(["arn:listener", "previews.elb.example", "Z1", "app/previews/1", "sg-alb"]);
  });
});

describe("components/aws/platformFoundation", () => {
  it("refuses a profile that builds its own network without NAT, naming the environment", async () => {
    const noNat = {
      ...STAGING,
      profile: {
        ...PROFILES.staging,
        network: { ...PROFILES.staging.network, mode: "own", natGateways: "none" },
      },
    } as AwsConfig;
    let error: unknown;
    await build(() => {
      try {
        createFoundation(awsPlatformContext(noNat));
      } catch (e) {
        error = e;
      }
    });
    expect(error).to.be.instanceOf(pulumi.RunError);
    expect((error as Error).message).to.equal(
      "the staging profile builds its own network without NAT, which this program does not support",
    );
  });
});
