/**
 * The preview database function (handler `lambda.previewDatabaseHandler`, in the VPC of the
 * shared preview instance): on `create` and `update` it creates or repairs the preview's own
 * database and login role, on `delete` it drops them (SQL: ./database.ts). The event is checked
 * first (./event.ts), so a bad event touches nothing.
 *
 * It logs in as the instance's admin with the RDS-managed master secret (JSON with `username`
 * and `password`, read on every invocation so a rotation never strands it), takes the preview
 * role's password from the preview's own secret (JSON with `username` and `password`), and
 * connects over TLS with the certificate chain and host name verified (Node's roots plus
 * CA_BUNDLE_FILE: the RDS CA bundle in the package).
 *
 * Environment (set by components/aws/sharedDatabase.ts): ADMIN_SECRET_ARN, ADMIN_DATABASE,
 * DATABASE_HOST, DATABASE_PORT, CA_BUNDLE_FILE (optional).
 *
 * What it returns becomes the Invocation's `result` in the stack's state: names only.
 */
import { Client, ClientConfig } from "pg";
import { checkCaBundle } from "../config/scalars";
import { SECRET_ARN, SecretSources } from "../config/resolve";
import { trustedCas } from "../tls";
import { databaseExists, dropPreviewDatabase, ensurePreviewDatabase, SqlClient } from "./database";
import { LifecycleAction, parsePreviewDatabaseEvent } from "./event";

/** Where the function finds the shared instance and its admin. */
export interface PreviewDatabaseConfig {
  readonly host: string;
  readonly port: number;
  /** The database the admin connects to (never a preview's). */
  readonly adminDatabase: string;
  /** The RDS-managed master secret. */
  readonly adminSecretArn: string;
  /** A PEM bundle trusted beside Node's roots; undefined: Node's roots only. */
  readonly caBundleFile: string | undefined;
}

/** A configuration the function refuses (one line naming the variable). */
export class PreviewDatabaseConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PreviewDatabaseConfigError";
  }
}

/** Reads the function's environment; throws one line naming the first variable that is wrong. */
export function previewDatabaseConfig(env: NodeJS.ProcessEnv): PreviewDatabaseConfig {
  const required = (name: string): string => {
    const v = env[name];
    if (v === undefined || v === "") throw new PreviewDatabaseConfigError(`${name} is not set`);
    return v;
  };
  const adminSecretArn = required("ADMIN_SECRET_ARN");
  if (!SECRET_ARN.test(adminSecretArn)) {
    throw new PreviewDatabaseConfigError(
      `ADMIN_SECRET_ARN=${JSON.stringify(adminSecretArn)}: expected a Secrets Manager secret ARN`,
    );
  }
  const portText = required("DATABASE_PORT");
  const port = Number(portText);
  if (!/^[0-9]{1,5}$/.test(portText) || port < 1 || port > 65535) {
    throw new PreviewDatabaseConfigError(
      `DATABASE_PORT=${JSON.stringify(portText)}: expected a port from 1 to 65535`,
    );
  }
  const caBundleFile = env.CA_BUNDLE_FILE;
  return {
    host: required("DATABASE_HOST"),
    port,
    adminDatabase: required("ADMIN_DATABASE"),
    adminSecretArn,
    caBundleFile: caBundleFile === undefined || caBundleFile === "" ? undefined : caBundleFile,
  };
}

/** A login from a JSON secret. */
export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/**
 * Reads `{"username": …, "password": …}` from a secret's string. `what` names the secret in the
 * error, which never quotes the secret's content.
 */
export function parseCredentials(secretString: string, what: string): Credentials {
  let v: unknown;
  try {
    v = JSON.parse(secretString);
  } catch {
    throw new PreviewDatabaseConfigError(
      `${what}: expected a JSON object with username and password, got text that is not JSON`,
    );
  }
  const o = (typeof v === "object" && v !== null ? v : {}) as Record<string, unknown>;
  if (typeof o.username !== "string" || o.username === "") {
    throw new PreviewDatabaseConfigError(`${what}: expected a JSON object with a username`);
  }
  if (typeof o.password !== "string" || o.password === "") {
    throw new PreviewDatabaseConfigError(`${what}: expected a JSON object with a password`);
  }
  return { username: o.username, password: o.password };
}

/** A connection the function runs its statements on. */
export interface AdminSession extends SqlClient {
  end(): Promise<void>;
}

