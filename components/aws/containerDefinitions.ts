/**
 * The web service's ECS container definitions as pure JSON, so tests (and the
 * policy pack) read exactly what ECS gets.
 */
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

/** The app's container definition; pure so tests (and the policy pack) read exactly what ECS gets. */
export function appContainerDefinitions(c: ContainerInput): string {
  const sorted = (o: Readonly<Record<string, string>>) => Object.keys(o).sort();
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
      logConfiguration: {
        logDriver: "awslogs",
        options: {
          "awslogs-group": c.logGroup,
          "awslogs-region": c.region,
          "awslogs-stream-prefix": "app",
        },
      },
    },
  ]);
}
