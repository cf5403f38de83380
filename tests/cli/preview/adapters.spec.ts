/**
 * The pieces under `platform preview`: its config, the Automation API adapter
 * (on a stubbed API: the Pulumi CLI is not installed here), the GitHub
 * adapter (on a fake fetch), retries and error lines, gc decisions.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildPreviewConfig, secretEnvName } from "../../../cli/preview/config";
import { decide } from "../../../cli/preview/gc";
import { FetchLike, githubPullRequests } from "../../../cli/preview/github";
import {
  Automation,
  AutomationStack,
  LocalPreviewWorkspace,
} from "../../../cli/preview/localWorkspace";
import { KeyedLock } from "../../../cli/preview/locks";
import { isTransient, summarizeError, withRetry } from "../../../cli/preview/retry";
import {
  NoPreviousDeploymentError,
  PreviewConfig,
  StackBusyError,
} from "../../../cli/preview/workspace";
import { NOW, PROJECT_DIR } from "./fakes";

function tempProject(stagingYaml: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-project-"));
  fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  fs.writeFileSync(path.join(dir, "Pulumi.staging.yaml"), stagingYaml);
  return dir;
}

const STAGING_WITH_SECRET = `config:
  aws:region: eu-west-1
  platform:owner: team-platform
  platform:costCenter: cc-1234
  platform:domain: staging.example.com
  platform:certificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-4000-8000-000000000001
  platform:previewDomain: preview.example.com
  platform:previewCertificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-4000-8000-000000000003
  platform:appImage:
    secure: v1:abcdefghijkl
`;

describe("cli/preview/config", () => {
  it("takes the base stack's secrets from PLATFORM_SECRET_<KEY>, marked secret", () => {
    const dir = tempProject(STAGING_WITH_SECRET);
    const name = secretEnvName("platform:appImage");
    expect(name).to.equal("PLATFORM_SECRET_PLATFORM_APPIMAGE");
    const built = buildPreviewConfig(dir, "pr-3", {
      now: NOW,
      instance: "abcd",
      env: { [name]: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:2.0.0" },
    });
    expect(built.config.plain["platform:appImage"]).to.deep.equal({
      value: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:2.0.0",
      secret: true,
    });
    expect(built.expiresAt).to.equal("2030-06-04T12:00:00Z");
  });

  it("refuses to start without a secret the base stack has, naming the variable", () => {
    const dir = tempProject(STAGING_WITH_SECRET);
    expect(() => buildPreviewConfig(dir, "pr-3", { now: NOW, instance: "abcd", env: {} })).to.throw(
      "platform preview up: platform:appImage is a secret of Pulumi.staging.yaml; give the preview its value in the environment variable PLATFORM_SECRET_PLATFORM_APPIMAGE",
    );
  });

  it("validates the whole config with the program's own rules before any cloud call", () => {
    const dir = tempProject(
      STAGING_WITH_SECRET.replace("preview.example.com", "not a domain").replace(
        / {2}platform:appImage:\n {4}secure: .*\n/,
        "",
      ),
    );
    expect(() => buildPreviewConfig(dir, "pr-3", { now: NOW, instance: "abcd", env: {} })).to.throw(
      'platform:previewDomain must be a DNS name of at most 242 characters such as preview.example.com, got "not a domain"',
    );
  });

  it("builds the same values platform synth derives for the stack", () => {
    const built = buildPreviewConfig(PROJECT_DIR, "pr-3", { now: NOW, instance: "abcd", env: {} });
    expect(Object.keys(built.config.plain).sort()).to.deep.equal(
      [
        "aws:region",
        "platform:appImage",
        "platform:costCenter",
        "platform:expiresAt",
        "platform:networkStack",
        "platform:owner",
        "platform:previewCertificateArn",
        "platform:previewDomain",
        "platform:previewInstance",
        "platform:previewTtlHours",
      ].sort(),
    );
  });
});

class StubStack implements AutomationStack {
  readonly configCalls: { config: Record<string, unknown>; path?: boolean }[] = [];
  constructor(
    private readonly file: string,
    private readonly upError?: Error,
  ) {}
  async setAllConfig(config: Record<string, { value: string }>, usePath?: boolean) {
    this.configCalls.push({ config, path: usePath });
    fs.appendFileSync(this.file, `# ${Object.keys(config).join(",")}\n`);
  }
  readonly secretCalls: { key: string; value: string; path: boolean }[] = [];
  async setSecretConfig(key: string, value: string, usePath: boolean) {
    this.secretCalls.push({ key, value, path: usePath });
  }
  async up() {
    if (this.upError) throw this.upError;
    return {
      outputs: {
        serviceUrl: { value: "https://pr-4.preview.example.com", secret: false },
        endpoints: { value: { db: "x" }, secret: false },
      },
    };
  }
  refreshError?: Error;
  async destroy() {
    return {};
  }
  async refreshConfig() {
    if (this.refreshError) throw this.refreshError;
    return {};
  }
  async cancel() {}
}

function stubAutomation(workDir: string, over: Partial<Automation> = {}) {
  const calls: string[] = [];
  const stacks: StubStack[] = [];
  const api: Automation = {
    workDir,
    listStacks: async () => [],
    stackOutputs: async (s) => {
      calls.push(`outputs ${s}`);
      return {};
    },
    stack: async (name, create) => {
      calls.push(`stack ${name} ${create}`);
      const s = new StubStack(path.join(workDir, `Pulumi.${name}.yaml`));
      stacks.push(s);
      return s;
    },
    removeStack: async (s) => {
      calls.push(`remove ${s}`);
    },
    ...over,
  };
  return { api, calls, stacks };
}

const CONFIG: PreviewConfig = {
  plain: { "platform:owner": { value: "team" }, "platform:secret": { value: "s", secret: true } },
  paths: { "pulumi:disable-default-providers[0]": { value: "*" } },
};
const REQUEST = {
  config: CONFIG,
  policyPacks: ["policy-pack"],
  policyPackConfigs: ["policy-pack/config/preview.json"],
};

describe("cli/preview/localWorkspace (Automation API adapter, stubbed)", () => {
  it("refuses to update, destroy or remove any stack not named pr-<N>, before calling Pulumi", async () => {
    const { api, calls } = stubAutomation(os.tmpdir());
    const ws = new LocalPreviewWorkspace(api);
    for (const stack of ["staging", "prod", "acme/platform/staging", "pr-0", "pr-12a"]) {
      for (const [action, call] of [
        ["update", () => ws.up(stack, REQUEST)],
        ["destroy", () => ws.destroy(stack, {})],
        ["remove", () => ws.removeStack(stack)],
        ["refresh the config of", () => ws.refreshConfig(stack)],
        ["configure", () => ws.setConfig(stack, CONFIG)],
        ["cancel the update of", () => ws.cancel(stack)],
      ] as const) {
        let message = "";
        try {
          await call();
        } catch (e) {
          message = (e as Error).message;
        }
        expect(message).to.equal(
          `refusing to ${action} stack ${JSON.stringify(stack)}: platform preview only touches stacks named pr-<N>`,
        );
      }
    }
    expect(calls).to.deep.equal([]);
  });

  it("sets plain keys, then structured ones with --path, runs up with the policy pack, and leaves no stack file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-ws-"));
    const { api, calls, stacks } = stubAutomation(dir);
    let upOptions: unknown;
    const ws = new LocalPreviewWorkspace({
      ...api,
      stack: async (name, create) => {
        const s = await api.stack(name, create);
        const up = s.up.bind(s);
        s.up = async (opts) => {
          upOptions = opts;
          return up(opts);
        };
        return s;
      },
    });
    const outputs = await ws.up("pr-4", { ...REQUEST, message: "m" });
    expect(calls).to.deep.equal(["stack pr-4 true"]);
    expect(stacks[0].configCalls).to.deep.equal([
      { config: { "platform:owner": { value: "team" } }, path: undefined },
      { config: CONFIG.paths, path: true },
    ]);
    // The secret goes on its own, for stdin (never in set-all's argv).
    expect(stacks[0].secretCalls).to.deep.equal([
      { key: "platform:secret", value: "s", path: false },
    ]);
    expect(upOptions).to.deep.include({
      policyPacks: ["policy-pack"],
      policyPackConfigs: ["policy-pack/config/preview.json"],
      message: "m",
      color: "never",
    });
    expect(outputs).to.deep.equal({
      serviceUrl: "https://pr-4.preview.example.com",
      endpoints: { db: "x" },
    });
    expect(fs.existsSync(path.join(dir, "Pulumi.pr-4.yaml"))).to.equal(false);
  });

  it("keeps a stack file that was there before, and removes its own even when up fails", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-ws-"));
    fs.writeFileSync(path.join(dir, "Pulumi.pr-4.yaml"), "config: {}\n");
    await new LocalPreviewWorkspace(stubAutomation(dir).api).up("pr-4", REQUEST);
    expect(fs.existsSync(path.join(dir, "Pulumi.pr-4.yaml"))).to.equal(true);

    const failing = stubAutomation(dir, {
      stack: async (name) =>
        new StubStack(path.join(dir, `Pulumi.${name}.yaml`), new Error("boom")),
    });
    let message = "";
    try {
      await new LocalPreviewWorkspace(failing.api).up("pr-9", REQUEST);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).to.equal("boom");
    expect(fs.existsSync(path.join(dir, "Pulumi.pr-9.yaml"))).to.equal(false);
  });

  it("turns the Automation API's ConcurrentUpdateError into a busy stack, and a missing stack into undefined outputs", async () => {
    const concurrent = Object.assign(
      new Error("[409] Conflict: Another update is currently in progress."),
      {
        name: "ConcurrentUpdateError",
      },
    );
    const busy = stubAutomation(os.tmpdir(), {
      stack: async (name) =>
        new StubStack(path.join(os.tmpdir(), `Pulumi.${name}.yaml`), concurrent),
    });
    let error: unknown;
    try {
      await new LocalPreviewWorkspace(busy.api).up("pr-77", REQUEST);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(StackBusyError);

    const missing = stubAutomation(os.tmpdir(), {
      stackOutputs: async () => {
        throw Object.assign(new Error("code: 255\n stderr: error: no stack named 'pr-5' found\n"), {
          name: "StackNotFoundError",
        });
      },
    });
    expect(await new LocalPreviewWorkspace(missing.api).outputs("pr-5")).to.equal(undefined);
  });

  it("refreshes config, destroys, cancels and removes by selecting the existing stack, never creating one", async () => {
    const { api, calls } = stubAutomation(os.tmpdir());
    const ws = new LocalPreviewWorkspace(api);
    await ws.refreshConfig("pr-4");
    await ws.destroy("pr-4", {});
    await ws.cancel("pr-4");
    await ws.removeStack("pr-4");
    expect(calls).to.deep.equal([
      "stack pr-4 false",
      "stack pr-4 false",
      "stack pr-4 false",
      "remove pr-4",
    ]);
  });

  it("turns `pulumi config refresh` of a never-deployed stack into NoPreviousDeploymentError", async () => {
    // The CLI's words: pkg/cmd/pulumi/config/config.go wraps backenderr.ErrNoPreviousDeployment
    // ("no previous deployment") as "getting latest configuration: %w" (github.com/pulumi/pulumi, read 2026-11-30).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-ws-"));
    const stub = new StubStack(path.join(dir, "Pulumi.pr-4.yaml"));
    stub.refreshError = new Error(
      "code: 255\n stdout: \n stderr: error: getting latest configuration: no previous deployment\n err?: \n",
    );
    const ws = new LocalPreviewWorkspace(stubAutomation(dir, { stack: async () => stub }).api);
    let error: unknown;
    try {
      await ws.refreshConfig("pr-4");
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(NoPreviousDeploymentError);
    expect((error as Error).message).to.equal(
      "pr-4 has no previous deployment to take its config from",
    );
  });

  it("sets a whole config for a destroy: plain keys, then --path keys", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-ws-"));
    const { api, calls, stacks } = stubAutomation(dir);
    await new LocalPreviewWorkspace(api).setConfig("pr-4", CONFIG);
    expect(calls).to.deep.equal(["stack pr-4 false"]);
    expect(stacks[0].configCalls).to.deep.equal([
      { config: { "platform:owner": { value: "team" } }, path: undefined },
      { config: CONFIG.paths, path: true },
    ]);
    // The secret goes on its own, for stdin (never in set-all's argv).
    expect(stacks[0].secretCalls).to.deep.equal([
      { key: "platform:secret", value: "s", path: false },
    ]);
  });
});

describe("cli/preview/github", () => {
  function fakeFetch(status: number, body: unknown) {
    const requests: { url: string; headers: Record<string, string> }[] = [];
    const f: FetchLike = async (url, init) => {
      requests.push({ url, headers: init.headers });
      return { status, json: async () => body };
    };
    return { f, requests };
  }

  it("reads state and labels from the REST API with the token", async () => {
    const { f, requests } = fakeFetch(200, {
      state: "open",
      labels: [{ name: "preview:keep" }, { name: "bug" }],
    });
    const source = githubPullRequests(
      { GITHUB_REPOSITORY: "acme/platform", GITHUB_TOKEN: "t0k" },
      f,
    );
    expect(await source.get(42)).to.deep.equal({
      number: 42,
      state: "open",
      labels: ["preview:keep", "bug"],
    });
    expect(requests).to.deep.equal([
      {
        url: "https://api.github.com/repos/acme/platform/pulls/42",
        headers: {
          Accept: "application/vnd.github+json",
          "X-GitHub-Api-Version": "2022-11-28",
          "User-Agent": "platform-preview-gc",
          Authorization: "Bearer t0k",
        },
      },
    ]);
  });

  it("never reads a 404 as closed (a token that cannot see a private repository gets 404 too)", async () => {
    const source = githubPullRequests({ GITHUB_REPOSITORY: "acme/platform" }, fakeFetch(404, {}).f);
    let message = "";
    try {
      await source.get(7);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).to.equal(
      "GitHub has no pull request #7 in acme/platform (or the token cannot see it)",
    );
  });

  it("needs GITHUB_REPOSITORY as owner/name, without . or .. and in GitHub's characters", () => {
    const expected = (got: string) =>
      `platform preview gc: GITHUB_REPOSITORY must be owner/name (letters, digits, - and _ in the owner; letters, digits, ., - and _ in the name; not . or ..; GitHub Actions sets it), got ${got}`;
    for (const bad of [
      "",
      "../..",
      "acme/..",
      "acme/.",
      "acme",
      "acme/x/y",
      "-acme/x",
      "acme/x?y",
      "ac%2e/x",
      "acme/a b",
    ]) {
      expect(
        () => githubPullRequests({ GITHUB_REPOSITORY: bad }, fakeFetch(200, {}).f),
        bad,
      ).to.throw(expected(JSON.stringify(bad)));
    }
    expect(() => githubPullRequests({}, fakeFetch(200, {}).f)).to.throw(expected('""'));
    for (const good of ["acme/platform", "Acme-Co/.github", "a/b_c.d-e", "name_emu/x..y"])
      expect(
        () => githubPullRequests({ GITHUB_REPOSITORY: good }, fakeFetch(200, {}).f),
        good,
      ).not.to.throw();
  });

  it("takes GITHUB_API_URL only as a plain https URL and never echoes GITHUB_TOKEN", async () => {
    const { f, requests } = fakeFetch(200, { state: "closed", labels: [] });
    await githubPullRequests(
      { GITHUB_REPOSITORY: "acme/platform", GITHUB_API_URL: "https://ghe.example.com/api/v3/" },
      f,
    ).get(3);
    expect(requests[0].url).to.equal("https://ghe.example.com/api/v3/repos/acme/platform/pulls/3");
    for (const [url, got] of [
      ["http://api.github.com", '"http://api.github.com"'],
      ["https://api.github.com/?x=1", '"https://api.github.com/?x=1"'],
      ["https://user:hunter2@api.github.com", "a URL with credentials (not shown)"],
    ]) {
      expect(() =>
        githubPullRequests({ GITHUB_REPOSITORY: "acme/platform", GITHUB_API_URL: url }, f),
      ).to.throw(
        `platform preview gc: GITHUB_API_URL must be an https URL without credentials, query or fragment, such as https://api.github.com, got ${got}`,
      );
    }
    expect(() =>
      githubPullRequests({ GITHUB_REPOSITORY: "acme/platform", GITHUB_API_URL: "not a url" }, f),
    ).to.throw(
      'platform preview gc: GITHUB_API_URL must be an https URL such as https://api.github.com, got "not a url"',
    );
    let message = "";
    try {
      githubPullRequests(
        { GITHUB_REPOSITORY: "acme/platform", GITHUB_TOKEN: "ghs_s3cret\nX: y" },
        f,
      );
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).to.equal(
      "platform preview gc: GITHUB_TOKEN must be a token of visible ASCII characters without spaces or line breaks (its value is not shown)",
    );
  });
});

describe("cli/preview/retry", () => {
  it("retries only transient failures", () => {
    for (const m of [
      "ThrottlingException: Rate exceeded",
      "read: connection reset by peer",
      "503 Service Unavailable",
      "dial tcp: i/o timeout",
      "RequestLimitExceeded",
    ]) {
      expect(isTransient(new Error(m)), m).to.equal(true);
    }
    for (const m of ["platform:owner is required", "AccessDenied: not authorized"]) {
      expect(isTransient(new Error(m)), m).to.equal(false);
    }
    expect(isTransient(new StackBusyError("pr-1"))).to.equal(false);
  });

  it("waits base, then twice as long, up to the bound", async () => {
    const sleeps: number[] = [];
    let tries = 0;
    let message = "";
    try {
      await withRetry(
        async () => {
          tries++;
          throw new Error("Throttling");
        },
        { attempts: 4, baseDelayMs: 100, maxDelayMs: 300 },
        { sleep: async (ms) => void sleeps.push(ms) },
      );
    } catch (e) {
      message = (e as Error).message;
    }
    expect([tries, sleeps, message]).to.deep.equal([4, [100, 200, 300], "Throttling"]);
  });

  it("boils an Automation API error down to its specific line", () => {
    const e = new Error(
      [
        "code: 255",
        " stdout: Updating (pr-5)",
        "    aws:rds:Instance platform-db-instance creating failed error: creating RDS DB Instance: InvalidParameterCombination: x",
        " stderr: error: update failed",
        "error: creating RDS DB Instance (platform-pr5-db): InvalidParameterCombination: x",
        " err?: ",
      ].join("\n"),
    );
    expect(summarizeError(e)).to.equal(
      "creating RDS DB Instance (platform-pr5-db): InvalidParameterCombination: x",
    );
  });
});

describe("cli/preview/locks", () => {
  it("runs work for one key one at a time, and other keys alongside", async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const step = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`end ${name}`);
    };
    await Promise.all([
      lock.run("pr-1", step("a", 10)),
      lock.run("pr-1", step("b", 1)),
      lock.run("pr-2", step("c", 1)),
    ]);
    expect(log).to.deep.equal(["start a", "start c", "end c", "end a", "start b", "end b"]);
    expect(lock.busy("pr-1")).to.equal(false);
  });
});

describe("cli/preview/gc decide", () => {
  const base = { stack: "pr-9", pullRequest: 9 };
  const open = { number: 9, state: "open" as const, labels: [] };
  const cases: [string, Parameters<typeof decide>[0], string, string][] = [
    [
      "closed",
      { ...base, pr: { ...open, state: "closed" }, expiresAt: "2031-01-01T00:00:00Z" },
      "destroy",
      "pull request #9 is closed",
    ],
    [
      "expired",
      { ...base, pr: open, expiresAt: "2030-06-01T12:00:00Z" },
      "destroy",
      "expired at 2030-06-01T12:00:00Z",
    ],
    [
      "alive",
      { ...base, pr: open, expiresAt: "2030-06-01T12:00:01Z" },
      "keep",
      "expires at 2030-06-01T12:00:01Z",
    ],
    [
      "kept although closed",
      { ...base, pr: { ...open, state: "closed", labels: ["preview:keep"] } },
      "keep",
      "labelled preview:keep",
    ],
    [
      "unknown PR",
      { ...base, pr: { error: "boom" }, expiresAt: "2000-01-01T00:00:00Z" },
      "keep",
      "pull request #9 could not be looked up: boom",
    ],
    [
      "busy",
      { ...base, pr: { ...open, state: "closed" }, updateInProgress: true },
      "keep",
      "an update is in progress",
    ],
    ["no expiry", { ...base, pr: open }, "keep", "no ExpiresAt is known"],
  ];
  for (const [name, candidate, action, reason] of cases) {
    it(`${name}: ${action}`, () => {
      expect(decide(candidate, NOW)).to.deep.include({ action, reason });
    });
  }
});
