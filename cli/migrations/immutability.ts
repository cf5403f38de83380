/**
 * Immutability and numbering: migrations on the base revision never change or
 * disappear, new ones are appended, numbers run 1, 2, 3… without gaps or
 * duplicates, and every migration has its down file.
 */
import { MIGRATION_NAME } from "../../app/src/migrations/checksum";
import { MigrationTree } from "./files";

export interface Problem {
  /** The check that failed: immutable, numbering, down-missing, snapshot, rollback, escape, sql. */
  readonly check: string;
  /** The file it is about, relative to the repository (when there is one). */
  readonly file?: string;
  readonly message: string;
}

const up = (n: string) => `app/migrations/${n}`;
const down = (n: string) => `app/migrations/down/${n}`;

/** Names of the migrations added since the base, in order. */
export function newMigrations(base: MigrationTree, head: MigrationTree): string[] {
  return [...head.ups.keys()].filter((n) => !base.ups.has(n)).sort();
}

export function checkFiles(base: MigrationTree, head: MigrationTree): Problem[] {
  const problems: Problem[] = [];
  for (const [name, content] of base.ups) {
    const now = head.ups.get(name);
    if (now === undefined)
      problems.push({
        check: "immutable",
        file: up(name),
        message: `${up(name)} was deleted: migrations on the base branch are immutable (restore it)`,
      });
    else if (now !== content)
      problems.push({
        check: "immutable",
        file: up(name),
        message: `${up(name)} was edited: migrations on the base branch are immutable (revert it and add a new migration)`,
      });
  }

  const numbers = new Map<number, string>();
  for (const name of [...head.ups.keys()].sort()) {
    const m = MIGRATION_NAME.exec(name);
    if (m === null) {
      problems.push({
        check: "numbering",
        file: up(name),
        message: `${up(name)}: expected a name like 0003_add_column.sql (four digits, _, a-z0-9_, .sql)`,
      });
      continue;
    }
    const n = Number(m[1]);
    const other = numbers.get(n);
    if (other !== undefined)
      problems.push({
        check: "numbering",
        file: up(name),
        message: `${up(name)} and ${up(other)} share the number ${m[1]}`,
      });
    else numbers.set(n, name);
  }
  const sorted = [...numbers.keys()].sort((a, b) => a - b);
  sorted.forEach((n, i) => {
    if (n !== i + 1)
      problems.push({
        check: "numbering",
        file: up(numbers.get(n) as string),
        message: `${up(numbers.get(n) as string)} is number ${n} but the previous number is ${i === 0 ? "none" : String(sorted[i - 1])}: number migrations 0001, 0002, … without gaps`,
      });
  });
  const lastBase = [...base.ups.keys()].sort().at(-1);
  for (const name of newMigrations(base, head)) {
    if (lastBase !== undefined && name < lastBase)
      problems.push({
        check: "numbering",
        file: up(name),
        message: `${up(name)} is new but sorts before ${up(lastBase)} from the base branch: number it after it`,
      });
  }

  for (const name of head.ups.keys())
    if (!head.downs.has(name))
      problems.push({
        check: "down-missing",
        file: up(name),
        message: `${up(name)} has no down file: add ${down(name)}`,
      });
  for (const name of head.downs.keys())
    if (!head.ups.has(name))
      problems.push({
        check: "down-missing",
        file: down(name),
        message: `${down(name)} has no migration ${up(name)}`,
      });
  return problems;
}
