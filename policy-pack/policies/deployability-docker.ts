/**
 * Deployability of the Docker (dev) stack: settings that deploy but break a
 * developer's machine or data. Mandatory by default, like the AWS ones.
 */
import { PolicyResource } from "@pulumi/policy";
import { stackPolicy } from "../lib/define";
import { T } from "../lib/types";
import { asArray, asRecord, isTrue, numeric, show, trimmed } from "../lib/values";
import { DEPLOYABILITY } from "../lib/deployability";

/** Servers that write to disk and need a clean shutdown (their image names and their server commands). */
const DATA_SERVERS =
  /^(postgres|postgresql|redis|redis-server|valkey|valkey-server|mysql|mysqld|mariadb|mariadbd|mongo|mongod)$/;

/** The repository's last path part of an image reference: docker.io/library/postgres:16.4 → postgres. */
function repositoryName(ref: string): string {
  const withoutDigest = ref.split("@")[0];
  const last = withoutDigest.split("/").pop() ?? "";
  return last.split(":")[0];
}

/** The data server a container runs, from its image (or the RemoteImage it came from) or its command. */
function dataServer(c: PolicyResource, resources: readonly PolicyResource[]): string | undefined {
  const refs: string[] = [];
  const image = trimmed(c.props.image);
  if (image) refs.push(image);
  for (const d of c.propertyDependencies?.image ?? []) {
    const from = resources.find((r) => r.urn === d?.urn);
    const name = trimmed(from?.props.name);
    if (name) refs.push(name);
  }
  for (const ref of refs) {
    const repo = repositoryName(ref);
    if (DATA_SERVERS.test(repo)) return repo;
  }
  const first = [...asArray(c.props.entrypoints), ...asArray(c.props.command)].find(
    (x): x is string => typeof x === "string",
  );
  const program = first?.split("/").pop();
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
    for (const c of args.resources.filter((r) => r.type === T.dockerContainer)) {
      // A created-but-never-started container (e.g. one that only receives files) runs nothing.
      if (c.props.start === false) continue;
      const server = dataServer(c, args.resources);
      if (!server) continue;
      const persistent = asArray(c.props.mounts).some((m) => {
        const mount = asRecord(m) ?? {};
        return mount.type === "volume" && !isTrue(mount.readOnly);
      });
      if (!persistent) continue;
      const grace = numeric(c.props.destroyGraceSeconds) ?? 0;
      if (grace < config.minimumSeconds) {
        report(
          `runs ${server} on a volume with destroyGraceSeconds ${grace === 0 ? "unset" : grace}: the provider stops it with a ${grace} s timeout, so every replace or destroy SIGKILLs it mid-write; set destroyGraceSeconds to at least ${config.minimumSeconds}`,
          c.urn,
        );
      }
    }
  },
});

const LOCAL_NAME = /^(localhost|.+\.localhost|\d{1,3}(\.\d{1,3}){3})\.?$/i;

/**
 * HSTS is kept per host name, not per port: sent from `localhost`, it makes
 * the browser force HTTPS onto every other server on localhost for max-age
 * seconds (RFC 6797 §8.1; RFC 6761 §6.3 for .localhost). The rule reads the
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
    for (const image of args.resources.filter((r) => r.type === T.dockerImage)) {
      if (!isTrue(image.props.skipPush)) continue;
      const platform = trimmed(asRecord(image.props.build)?.platform);
      if (platform) {
        report(
          `is built for the local engine only (skipPush) but forces build.platform ${show(platform)}: on a machine of another architecture it runs under emulation; leave the platform out`,
          image.urn,
        );
      }
    }
  },
});

export const deployabilityDockerPolicies = [
  dockerDataServerStopsGracefully,
  dockerNoHstsOnLocalhost,
  dockerLocalImageNativePlatform,
];
