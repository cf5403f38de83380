/**
 * The contract every environment implements: the same component types and
 * logical names, the same links between them, the same application contract.
 * `components/aws/` and `components/docker/` are its two implementations.
 */

/** Component type tokens (`platform:<module>:<Kind>`); identical in every stack. */
export const COMPONENT_TYPES = {
  Network: "platform:network:Network",
  Encryption: "platform:security:Encryption",
  Secrets: "platform:security:Secrets",
  Database: "platform:data:Database",
  Cache: "platform:data:Cache",
  ObjectStore: "platform:data:ObjectStore",
  Notifications: "platform:messaging:Notifications",
  WebService: "platform:app:WebService",
  FileProcessor: "platform:app:FileProcessor",
  Observability: "platform:ops:Observability",
  Backup: "platform:ops:Backup",
} as const;

export type ComponentKind = keyof typeof COMPONENT_TYPES;

/** The role part of each component's logical name: `<project>-<role>`. */
export const COMPONENT_ROLES: Readonly<Record<ComponentKind, string>> = {
  Network: "network",
  Encryption: "encryption",
  Secrets: "secrets",
  Database: "db",
  Cache: "cache",
  ObjectStore: "uploads",
  Notifications: "notifications",
  WebService: "web",
  FileProcessor: "file-processor",
  Observability: "observability",
  Backup: "backup",
};

/** Logical name of a component, the same in every stack (`platform-db`). */
export function componentName(project: string, kind: ComponentKind): string {
  return `${project}-${COMPONENT_ROLES[kind]}`;
}

/**
 * The application contract: environment variable names every environment
 * hands the workload. A value may arrive as `NAME`, as `NAME_FILE` (a path,
 * how Docker delivers secrets) or as `NAME_SECRET_ARN` (Secrets Manager, how
 * Lambda receives them); the name is the contract, the form is the delivery.
 */
export const APP_CONTRACT = [
  "APP_SECRET_KEY",
  "CA_BUNDLE_FILE",
  "DATABASE_PASSWORD",
  "DATABASE_URL",
  "ENVIRONMENT",
  "NOTIFY_TARGET",
  "REDIS_URL",
  "S3_BUCKET",
  "S3_ENDPOINT",
] as const;

export type ContractName = (typeof APP_CONTRACT)[number];

/** The contract name a delivered variable stands for (`REDIS_URL_FILE` → `REDIS_URL`). */
export function contractNameOf(variable: string): ContractName | undefined {
  if ((APP_CONTRACT as readonly string[]).includes(variable)) return variable as ContractName;
  const base = variable.replace(/_(FILE|SECRET_ARN|SECRET_KEY)$/, "");
  return (APP_CONTRACT as readonly string[]).includes(base) ? (base as ContractName) : undefined;
}

/**
 * Which components each component uses. Both implementations wire their
 * components with exactly these dependencies (`dependsOn`), and
 * `platform topology` reads the links back from the synthesized graph.
 */
export const COMPONENT_LINKS: Readonly<Record<ComponentKind, readonly ComponentKind[]>> = {
  Encryption: [],
  Network: ["Encryption"],
  Secrets: ["Encryption"],
  Database: ["Network", "Encryption"],
  Cache: ["Network", "Encryption"],
  ObjectStore: ["Encryption"],
  Notifications: ["Encryption"],
  WebService: ["Network", "Database", "Cache", "ObjectStore", "Secrets", "Notifications"],
  FileProcessor: ["Network", "ObjectStore", "Database", "Notifications"],
  Observability: ["WebService", "FileProcessor", "Database", "Cache"],
  Backup: ["Database", "ObjectStore"],
};
