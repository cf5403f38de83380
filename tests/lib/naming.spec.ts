import { expect } from "chai";
import * as fc from "fast-check";
import {
  environmentToken,
  logGroupName,
  NAME_LIMITS,
  NameContext,
  NameKind,
  physicalName,
  sanitize,
  secretName,
} from "../../lib/naming";

const ACCOUNT = "123456789012";
const KINDS = Object.keys(NAME_LIMITS) as NameKind[];
/** Roles the components use, plus the longest ones they could grow into. */
const ROLES = [
  "web",
  "db",
  "cache",
  "uploads",
  "file-processor",
  "file-processor-dlq",
  "flow-logs",
  "web-exec",
  "web-task",
  "web-cpu",
  "alb-sg",
  "file-processor-sg",
  "cache-isolated",
  "db-postgres16",
  "alarms",
  "vault-copy",
  "a-role-far-longer-than-any-limit-on-a-load-balancer-or-cache-name",
];

const preview = (project: string, pr: number): NameContext => ({
  project,
  environment: "preview",
  pullRequest: pr,
});

/** Letters, digits and single hyphens; starts with a letter; ends with a letter or digit. */
const SAFE = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9]))*$/;
const S3_RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const S3_RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", "--x-s3", "--table-s3", ".mrap"];

/** Every rule AWS has for `kind` that a name of ours could break; returns the broken rule or "". */
function brokenRule(name: string, kind: NameKind): string {
  if (name.length > NAME_LIMITS[kind]) return `longer than ${NAME_LIMITS[kind]}`;
  if (!SAFE.test(name)) return "not lowercase letters, digits and single hyphens from a letter";
  if ((kind === "alb" || kind === "targetGroup") && name.startsWith("internal-")) {
    return "starts with internal-";
  }
  if (kind === "s3Bucket") {
    if (name.length < 3) return "shorter than 3";
    if (S3_RESERVED_PREFIXES.some((p) => name.startsWith(p))) return "reserved S3 prefix";
    if (S3_RESERVED_SUFFIXES.some((s) => name.endsWith(s))) return "reserved S3 suffix";
  }
  return "";
}

/** Project names people type: anything, including what sanitizing must rescue. */
const projects = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/),
  fc.string({ maxLength: 80 }),
  fc.constantFrom(
    "platform",
    "internal",
    "sthree",
    "amzn-s3-demo",
    "xn--x",
    "1password",
    "---",
    "",
  ),
);
const prNumbers = fc.integer({ min: 1, max: 10_000_000 });
const roles = fc.oneof(fc.constantFrom(...ROLES), fc.stringMatching(/^[a-z][a-z0-9-]{0,70}$/));
const kinds = fc.constantFrom(...KINDS);

