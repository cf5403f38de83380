/**
 * Container hardening, for ECS task definitions (AWS) and Docker containers
 * (dev): unprivileged, non-root, read-only root filesystem, minimal
 * capabilities, no privilege escalation, no host secrets, no public ports.
 */
import { resourcePolicy } from "../lib/define";
import { T } from "../lib/types";
import {
  asArray,
  asRecord,
  inspectable,
  isOneOf,
  isSet,
  isTrue,
  parseJson,
  show,
} from "../lib/values";

/**
 * A container user that is root: unset (the image default is root), `root`,
 * `0`, `0:0`, `root:…`. A secret user ("[secret]" offline) throws
 * SecretValueError naming `where`.
 */
export function rootUserProblem(user: unknown, where = "user"): string | undefined {
  inspectable(user, where);
  if (!isSet(user))
    return "user is not set, so the image's default user (root unless the image says otherwise) runs it";
  const uid = user.split(":")[0].trim();
  if (uid === "root" || uid === "0") return `user is ${JSON.stringify(user)}, which is root`;
  return undefined;
}

/** The container definitions of a task definition (a JSON string in the engine's inputs). */
function containerDefinitions(
  props: Record<string, unknown>,
  report: (m: string) => void,
): Array<Record<string, unknown>> {
  const parsed = parseJson(props.containerDefinitions);
  if (!Array.isArray(parsed)) {
    report(
      "containerDefinitions is not a JSON array of container definitions, so the containers cannot be checked",
    );
    return [];
  }
  return parsed.map((c) => asRecord(c) ?? {});
}

function containerName(c: Record<string, unknown>, i: number): string {
  return typeof c.name === "string" ? `container "${c.name}"` : `container #${i}`;
}

export const ecsTaskNotPrivileged = resourcePolicy({
  name: "ecs-task-not-privileged",
  description: "ECS task definitions run no container in privileged mode.",
  enforcementLevel: "mandatory",
  group: "containers",
  exemptable: true,
  resourceTypes: [T.ecsTaskDefinition],
  remediation:
    "Remove `privileged: true` from the container definition (Fargate refuses it anyway); grant single capabilities if one is truly needed.",
  validate: ({ props }, report) => {
    containerDefinitions(props, report).forEach((c, i) => {
      if (isTrue(c.privileged)) report(`${containerName(c, i)} sets privileged: true`);
    });
  },
});

export const ecsTaskReadOnlyRoot = resourcePolicy({
  name: "ecs-task-read-only-root",
  description: "ECS containers mount their root filesystem read-only.",
  enforcementLevel: "mandatory",
  group: "containers",
  exemptable: true,
  resourceTypes: [T.ecsTaskDefinition],
  remediation:
    "Set `readonlyRootFilesystem: true` on every container definition; give writable scratch space through a volume mounted at /tmp.",
  validate: ({ props }, report) => {
    containerDefinitions(props, report).forEach((c, i) => {
      if (!isTrue(c.readonlyRootFilesystem)) {
        report(
          `${containerName(c, i)} has readonlyRootFilesystem ${show(c.readonlyRootFilesystem)}; set readonlyRootFilesystem: true`,
        );
      }
    });
  },
});

export const ecsTaskNonRootUser = resourcePolicy({
  name: "ecs-task-non-root-user",
  description: "ECS containers run as a non-root user.",
  enforcementLevel: "mandatory",
  group: "containers",
  exemptable: true,
  resourceTypes: [T.ecsTaskDefinition],
  remediation:
    'Set `user` on every container definition to a non-root uid:gid (for example "10001:10001") that the image supports.',
  validate: ({ props }, report) => {
    containerDefinitions(props, report).forEach((c, i) => {
      const problem = rootUserProblem(c.user);
      if (problem) report(`${containerName(c, i)}: ${problem}`);
    });
  },
});

export const dockerContainerNotPrivileged = resourcePolicy({
  name: "docker-container-not-privileged",
  description: "Docker containers do not run privileged.",
  enforcementLevel: "mandatory",
  group: "containers",
  exemptable: true,
  resourceTypes: [T.dockerContainer],
  remediation:
    "Remove `privileged: true`; add the single capability the process needs instead (and list it in docker-container-capabilities' allowedCapabilities).",
  validate: ({ props }, report) => {
    if (isTrue(props.privileged, "privileged"))
      report("privileged is true: the container has every capability and all host devices");
  },
});

