/**
 * Secret config values never appear in an error message. A value is secret
 * when it came from a secret (a `secure:` value of a stack file,
 * `pulumi.runtime.isConfigSecret`; a preview base's secure key, whose value
 * comes from a PLATFORM_SECRET_<KEY> environment variable) or when its key's
 * name looks secret. A failing secret key is named with what was expected and
 * `got a secret value (not shown)`; a secret value another key's message
 * would quote is shown as `[secret]`, as Pulumi displays secrets.
 */
import { ConfigError } from "./errors";

/** What an error says instead of a secret key's value. */
export const NOT_SHOWN = "a secret value (not shown)";

/** What an error says where another key's message would quote a secret value. */
export const SECRET_MARK = "[secret]";

/**
 * Key names that look secret: the Pulumi CLI's own pattern for `config set`
 * (`(?i)passwd|pass|password|pwd|secret|token`, `keyPattern` in
 * pkg/cmd/pulumi/config/config.go of github.com/pulumi/pulumi at commit
 * 1b5949891b3cefcb9974752b24a5ecef0acc86c8, 2026-08-21; read 2026-11-30),
 * plus names of key material and credentials.
 */
export const SECRET_KEY_NAME =
  /passwd|pass|password|pwd|secret|token|credential|private_?key|api_?key|access_?key|signing_?key/i;

/** Whether a key's name (its part after the namespace) looks like it holds a secret. */
export function looksSecret(key: string): boolean {
  return SECRET_KEY_NAME.test(key.slice(key.indexOf(":") + 1).replace(/[-.]/g, "_"));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The error with no secret value in it: the message is rebuilt without the
 * value when the key at fault is secret, and any secret value still quoted
 * (by a rule that spans keys) is replaced by `[secret]`.
 */
export function hideSecrets(
  error: ConfigError,
  raw: Readonly<Record<string, string>>,
  isSecret: (key: string) => boolean,
): ConfigError {
  const secretKey = (key: string) => isSecret(key) || looksSecret(key);
  let message = error.message;
  if (error.key !== undefined && error.expected !== undefined && secretKey(error.key)) {
    message = `${error.key} must be ${error.expected}, got ${NOT_SHOWN}`;
  }
  const values = new Set<string>();
  for (const [key, value] of Object.entries(raw)) {
    if (!secretKey(key)) continue;
    for (const v of [value, value.trim()]) if (v !== "") values.add(v);
  }
  // Longest first, so a value containing another is replaced whole.
  for (const v of [...values].sort((a, b) => b.length - a.length)) {
    message = message
      .split(JSON.stringify(v))
      .join(SECRET_MARK)
      .replace(new RegExp(`(?<![A-Za-z0-9])${escape(v)}(?![A-Za-z0-9])`, "g"), SECRET_MARK);
  }
  if (message === error.message) return error;
  const shown = error.key !== undefined && !secretKey(error.key) ? error.value : undefined;
  return new ConfigError(message, error.key, shown, error.expected);
}

/** Runs `read`; a ConfigError it throws leaves with every secret value hidden. */
export function withSecretsHidden<T>(
  raw: Readonly<Record<string, string>>,
  isSecret: (key: string) => boolean,
  read: () => T,
): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof ConfigError) throw hideSecrets(e, raw, isSecret);
    throw e;
  }
}
