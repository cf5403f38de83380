/**
 * The Docker implementation of the platform (dev): one explicit provider per
 * package (default providers are disabled), every component of the contract
 * with the same type tokens and logical names as on AWS, wired with the links
 * of COMPONENT_LINKS, and the same application contract.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import { DEFAULT_APP_IMAGE } from "../../config/keys";
import type { DockerConfig } from "../../config/platformConfig";
import { NameContext } from "../../lib/naming";
import { dockerLabels } from "../../lib/tags";
import type { PlatformOutputs } from "../outputs";
import { wiring } from "../wiring";
import { Backup } from "./backup";
import { Cache } from "./cache";
import { DockerContext } from "./container";
import { Database } from "./database";
import { Encryption } from "./encryption";
import { FileProcessor } from "./fileProcessor";
import { Network } from "./network";
import { Notifications } from "./notifications";
import { ObjectStore } from "./objectStore";
import { Observability } from "./observability";
import { FILE_PROCESSOR_WEBHOOK_PORT } from "./objectStore";
import { APP_PORT } from "./webService";
import { DEV_DATABASE_NAME, DEV_DATABASE_USER } from "../../lib/dev/postgres";
import { SERVICE_HOSTS } from "../../lib/dev/services";
import { DevLimits } from "../../lib/observability/alerts";
import { DEV_TRACES_ENDPOINT } from "../../lib/observability/tracing";
import { Secrets } from "./secrets";
import { WebService } from "./webService";

/**
 * How the app image is built when `platform:appImage` is not set. The context
 * is the repository root, as app/Dockerfile requires (it copies the npm
 * workspace's root lockfile); `dockerfile` is relative to the project
 * directory (pulumi-docker v4+); app/Dockerfile.dockerignore lists what the
 * build needs. No `platform`: the image is built for the Docker engine's own
 * architecture (arm64 on Apple silicon), which the dev containers run on; a
 * forced linux/amd64 would run under emulation there, slowly.
 */
export const APP_BUILD = {
  context: ".",
  dockerfile: "app/Dockerfile",
} as const;

/**
 * The application image: built from app/ (kept local, never pushed) unless
 * the stack sets `platform:appImage`, which is then pulled.
 */
function appImage(cfg: DockerConfig, provider: docker.Provider): pulumi.Output<string> {
  if (cfg.appImage === DEFAULT_APP_IMAGE) {
    const built = new docker.Image(
      `${cfg.project}-app-image`,
      {
        imageName: `${cfg.project}-app:${cfg.stack}`,
        build: { ...APP_BUILD },
        skipPush: true,
      },
      { provider },
    );
    // For a local image, repoDigest is the image id: a rebuild replaces the containers.
    return built.repoDigest;
  }
  const pulled = new docker.RemoteImage(
    `${cfg.project}-app-image`,
    { name: cfg.appImage, keepLocally: true },
    { provider },
  );
  return pulled.imageId;
}

/** The dev database volume's storage budget: the dev storage alert fires at 80 % of it. */
export const DEV_DATABASE_STORAGE_BYTES = 10 * 1024 ** 3;

/** What the dev alert expressions divide by: the app container's limits and the database budget. */
export function devLimits(p: DockerConfig["profile"]): DevLimits {
  return {
    appMemoryBytes: p.web.memoryMb * 1024 ** 2,
    appCpus: 1,
    databaseStorageBytes: DEV_DATABASE_STORAGE_BYTES,
  };
}

