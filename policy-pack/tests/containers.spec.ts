import { expect } from "chai";
import { rootUserProblem, sensitiveHostPath, SENSITIVE_HOST_PATHS } from "../policies/containers";
import {
  check,
  CONTAINER_DEFINITIONS,
  dockerContainer,
  expectClean,
  expectOnly,
  itReports,
  patch,
  taskDefinition,
} from "./fixtures";

/** A task definition whose containers are hardened (prod) and a hardened dev container. */
function compliant() {
  return [taskDefinition(), dockerContainer()];
}

const withContainers = (defs: object[]) => (r: ReturnType<typeof compliant>) =>
  patch(r, "task", { containerDefinitions: JSON.stringify(defs) });
const app = (changes: Record<string, unknown>) => [
  { ...CONTAINER_DEFINITIONS[0], ...changes },
  CONTAINER_DEFINITIONS[1],
];
const dev = "dev";

describe("policy pack: container hardening", () => {
  it("passes hardened ECS and Docker containers", async () => {
    expectClean(await check(compliant().slice(0, 1), { env: "prod" }));
    expectClean(await check(compliant().slice(1), { env: dev }));
  });

  const ecs = () => compliant().slice(0, 1);
  const docker = () => compliant().slice(1);

  describe("ECS task definitions", () => {
    itReports(ecs, [
      {
        title: "a privileged container",
        change: withContainers(app({ privileged: true })),
        policy: "ecs-task-not-privileged",
        resource: "task",
        message: /^container "app" sets privileged: true$/,
      },
      {
        title: "a writable root filesystem",
        change: withContainers(app({ readonlyRootFilesystem: false })),
        policy: "ecs-task-read-only-root",
        resource: "task",
        message:
          /^container "app" has readonlyRootFilesystem false; set readonlyRootFilesystem: true$/,
      },
      {
        title: "the sidecar without readonlyRootFilesystem",
        change: withContainers([
          CONTAINER_DEFINITIONS[0],
          { ...CONTAINER_DEFINITIONS[1], readonlyRootFilesystem: undefined },
        ]),
        policy: "ecs-task-read-only-root",
        resource: "task",
        message: /^container "log-router" has readonlyRootFilesystem not set/,
      },
      {
        title: "no user (the image's root)",
        change: withContainers(app({ user: undefined })),
        policy: "ecs-task-non-root-user",
        resource: "task",
        message: /^container "app": user is not set, so the image's default user/,
      },
      {
        title: "user 0:0",
        change: withContainers(app({ user: "0:0" })),
        policy: "ecs-task-non-root-user",
        resource: "task",
        message: /^container "app": user is "0:0", which is root$/,
      },
      {
        title: "user root",
        change: withContainers(app({ user: "root" })),
        policy: "ecs-task-non-root-user",
        resource: "task",
        message: /user is "root", which is root/,
      },
      {
        title: "container definitions that are not JSON",
        change: (r) => patch(r, "task", { containerDefinitions: "[{not json" }),
        policy: "ecs-task-not-privileged",
        resource: "task",
        message: /^containerDefinitions is not a JSON array of container definitions/,
        also: ["ecs-task-read-only-root", "ecs-task-non-root-user"],
      },
    ]);

    it("also reads container definitions given as an array", async () => {
      expectClean(
        await check(patch(ecs(), "task", { containerDefinitions: CONTAINER_DEFINITIONS }), {
          env: "prod",
        }),
      );
    });
  });

  describe("Docker containers", () => {
    itReports(docker, [
      {
        title: "privileged",
        change: (r) => patch(r, "app", { privileged: true }),
        policy: "docker-container-not-privileged",
        resource: "app",
        message: /^privileged is true/,
        env: dev,
      },
      {
        title: "running as root",
        change: (r) => patch(r, "app", { user: "root" }),
        policy: "docker-container-non-root-user",
        resource: "app",
        message: /^user is "root", which is root$/,
        env: dev,
      },
      {
        title: "no user",
        change: (r) => patch(r, "app", { user: undefined }),
        policy: "docker-container-non-root-user",
        resource: "app",
        message: /^user is not set/,
        env: dev,
      },
      {
        title: "a writable root filesystem",
        change: (r) => patch(r, "app", { readOnly: undefined }),
        policy: "docker-container-read-only-root",
        resource: "app",
        message: /^readOnly is not set; set readOnly: true$/,
        env: dev,
      },
      {
        title: "capabilities not dropped",
        change: (r) => patch(r, "app", { capabilities: undefined }),
        policy: "docker-container-capabilities",
        resource: "app",
        message: /^capabilities.drops is not set; drop "ALL"$/,
        env: dev,
      },
      {
        title: "a capability added back",
        change: (r) =>
          patch(r, "app", { capabilities: { drops: ["ALL"], adds: ["CAP_NET_ADMIN"] } }),
        policy: "docker-container-capabilities",
        resource: "app",
        message: /^capabilities.adds NET_ADMIN is not allow-listed \(allowed: none\)$/,
        env: dev,
      },
      {
        title: "no no-new-privileges",
        change: (r) => patch(r, "app", { securityOpts: ["seccomp=unconfined"] }),
        policy: "docker-container-no-new-privileges",
        resource: "app",
        message:
          /^securityOpts \["seccomp=unconfined"\] does not contain "no-new-privileges:true"$/,
        env: dev,
      },
      {
        title: "the Docker socket mounted",
        change: (r) =>
          patch(r, "app", {
            mounts: [
              { type: "bind", source: "/var/run/docker.sock", target: "/var/run/docker.sock" },
            ],
          }),
        policy: "docker-container-no-sensitive-mounts",
        resource: "app",
        message: /^mounts binds \/var\/run\/docker.sock \(the Docker socket \(root on the host\)\)/,
        env: dev,
      },
      {
        title: "/etc mounted as a volume",
        change: (r) =>
          patch(r, "app", { volumes: [{ hostPath: "/etc/", containerPath: "/host-etc" }] }),
        policy: "docker-container-no-sensitive-mounts",
        resource: "app",
        message: /^volumes binds \/etc\/ \(the sensitive host path \/etc\) at "\/host-etc"$/,
        env: dev,
      },
      {
        title: "the host root mounted",
        change: (r) =>
          patch(r, "app", { mounts: [{ type: "bind", source: "/", target: "/host" }] }),
        policy: "docker-container-no-sensitive-mounts",
        resource: "app",
        message: /sensitive host path \/\)/,
        env: dev,
      },
      {
        title: "a port on every interface",
        change: (r) => patch(r, "app", { ports: [{ internal: 8443, external: 8443 }] }),
        policy: "docker-container-ports-localhost",
        resource: "app",
        message:
          /^port 8443 \(host port 8443\) has no ip, so Docker binds it on 0.0.0.0; set ip: "127.0.0.1"$/,
        env: dev,
      },
      {
        title: "a port on 0.0.0.0",
        change: (r) => patch(r, "app", { ports: [{ internal: 5432, ip: "0.0.0.0" }] }),
        policy: "docker-container-ports-localhost",
        resource: "app",
        message: /^port 5432 binds to "0.0.0.0"/,
        env: dev,
      },
      {
        title: "publishAllPorts",
        change: (r) => patch(r, "app", { publishAllPorts: true }),
        policy: "docker-container-ports-localhost",
        resource: "app",
        message: /^publishAllPorts is true/,
        env: dev,
      },
      {
        title: "host networking",
        change: (r) => patch(r, "app", { networkMode: "host" }),
        policy: "docker-container-ports-localhost",
        resource: "app",
        message: /^networkMode is "host"/,
        env: dev,
      },
    ]);

    it("accepts an allow-listed capability, the short no-new-privileges form and ::1", async () => {
      const r = patch(docker(), "app", {
        capabilities: { drops: ["all"], adds: ["NET_BIND_SERVICE"] },
        securityOpts: ["no-new-privileges"],
        ports: [{ internal: 8443, ip: "::1" }],
      });
      expectOnly(
        await check(r, { env: dev }),
        "docker-container-capabilities",
        "app",
        /NET_BIND_SERVICE is not allow-listed/,
      );
      const config = {
        "docker-container-capabilities": {
          environment: dev,
          allowedCapabilities: ["CAP_NET_BIND_SERVICE"],
        },
      };
      expectClean(await check(r, { env: dev, config }));
    });

    it("does not require a read-only root of a container that is never started (a files loader)", async () => {
      const loader = patch(docker(), "app", {
        readOnly: false,
        start: false,
        ports: [],
        uploads: [{ file: "/run/platform/ca.crt", content: "…" }],
      });
      expectClean(await check(loader, { env: dev }));
      expectOnly(
        await check(patch(loader, "app", { start: true }), { env: dev }),
        "docker-container-read-only-root",
        "app",
        /^readOnly is false/,
      );
    });

    it("does not apply to other Docker resources", async () => {
      const r = [
        {
          type: "docker:index/remoteImage:RemoteImage",
          name: "img",
          props: { name: "nginx:1.27", privileged: true },
        },
      ];
      expectClean(await check(r, { env: dev }));
    });

    it("an unknown user is cannot-be-checked", async () => {
      expectOnly(
        await check(patch(docker(), "app", { user: "[unknown]" }), { env: dev }),
        "docker-container-non-root-user",
        "app",
        /^cannot be checked during preview: string value at \.user/,
        "advisory",
      );
    });
  });

  it("rootUserProblem and sensitiveHostPath", () => {
    expect(rootUserProblem("10001")).to.equal(undefined);
    expect(rootUserProblem("app:app")).to.equal(undefined);
    expect(rootUserProblem("0")).to.match(/root/);
    expect(sensitiveHostPath("/home/dev/.docker/run/docker.sock", SENSITIVE_HOST_PATHS)).to.match(
      /Docker socket/,
    );
    expect(sensitiveHostPath("/run//secrets", SENSITIVE_HOST_PATHS)).to.equal(
      "the sensitive host path /run",
    );
    expect(sensitiveHostPath("/etcetera", SENSITIVE_HOST_PATHS)).to.equal(undefined);
    expect(sensitiveHostPath("/srv/data", SENSITIVE_HOST_PATHS)).to.equal(undefined);
  });
});
