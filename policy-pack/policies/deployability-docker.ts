/**
 * Deployability of the Docker (dev) stack: settings that deploy but break a
 * developer's machine or data. Mandatory by default, like the AWS ones.
 */
import { PolicyResource } from "@pulumi/policy";
import { stackPolicy } from "../lib/define";
import { eachKnown, ofTypes, Pending } from "../lib/stack";
import { T } from "../lib/types";
import {
  asArray,
  asRecord,
  inspectable,
  isOneOf,
  isSet,
  isTrue,
  numeric,
  show,
  someKnown,
  trimmed,
} from "../lib/values";
import { DEPLOYABILITY } from "../lib/deployability";
import { COMMON_DEV_PORTS, PRIVILEGED_PORTS_BELOW, PROCESS_FOOTPRINTS } from "../data";

/** Servers that write to disk and need a clean shutdown (their image names and their server commands). */
const DATA_SERVERS =
  /^(postgres|postgresql|redis|redis-server|valkey|valkey-server|mysql|mysqld|mariadb|mariadbd|mongo|mongod)$/;

/** The repository's last path part of an image reference: docker.io/library/postgres:16.4 → postgres. */
function repositoryName(ref: string): string {
  const withoutDigest = ref.split("@")[0];
  const last = withoutDigest.split("/").pop() ?? "";
  return last.split(":")[0];
}

/** The stack's Docker containers, in registration order. */
function containers(resources: readonly PolicyResource[]): PolicyResource[] {
  return ofTypes(resources, [T.dockerContainer]);
}

/** The data server a container runs, from its image (or the RemoteImage it came from) or its command. */
function dataServer(c: PolicyResource, resources: readonly PolicyResource[]): string | undefined {
  const refs: string[] = [];
  const image = trimmed(c.props.image, "image");
  if (image) refs.push(image);
  for (const d of c.propertyDependencies?.image ?? []) {
    const from = resources.find((r) => r.urn === d?.urn);
    const name = trimmed(from?.props.name, "name");
    if (name) refs.push(name);
  }
  for (const ref of refs) {
    const repo = repositoryName(ref);
    if (DATA_SERVERS.test(repo)) return repo;
  }
  const first = [...asArray(c.props.entrypoints), ...asArray(c.props.command)].find(
    (x): x is string => typeof x === "string",
  );
  const program = inspectable(first, "entrypoints/command")?.split("/").pop();
  return program !== undefined && DATA_SERVERS.test(program) ? program : undefined;
}

/**
 * The Docker provider stops a container with `destroy_grace_seconds` as the
 * stop timeout, and 0 when it is unset — an immediate SIGKILL on every
 * replace or destroy (terraform-provider-docker, which @pulumi/docker
 * bridges: internal/provider/resource_docker_container_funcs.go,
 * resourceDockerContainerDelete, master 83c00e0, read 2026-11-30). A database
 * killed mid-write recovers from its WAL at best, and a Redis loses what it
 * had not saved.
 */
export const dockerDataServerStopsGracefully = stackPolicy<{ minimumSeconds: number }>({
  ...DEPLOYABILITY,
  name: "docker-data-server-stops-gracefully",
  description:
    "Docker containers that run a data server (PostgreSQL, Redis, MySQL, MongoDB…) on a volume set destroyGraceSeconds, so a replace or destroy stops them cleanly instead of SIGKILLing them.",
  resourceTypes: [T.dockerContainer],
  config: {
    minimumSeconds: {
      type: "integer",
      default: 10,
      minimum: 1,
      description: "The least destroyGraceSeconds accepted.",
    },
  },
  remediation:
    "Set destroyGraceSeconds on the container (e.g. 60 for PostgreSQL, 30 for Redis): the provider then stops it with that timeout before removing it.",
  validate: (args, report, config) => {
    const pending = new Pending();
    eachKnown(containers(args.resources), pending, (c) => {
      // A created-but-never-started container (e.g. one that only receives files) runs nothing.
      if (inspectable(c.props.start, "start") === false) return;
      const server = dataServer(c, args.resources);
      if (!server) return;
      const persistent = someKnown(asArray(c.props.mounts, "mounts"), (m) => {
        const mount = asRecord(m, "mounts[]") ?? {};
        return (
          isOneOf(mount.type, ["volume"], "mounts[].type") &&
          !isTrue(mount.readOnly, "mounts[].readOnly")
        );
      });
      if (!persistent) return;
      const grace = numeric(c.props.destroyGraceSeconds, "destroyGraceSeconds") ?? 0;
      if (grace < config.minimumSeconds) {
        report(
          `runs ${server} on a volume with destroyGraceSeconds ${grace === 0 ? "unset" : grace}: the provider stops it with a ${grace} s timeout, so every replace or destroy SIGKILLs it mid-write; set destroyGraceSeconds to at least ${config.minimumSeconds}`,
          c.urn,
        );
      }
    });
    pending.settle();
  },
});

const LOCAL_NAME = /^(localhost|.+\.localhost|\d{1,3}(\.\d{1,3}){3})\.?$/i;