export interface PreviewDatabaseDeps {
  /** Secrets Manager (both secrets) and the filesystem (the CA bundle). */
  readonly secrets: SecretSources;
  /** Opens a connection. @default a `pg` Client, connected */
  readonly connect?: (config: ClientConfig) => Promise<AdminSession>;
  /** One JSON line per invocation. @default process.stdout */
  readonly log?: (line: string) => void;
}

/** What one invocation did (the Invocation's `result`: no secret in it). */
export interface PreviewDatabaseOutcome {
  readonly action: LifecycleAction;
  readonly pullRequest: number;
  readonly database: string;
  readonly role: string;
  /** created: new database; repaired: it existed and its grants were restated; dropped; absent: nothing to drop. */
  readonly outcome: "created" | "repaired" | "dropped" | "absent";
}

/** The pg settings of the admin session: TLS on, chain and host name verified. */
export function adminClientConfig(
  config: PreviewDatabaseConfig,
  admin: Credentials,
  caPem: string | undefined,
): ClientConfig {
  return {
    host: config.host,
    port: config.port,
    database: config.adminDatabase,
    user: admin.username,
    password: admin.password,
    ssl: {
      rejectUnauthorized: true,
      ca: trustedCas(
        caPem === undefined ? undefined : { file: config.caBundleFile ?? "", pem: caPem },
      ),
    },
    application_name: "preview-database-function",
    connectionTimeoutMillis: 10_000,
    statement_timeout: 30_000,
    query_timeout: 35_000,
  };
}

async function pgConnect(config: ClientConfig): Promise<AdminSession> {
  const client = new Client(config);
  client.on("error", () => undefined); // a dropped connection fails the running query instead
  await client.connect();
  return client;
}

/**
 * Handles one event: checks it, reads the secrets, connects, and creates/repairs or drops the
 * preview's database and role. Errors name what failed; the caller (Lambda) reports them and
 * the deployment stops.
 */
export async function handlePreviewDatabaseEvent(
  event: unknown,
  env: NodeJS.ProcessEnv,
  deps: PreviewDatabaseDeps,
): Promise<PreviewDatabaseOutcome> {
  const request = parsePreviewDatabaseEvent(event);
  const config = previewDatabaseConfig(env);
  const admin = parseCredentials(
    await deps.secrets.getSecretString(config.adminSecretArn),
    `the admin secret ${config.adminSecretArn}`,
  );
  let password: string | undefined;
  if (request.action !== "delete") {
    const own = parseCredentials(
      await deps.secrets.getSecretString(request.passwordSecretArn),
      `the preview's secret ${request.passwordSecretArn}`,
    );
    if (own.username !== request.preview.role) {
      throw new PreviewDatabaseConfigError(
        `the preview's secret ${request.passwordSecretArn}: expected username ${JSON.stringify(request.preview.role)}, got ${JSON.stringify(own.username)}`,
      );
    }
    password = own.password;
  }
  const caPem =
    config.caBundleFile === undefined
      ? undefined
      : checkCaBundle(config.caBundleFile, await deps.secrets.readFile(config.caBundleFile));

  const session = await (deps.connect ?? pgConnect)(adminClientConfig(config, admin, caPem));
  let outcome: PreviewDatabaseOutcome["outcome"];
  try {
    const existed = await databaseExists(session, request.preview.database);
    if (password === undefined) {
      await dropPreviewDatabase(session, request.preview);
      outcome = existed ? "dropped" : "absent";
    } else {
      await ensurePreviewDatabase(session, request.preview, password, config.adminDatabase);
      outcome = existed ? "repaired" : "created";
    }
  } finally {
    await session.end().catch(() => undefined);
  }
  const result: PreviewDatabaseOutcome = {
    action: request.action,
    pullRequest: request.pullRequest,
    database: request.preview.database,
    role: request.preview.role,
    outcome,
  };
  (deps.log ?? ((line) => process.stdout.write(`${line}\n`)))(
    JSON.stringify({ level: "info", msg: "preview database", ...result }),
  );
  return result;
}

let sources: Promise<SecretSources> | undefined;

/** The Lambda handler (`lambda.previewDatabaseHandler`): AWS Secrets Manager and the package's files. */
export async function previewDatabaseHandler(event: unknown): Promise<PreviewDatabaseOutcome> {
  sources ??= import("../config/sources").then((m) => m.awsSecretSources());
  try {
    return await handlePreviewDatabaseEvent(event, process.env, { secrets: await sources });
  } catch (err) {
    const e = err as Error & { code?: string };
    process.stdout.write(
      `${JSON.stringify({ level: "error", msg: "preview database failed", error: e.name, message: e.message, ...(e.code === undefined ? {} : { code: e.code }) })}\n`,
    );
    throw err;
  }
}