export const dockerContainerNonRootUser = resourcePolicy({
  name: "docker-container-non-root-user",
  description: "Docker containers run as a non-root user.",
  enforcementLevel: "mandatory",
  group: "containers",
  exemptable: true,
  resourceTypes: [T.dockerContainer],
  remediation:
    'Set `user` to a non-root uid:gid the image supports (for example "70:70" for postgres:alpine, "101:101" for nginx-unprivileged).',
  validate: ({ props }, report) => {
    const problem = rootUserProblem(props.user, "user");
    if (problem) report(problem);
  },
});

export const dockerContainerReadOnlyRoot = resourcePolicy({
  name: "docker-container-read-only-root",
  description:
    "Docker containers that run mount their root filesystem read-only (a container created with start: false, which runs nothing, is exempt: Docker refuses file uploads into a stopped read-only container).",
  enforcementLevel: "mandatory",
  group: "containers",
  exemptable: true,
  resourceTypes: [T.dockerContainer],
  remediation:
    'Set `readOnly: true`; mount volumes or tmpfs (`tmpfs: { "/tmp": "rw,noexec,nosuid" }`) where the process must write.',
  validate: (args, report) => {
    if (inspectable(args.props.start, "start") === false)
      args.notApplicable("the container is never started (start: false)");
    if (!isTrue(args.props.readOnly, "readOnly"))
      report(`readOnly is ${show(args.props.readOnly)}; set readOnly: true`);
  },
});

function capability(c: unknown, where: string): string {
  return String(inspectable(c, where)).toUpperCase().replace(/^CAP_/, "");
}

export const dockerContainerCapabilities = resourcePolicy<{ allowedCapabilities: string[] }>({
  name: "docker-container-capabilities",
  description: "Docker containers drop ALL Linux capabilities and add back only allow-listed ones.",
  enforcementLevel: "mandatory",
  group: "containers",
  exemptable: true,
  resourceTypes: [T.dockerContainer],
  config: {
    allowedCapabilities: {
      type: "array",
      items: { type: "string" },
      default: [],
      description:
        "Capabilities (without the CAP_ prefix, e.g. NET_BIND_SERVICE) a container may add back.",
    },
  },
  remediation:
    'Set `capabilities: { drops: ["ALL"] }` and add back only what the process needs, after allow-listing it in the policy config.',
  validate: ({ props }, report, config) => {
    const caps = asRecord(props.capabilities, "capabilities") ?? {};
    const drops = asArray(caps.drops, "capabilities.drops").map((c) =>
      capability(c, "capabilities.drops[]"),
    );
    if (!drops.includes("ALL")) report(`capabilities.drops is ${show(caps.drops)}; drop "ALL"`);
    const allowed = config.allowedCapabilities.map((c) => capability(c, "allowedCapabilities[]"));
    const extra = asArray(caps.adds, "capabilities.adds")
      .map((c) => capability(c, "capabilities.adds[]"))
      .filter((c) => !allowed.includes(c));
    if (extra.length > 0) {
      report(
        `capabilities.adds ${extra.join(", ")} ${extra.length > 1 ? "are" : "is"} not allow-listed (allowed: ${allowed.length ? allowed.join(", ") : "none"})`,
      );
    }
  },
});

const NO_NEW_PRIVILEGES = ["no-new-privileges", "no-new-privileges:true", "no-new-privileges=true"];

export const dockerContainerNoNewPrivileges = resourcePolicy({
  name: "docker-container-no-new-privileges",
  description: "Docker containers set no-new-privileges, so setuid binaries cannot escalate.",
  enforcementLevel: "mandatory",
  group: "containers",
  exemptable: true,
  resourceTypes: [T.dockerContainer],
  remediation: 'Add `securityOpts: ["no-new-privileges:true"]`.',
  validate: ({ props }, report) => {
    const opts = asArray(props.securityOpts, "securityOpts").map((o) =>
      String(inspectable(o, "securityOpts[]")).replace(/\s+/g, ""),
    );
    if (!opts.some((o) => NO_NEW_PRIVILEGES.includes(o))) {
      report(`securityOpts ${show(props.securityOpts)} does not contain "no-new-privileges:true"`);
    }
  },
});

export const SENSITIVE_HOST_PATHS = [
  "/",
  "/etc",
  "/proc",
  "/sys",
  "/root",
  "/var/run",
  "/run",
  "/boot",
  "/dev",
];

function normalizePath(p: string): string {
  const collapsed = p.replace(/\/+/g, "/");
  return collapsed.length > 1 ? collapsed.replace(/\/$/, "") : collapsed;
}

