import { expect } from "chai";
import { Policy, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { PolicyConfigError, reconcilePolicyConfig } from "../../../cli/check/config";
import { checkResources, deserialize, UNKNOWN_SENTINEL } from "../../../cli/check/runner";
import { Resource } from "../../../cli/core/resource";

const provider = {
  type: "pulumi:providers:aws",
  name: "aws",
  urn: "urn:pulumi:prod::platform::pulumi:providers:aws::aws",
  props: {
    region: "eu-west-1",
    defaultTags: '{"tags":{"Environment":"prod"}}',
    profile: "[unknown]",
  },
};

/** A parent component, a bucket under it with a secret and an unknown, and a policy that depends on the bucket. */
function resources(): Resource[] {
  return [
    {
      type: "platform:data:ObjectStore",
      name: "store",
      urn: "urn:pulumi:prod::platform::platform:data:ObjectStore::store",
      props: {},
    },
    {
      type: "aws:s3/bucket:Bucket",
      name: "bucket",
      urn: "urn:pulumi:prod::platform::platform:data:ObjectStore$aws:s3/bucket:Bucket::bucket",
      parent: "urn:pulumi:prod::platform::platform:data:ObjectStore::store",
      provider,
      props: {
        bucket: "b-1",
        secretish: "[secret]",
        later: "[unknown]",
        nested: { list: ["a", "[unknown]"] },
      },
      opts: { protect: true, retainOnDelete: true, dependsOn: [] },
    },
    {
      type: "aws:s3/bucketPolicy:BucketPolicy",
      name: "policy",
      props: { bucket: "b-1" },
      opts: {
        dependsOn: [
          "urn:pulumi:prod::platform::platform:data:ObjectStore$aws:s3/bucket:Bucket::bucket",
        ],
      },
      propertyDependencies: {
        bucket: [
          "urn:pulumi:prod::platform::platform:data:ObjectStore$aws:s3/bucket:Bucket::bucket",
        ],
      },
    } as Resource,
  ];
}

function resourcePolicy(
  name: string,
  validate: (args: ResourceValidationArgs, report: (m: string) => void) => void,
  extra: Partial<Policy> = {},
): Policy {
  return {
    name,
    description: `${name}.`,
    enforcementLevel: "mandatory",
    validateResource: validate,
    ...extra,
  } as Policy;
}

function stackPolicy(
  name: string,
  validate: (args: StackValidationArgs, report: (m: string, urn?: string) => void) => void,
  extra: Partial<Policy> = {},
): Policy {
  return {
    name,
    description: `${name}.`,
    enforcementLevel: "mandatory",
    validateStack: validate,
    ...extra,
  } as Policy;
}

class FakeBucket {
  static readonly __pulumiType = "aws:s3/bucket:Bucket";
}

describe("platform check runner", () => {
  it("hands resource policies the SDK's ResourceValidationArgs", async () => {
    const seen: Record<string, unknown>[] = [];
    const policy = resourcePolicy(
      "inspect",
      (args) => {
        if (args.type !== "aws:s3/bucket:Bucket") return;
        seen.push({
          type: args.type,
          name: args.name,
          urn: args.urn,
          bucket: args.props.bucket,
          secret: args.props.secretish,
          opts: args.opts,
          provider: {
            type: args.provider?.type,
            name: args.provider?.name,
            urn: args.provider?.urn,
            region: args.provider?.props.region,
          },
          stackTags: [args.stackTags.get("team"), args.stackTags.size],
          config: args.getConfig(),
          isType: args.isType(FakeBucket as never),
          asType: (args.asType(FakeBucket as never) as Record<string, unknown> | undefined)?.bucket,
        });
      },
      {
        configSchema: {
          properties: {
            threshold: { type: "integer", default: 3 },
            names: { type: "array", default: ["x"] },
          },
        },
      },
    );
    const result = await checkResources(resources(), {
      policies: [policy],
      config: { inspect: { enforcementLevel: "advisory", names: ["y"] } },
      environment: "prod",
      stackTags: { team: "platform" },
    });
    expect(result.violations).to.deep.equal([]);
    expect(seen).to.deep.equal([
      {
        type: "aws:s3/bucket:Bucket",
        name: "bucket",
        urn: "urn:pulumi:prod::platform::platform:data:ObjectStore$aws:s3/bucket:Bucket::bucket",
        bucket: "b-1",
        secret: "[secret]",
        opts: {
          protect: true,
          ignoreChanges: [],
          aliases: [],
          customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
          additionalSecretOutputs: [],
          parent: "urn:pulumi:prod::platform::platform:data:ObjectStore::store",
        },
        provider: {
          type: "pulumi:providers:aws",
          name: "aws",
          urn: provider.urn,
          region: "eu-west-1",
        },
        stackTags: ["platform", 1],
        config: { threshold: 3, names: ["y"], environment: "prod" },
        isType: true,
        asType: "b-1",
      },
    ]);
  });

  it("links stack resources to their parent, dependencies and property dependencies", async () => {
    const seen: unknown[] = [];
    const policy = stackPolicy("graph", (args) => {
      for (const r of args.resources) {
        seen.push([
          r.name,
          r.parent?.name,
          r.dependencies.map((d) => d.name),
          Object.fromEntries(
            Object.entries(r.propertyDependencies).map(([k, v]) => [k, v.map((d) => d.name)]),
          ),
          r.opts.protect,
          r.provider?.name,
        ]);
      }
    });
    await checkResources(resources(), { policies: [policy], stackName: "prod" });
    expect(seen).to.deep.equal([
      ["store", undefined, [], {}, false, undefined],
      ["bucket", "store", [], {}, true, "aws"],
      ["policy", undefined, ["bucket"], { bucket: ["bucket"] }, false, undefined],
    ]);
  });

  it("turns an unknown read into an advisory 'cannot be checked during preview', in props, nested values and provider props", async () => {
    const policies = [
      resourcePolicy("reads-later", (args) => void args.props.later),
      resourcePolicy(
        "reads-nested",
        (args) => void (args.props.nested as { list: string[] } | undefined)?.list[1],
      ),
      resourcePolicy("reads-provider", (args) => void args.provider?.props.profile),
      stackPolicy("stack-reads-later", (args) => args.resources.forEach((r) => void r.props.later)),
    ];
    const result = await checkResources(resources(), { policies, stackName: "prod" });
    expect(
      result.violations.map((v) => [v.policy, v.enforcementLevel, v.resource.name, v.message]),
    ).to.deep.equal([
      [
        "reads-later",
        "advisory",
        "bucket",
        "cannot be checked during preview: string value at .later can't be known during preview",
      ],
      [
        "reads-nested",
        "advisory",
        "bucket",
        "cannot be checked during preview: string value at .nested.list.1 can't be known during preview",
      ],
      [
        "reads-provider",
        "advisory",
        "bucket",
        "cannot be checked during preview: string value at .profile can't be known during preview",
      ],
      [
        "stack-reads-later",
        "advisory",
        "platform-prod",
        "cannot be checked during preview: string value at .later can't be known during preview",
      ],
    ]);
    expect(result.summary).to.deep.equal({ mandatory: 0, advisory: 4 });
  });

  it("keeps what a policy reported before it met an unknown value", async () => {
    const policy = resourcePolicy("both", (args, report) => {
      if (args.name !== "bucket") return;
      report("first problem");
      void args.props.later;
    });
    const result = await checkResources(resources(), { policies: [policy] });
    expect(
      result.violations.map((v) => [v.enforcementLevel, v.message.slice(0, 20)]),
    ).to.deep.equal([
      ["mandatory", "first problem"],
      ["advisory", "cannot be checked du"],
    ]);
  });

  it("applies enforcement levels from the config as the engine does", async () => {
    const always = (name: string, level: Policy["enforcementLevel"]) =>
      resourcePolicy(name, (args, report) => (args.name === "bucket" ? report("x") : undefined), {
        enforcementLevel: level,
      });
    const policies = [
      always("a", "mandatory"),
      always("b", "mandatory"),
      always("c", "advisory"),
      always("d", "advisory"),
    ];
    const result = await checkResources(resources(), {
      policies,
      config: { all: "advisory", b: "disabled", c: { enforcementLevel: "remediate" } },
    });
    expect(result.violations.map((v) => [v.policy, v.enforcementLevel])).to.deep.equal([
      ["a", "advisory"],
      ["c", "mandatory"],
      ["d", "advisory"],
    ]);
  });

  it("notApplicable ends a policy quietly, a URN names the reported resource, a made-up URN uses the stack name", async () => {
    const policies = [
      resourcePolicy("skip", (args, report) => {
        args.notApplicable("not mine");
        report("never");
      }),
      stackPolicy("points", (_args, report) => {
        report(
          "on the policy",
          "urn:pulumi:prod::platform::aws:s3/bucketPolicy:BucketPolicy::policy",
        );
        report("on something else", "urn:pulumi:prod::platform::x:y:Z::gone");
      }),
    ];
    const result = await checkResources(resources(), { policies, stackName: "prod" });
    expect(result.violations.map((v) => [v.policy, v.resource])).to.deep.equal([
      [
        "points",
        {
          type: "aws:s3/bucketPolicy:BucketPolicy",
          name: "policy",
          urn: "urn:pulumi:prod::platform::aws:s3/bucketPolicy:BucketPolicy::policy",
        },
      ],
      [
        "points",
        {
          type: "unknown",
          name: "urn:pulumi:prod::platform::x:y:Z::gone",
          urn: "urn:pulumi:prod::platform::x:y:Z::gone",
        },
      ],
    ]);
  });

  it("calls a rule that declares appliesTo only on the types it inspects, unless its config has exemptions", async () => {
    const seen: string[] = [];
    const typed = resourcePolicy("typed", (args) => void seen.push(args.type), {
      appliesTo: (type: string) => type === "aws:s3/bucket:Bucket",
    } as Partial<Policy>);
    await checkResources(resources(), { policies: [typed] });
    expect(seen).to.deep.equal(["aws:s3/bucket:Bucket"]);

    // With exemptions, the rule sees every resource: an exemption may name one of another type.
    seen.length = 0;
    const exemptions = [{ resource: "policy", reason: "r", expires: "2027-01-31" }];
    await checkResources(resources(), {
      policies: [typed],
      config: { typed: { exemptions } },
      now: new Date("2026-11-30T00:00:00Z"),
    });
    expect(seen).to.deep.equal([
      "platform:data:ObjectStore",
      "aws:s3/bucket:Bucket",
      "aws:s3/bucketPolicy:BucketPolicy",
    ]);
  });

  it("reports a policy that crashes as an error naming the policy and the resource", async () => {
    const policy = resourcePolicy("crashes", (args) => {
      if (args.name === "bucket") throw new TypeError("cannot read x of undefined");
    });
    let error: Error | undefined;
    await checkResources(resources(), { policies: [policy] }).catch((e: Error) => (error = e));
    expect(error?.message).to.equal(
      "policy crashes failed on aws:s3/bucket:Bucket bucket: cannot read x of undefined",
    );
  });

  it('deserialize maps "[unknown]" to Pulumi\'s unknown sentinel and keeps "[secret]"', () => {
    expect(
      deserialize({ a: "[unknown]", b: ["[secret]", { c: "[unknown]" }], d: null }),
    ).to.deep.equal({ a: UNKNOWN_SENTINEL, b: ["[secret]", { c: UNKNOWN_SENTINEL }], d: null });
  });

  describe("policy config", () => {
    const policies = [
      resourcePolicy("p", () => undefined, {
        configSchema: {
          properties: { n: { type: "integer", minimum: 1, default: 2 } },
          required: ["n"],
        },
      }),
    ];

    it("fills defaults, applies common keys, then the document", () => {
      expect(
        reconcilePolicyConfig(policies, { p: { n: 5 } }, { environment: "dev" }).get("p"),
      ).to.deep.equal({ enforcementLevel: "mandatory", properties: { n: 5, environment: "dev" } });
      expect(reconcilePolicyConfig(policies, undefined).get("p")).to.deep.equal({
        enforcementLevel: "mandatory",
        properties: { n: 2 },
      });
    });

    it("refuses config for a policy the pack does not have (the engine would ignore the typo)", () => {
      expect(() => reconcilePolicyConfig(policies, { other: { x: 1 } })).to.throw(
        PolicyConfigError,
        '"other" is not a policy of this pack: expected "all" or a policy name (docs/policies.md lists them)',
      );
    });

    for (const [doc, message] of [
      [{ p: { n: 0 } }, "p.n: must be >= 1"],
      [{ p: { n: "two" } }, "p.n: must be integer"],
      [
        { p: "strict" },
        'p: "strict" is not a valid enforcement level (expected advisory, mandatory, remediate, disabled)',
      ],
      [
        { p: { enforcementLevel: 1 } },
        "p.enforcementLevel: 1 is not a valid enforcement level (expected advisory, mandatory, remediate, disabled)",
      ],
      [{ p: [1] }, "p: [1] is not a valid value; must be a string or object"],
      [
        [],
        "policy config must be a JSON object mapping policy names to an enforcement level or a config object",
      ],
    ] as const) {
      it(`refuses ${JSON.stringify(doc)}`, () => {
        expect(() => reconcilePolicyConfig(policies, doc)).to.throw(PolicyConfigError, message);
      });
    }
  });
});
