/**
 * Secrets in plain text: password-, secret-, token- or key-shaped names or
 * values in places AWS stores and shows in clear to anyone who can describe
 * the resource — ECS container `environment`, Lambda environment variables,
 * EC2 user data (instances and launch templates), Glue connection properties
 * and DMS extra connection attributes. A Pulumi secret does not help there:
 * the value still lands in the resource's configuration.
 */
import { resourcePolicy } from "../lib/define";
import { eachKnown, Pending } from "../lib/stack";
import { T, T2 } from "../lib/types";
import { asArray, asRecord, inspectable, isSet, parseJson } from "../lib/values";

/** Names that hold a secret (PASSWORD, DB_PASS, API_KEY, AUTH_TOKEN, CLIENT_SECRET, PRIVATE_KEY, …). */
const SECRET_NAME =
  /(pass(word|wd)?|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|credential|signing[_-]?key)$|^(pass(word)?|secret|token)[_-]/i;
/** Names that merely point at a secret or describe one (…_ARN, …_ID, …_NAME, …_FILE, …_URL). */
const REFERENCE_NAME =
  /(_|-)?(arn|id|name|file|path|url|uri|endpoint|region|length|ttl|header|version|version_?stage)$/i;

/** Values that are secrets whatever their name. */
const SECRET_VALUES: ReadonlyArray<[RegExp, string]> = [
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, "an AWS access key id"],
  [/-----BEGIN ([A-Z]+ )?PRIVATE KEY-----/, "a private key"],
  [/\b(ghp|gho|ghs|ghu)_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}/, "a GitHub token"],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/, "a Slack token"],
  [/\bsk_live_[A-Za-z0-9]{16,}/, "a Stripe secret key"],
  [/[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s@/]+@/i, "a URL with a password"],
];

/**
 * Why a name/value pair is a plain-text secret, or undefined. A secret-shaped
 * name is enough, whatever the value; otherwise the value's shape decides, so
 * a value that is "[secret]" offline throws SecretValueError naming `where`
 * (under the engine the rule sees, and tests, the real value).
 */
export function secretShape(name: string, value: unknown, where = name): string | undefined {
  if (!isSet(value)) return undefined;
  if (value.startsWith("arn:aws:secretsmanager:") || value.startsWith("arn:aws:ssm:"))
    return undefined;
  if (SECRET_NAME.test(name) && !REFERENCE_NAME.test(name)) return "its name says it is a secret";
  inspectable(value, where);
  for (const [pattern, what] of SECRET_VALUES)
    if (pattern.test(value)) return `its value is ${what}`;
  return undefined;
}

