/**
 * The database password, re-read from where the contract delivers it when
 * PostgreSQL refuses it. RDS rotates its managed master secret (every 7 days by
 * default), and ECS injects secrets only when a task starts, so a long-running
 * process must fetch the new password itself: from `DATABASE_PASSWORD_FILE` (dev)
 * or `DATABASE_PASSWORD_SECRET_ARN` (AWS).
 */

/**
 * PostgreSQL's SQLSTATE for a refused password, `invalid_password`
 * (https://www.postgresql.org/docs/16/errcodes-appendix.html, read 2026-11-30).
 */
export const INVALID_PASSWORD = "28P01";

/** Whether `err` is PostgreSQL refusing the password. */
export function isAuthFailure(err: unknown): boolean {
  return (
    typeof err === "object" && err !== null && (err as { code?: unknown }).code === INVALID_PASSWORD
  );
}

export class DatabasePassword {
  private value: string;
  private refreshing: Promise<boolean> | undefined;

  /**
   * @param initial the password read at start-up
   * @param reread reads the password again from its source (file or Secrets Manager)
   */
  constructor(
    initial: string,
    private readonly reread: () => Promise<string>,
  ) {
    this.value = initial;
  }

  /** The password new connections use. */
  current(): string {
    return this.value;
  }

  /**
   * Reads the password again; true when it changed. Concurrent callers share
   * one read, so a burst of refused connections costs one Secrets Manager call.
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.reread()
      .then((next) => {
        const changed = next !== this.value;
        this.value = next;
        return changed;
      })
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }
}
