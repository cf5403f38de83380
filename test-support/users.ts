import { execFileSync } from "node:child_process";
import { chownSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { requireBinary } from "./binaries";

/** A system account that servers refusing to run as root (PostgreSQL) run under. */
export interface SystemUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

/** True when the tests run as root, so servers that refuse root must switch user. */
export function runningAsRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/** Looks up a system user with `id`; throws naming the Debian package that creates it. */
export function systemUser(name: string, debianPackage: string): SystemUser {
  const id = requireBinary("id", "coreutils");
  try {
    const uid = Number(
      execFileSync(id, ["-u", name], { stdio: ["ignore", "pipe", "pipe"] })
        .toString()
        .trim(),
    );
    const gid = Number(
      execFileSync(id, ["-g", name], { stdio: ["ignore", "pipe", "pipe"] })
        .toString()
        .trim(),
    );
    return { name, uid, gid };
  } catch {
    throw new Error(
      `system user "${name}" does not exist: install the Debian package "${debianPackage}", which creates it`,
    );
  }
}

/**
 * The command and arguments that run `command args` as `user` when we are root (through
 * util-linux's setpriv, which execs in place so signals reach the server directly), or as
 * ourselves otherwise.
 */
export function asUser(
  user: SystemUser | undefined,
  command: string,
  args: readonly string[],
): { command: string; args: string[] } {
  if (user === undefined) return { command, args: [...args] };
  const setpriv = requireBinary("setpriv", "util-linux");
  return {
    command: setpriv,
    args: [
      "--reuid",
      String(user.uid),
      "--regid",
      String(user.gid),
      "--init-groups",
      "--",
      command,
      ...args,
    ],
  };
}

/** chown -R, for handing a temporary folder to the server's user. */
export function chownRecursive(path: string, user: SystemUser): void {
  chownSync(path, user.uid, user.gid);
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path)) chownRecursive(join(path, entry), user);
  }
}
