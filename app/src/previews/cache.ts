/**
 * A preview's own user on the shared preview Redis (ElastiCache RBAC): the
 * user name, its key prefix and the access string the program gives the
 * ElastiCache user, which the real-server tests load into redis-server.
 *
 * ElastiCache access strings are Redis ACL rules with these limits
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html,
 * read 2026-11-30): no password in the string (it is set through the API), `on`
 * or `off` must be said (neither means `off`), no `reset`, and no disabled or
 * renamed commands.
 */
import { MAX_PULL_REQUEST } from "./database";

/** The ElastiCache user name (and id) of pull request `pr`: `pr-7`. Its keys start `pr-7:`. */
export function previewCacheUser(pr: number): string {
  if (!Number.isInteger(pr) || pr < 1 || pr > MAX_PULL_REQUEST) {
    throw new Error(
      `the pull request number must be an integer from 1 to ${MAX_PULL_REQUEST}, got ${pr}`,
    );
  }
  return `pr-${pr}`;
}

/** The key prefix of a preview on the shared cache: its user name and a colon. */
export function previewCacheKeyPrefix(pr: number): string {
  return `${previewCacheUser(pr)}:`;
}

/**
 * The access string of a preview's user: on; only keys under its prefix; the
 * read, write and connection commands, less everything Redis marks dangerous
 * (KEYS, FLUSHALL, CONFIG, …) and the commands that see or change the whole
 * keyspace or server regardless of key patterns (SCAN, RANDOMKEY, DBSIZE, and
 * FUNCTION, whose libraries every user shares). No Pub/Sub channel (Redis 7's
 * default `resetchannels`), no scripting.
 */
export function previewCacheAccessString(pr: number): string {
  return `on ~${previewCacheKeyPrefix(pr)}* -@all +@read +@write +@connection -@dangerous -scan -randomkey -dbsize -function`;
}