export function createDockerPlatform(cfg: DockerConfig): PlatformOutputs {
  const p = cfg.profile;
  const dev = cfg.dev;
  const naming: NameContext = {
    project: cfg.project,
    environment: cfg.environment,
  };
  const ctx: DockerContext = {
    naming,
    labels: dockerLabels({
      environment: cfg.environment,
      project: cfg.project,
      owner: cfg.owner,
      costCenter: cfg.costCenter,
      stack: cfg.stack,
    }),
  };
  const dockerProvider = new docker.Provider("docker", {});
  const randomProvider = new random.Provider("random", {});
  const tlsProvider = new tls.Provider("tls", {});
  const providers = [dockerProvider, randomProvider, tlsProvider];

  const { name, opts, keep } = wiring(cfg.project, providers);

  const image = appImage(cfg, dockerProvider);
  const encryption = keep(
    "Encryption",
    new Encryption(name("Encryption"), { naming }, opts("Encryption")),
  );
  const ca = encryption.caCertPem;
  const network = keep("Network", new Network(name("Network"), ctx, opts("Network")));
  const secrets = keep("Secrets", new Secrets(name("Secrets"), {}, opts("Secrets")));
  const database = keep(
    "Database",
    new Database(
      name("Database"),
      {
        ...ctx,
        image: dev.images.postgres,
        network: network.names.data,
        caCertPem: ca,
        certificate: encryption.servers.db,
      },
      opts("Database"),
    ),
  );
  const cache = keep(
    "Cache",
    new Cache(
      name("Cache"),
      {
        ...ctx,
        image: dev.images.redis,
        network: network.names.data,
        caCertPem: ca,
        certificate: encryption.servers.cache,
      },
      opts("Cache"),
    ),
  );
  const store = keep(
    "ObjectStore",
    new ObjectStore(
      name("ObjectStore"),
      {
        ...ctx,
        image: dev.images.objectStore,
        network: network.names.data,
        caCertPem: ca,
        certificate: encryption.servers.objectStore,
      },
      opts("ObjectStore"),
    ),
  );
  const notifications = keep(
    "Notifications",
    new Notifications(
      name("Notifications"),
      { ...ctx, image: dev.images.node, network: network.names.app },
      opts("Notifications"),
    ),
  );

  const web = keep(
    "WebService",
    new WebService(
      name("WebService"),
      {
        ...ctx,
        appImage: image,
        proxyImage: dev.images.proxy,
        networks: network.names,
        environment: {
          DATABASE_URL: database.url,
          ENVIRONMENT: cfg.environment,
          NOTIFY_TARGET: notifications.target,
          OTEL_EXPORTER_OTLP_ENDPOINT: DEV_TRACES_ENDPOINT,
          S3_BUCKET: store.bucketName,
          S3_ENDPOINT: store.endpoint,
        },
        secrets: {
          APP_SECRET_KEY: secrets.appSecretKey,
          DATABASE_PASSWORD: database.password,
          REDIS_URL: cache.url,
          S3_ACCESS_KEY_ID: store.appAccessKeyId,
          S3_SECRET_ACCESS_KEY: store.appSecretAccessKey,
        },
        caCertPem: ca,
        certificate: encryption.servers.proxy,
        httpsPort: dev.httpsPort,
        httpPort: dev.httpPort,
        memoryMb: p.web.memoryMb,
      },
      opts("WebService"),
    ),
  );
  const fileProcessor = keep(
    "FileProcessor",
    new FileProcessor(
      name("FileProcessor"),
      {
        ...ctx,
        appImage: image,
        networks: { app: network.names.app, data: network.names.data },
        caCertPem: ca,
        databaseUrl: database.url,
        databasePassword: database.password,
        bucketName: store.bucketName,
        s3Endpoint: store.endpoint,
        s3AccessKeyId: store.appAccessKeyId,
        s3SecretAccessKey: store.appSecretAccessKey,
        webhookToken: store.webhookToken,
        notifyTarget: notifications.target,
        environmentName: cfg.environment,
        memoryMb: p.fileProcessor.memoryMb,
      },
      opts("FileProcessor"),
    ),
  );
  const grafanaPassword = new random.RandomPassword(
    `${cfg.project}-grafana-admin-password`,
    { length: 32, special: false },
    { provider: randomProvider },
  );
  const observability = keep(
    "Observability",
    new Observability(
      name("Observability"),
      {
        ...ctx,
        images: dev.images,
        networks: network.names,
        caCertPem: ca,
        databaseUser: DEV_DATABASE_USER,
        databaseName: DEV_DATABASE_NAME,
        databasePassword: database.password,
        redisUrl: cache.url,
        notifyTarget: notifications.target,
        proxyAddress: `${SERVICE_HOSTS.proxy}:${dev.httpsPort}`,
        appMetrics: `${SERVICE_HOSTS.app}:${APP_PORT}`,
        fileProcessorMetrics: `${SERVICE_HOSTS.fileProcessor}:${FILE_PROCESSOR_WEBHOOK_PORT}`,
        limits: devLimits(p),
        grafanaAdminPassword: pulumi.secret(grafanaPassword.result),
        containers: {
          proxy: web.proxyContainerName,
          app: web.appContainerName,
          fileProcessor: fileProcessor.containerName,
          notifications: notifications.containerName,
          database: database.containerName,
          cache: cache.containerName,
          objectStore: store.containerName,
        },
      },
      opts("Observability"),
    ),
  );
  keep("Backup", new Backup(name("Backup"), {}, opts("Backup")));

  return {
    serviceUrl: web.url,
    endpoints: {
      httpRedirect: pulumi.output(`http://127.0.0.1:${dev.httpPort}`),
      caCertificate: ca,
      database: database.url,
      databaseContainer: database.containerName,
      cacheContainer: cache.containerName,
      objectStore: store.endpoint,
      uploadsBucket: store.bucketName,
      notificationsSink: notifications.target,
      notificationsLog: notifications.containerName.apply((c) => `docker logs -f ${c}`),
      fileProcessor: fileProcessor.containerName,
      appContainer: web.appContainerName,
      logs: observability.logCommands.apply((c) => Object.values(c).join("\n")),
      grafana: observability.urls.apply((u) => u.grafana),
      prometheus: observability.urls.apply((u) => u.prometheus),
      traces: observability.urls.apply((u) => u.traces),
    },
  };
}
