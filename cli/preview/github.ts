/**
 * Pull request facts for the preview janitor: open or closed, and labels.
 * `githubPullRequests` reads them from the GitHub REST API with fetch
 * (GITHUB_TOKEN, GITHUB_REPOSITORY — what GitHub Actions provides); tests
 * pass a fake source or a fake fetch.
 */
import { UsageError } from "../errors";

export interface PullRequestInfo {
  readonly number: number;
  readonly state: "open" | "closed";
  readonly labels: readonly string[];
}

export interface PullRequestSource {
  /** The PR's state and labels; throws when they cannot be known. */
  get(pr: number): Promise<PullRequestInfo>;
}

/** The subset of fetch this adapter uses. */
export type FetchLike = (
  url: string,
  init: { headers: Record<string, string> },
) => Promise<{ status: number; json(): Promise<unknown>; statusText?: string }>;

/** A GitHub answer that says nothing about the PR (after retries, a lookup failure). */
export class GitHubError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GitHubError";
  }
}

/**
 * `owner/name` as GitHub names them (read 2026-11-30): an account name is
 * letters, digits and hyphens, starting with a letter or digit, at most 39
 * characters (GitHub's sign-up form; https://github.com/shinnn/github-username-regex
 * quotes its messages; Enterprise Managed Users add `_shortcode`, hence `_`;
 * older accounts may have hyphens the form now refuses, so those are kept);
 * a repository name is ASCII letters, digits, `.`, `-` and `_`, at most 100
 * characters (GitHub's new-repository form, quoted in
 * https://github.com/github/docs/issues/44518). `.` and `..` are refused: in
 * the API URL they would climb out of /repos/.
 */
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,38})$/;
const NAME = /^[A-Za-z0-9._-]{1,100}$/;

/** GITHUB_REPOSITORY as `owner/name`, or a one-line UsageError (the value is the user's own, not a secret). */
export function parseRepository(value: string | undefined): string {
  const repo = value ?? "";
  const [owner, name, ...rest] = repo.split("/");
  if (
    rest.length > 0 ||
    owner === undefined ||
    name === undefined ||
    !OWNER.test(owner) ||
    !NAME.test(name) ||
    name === "." ||
    name === ".."
  ) {
    throw new UsageError(
      `platform preview gc: GITHUB_REPOSITORY must be owner/name (letters, digits, - and _ in the owner; letters, digits, ., - and _ in the name; not . or ..; GitHub Actions sets it), got ${JSON.stringify(repo.slice(0, 200))}`,
    );
  }
  return repo;
}

/** GITHUB_API_URL: an https URL without credentials, query or fragment (http only on loopback). */
export function parseApiUrl(value: string | undefined): string {
  if (value === undefined || value === "") return "https://api.github.com";
  const shown = JSON.stringify(value.slice(0, 200));
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(
      `platform preview gc: GITHUB_API_URL must be an https URL such as https://api.github.com, got ${shown}`,
    );
  }
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (
    (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) ||
    url.username !== "" ||
    url.password !== "" ||
    url.search !== "" ||
    url.hash !== ""
  ) {
    throw new UsageError(
      `platform preview gc: GITHUB_API_URL must be an https URL without credentials, query or fragment, such as https://api.github.com, got ${url.username !== "" || url.password !== "" ? "a URL with credentials (not shown)" : shown}`,
    );
  }
  return value.replace(/\/+$/, "");
}

/**
 * GITHUB_TOKEN as an HTTP header can carry it: visible ASCII, no spaces. Never
 * echoed (fetch's own error would quote the header value).
 */
function parseToken(value: string | undefined): string | undefined {
  if (value === undefined || value === "") return undefined;
  if (!/^[\x21-\x7e]+$/.test(value) || value.length > 4096) {
    throw new UsageError(
      "platform preview gc: GITHUB_TOKEN must be a token of visible ASCII characters without spaces or line breaks (its value is not shown)",
    );
  }
  return value;
}

export function githubPullRequests(
  env: Readonly<Record<string, string | undefined>>,
  fetchImpl: FetchLike = fetch as unknown as FetchLike,
): PullRequestSource {
  const repo = parseRepository(env.GITHUB_REPOSITORY);
  const api = parseApiUrl(env.GITHUB_API_URL);
  const token = parseToken(env.GITHUB_TOKEN);
  const headers: Record<string, string> = {
    Accept: "application/vnd.github+json",
    "X-GitHub-Api-Version": "2022-11-28",
    "User-Agent": "platform-preview-gc",
  };
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;

  return {
    async get(pr) {
      const res = await fetchImpl(`${api}/repos/${repo}/pulls/${pr}`, { headers });
      if (res.status === 404) {
        // Also what a private repository answers a token that cannot see it: never read as "closed".
        throw new GitHubError(
          `GitHub has no pull request #${pr} in ${repo} (or the token cannot see it)`,
        );
      }
      if (res.status !== 200) {
        throw new GitHubError(`GitHub answered ${res.status} for pull request #${pr} in ${repo}`);
      }
      const body = (await res.json()) as { state?: unknown; labels?: unknown };
      if (body.state !== "open" && body.state !== "closed") {
        throw new GitHubError(
          `GitHub gave pull request #${pr} the unknown state ${JSON.stringify(body.state)}`,
        );
      }
      const labels = Array.isArray(body.labels)
        ? body.labels.map((l) =>
            typeof l === "string" ? l : String((l as { name?: unknown }).name),
          )
        : [];
      return { number: pr, state: body.state, labels };
    },
  };
}
