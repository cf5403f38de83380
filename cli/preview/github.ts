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

const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

export function githubPullRequests(
  env: Readonly<Record<string, string | undefined>>,
  fetchImpl: FetchLike = fetch as unknown as FetchLike,
): PullRequestSource {
  const repo = env.GITHUB_REPOSITORY ?? "";
  if (!REPOSITORY.test(repo)) {
    throw new UsageError(
      `platform preview gc: GITHUB_REPOSITORY must be owner/repo (GitHub Actions sets it), got ${JSON.stringify(repo)}`,
    );
  }
  const api = (env.GITHUB_API_URL ?? "https://api.github.com").replace(/\/+$/, "");
  const headers: Record<string, string> = {
    Accept: "application/vnd.github+json",
    "X-GitHub-Api-Version": "2022-11-28",
    "User-Agent": "platform-preview-gc",
  };
  if (env.GITHUB_TOKEN) headers.Authorization = `Bearer ${env.GITHUB_TOKEN}`;

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