/**
 * HSTS is kept per host name, not per port: sent from `localhost`, it makes
 * the browser force HTTPS onto every other server on localhost for max-age
 * seconds (RFC 6797 §8.3: the policy "applies to HTTP over any TCP port of an
 * HSTS Host"; RFC 6761 §6.3 for .localhost; read 2026-11-30). Recent Firefox
 * and Chrome (132 and later) no longer apply HSTS to localhost (WHATWG Fetch
 * PR #1781), but older and other browsers do, so the rule stays. It reads the
 * nginx configuration files uploaded to the stack's containers.
 */
export const dockerNoHstsOnLocalhost = stackPolicy({
  ...DEPLOYABILITY,
  name: "docker-no-hsts-on-localhost",
  description:
    "The nginx configurations uploaded to Docker containers send no Strict-Transport-Security from a server whose names are all local (localhost, *.localhost, an IP address).",
  resourceTypes: [T.dockerContainer],
  remediation:
    "Leave the Strict-Transport-Security header out of server blocks for localhost (keep the other security headers); send it only from real host names.",
  validate: (args, report) => {
    for (const c of args.resources.filter((r) => r.type === T.dockerContainer)) {
      for (const u of asArray(c.props.uploads)) {
        const upload = asRecord(u) ?? {};
        const content = upload.content;
        if (typeof content !== "string") continue;
        for (const block of content.split(/\n\s*server\s*\{/).slice(1)) {
          const names = /server_name\s+([^;]+);/.exec(block)?.[1]?.trim().split(/\s+/) ?? [];
          if (names.length === 0 || !names.every((n) => LOCAL_NAME.test(n))) continue;
          if (/add_header\s+Strict-Transport-Security/i.test(block)) {
            report(
              `${show(upload.file)} sends Strict-Transport-Security from server_name ${names.join(" ")}: browsers keep HSTS per host name, so every other dev server on localhost is forced to HTTPS; drop the header for local names`,
              c.urn,
            );
          }
        }
      }
    }
  },
});

/**
 * An image built only for the local engine (never pushed) with a forced
 * `build.platform` runs under emulation wherever that is not the engine's own
 * architecture (linux/amd64 on an arm64 laptop): slow, and some images fail.
 */
export const dockerLocalImageNativePlatform = stackPolicy({
  ...DEPLOYABILITY,
  name: "docker-local-image-native-platform",
  description:
    "Docker images built for the local engine only (skipPush) do not force a build platform, so they run natively on every developer's machine.",
  resourceTypes: [T.dockerImage],
  remediation:
    "Remove build.platform from images that are never pushed; the engine builds for its own architecture. Force a platform only for images pushed to a registry for a known runtime.",
  validate: (args, report) => {
    const pending = new Pending();
    eachKnown(ofTypes(args.resources, [T.dockerImage]), pending, (image) => {
      if (!isTrue(image.props.skipPush, "skipPush")) return;
      // Only whether a platform is forced matters, not which one.
      const platform = asRecord(image.props.build, "build")?.platform;
      if (isSet(platform)) {
        report(
          `is built for the local engine only (skipPush) but forces build.platform ${show(platform)}: on a machine of another architecture it runs under emulation; leave the platform out`,
          image.urn,
        );
      }
    });
    pending.settle();
  },
});

/** The program a command line starts: its first word that is not a `NAME=value` assignment, without its path. */
function programOf(words: readonly string[]): string | undefined {
  const first = words.find((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
  return first?.split("/").pop();
}

/**
 * A shell command line's leading words, split on unquoted blanks: quotes and
 * `$( … )` keep their blanks (enough to find the program after `NAME="$(…)"`
 * assignments; not a full shell parser).
 */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = "";
  let quote: "'" | '"' | undefined;
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote === "'") {
      if (ch === "'") quote = undefined;
    } else if (ch === "$" && line[i + 1] === "(") {
      depth++;
    } else if (ch === ")" && depth > 0) {
      depth--;
    } else if (depth === 0 && quote === undefined && (ch === "'" || ch === '"')) {
      quote = ch;
    } else if (depth === 0 && quote === '"' && ch === '"') {
      quote = undefined;
    } else if (depth === 0 && quote === undefined && /\s/.test(ch)) {
      if (word) words.push(word);
      word = "";
      continue;
    }
    word += ch;
  }
  if (word) words.push(word);
  return words;
}

/** The program a Docker health check runs: `["CMD", program, …]` or `["CMD-SHELL", "program …"]`. */
export function healthcheckProgram(tests: readonly unknown[]): string | undefined {
  const [kind, ...rest] = tests.map((t) => (typeof t === "string" ? t : ""));
  if (kind === "CMD") return programOf(rest);
  if (kind === "CMD-SHELL") return programOf(shellWords(rest[0] ?? ""));
  return undefined;
}

