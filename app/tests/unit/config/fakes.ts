import type { SecretSources } from "../../../src/config";

/** In-memory files and secrets; a missing file fails like fs does (ENOENT). */
export function fakeSources(
  files: Record<string, string> = {},
  secrets: Record<string, string> = {},
): SecretSources & { secretReads: string[] } {
  const secretReads: string[] = [];
  return {
    secretReads,
    async readFile(path) {
      const v = files[path];
      if (v === undefined)
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), {
          code: "ENOENT",
        });
      return v;
    },
    async getSecretString(arn) {
      secretReads.push(arn);
      const v = secrets[arn];
      if (v === undefined) {
        throw Object.assign(new Error("Secrets Manager can't find the specified secret."), {
          name: "ResourceNotFoundException",
        });
      }
      return v;
    },
  };
}
