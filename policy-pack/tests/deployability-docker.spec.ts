/** policies/deployability-docker.ts: a failing and a passing case per rule, each citing its source. */
import { expect } from "chai";
import { T } from "../lib/types";
import {
  dockerDataServerStopsGracefully,
  dockerHealthcheckFitsMemory,
  dockerHostPortsUncommon,
  dockerLocalImageNativePlatform,
  dockerNoHstsOnLocalhost,
} from "../policies/deployability-docker";
import { run } from "./deployability-support";
import { docker, urnOf } from "./fixtures";
import { COMMON_DEV_PORTS, PROCESS_FOOTPRINTS } from "../data";
import { healthcheckProgram } from "../policies/deployability-docker";

const VOLUME = { type: "volume", source: "pgdata", target: "/var/lib/postgresql/data" };

describe("deployability: Docker", () => {
  // The provider stops with destroy_grace_seconds, 0 when unset: SIGKILL
  // (terraform-provider-docker resource_docker_container_funcs.go, read 2026-11-30).
  it("docker-data-server-stops-gracefully: a data server on a volume without a grace period fails", async () => {
    const pg = (props: Record<string, unknown>) =>
      docker(T.dockerContainer, "pg", {
        image: "docker.io/library/postgres:16.4",
        mounts: [VOLUME],
        ...props,
      });
    expect(await run(dockerDataServerStopsGracefully, [pg({})])).to.deep.equal([
      "pg: runs postgres on a volume with destroyGraceSeconds unset: the provider stops it with a 0 s timeout, so every replace or destroy SIGKILLs it mid-write; set destroyGraceSeconds to at least 10",
    ]);
    // Found by its command too (an image id says nothing).
    expect(
      await run(dockerDataServerStopsGracefully, [
        docker(T.dockerContainer, "redis", {
          image: "sha256:0000",
          command: ["redis-server", "/run/platform/redis.conf"],
          mounts: [{ type: "volume", source: "data", target: "/data" }],
          destroyGraceSeconds: 5,
        }),
      ]),
    ).to.deep.equal([
      "redis: runs redis-server on a volume with destroyGraceSeconds 5: the provider stops it with a 5 s timeout, so every replace or destroy SIGKILLs it mid-write; set destroyGraceSeconds to at least 10",
    ]);
    expect(
      await run(dockerDataServerStopsGracefully, [
        pg({ destroyGraceSeconds: 60 }),
        docker(T.dockerContainer, "loader", {
          image: "postgres:16.4",
          mounts: [VOLUME],
          start: false,
        }),
        docker(T.dockerContainer, "tmp", { image: "postgres:16.4", mounts: [] }),
        docker(T.dockerContainer, "web", { image: "nginx:1.27", mounts: [VOLUME] }),
      ]),
    ).to.deep.equal([]);
  });

  // HSTS is per host, not per port (RFC 6797 §8.3; .localhost: RFC 6761 §6.3).
  it("docker-no-hsts-on-localhost: HSTS from a localhost server block fails; from a real name it passes", async () => {
    const conf = (serverName: string) =>
      [
        "http {",
        "  server {",
        "    listen 8443 ssl;",
        `    server_name ${serverName};`,
        '    add_header Strict-Transport-Security "max-age=86400" always;',
        "  }",
        "}",
      ].join("\n");
    const proxy = (serverName: string) =>
      docker(T.dockerContainer, "proxy", {
        uploads: [{ file: "/run/platform/nginx.conf", content: conf(serverName) }],
      });
    expect(await run(dockerNoHstsOnLocalhost, [proxy("localhost 127.0.0.1")])).to.deep.equal([
      'proxy: "/run/platform/nginx.conf" sends Strict-Transport-Security from server_name localhost 127.0.0.1: browsers keep HSTS per host name, so every other dev server on localhost is forced to HTTPS; drop the header for local names',
    ]);
    expect(await run(dockerNoHstsOnLocalhost, [proxy("dev.example.test")])).to.deep.equal([]);
  });

  it("docker-local-image-native-platform: a never-pushed image with a forced platform fails", async () => {
    const image = (build: Record<string, unknown>, skipPush: boolean) =>
      docker(T.dockerImage, "app", { imageName: "app:dev", build, skipPush });
    expect(
      await run(dockerLocalImageNativePlatform, [
        image({ context: ".", platform: "linux/amd64" }, true),
      ]),
    ).to.deep.equal([
      'app: is built for the local engine only (skipPush) but forces build.platform "linux/amd64": on a machine of another architecture it runs under emulation; leave the platform out',
    ]);
    expect(
      await run(dockerLocalImageNativePlatform, [
        image({ context: "." }, true),
        {
          ...image({ context: ".", platform: "linux/arm64" }, false),
          name: "pushed",
          urn: urnOf(T.dockerImage, "pushed"),
        },
      ]),
    ).to.deep.equal([]);
  });

  // The check runs inside the container, charged to its memory limit; the
  // figures are measured (data/process-footprints.json, re-measured by
  // process-footprints.spec.ts); `memory` is MiB (provider: × 1024 × 1024).
  it("docker-healthcheck-fits-memory: a Node.js health check under a limit that can't hold it beside the server fails", async () => {
    const node = PROCESS_FOOTPRINTS.node;
    const needed = Math.ceil((node.healthcheckPeakMiB + node.serverMiB) * 1.25);
    expect(node).to.include({ healthcheckPeakMiB: 62, serverMiB: 51 });
    expect(needed).to.equal(142);
    const nodeCheck = ["CMD", "node", "-e", "fetch('http://127.0.0.1:8080/healthz')"];
    const sink = (memory: number, extra: Record<string, unknown> = {}) =>
      docker(T.dockerContainer, "sink", {
        image: "sha256:0000",
        memory,
        command: ["node", "/run/platform/sink.js"],
        healthcheck: { tests: nodeCheck, interval: "10s" },
        ...extra,
      });
    expect(await run(dockerHealthcheckFitsMemory, [sink(96)])).to.deep.equal([
      "sink: has a 96 MiB memory limit but its health check starts node (about 62 MiB at its peak) beside a server of about 51 MiB: the kernel OOM-kills the check and Docker marks the container unhealthy; set memory to at least 142 MiB (25 % headroom)",
    ]);
    // Just below and at the figure; the headroom is configurable.
    expect(await run(dockerHealthcheckFitsMemory, [sink(141)])).to.have.length(1);
    expect(await run(dockerHealthcheckFitsMemory, [sink(142), sink(192)])).to.deep.equal([]);
    expect(
      await run(dockerHealthcheckFitsMemory, [sink(128)], { config: { headroomPercent: 0 } }),
    ).to.deep.equal([]);
    // No limit, a check that starts no runtime, a container never started: nothing to hold.
    expect(
      await run(dockerHealthcheckFitsMemory, [
        sink(0),
        sink(64, {
          healthcheck: {
            tests: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:9093/-/healthy"],
          },
        }),
        sink(64, { start: false }),
      ]),
    ).to.deep.equal([]);
  });

  it("healthcheckProgram reads CMD and CMD-SHELL forms, past variable assignments and paths", () => {
    expect(healthcheckProgram(["CMD", "/usr/local/bin/node", "-e", "1"])).to.equal("node");
    expect(healthcheckProgram(["CMD-SHELL", "A=1 B=2 node -e 1 || exit 1"])).to.equal("node");
    expect(healthcheckProgram(["CMD-SHELL", 'REDISCLI_AUTH="$(cat f)" redis-cli ping'])).to.equal(
      "redis-cli",
    );
    expect(healthcheckProgram(["NONE"])).to.equal(undefined);
    expect(healthcheckProgram([])).to.equal(undefined);
  });

  // Each listed port carries its tool's documentation/source or IANA
  // (data/dev-ports.json); below 1024: docs.docker.com rootless "Exposing
  // privileged ports" (read 2026-11-30).
  it("docker-host-ports-uncommon: a host port a common tool binds by default, or one below 1024, fails", async () => {
    const published = (name: string, ...ports: [number | undefined, number][]) =>
      docker(T.dockerContainer, name, {
        image: "sha256:0000",
        ports: ports.map(([external, internal]) => ({
          ...(external === undefined ? {} : { external }),
          internal,
          ip: "127.0.0.1",
          protocol: "tcp",
        })),
      });
    expect(COMMON_DEV_PORTS.get(8080)?.source).to.equal(
      "https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.xhtml?search=8080",
    );
    expect(
      await run(dockerHostPortsUncommon, [
        published("proxy", [8443, 8443], [8080, 8080]),
        published("jaeger", [16686, 16686]),
        published("web", [443, 8443]),
      ]),
    ).to.deep.equal([
      `proxy: publishes host port 8080 on 127.0.0.1, the default of ${COMMON_DEV_PORTS.get(8080)!.usedBy}: on a machine running it the container cannot start and pulumi up fails; publish an uncommon port instead (source: ${COMMON_DEV_PORTS.get(8080)!.source})`,
      `jaeger: publishes host port 16686 on 127.0.0.1, the default of ${COMMON_DEV_PORTS.get(16686)!.usedBy}: on a machine running it the container cannot start and pulumi up fails; publish an uncommon port instead (source: ${COMMON_DEV_PORTS.get(16686)!.source})`,
      "web: publishes host port 443 on 127.0.0.1, below 1024: rootless Docker cannot bind it without CAP_NET_BIND_SERVICE (source: https://docs.docker.com/engine/security/rootless/tips/#exposing-privileged-ports); publish a port of 1024 or above",
    ]);
    // The dev stack's own ports; a port Docker picks (no external); a container never started.
    expect(
      await run(dockerHostPortsUncommon, [
        published("dev", [18443, 18443], [18080, 18080], [18686, 16686], [18224, 24224]),
        published("random", [undefined, 5432]),
        docker(T.dockerContainer, "loader", {
          image: "x",
          start: false,
          ports: [{ external: 80, internal: 80 }],
        }),
      ]),
    ).to.deep.equal([]);
  });
});
