/**
 * The pack as the Pulumi engine loads it: policy-pack/index.ts runs in its
 * own process and serves @pulumi/policy's gRPC analyzer. The same resources
 * and config go through the served pack (configure, analyze, analyzeStack,
 * as the engine calls them) and through the offline runner of
 * `platform check`; the verdicts must be the same.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as rpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { reconcilePolicyConfig } from "../../../cli/check/config";
import { checkResources, deserialize } from "../../../cli/check/runner";
import { Resource } from "../../../cli/core/resource";
import { allPolicies } from "../../../policy-pack/policies";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const PACK = path.join(ROOT, "policy-pack");
const readJson = (p: string) => JSON.parse(fs.readFileSync(p, "utf8")) as unknown;

interface Verdict {
  readonly policy: string;
  readonly level: string;
  readonly urn: string;
  readonly message: string;
}

function struct(value: unknown): Struct {
  return Struct.fromJavaScript(deserialize(value) as Record<string, never>);
}

function options(r: Resource): pb.AnalyzerResourceOptions {
  const o = new pb.AnalyzerResourceOptions();
  o.setProtect(r.opts?.protect === true);
  if (r.parent) o.setParent(r.parent);
  return o;
}

function providerOf(r: Resource): pb.AnalyzerProviderResource | undefined {
  if (!r.provider) return undefined;
  const p = new pb.AnalyzerProviderResource();
  p.setType(r.provider.type);
  p.setName(r.provider.name);
  p.setUrn(r.provider.urn ?? "");
  p.setProperties(struct(r.provider.props));
  return p;
}

const LEVELS: Record<number, string> = {
  0: "advisory",
  1: "mandatory",
  2: "disabled",
  3: "remediate",
};

function verdicts(diagnostics: pb.AnalyzeDiagnostic[], urn?: string): Verdict[] {
  return diagnostics.map((d) => {
    const description = allPolicies.find((p) => p.name === d.getPolicyname())?.description ?? "";
    const raw = d.getMessage();
    const message = raw.startsWith(`${description}\n`)
      ? raw.slice(description.length + 1)
      : raw.replace(
          /^can't run policy '[^']+' from policy pack '[^']+' during preview: /,
          "cannot be checked during preview: ",
        );
    return {
      policy: d.getPolicyname(),
      level: LEVELS[d.getEnforcementlevel()],
      urn: d.getUrn() || urn || "",
      message,
    };
  });
}

const sorted = (v: Verdict[]) =>
  [...v].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe("the pack served by @pulumi/policy agrees with platform check", function () {
  this.timeout(90_000);
  let child: ChildProcess;
  let client: rpc.AnalyzerClient;

  const call = <Req, Res>(
    method: (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown,
    req: Req,
  ) =>
    new Promise<Res>((resolve, reject) =>
      method.call(client, req, (err, res) => (err ? reject(err) : resolve(res))),
    );

  before(async () => {
    child = spawn(process.execPath, ["-r", "tsx/cjs", "index.ts"], {
      cwd: PACK,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (b: Buffer) => (stderr += b.toString()));
    const port = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (b: Buffer) => {
        out += b.toString();
        if (out.includes("\n")) resolve(out.split("\n")[0].trim());
      });
      child.on("exit", (code) =>
        reject(new Error(`the policy pack exited with ${code} before serving: ${stderr}`)),
      );
    });
    client = new rpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  });

  after(() => {
    client?.close();
    child?.kill();
  });

  it("describes all the pack's policies with their config schema and remediation", async () => {
    const info = await call<Empty, pb.AnalyzerInfo>(client.getAnalyzerInfo, new Empty());
    expect(info.getName()).to.equal("platform-guardrails");
    expect(info.getVersion()).to.equal("0.1.0");
    const served = info.getPoliciesList();
    expect(served.map((p) => p.getName())).to.deep.equal(allPolicies.map((p) => p.name));
    const tls = served.find((p) => p.getName() === "lb-listener-tls")!;
    expect(tls.getRemediationSteps()).to.match(/^Use `protocol: "HTTPS"`/);
    expect(
      Object.keys(tls.getConfigschema()!.getProperties()!.toJavaScript()).sort(),
    ).to.deep.equal(["allowedSslPolicies", "environment", "exemptions", "maxExemptionDays"]);
  });

  it("reports the same violations, unknowns included, for the same resources and config", async () => {
    const resources = readJson(
      path.join(ROOT, "tests", "cli", "check", "fixtures", "violations.json"),
    ) as Resource[];
    const db = resources.find((r) => r.name === "platform-db")!;
    (db.props as Record<string, unknown>).performanceInsightsKmsKeyId = "[unknown]";
    const document = readJson(path.join(PACK, "config", "prod.json"));
    const config = reconcilePolicyConfig(allPolicies, document, { environment: "prod" });

    const configure = new pb.ConfigureAnalyzerRequest();
    for (const [name, entry] of config) {
      const c = new pb.PolicyConfig();
      c.setEnforcementlevel(
        Number(
          Object.entries(LEVELS).find(([, l]) => l === entry.enforcementLevel)![0],
        ) as pb.EnforcementLevel,
      );
      c.setProperties(Struct.fromJavaScript(entry.properties as Record<string, never>));
      configure.getPolicyconfigMap().set(name, c);
    }
    await call(client.configure, configure);

    const served: Verdict[] = [];
    for (const r of resources) {
      const req = new pb.AnalyzeRequest();
      req.setType(r.type);
      req.setName(r.name);
      req.setUrn(r.urn!);
      req.setProperties(struct(r.props));
      req.setOptions(options(r));
      const provider = providerOf(r);
      if (provider) req.setProvider(provider);
      const res = await call<pb.AnalyzeRequest, pb.AnalyzeResponse>(client.analyze, req);
      served.push(...verdicts(res.getDiagnosticsList(), r.urn));
    }
    const stackReq = new pb.AnalyzeStackRequest();
    stackReq.setResourcesList(
      resources.map((r) => {
        const a = new pb.AnalyzerResource();
        a.setType(r.type);
        a.setName(r.name);
        a.setUrn(r.urn!);
        a.setProperties(struct(r.props));
        a.setOptions(options(r));
        const provider = providerOf(r);
        if (provider) a.setProvider(provider);
        a.setDependenciesList([...(r.opts?.dependsOn ?? [])]);
        return a;
      }),
    );
    const stackRes = await call<pb.AnalyzeStackRequest, pb.AnalyzeResponse>(
      client.analyzeStack,
      stackReq,
    );
    served.push(...verdicts(stackRes.getDiagnosticsList()));

    const offline = (
      await checkResources(resources, {
        environment: "prod",
        config: document as object,
        stackName: "prod",
      })
    ).violations.map((v): Verdict => ({
      policy: v.policy,
      level: v.enforcementLevel,
      urn: v.resource.type === "pulumi:pulumi:Stack" ? "" : v.resource.urn,
      message: v.message,
    }));
    expect(
      offline.some(
        (v) => v.level === "advisory" && v.message.startsWith("cannot be checked during preview"),
      ),
    ).to.equal(true);
    expect(sorted(offline)).to.deep.equal(sorted(served));
  });
});
