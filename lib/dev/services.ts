/**
 * The dev stack's services: the host names the workload dials on the Docker
 * networks (the aliases that appear in the contract's URLs and in the
 * certificates) and the container names a developer types into `docker logs`.
 * Pure, so the certificate spec, the components and the tests agree on every
 * name.
 */
import { environmentToken, NameContext, sanitize } from "../naming";

/** Every container of the dev stack, by the role it plays. */
export const DEV_SERVICES = [
  "db",
  "cache",
  "objectStore",
  "proxy",
  "app",
  "fileProcessor",
  "notifications",
  "prometheus",
  "alertmanager",
  "grafana",
  "loki",
  "logShipper",
  "blackbox",
  "postgresExporter",
  "redisExporter",
  "traces",
] as const;
export type DevService = (typeof DEV_SERVICES)[number];

/** The network alias of each service: the host name in DATABASE_URL, REDIS_URL, S3_ENDPOINT… */
export const SERVICE_HOSTS: Readonly<Record<DevService, string>> = {
  db: "db",
  cache: "cache",
  objectStore: "objectstore",
  proxy: "proxy",
  app: "app",
  fileProcessor: "file-processor",
  notifications: "notifications",
  prometheus: "prometheus",
  alertmanager: "alertmanager",
  grafana: "grafana",
  loki: "loki",
  logShipper: "log-shipper",
  blackbox: "blackbox",
  postgresExporter: "postgres-exporter",
  redisExporter: "redis-exporter",
  traces: "traces",
};

/**
 * The Docker name of a service's container (or of a volume or network when
 * `role` is not a service): `<project>-<env>-<role>`, e.g. `platform-dev-db`.
 * Container names are unique per Docker host, so the environment is part of
 * the name.
 */
export function dockerName(ctx: NameContext, role: DevService | string): string {
  const host = Object.hasOwn(SERVICE_HOSTS, role) ? SERVICE_HOSTS[role as DevService] : role;
  const name = [ctx.project, environmentToken(ctx), host]
    .map(sanitize)
    .filter((p) => p !== "")
    .join("-");
  return /^[a-z0-9]/.test(name) ? name : `p-${name}`;
}
