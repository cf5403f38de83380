/**
 * The web service's ECS container definitions as pure JSON, so tests (and the
 * policy pack) read exactly what ECS gets.
 */
import {
  ADOT_COLLECTOR_IMAGE,
  ADOT_COLLECTOR_USER,
  COLLECTOR_CONTAINER,
  renderAdotCollectorConfig,
} from "../../lib/observability/tracing";
import { APP_PORT } from "./securityGroups";

/** The app image's non-root user (see app/Dockerfile). */
export const APP_USER = "10001:10001";

export interface ContainerInput {
  readonly image: string;
  readonly region: string;
  readonly logGroup: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, string>>;
}

/**
 * The task's containers: the app, and the ADOT collector that takes the app's OTLP spans on the
 * task's loopback and sends them to X-Ray (lib/observability/tracing.ts). The collector is not
 * essential: if it stops, the app keeps serving and only its traces are lost. Pure so tests (and
 * the policy pack) read exactly what ECS gets.
 */
export function appContainerDefinitions(c: ContainerInput): string {
  const sorted = (o: Readonly<Record<string, string>>) => Object.keys(o).sort();
  const logs = (prefix: string) => ({
    logDriver: "awslogs",
    options: {
      "awslogs-group": c.logGroup,
      "awslogs-region": c.region,
      "awslogs-stream-prefix": prefix,
    },
  });
  return JSON.stringify([
    {
      name: "app",
      image: c.image,
      essential: true,
      user: APP_USER,
      privileged: false,
      readonlyRootFilesystem: true,
      portMappings: [{ containerPort: APP_PORT, hostPort: APP_PORT, protocol: "tcp" }],
      environment: [
        ...sorted(c.environment).map((name) => ({ name, value: c.environment[name] })),
        { name: "PORT", value: String(APP_PORT) },
      ],
      secrets: sorted(c.secrets).map((name) => ({ name, valueFrom: c.secrets[name] })),
      mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
      linuxParameters: { initProcessEnabled: true, capabilities: { drop: ["ALL"] } },
      healthCheck: {
        command: [
          "CMD-SHELL",
          `node -e "fetch('http://127.0.0.1:${APP_PORT}/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"`,
        ],
        interval: 15,
        timeout: 5,
        retries: 3,
        startPeriod: 20,
      },
      stopTimeout: 30,
      // Started before the app so its first spans find the receiver; not waited on for health.
      dependsOn: [{ containerName: COLLECTOR_CONTAINER, condition: "START" }],
      logConfiguration: logs("app"),
    },
    {
      name: COLLECTOR_CONTAINER,
      image: ADOT_COLLECTOR_IMAGE,
      essential: false,
      user: ADOT_COLLECTOR_USER,
      privileged: false,
      readonlyRootFilesystem: true,
      environment: [{ name: "AOT_CONFIG_CONTENT", value: renderAdotCollectorConfig(c) }],
      linuxParameters: { initProcessEnabled: true, capabilities: { drop: ["ALL"] } },
      healthCheck: {
        command: ["CMD", "/healthcheck"],
        interval: 15,
        timeout: 5,
        retries: 3,
        startPeriod: 10,
      },
      // After the app (which stops within 30 s), so spans of draining requests still get out.
      stopTimeout: 40,
      logConfiguration: logs(COLLECTOR_CONTAINER),
    },
  ]);
}
