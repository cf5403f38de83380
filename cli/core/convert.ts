/**
 * Turns the wire form of resource inputs (what the SDK sends the engine) into
 * the plain JSON of the Resource shape: secrets become "[secret]", unknowns
 * "[unknown]", resource references their id (or URN), assets and archives a
 * small description.
 */
import { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from "./resource";

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SIG_SECRET = "1b47061264138c4ac30d75fd1eb44270";
const SIG_RESOURCE = "5cf8f73096256a8f31e491e813e4eb8e";
const SIG_ASSET = "c44067f5952c0a294b673a41bacd8c17";
const SIG_ARCHIVE = "0def7320c3a5731c473e5ecbe6d01bc7";
const SIG_OUTPUT = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function plainValue(value: unknown): unknown {
  if (value === UNKNOWN) return UNKNOWN_PLACEHOLDER;
  if (Array.isArray(value)) return value.map(plainValue);
  if (value === null || typeof value !== "object") return value;
  const obj = value as Record<string, unknown>;
  switch (obj[SIG_KEY]) {
    case SIG_SECRET:
      return SECRET_PLACEHOLDER;
    case SIG_RESOURCE:
      return typeof obj.id === "string" && obj.id !== "" ? obj.id : obj.urn;
    case SIG_ASSET:
      return { asset: obj.path ?? obj.uri ?? "(inline text)" };
    case SIG_ARCHIVE:
      return { archive: obj.path ?? obj.uri ?? "(assets)" };
    case SIG_OUTPUT:
      if (obj.secret === true) return SECRET_PLACEHOLDER;
      return "value" in obj ? plainValue(obj.value) : UNKNOWN_PLACEHOLDER;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(obj)) out[key] = plainValue(obj[key]);
  return out;
}