describe("lib/naming", () => {
  it("keeps the names of staging and prod as they were", () => {
    const staging: NameContext = { project: "platform", environment: "staging" };
    expect(physicalName(staging, "web", "alb")).to.equal("platform-staging-web");
    expect(physicalName(staging, "db", "rdsInstance")).to.equal("platform-staging-db");
    expect(physicalName(staging, "uploads", "s3Bucket", ACCOUNT)).to.equal(
      "platform-staging-uploads-123456789012",
    );
    expect(secretName(staging, "redis-url")).to.equal("platform/staging/redis-url");
    expect(logGroupName(staging, "web")).to.equal("/platform/staging/web");
  });

  it("names a preview after its PR: pr<N> in every name, whole", () => {
    const pr = preview("platform", 123);
    expect(environmentToken(pr)).to.equal("pr123");
    expect(physicalName(pr, "web", "alb")).to.equal("platform-pr123-web");
    expect(physicalName(pr, "cache", "cacheReplicationGroup")).to.equal("platform-pr123-cache");
    expect(physicalName(pr, "uploads", "s3Bucket", ACCOUNT)).to.equal(
      "platform-pr123-uploads-123456789012",
    );
    expect(physicalName(preview("platform", 10_000_000), "web", "targetGroup")).to.equal(
      "platform-pr10000000-web",
    );
  });

  it("shortens a long name to <project…>-<env>-<role…>[-<unique>]-<hash>, keeping env and unique whole", () => {
    const long = preview("a-very-long-project-name-for-a-platform", 4242);
    const alb = physicalName(long, "web", "alb");
    expect(alb).to.match(/^a-ver-pr4242-web-[0-9a-f]{8}$/);
    const bucket = physicalName(long, "uploads", "s3Bucket", ACCOUNT);
    expect(bucket).to.match(/^a-very-long-pr-pr4242-uploads-123456789012-[0-9a-f]{8}$/);
    expect(bucket.length).to.be.at.most(63);
  });

  it("decides to shorten a preview's name for the longest PR number, so PR 1 and PR 9,999,999 share a layout", () => {
    // platform-prN-file-processor-dead-letter fits 40 for PR 1 but not for PR 10,000,000.
    const role = "file-processor-dead-letter";
    const first = physicalName(preview("platform", 1), role, "cacheReplicationGroup");
    const last = physicalName(preview("platform", 10_000_000), role, "cacheReplicationGroup");
    expect(first).to.match(/^platform-pr1-file-processor-dea-[0-9a-f]{8}$/);
    expect(last).to.match(/^platform-pr10000000-file-proces-[0-9a-f]{8}$/);
    // Staging decides for its own length: a name that fits stays whole.
    const staging = { project: "platform", environment: "staging" };
    expect(physicalName(staging, "file-processor-dlq", "cacheReplicationGroup")).to.equal(
      "platform-staging-file-processor-dlq",
    );
  });

  it("never starts with a digit or a prefix AWS reserves", () => {
    expect(
      physicalName({ project: "1password", environment: "staging" }, "db", "rdsInstance"),
    ).to.equal("p-1password-staging-db");
    expect(physicalName(preview("internal", 7), "web", "alb")).to.equal("p-internal-pr7-web");
    expect(physicalName(preview("sthree", 7), "uploads", "s3Bucket", ACCOUNT)).to.equal(
      "p-sthree-pr7-uploads-123456789012",
    );
    expect(physicalName(preview("", 7), "db", "rdsInstance")).to.equal("p-pr7-db");
  });

  it("property: every name fits its kind's limit and character rules, for any project, PR and role", () => {
    fc.assert(
      fc.property(projects, prNumbers, roles, kinds, (project, pr, role, kind) => {
        const unique = kind === "s3Bucket" ? ACCOUNT : undefined;
        const name = physicalName(preview(project, pr), role, kind, unique);
        const broken = brokenRule(name, kind);
        if (broken !== "") throw new Error(`${JSON.stringify(name)} (${kind}): ${broken}`);
        if (unique !== undefined) expect(name).to.include(`-${ACCOUNT}`);
        expect(name).to.include(`-pr${pr}`);
      }),
      { numRuns: 2000 },
    );
  });

  it("property: names are deterministic", () => {
    fc.assert(
      fc.property(projects, prNumbers, roles, kinds, (project, pr, role, kind) => {
        expect(physicalName(preview(project, pr), role, kind, ACCOUNT)).to.equal(
          physicalName(preview(`${project}`, pr), `${role}`, kind, ACCOUNT),
        );
      }),
    );
  });

  it("property: two PRs never share a name", () => {
    fc.assert(
      fc.property(projects, prNumbers, prNumbers, roles, kinds, (project, a, b, role, kind) => {
        fc.pre(a !== b);
        const unique = kind === "s3Bucket" ? ACCOUNT : undefined;
        expect(physicalName(preview(project, a), role, kind, unique)).to.not.equal(
          physicalName(preview(project, b), role, kind, unique),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it("property: a preview never shares a name with staging or prod", () => {
    fc.assert(
      fc.property(
        projects,
        prNumbers,
        roles,
        kinds,
        fc.constantFrom("staging", "prod"),
        (project, pr, role, kind, env) => {
          expect(physicalName(preview(project, pr), role, kind)).to.not.equal(
            physicalName({ project, environment: env }, role, kind),
          );
        },
      ),
    );
  });

  it("gives a re-created preview fresh secret names: the instance is a path segment, never a -xxxxxx ending", () => {
    const first = { ...preview("platform", 42), instance: "k3x9q2" };
    const reopened = { ...preview("platform", 42), instance: "p0w8z1" };
    expect(secretName(first, "app-secret-key")).to.equal("platform/pr42/k3x9q2/app-secret-key");
    expect(secretName(reopened, "app-secret-key")).to.equal("platform/pr42/p0w8z1/app-secret-key");
    expect(secretName(preview("platform", 42), "redis-url")).to.equal("platform/pr42/redis-url");
    // Only previews have incarnations.
    expect(
      secretName({ project: "platform", environment: "staging", instance: "k3x9q2" }, "x"),
    ).to.equal("platform/staging/x");
  });

  it("property: secret names fit Secrets Manager (512, its characters) and differ per PR", () => {
    fc.assert(
      fc.property(
        projects,
        prNumbers,
        prNumbers,
        fc.stringMatching(/^[a-z0-9]{4,16}$/),
        (project, a, b, instance) => {
          fc.pre(a !== b);
          const n = secretName({ ...preview(project, a), instance }, "app-secret-key");
          expect(n.length).to.be.at.most(NAME_LIMITS.secret);
          expect(n).to.match(/^[A-Za-z0-9/_+=.@-]+$/);
          expect(n).to.not.equal(
            secretName({ ...preview(project, b), instance }, "app-secret-key"),
          );
        },
      ),
    );
  });
});

describe("lib/naming: sanitize", () => {
  it("lower-cases, turns each run of other characters into one dash and trims dashes", () => {
    expect(sanitize("My_App")).to.equal("my-app");
    expect(sanitize("--Feature//Branch  2--")).to.equal("feature-branch-2");
    expect(sanitize("a---b")).to.equal("a-b");
    expect(sanitize("___")).to.equal("");
  });
});
