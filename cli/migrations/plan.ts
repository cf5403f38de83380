/**
 * The migrations check as a part of `platform plan`: run when the checkout has
 * app/migrations, reported as "not run" (never failing the plan by itself)
 * when it cannot run, e.g. without PostgreSQL or without the base revision.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { runMigrationsCheck } from "../commands/migrations";
import { UsageError } from "../errors";
import { MigrationReport } from "./check";
import { MIGRATIONS_DIR } from "./files";

export type MigrationsOutcome =
  | { readonly status: "ran"; readonly report: MigrationReport }
  | { readonly status: "unavailable"; readonly reason: string };

/** undefined when `cwd` has no app/migrations (nothing to check). */
export async function migrationsForPlan(
  cwd: string,
  base?: string,
): Promise<MigrationsOutcome | undefined> {
  if (!existsSync(join(cwd, MIGRATIONS_DIR))) return undefined;
  try {
    return {
      status: "ran",
      report: await runMigrationsCheck({ cwd, ...(base !== undefined ? { base } : {}) }),
    };
  } catch (e) {
    if (e instanceof UsageError) return { status: "unavailable", reason: e.message };
    throw e;
  }
}