/** Secret-shaped content in free text (user data, connection attribute strings). */
export function secretsInText(text: string): string[] {
  const found: string[] = [];
  for (const [pattern, what] of SECRET_VALUES) if (pattern.test(text)) found.push(what);
  const assignment =
    /\b([A-Za-z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|APIKEY)[A-Za-z0-9_]*)\s*[=:]\s*["']?([^\s"';&]{4,})/gi;
  for (const m of text.matchAll(assignment)) {
    const value = m[2];
    if (value.startsWith("$") || value.startsWith("arn:aws:")) continue;
    found.push(`${m[1]} assigned a literal value`);
  }
  return found;
}

function decodeUserData(type: string, value: string): string {
  if (type !== T2.launchTemplate) return value;
  // Launch templates take user data base64-encoded (ec2/launchTemplate.d.ts, userData).
  const decoded = Buffer.from(value, "base64").toString("utf8");
  const printable = [...decoded].every(
    (c) => c === "\t" || c === "\n" || c === "\r" || (c >= " " && c <= "~"),
  );
  return printable ? decoded : value;
}

const WHERE_INSTEAD =
  "keep it in Secrets Manager (or SSM Parameter Store SecureString) and pass only its ARN";

export const noPlaintextSecrets = resourcePolicy({
  name: "no-plaintext-secrets",
  description:
    "No password-, secret-, token- or key-shaped name or value in ECS container environment, Lambda environment variables, EC2 user data, Glue connection properties or DMS extra connection attributes, where AWS keeps it in clear text.",
  enforcementLevel: "mandatory",
  group: "secrets",
  exemptable: true,
  resourceTypes: [
    T.ecsTaskDefinition,
    T.lambdaFunction,
    T2.ec2Instance,
    T2.launchTemplate,
    T2.glueConnection,
    T2.dmsEndpoint,
  ],
  remediation:
    "ECS: move the value to the container's `secrets: [{ name, valueFrom: <Secrets Manager or SSM ARN> }]`. Lambda: store it in Secrets Manager and read it at start-up (pass the secret ARN as the variable). EC2 user data: fetch it at boot from Secrets Manager/SSM with the instance role. Glue: use the connection's `SECRET_ID` property instead of `PASSWORD`. DMS: use `secretsManagerArn` with `secretsManagerAccessRoleArn`.",
  validate: ({ type, props }, report) => {
    if (type === T.ecsTaskDefinition) {
      const defs = parseJson(props.containerDefinitions, "containerDefinitions");
      // Inside the JSON string no single value is a secret: the whole string is.
      asArray(defs).forEach((c, i) => {
        const container = asRecord(c) ?? {};
        const label =
          typeof container.name === "string" ? `container "${container.name}"` : `container #${i}`;
        for (const e of asArray(container.environment)) {
          const entry = asRecord(e) ?? {};
          const why =
            typeof entry.name === "string" ? secretShape(entry.name, entry.value) : undefined;
          if (why) {
            report(
              `${label} environment variable ${entry.name} is a plain-text secret (${why}); move it to the container's secrets (valueFrom a Secrets Manager or SSM ARN): ${WHERE_INSTEAD}`,
            );
          }
        }
      });
      return;
    }
    if (type === T.lambdaFunction) {
      const variables =
        asRecord(asRecord(props.environment, "environment")?.variables, "environment.variables") ??
        {};
      // Every variable is judged; one whose value is secret then makes the rule "cannot be checked offline".
      const pending = new Pending();
      eachKnown(Object.entries(variables), pending, ([name, value]) => {
        const why = secretShape(name, value, `environment.variables.${name}`);
        if (why) {
          report(
            `environment variable ${name} is a plain-text secret (${why}); anyone with lambda:GetFunctionConfiguration reads it: ${WHERE_INSTEAD} and read it in the handler`,
          );
        }
      });
      pending.settle();
      return;
    }
    if (type === T2.ec2Instance || type === T2.launchTemplate) {
      const raw = inspectable(props.userData, "userData");
      if (!isSet(raw)) return;
      for (const what of secretsInText(decodeUserData(type, raw))) {
        report(
          `userData contains ${what}; user data is readable by anyone who can describe the instance and from the instance metadata: ${WHERE_INSTEAD}, fetched at boot with the instance role`,
        );
      }
      return;
    }
    if (type === T2.glueConnection) {
      const properties = asRecord(props.connectionProperties, "connectionProperties") ?? {};
      const pending = new Pending();
      eachKnown(Object.entries(properties), pending, ([name, value]) => {
        const why = secretShape(name, value, `connectionProperties.${name}`);
        if (why) {
          report(
            `connectionProperties.${name} is a plain-text secret (${why}); store the credentials in Secrets Manager and set connectionProperties.SECRET_ID to the secret's name instead`,
          );
        }
      });
      pending.settle();
      return;
    }
    if (type === T2.dmsEndpoint) {
      const attributes = inspectable(props.extraConnectionAttributes, "extraConnectionAttributes");
      if (!isSet(attributes)) return;
      for (const what of secretsInText(attributes)) {
        report(
          `extraConnectionAttributes contains ${what}; use secretsManagerArn with secretsManagerAccessRoleArn for the endpoint's credentials`,
        );
      }
    }
  },
});

export const secretPolicies = [noPlaintextSecrets];
