/**
 * Issue 10: what a real `pulumi up` would reject or deploy broken, checked on
 * the synthesized stacks (staging, prod and the preview pr-7). The mock
 * runtime accepts any input, so each check compares against a sourced fact;
 * what only AWS can prove (the API's own validation) stays unproven here.
 */
import { expect } from "chai";
import { Resource, SynthDocument } from "../../cli/core/resource";
import { unpublishedDimensions } from "../../lib/cloudwatchMetrics";
import { minimumMaxAllocatedStorage } from "../../lib/rds";
import { synthesize } from "../../cli/core/synthesize";
import { json, ofType, PROJECT_DIR, props, synth, ISOLATED } from "../support/mockRun";

for (const stack of ["staging", "prod", "pr-7"]) {
  describe(`stack ${stack}: deployability`, () => {
    let doc: SynthDocument;
    let all: (type: string) => Resource[];
    before(async () => {
      doc = await synth(stack, { ...ISOLATED });
      all = (type) => ofType(doc.resources, type);
    });

    // @pulumi/aws 7.48.0 rds/instance.d.ts `engineVersion`: a prefix is accepted
    // when autoMinorVersionUpgrade is on (read 2026-11-30).
    it("asks RDS for the major version 16 with automatic minor upgrades", () => {
      for (const db of all("aws:rds/instance:Instance")) {
        expect(props(db)).to.include({ engineVersion: "16", autoMinorVersionUpgrade: true });
      }
    });

    // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.Autoscaling.html (read 2026-11-30)
    it("sets a storage ceiling only when it is at least 10 % above the allocated storage", () => {
      for (const db of all("aws:rds/instance:Instance")) {
        const p = props(db);
        if (p.maxAllocatedStorage === undefined) continue;
        expect(p.maxAllocatedStorage).to.not.equal(p.allocatedStorage);
        expect(p.maxAllocatedStorage).to.be.at.least(
          minimumMaxAllocatedStorage(p.allocatedStorage),
        );
      }
    });

    it("alarms only on metric dimension sets AWS publishes", () => {
      const alarms = all("aws:cloudwatch/metricAlarm:MetricAlarm");
      expect(alarms.length).to.be.greaterThan(10);
      for (const a of alarms) {
        const p = props(a);
        // A metric-math alarm (the 5xx ratio) reads its metrics in metricQueries.
        const metrics: { namespace: string; metricName: string; dimensions?: object }[] =
          p.metricQueries !== undefined
            ? p.metricQueries.filter((q: any) => q.metric !== undefined).map((q: any) => q.metric)
            : [p];
        expect(metrics.length, a.name).to.be.greaterThan(0);
        for (const m of metrics) {
          expect(
            unpublishedDimensions(m.namespace, m.metricName, Object.keys(m.dimensions ?? {})),
            `${a.name}`,
          ).to.equal(undefined);
        }
      }
    });

    it("charts only metric dimension sets AWS publishes on the dashboard", () => {
      for (const d of all("aws:cloudwatch/dashboard:Dashboard")) {
        for (const w of json(props(d).dashboardBody).widgets) {
          for (const [namespace, metricName, ...rest] of w.properties.metrics) {
            // Expression rows ([{ expression }]) read the metrics of the rows before them.
            if (typeof namespace !== "string") continue;
            const dims = rest.filter((d: unknown) => typeof d === "string");
            const names = dims.filter((_: unknown, i: number) => i % 2 === 0);
            expect(
              unpublishedDimensions(namespace, metricName, names),
              w.properties.title,
            ).to.equal(undefined);
          }
        }
      }
    });

    it("orders creation explicitly: each ECS service after its HTTPS listener and execution-role policies, the Lambda after its role's policies", () => {
      const byUrn = new Map(doc.resources.map((r) => [r.urn, r]));
      const deps = (r: Resource) =>
        (r.opts?.dependsOn ?? []).map((u) => `${byUrn.get(u)?.type} ${byUrn.get(u)?.name}`).sort();
      for (const service of all("aws:ecs/service:Service")) {
        const base = service.name.replace(/-service$/, "");
        expect(deps(service), service.name).to.deep.equal([
          `aws:iam/rolePolicy:RolePolicy ${base}-execution-secrets`,
          `aws:iam/rolePolicyAttachment:RolePolicyAttachment ${base}-execution-managed`,
          `aws:lb/listener:Listener ${base}-https`,
        ]);
      }
      const functions = all("aws:lambda/function:Function");
      const fn = functions.find((f) => f.name === "platform-file-processor-function");
      expect(fn === undefined ? [] : deps(fn)).to.deep.equal([
        "aws:iam/rolePolicy:RolePolicy platform-file-processor-access",
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment platform-file-processor-vpc",
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment platform-file-processor-xray",
      ]);
      // prod also runs the restore-test validator (Backup), after its own role policy.
      const validator = functions.find(
        (f) => f.name === "platform-backup-restore-validator-function",
      );
      expect(validator === undefined, "restore validator").to.equal(stack !== "prod");
      if (validator !== undefined)
        expect(deps(validator)).to.deep.equal([
          "aws:iam/rolePolicy:RolePolicy platform-backup-restore-validator-access",
        ]);
    });

    it("creates the RDS log groups first, with the CMK and a retention", () => {
      const db = all("aws:rds/instance:Instance")[0];
      const id = props(db).identifier;
      const groups = all("aws:cloudwatch/logGroup:LogGroup").filter((g) =>
        String(props(g).name).startsWith(`/aws/rds/instance/${id}/`),
      );
      expect(groups.map((g) => props(g).name)).to.deep.equal([
        `/aws/rds/instance/${id}/postgresql`,
        `/aws/rds/instance/${id}/upgrade`,
      ]);
      for (const g of groups) {
        expect(props(g).kmsKeyId, g.name).to.match(/^arn:aws:kms:/);
        expect(props(g).retentionInDays, g.name).to.be.a("number");
        expect(db.opts?.dependsOn, g.name).to.include(g.urn);
      }
    });

    it("reads the database password at run time from the rotating RDS secret, never injected at task start", () => {
      for (const td of all("aws:ecs/taskDefinition:TaskDefinition")) {
        const [app] = json(props(td).containerDefinitions);
        expect(app.secrets.map((e: { name: string }) => e.name)).to.not.include(
          "DATABASE_PASSWORD",
        );
        expect(app.environment.map((e: { name: string }) => e.name)).to.include(
          "DATABASE_PASSWORD_SECRET_ARN",
        );
      }
    });

    it("alarms on every cache member cluster, by CacheClusterId", () => {
      const group = props(all("aws:elasticache/replicationGroup:ReplicationGroup")[0]);
      const ids = all("aws:cloudwatch/metricAlarm:MetricAlarm")
        .map(props)
        .filter((p) => p.namespace === "AWS/ElastiCache")
        .map((p) => `${p.metricName} ${JSON.stringify(p.dimensions)}`);
      const expected: string[] = [];
      for (let i = 1; i <= group.numCacheClusters; i++) {
        const id = `${group.replicationGroupId}-00${i}`;
        expected.push(`EngineCPUUtilization {"CacheClusterId":"${id}"}`);
        expected.push(`DatabaseMemoryUsagePercentage {"CacheClusterId":"${id}"}`);
        expected.push(`Evictions {"CacheClusterId":"${id}"}`);
      }
      expect(ids.sort()).to.deep.equal(expected.sort());
    });
  });
}

