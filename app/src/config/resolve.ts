import { ConfigError } from "./errors";

/** Reads what a contract value needs from outside the process: files and AWS Secrets Manager. */
export interface SecretSources {
  /** Reads a whole file as UTF-8. */
  readFile(path: string): Promise<string>;
  /** Fetches the SecretString of a Secrets Manager secret. */
  getSecretString(arn: string): Promise<string>;
}

/** A contract value and where it came from (for error messages; never the value itself). */
export interface ResolvedValue {
  readonly value: string;
  /** e.g. `REDIS_URL`, `REDIS_URL_FILE="/run/secrets/redis_url"`, `DATABASE_PASSWORD_SECRET_ARN="arn:…"` */
  readonly source: string;
}

/** The Secrets Manager ARN shape: arn:<partition>:secretsmanager:<region>:<account>:secret:<name>. */
export const SECRET_ARN =
  /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):(\d{12}):secret:[A-Za-z0-9/_+=.@!-]+$/;

/** The JSON key taken from a JSON secret when `<NAME>_SECRET_KEY` is not set. */
export const DEFAULT_SECRET_KEY = "password";

/** An environment variable counts as set when it is present and not empty. */
function isSet(env: NodeJS.ProcessEnv, name: string): boolean {
  const v = env[name];
  return v !== undefined && v !== "";
}

/**
 * Resolves contract value `name` from exactly one of three forms:
 * - `NAME`: the plain value;
 * - `NAME_FILE`: the path of a file holding it (trailing newlines trimmed), as Docker secrets are delivered;
 * - `NAME_SECRET_ARN`: a Secrets Manager secret; when its string is a JSON object, the key named by
 *   `NAME_SECRET_KEY` (default `password`) is taken, otherwise the whole string.
 * Returns undefined when none is set. Throws a one-line ConfigError naming the variable otherwise.
 */
export async function resolveContractValue(
  env: NodeJS.ProcessEnv,
  name: string,
  sources: SecretSources,
): Promise<ResolvedValue | undefined> {
  const fileVar = `${name}_FILE`;
  const arnVar = `${name}_SECRET_ARN`;
  const keyVar = `${name}_SECRET_KEY`;
  const forms = [name, fileVar, arnVar].filter((v) => isSet(env, v));
  if (forms.length > 1) {
    throw new ConfigError([
      `${name}: expected exactly one of ${name}, ${fileVar}, ${arnVar}; got ${forms.join(" and ")}`,
    ]);
  }
  if (isSet(env, keyVar) && forms[0] !== arnVar) {
    throw new ConfigError([`${keyVar}: is set, so expected ${arnVar} to be set too`]);
  }
  const form = forms[0];
  if (form === undefined) return undefined;

  if (form === name) return { value: env[name] as string, source: name };

  if (form === fileVar) {
    const path = env[fileVar] as string;
    const source = `${fileVar}=${JSON.stringify(path)}`;
    let text: string;
    try {
      text = await sources.readFile(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new ConfigError([`${source}: expected a readable file holding ${name}, got ${code}`]);
    }
    const value = text.replace(/[\r\n]+$/, "");
    if (value === "")
      throw new ConfigError([`${source}: expected a file holding ${name}, got an empty file`]);
    return { value, source };
  }

  const arn = env[arnVar] as string;
  const source = `${arnVar}=${JSON.stringify(arn)}`;
  if (!SECRET_ARN.test(arn)) {
    throw new ConfigError([
      `${source}: expected a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)`,
    ]);
  }
  let secret: string;
  try {
    secret = await sources.getSecretString(arn);
  } catch (err) {
    throw new ConfigError([
      `${source}: could not read the secret (${(err as Error).name}: ${(err as Error).message})`,
    ]);
  }
  const key = isSet(env, keyVar) ? (env[keyVar] as string) : DEFAULT_SECRET_KEY;
  const value = pickSecretValue(secret, key, source);
  if (value === "")
    throw new ConfigError([`${source}: expected a non-empty secret value for ${name}`]);
  return { value, source };
}

/**
 * The value held by a secret string: a JSON object's `key` (which must be a string), or
 * the whole string when it is not a JSON object. Errors name the keys, never the values.
 */
export function pickSecretValue(secret: string, key: string, source: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secret);
  } catch {
    return secret;
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return secret;
  const record = parsed as Record<string, unknown>;
  if (!(key in record)) {
    const keys = Object.keys(record).sort().join(", ");
    throw new ConfigError([
      `${source}: expected the secret's JSON to have the key "${key}", got keys ${keys === "" ? "(none)" : keys}`,
    ]);
  }
  const value = record[key];
  if (typeof value !== "string") {
    throw new ConfigError([
      `${source}: expected the secret's JSON key "${key}" to hold a string, got ${value === null ? "null" : typeof value}`,
    ]);
  }
  return value;
}