/**
 * Docker runs a health check inside the container (`docker exec`-like), so
 * the check's process is charged to the container's memory limit next to the
 * server. A Node.js health check is a second Node.js process: measured at
 * about 62 MiB at its peak beside a ~51 MiB Node.js server (data/process-
 * footprints.json, re-measured by the tests). Under a limit that cannot hold
 * both, the kernel OOM-kills the check and Docker marks a working service
 * unhealthy (issue 10: the notification sink at 96 MiB). The provider sets
 * the limit as `memory` × 1024 × 1024 bytes, so `memory` is in MiB
 * (terraform-provider-docker resource_docker_container_funcs.go,
 * `hostConfig.Memory = int64(v.(int)) * 1024 * 1024`, read 2026-11-30).
 */
export const dockerHealthcheckFitsMemory = stackPolicy<{ headroomPercent: number }>({
  ...DEPLOYABILITY,
  name: "docker-healthcheck-fits-memory",
  description:
    "Docker containers whose health check starts a runtime process (Node.js) have a memory limit that holds the container's server and one run of the check at once, with headroom, from measured footprints; a server of unknown kind is taken to be of the check's runtime.",
  resourceTypes: [T.dockerContainer],
  config: {
    headroomPercent: {
      type: "integer",
      default: 25,
      minimum: 0,
      description: "Headroom on top of the measured footprints, in percent.",
    },
  },
  remediation:
    "Raise the container's memory limit to at least the figure named, or use a health check that starts no runtime (e.g. wget or curl where the image has them).",
  validate: (args, report, config) => {
    const pending = new Pending();
    eachKnown(containers(args.resources), pending, (c) => {
      if (inspectable(c.props.start, "start") === false) return;
      const limit = numeric(c.props.memory, "memory");
      if (limit === undefined || limit <= 0) return;
      const program = healthcheckProgram(asArray(asRecord(c.props.healthcheck)?.tests));
      const check = program === undefined ? undefined : PROCESS_FOOTPRINTS[program];
      if (!check) return;
      const mainProgram = programOf(
        [...asArray(c.props.entrypoints), ...asArray(c.props.command)].filter(
          (x): x is string => typeof x === "string",
        ),
      );
      const server =
        (mainProgram !== undefined ? PROCESS_FOOTPRINTS[mainProgram] : undefined) ?? check;
      const needed = Math.ceil(
        (check.healthcheckPeakMiB + server.serverMiB) * (1 + config.headroomPercent / 100),
      );
      if (limit < needed) {
        report(
          `has a ${limit} MiB memory limit but its health check starts ${program} (about ${check.healthcheckPeakMiB} MiB at its peak) beside a server of about ${server.serverMiB} MiB: the kernel OOM-kills the check and Docker marks the container unhealthy; set memory to at least ${needed} MiB (${config.headroomPercent} % headroom)`,
          c.urn,
        );
      }
    });
    pending.settle();
  },
});

/**
 * A dev container published on a port another tool on the developer's
 * machine binds by default cannot start while that tool runs, and `pulumi up`
 * fails on it (issue 10: the proxy on 8080/8443). The ports and their tools
 * are data/dev-ports.json, each with the tool's documentation or source or
 * the IANA registry. Ports below 1024 fail under rootless Docker unless it
 * was given CAP_NET_BIND_SERVICE (docs.docker.com rootless "Exposing
 * privileged ports", read 2026-11-30).
 */
export const dockerHostPortsUncommon = stackPolicy({
  ...DEPLOYABILITY,
  name: "docker-host-ports-uncommon",
  description:
    "Docker containers publish host ports that no common development tool binds by default (databases, dev servers, observability tools; sourced list) and that rootless Docker can bind (1024 and above).",
  resourceTypes: [T.dockerContainer],
  remediation:
    "Publish the container on an uncommon high port (the dev stack uses 18xxx, e.g. 18443 and 18080) and keep the container's own port as the internal one; make it configurable if users may clash.",
  validate: (args, report) => {
    const pending = new Pending();
    eachKnown(containers(args.resources), pending, (c) => {
      if (inspectable(c.props.start, "start") === false) return;
      for (const p of asArray(c.props.ports, "ports")) {
        const port = asRecord(p, "ports[]") ?? {};
        const external = numeric(port.external, "ports[].external");
        if (external === undefined) continue;
        const where = `${external}${typeof port.ip === "string" ? ` on ${port.ip}` : ""}`;
        const tool = COMMON_DEV_PORTS.get(external);
        if (tool) {
          report(
            `publishes host port ${where}, the default of ${tool.usedBy}: on a machine running it the container cannot start and pulumi up fails; publish an uncommon port instead (source: ${tool.source})`,
            c.urn,
          );
        } else if (external < PRIVILEGED_PORTS_BELOW.port) {
          report(
            `publishes host port ${where}, below ${PRIVILEGED_PORTS_BELOW.port}: rootless Docker cannot bind it without CAP_NET_BIND_SERVICE (source: ${PRIVILEGED_PORTS_BELOW.source}); publish a port of ${PRIVILEGED_PORTS_BELOW.port} or above`,
            c.urn,
          );
        }
      }
    });
    pending.settle();
  },
});

export const deployabilityDockerPolicies = [
  dockerDataServerStopsGracefully,
  dockerNoHstsOnLocalhost,
  dockerLocalImageNativePlatform,
  dockerHealthcheckFitsMemory,
  dockerHostPortsUncommon,
];