// A wildcard certificate covers one label only (RFC 6125 §6.4.3,
// https://www.rfc-editor.org/rfc/rfc6125#section-6.4.3; ACM "can protect only one
// subdomain level", https://docs.aws.amazon.com/acm/latest/userguide/acm-certificate.html,
// read 2026-11-30): `web-2.pr-7.<previewDomain>` is not covered by `*.<previewDomain>`.
describe("a preview with several web services (pr-7, platform:services 3)", () => {
  let doc: SynthDocument;
  before(async () => {
    doc = await synthesize("pr-7", {
      cwd: PROJECT_DIR,
      overrides: {
        ...ISOLATED,
        "platform:services": "3",
        "platform:previewHostedZoneId": "Z0123456789ABC",
      },
    });
  });

  it("gives every service a one-label host under previewDomain, covered by the wildcard", () => {
    const names = ofType(doc.resources, "aws:route53/record:Record")
      .map((r) => props(r).name)
      .sort();
    expect(names).to.deep.equal([
      "pr-7-web-2.preview.platform.example.com",
      "pr-7-web-3.preview.platform.example.com",
      "pr-7.preview.platform.example.com",
    ]);
    for (const host of names) {
      expect(host.split(".").slice(1).join("."), host).to.equal("preview.platform.example.com");
    }
  });
});