/** Whether a host path is the Docker socket or lies in a sensitive directory. */
export function sensitiveHostPath(path: string, sensitive: readonly string[]): string | undefined {
  const p = normalizePath(path);
  if (p.endsWith("/docker.sock")) return "the Docker socket (root on the host)";
  for (const s of sensitive.map(normalizePath)) {
    if (p === s || (s !== "/" && p.startsWith(`${s}/`))) return `the sensitive host path ${s}`;
  }
  return undefined;
}

export const dockerContainerNoSensitiveMounts = resourcePolicy<{ sensitiveHostPaths: string[] }>({
  name: "docker-container-no-sensitive-mounts",
  description: "Docker containers bind-mount neither the Docker socket nor sensitive host paths.",
  enforcementLevel: "mandatory",
  group: "containers",
  exemptable: true,
  resourceTypes: [T.dockerContainer],
  config: {
    sensitiveHostPaths: {
      type: "array",
      items: { type: "string" },
      default: SENSITIVE_HOST_PATHS,
      description:
        "Host paths (and everything under them; / itself only exactly) that must not be bind-mounted. The Docker socket is always refused.",
    },
  },
  remediation:
    "Mount named volumes or files the program renders into its own directory; never the Docker socket or host system directories.",
  validate: ({ props }, report, config) => {
    for (const m of asArray(props.mounts, "mounts").map((x) => asRecord(x, "mounts[]") ?? {})) {
      if (!isOneOf(m.type, ["bind"], "mounts[].type")) continue;
      inspectable(m.source, "mounts[].source");
      if (typeof m.source !== "string") continue;
      const why = sensitiveHostPath(m.source, config.sensitiveHostPaths);
      if (why) report(`mounts binds ${m.source} (${why}) at ${show(m.target)}`);
    }
    for (const v of asArray(props.volumes, "volumes").map((x) => asRecord(x, "volumes[]") ?? {})) {
      inspectable(v.hostPath, "volumes[].hostPath");
      if (typeof v.hostPath !== "string") continue;
      const why = sensitiveHostPath(v.hostPath, config.sensitiveHostPaths);
      if (why) report(`volumes binds ${v.hostPath} (${why}) at ${show(v.containerPath)}`);
    }
  },
});

export const dockerContainerPortsLocalhost = resourcePolicy<{ allowedBindAddresses: string[] }>({
  name: "docker-container-ports-localhost",
  description:
    "Docker containers publish ports on the loopback address only, never on every interface of the laptop.",
  enforcementLevel: "mandatory",
  group: "containers",
  exemptable: true,
  resourceTypes: [T.dockerContainer],
  config: {
    allowedBindAddresses: {
      type: "array",
      items: { type: "string" },
      default: ["127.0.0.1", "::1"],
      description: "Host addresses a published port may bind to.",
    },
  },
  remediation:
    'Set `ip: "127.0.0.1"` on every entry of `ports`; do not use `publishAllPorts` or `networkMode: "host"`.',
  validate: ({ props }, report, config) => {
    if (isTrue(props.publishAllPorts, "publishAllPorts"))
      report("publishAllPorts is true: every exposed port is published on 0.0.0.0");
    if (isOneOf(props.networkMode, ["host"], "networkMode"))
      report('networkMode is "host": the container listens on every interface of the host');
    for (const port of asArray(props.ports, "ports").map((x) => asRecord(x, "ports[]") ?? {})) {
      if (!isOneOf(port.ip, config.allowedBindAddresses, "ports[].ip")) {
        const published = `port ${show(port.internal)}${port.external !== undefined ? ` (host port ${show(port.external)})` : ""}`;
        report(
          port.ip === undefined
            ? `${published} has no ip, so Docker binds it on 0.0.0.0; set ip: "127.0.0.1"`
            : `${published} binds to ${show(port.ip)}; set ip to one of ${config.allowedBindAddresses.join(", ")}`,
        );
      }
    }
  },
});

export const containerPolicies = [
  ecsTaskNotPrivileged,
  ecsTaskReadOnlyRoot,
  ecsTaskNonRootUser,
  dockerContainerNotPrivileged,
  dockerContainerNonRootUser,
  dockerContainerReadOnlyRoot,
  dockerContainerCapabilities,
  dockerContainerNoNewPrivileges,
  dockerContainerNoSensitiveMounts,
  dockerContainerPortsLocalhost,
];
